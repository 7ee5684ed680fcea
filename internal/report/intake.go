package report

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Question is one category-specific question of the intake form. Its
// answer is stored, sealed, in the report's answers under Key.
type Question struct {
	Key   string
	YesNo bool
}

// Questions are the category-specific questions (DOMAIN.md §4).
var Questions = map[Category][]Question{
	Undermining: {{Key: "location"}, {Key: "involved"}, {Key: "seen"}},
	Integrity:   {{Key: "wbk", YesNo: true}, {Key: "function"}},
	Aggression:  {{Key: "time"}, {Key: "place"}, {Key: "behaviour"}, {Key: "injured", YesNo: true}, {Key: "police", YesNo: true}},
	Unsafety:    {{Key: "unsafe_place"}, {Key: "what"}},
}

// Limits of the intake texts.
const (
	maxTitle  = 200
	maxBody   = 20000
	maxAnswer = 2000
	maxName   = 200
)

// Input is a report as submitted on any channel.
type Input struct {
	Category   Category
	Title      string
	Body       string
	OccurredOn string // YYYY-MM-DD, optional
	TeamID     string // the team the report concerns, optional
	Answers    map[string]string
	// For reports recorded by staff: the channel, the reporter's consent and,
	// optionally, who the reporter is.
	Channel         Channel
	Consent         bool
	ReporterName    string
	ReporterContact string
	// ExternalSource names where a forwarded tip came from.
	ExternalSource string
	Files          []Upload
}

// Created is what intake hands back: the report's id and reference, and
// for anonymous reports the receipt code, shown once and never stored.
type Created struct {
	ID, Reference string
	ReceiptCode   string
}

// validate checks the input of every channel; it collects every field
// error so the form shows them all at once.
func (s *Store) validate(in *Input) apperr.List {
	var errs apperr.List
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.TrimSpace(in.Body)
	if !in.Category.Valid() {
		errs = append(errs, apperr.FieldErr("intake_category", "report.category_required"))
	}
	switch {
	case in.Title == "":
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	case utf8.RuneCountInString(in.Title) > maxTitle:
		errs = append(errs, apperr.FieldErr("title", "report.too_long", maxTitle))
	}
	switch {
	case in.Body == "":
		errs = append(errs, apperr.FieldErr("intake_body", "field.required"))
	case utf8.RuneCountInString(in.Body) > maxBody:
		errs = append(errs, apperr.FieldErr("intake_body", "report.too_long", maxBody))
	}
	if in.OccurredOn = strings.TrimSpace(in.OccurredOn); in.OccurredOn != "" {
		d, err := time.Parse(time.DateOnly, in.OccurredOn)
		if err != nil {
			errs = append(errs, apperr.FieldErr("intake_occurred_on", "report.date_invalid"))
		} else if d.After(s.clk.Now()) {
			errs = append(errs, apperr.FieldErr("intake_occurred_on", "report.date_future"))
		}
	}
	answers := map[string]string{}
	for _, q := range Questions[in.Category] {
		v := strings.TrimSpace(in.Answers[q.Key])
		if q.YesNo && v != "" && v != "yes" && v != "no" {
			errs = append(errs, apperr.FieldErr("q_"+q.Key, "report.yes_no"))
			continue
		}
		if utf8.RuneCountInString(v) > maxAnswer {
			errs = append(errs, apperr.FieldErr("q_"+q.Key, "report.too_long", maxAnswer))
			continue
		}
		if v != "" {
			answers[q.Key] = v
		}
	}
	in.Answers = answers
	in.ReporterName = strings.TrimSpace(in.ReporterName)
	in.ReporterContact = strings.TrimSpace(in.ReporterContact)
	if utf8.RuneCountInString(in.ReporterName) > maxName {
		errs = append(errs, apperr.FieldErr("intake_name", "report.too_long", maxName))
	}
	if utf8.RuneCountInString(in.ReporterContact) > maxName {
		errs = append(errs, apperr.FieldErr("intake_contact", "report.too_long", maxName))
	}
	return errs
}

// Submit takes a report of a signed-in member of staff (report.submit).
// Their name and e-mail address are kept as the report's protected
// identity; the report carries only a keyed hash of their user id so that
// they find it back under /melden/mijn.
func (s *Store) Submit(ctx context.Context, sc *auth.Scope, in Input) (*Created, error) {
	if !sc.Can(auth.ReportSubmit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var name, email string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT name, email FROM users WHERE id = $1`, sc.UserID).Scan(&name, &email); err != nil {
		return nil, store.NotFound(err, "report.not_found")
	}
	in.ReporterName, in.ReporterContact = name, email
	return s.create(ctx, sc.OrgID, sc, Online, s.ReporterTag(sc.OrgID, sc.UserID), in)
}

// SubmitAnonymous takes a report from the public form of the organisation
// with the slug. Nothing about the reporter is kept: no account, no
// address, no cookie; the receipt code is their only way back.
func (s *Store) SubmitAnonymous(ctx context.Context, orgSlug string, in Input) (*Created, error) {
	orgID, _, err := s.orgBySlug(ctx, orgSlug)
	if err != nil {
		return nil, err
	}
	in.ReporterName, in.ReporterContact, in.TeamID = "", "", ""
	return s.create(ctx, orgID, nil, Anonymous, "", in)
}

// Record takes a report that staff (report.intake) received by phone, in
// conversation, via a teamleider or vertrouwenspersoon, from a resident,
// or as a forwarded tip. The reporter's consent to record it is required;
// their identity is optional.
func (s *Store) Record(ctx context.Context, sc *auth.Scope, in Input) (*Created, error) {
	if !sc.Can(auth.ReportIntake) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var errs apperr.List
	switch {
	case in.Channel.Recorded():
		if !in.Consent {
			errs = append(errs, apperr.FieldErr("intake_consent", "report.consent_required"))
		}
	case in.Channel == External:
		in.ExternalSource = strings.TrimSpace(in.ExternalSource)
		if in.ExternalSource == "" {
			errs = append(errs, apperr.FieldErr("intake_source", "report.source_required"))
		} else if utf8.RuneCountInString(in.ExternalSource) > maxName {
			errs = append(errs, apperr.FieldErr("intake_source", "report.too_long", maxName))
		}
		in.Consent = false
	default:
		errs = append(errs, apperr.FieldErr("intake_channel", "report.channel_required"))
	}
	if len(errs) > 0 {
		// Validate the rest too, so every mistake is shown at once.
		errs = append(errs, s.validate(&in)...)
		if _, ferr := prepareFiles(in.Files, 0); ferr != nil {
			errs = append(errs, ferr...)
		}
		return nil, errs
	}
	return s.create(ctx, sc.OrgID, sc, in.Channel, "", in)
}

// ReporterTag is the keyed hash under which a signed-in reporter's reports
// are found back: hex HMAC-SHA256 of the user id with the organisation's
// subject key.
func (s *Store) ReporterTag(orgID, userID string) string {
	m := hmac.New(sha256.New, s.vault.SubjectKey(orgID))
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil))
}

// orgBySlug finds the organisation a public address names.
func (s *Store) orgBySlug(ctx context.Context, slug string) (id, name string, err error) {
	err = s.db.Read.QueryRowContext(ctx, `SELECT id, name FROM organisations WHERE slug = $1`, slug).Scan(&id, &name)
	if err != nil {
		return "", "", store.NotFound(err, "report.org_not_found")
	}
	return id, name, nil
}

// create writes a report of any channel in one transaction: the report
// with its sealed texts, the identity, the attachments, the receipt and
// the first event. Nothing is written when anything is wrong. Routing
// follows after the commit.
func (s *Store) create(ctx context.Context, orgID string, sc *auth.Scope, ch Channel, reporterTag string, in Input) (*Created, error) {
	errs := s.validate(&in)
	files, ferrs := prepareFiles(in.Files, 0)
	errs = append(errs, ferrs...)
	if len(errs) > 0 {
		return nil, errs
	}
	cs, err := s.settingsFor(ctx, s.db.Read, orgID, in.Category)
	if err != nil {
		return nil, err
	}
	if in.TeamID != "" {
		var n int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE org_id = $1 AND id = $2`, orgID, in.TeamID).Scan(&n); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if n == 0 {
			return nil, apperr.List{apperr.FieldErr("team", "report.team_unknown")}
		}
	}
	var code string
	var lookup string
	var secretHash string
	if ch == Anonymous {
		if lookup, code, secretHash, err = newReceipt(); err != nil {
			return nil, err
		}
	}
	now := s.clk.Now()
	out := &Created{ID: store.NewID(), ReceiptCode: code}
	actorID, actorLabel, reqID := "", "anoniem", ""
	recordedBy := ""
	if sc != nil {
		reqID = sc.RequestID
		if ch == Online {
			// The reporter's own account is not linked to the report
			// anywhere but in the sealed identity: not in the history, not
			// in the audit log (which records "melder").
			actorLabel = "melder"
		} else {
			actorID, actorLabel, recordedBy = sc.UserID, sc.UserName, sc.UserID
		}
	}
	for attempt := 0; ; attempt++ {
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			ref, err := s.nextReference(ctx, tx, orgID, now)
			if err != nil {
				return err
			}
			out.Reference = ref
			// One record key for the whole report, held for the fields
			// sealed here and wiped when the transaction is done.
			sl, err := s.vault.NewSealer(ctx, tx, orgID)
			if err != nil {
				return err
			}
			defer sl.Close()
			keyID := sl.KeyID()
			seal := func(col, text string) ([]byte, error) {
				return sl.SealString(text, "reports:"+out.ID+":"+col)
			}
			title, err := seal("title", in.Title)
			if err != nil {
				return err
			}
			body, err := seal("body", in.Body)
			if err != nil {
				return err
			}
			aj, _ := json.Marshal(in.Answers)
			answers, err := seal("answers", string(aj))
			if err != nil {
				return err
			}
			ms := store.Millis(now)
			if _, err := s.db.Exec(ctx, tx, `INSERT INTO reports (id, org_id, reference, category, channel, status, anonymous, reporter_tag,
				team_id, responsible_role, key_id, title, body, answers, occurred_on, recorded_by, consent, external_source,
				received_at, ack_due, triage_due, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $19, $19)`,
				out.ID, orgID, ref, string(in.Category), string(ch), string(Received), ch == Anonymous, reporterTag,
				in.TeamID, string(cs.ResponsibleRole), keyID, title, body, answers, in.OccurredOn, recordedBy, in.Consent, in.ExternalSource,
				ms, store.Millis(cs.AckDue(now)), store.Millis(cs.TriageDue(now))); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
			if ident := identityText(in.ReporterName, in.ReporterContact); ident != "" {
				sealed, err := sl.SealString(ident, "report_identities:"+out.ID+":identity")
				if err != nil {
					return err
				}
				if _, err := s.db.Exec(ctx, tx, `INSERT INTO report_identities (report_id, org_id, identity, created_at) VALUES ($1, $2, $3, $4)`,
					out.ID, orgID, sealed, ms); err != nil {
					return apperr.Wrap(err, "store.tx_failed")
				}
			}
			if err := s.insertFiles(ctx, tx, orgID, out.ID, keyID, "", files, now); err != nil {
				return err
			}
			if ch == Anonymous {
				if _, err := tx.ExecContext(ctx, `INSERT INTO report_receipts (lookup_id, org_id, report_id, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
					lookup, orgID, out.ID, []byte(secretHash), ms); err != nil {
					return apperr.Wrap(err, "store.tx_failed")
				}
			}
			if err := s.event(ctx, tx, orgID, out.ID, "received", "", string(Received), actorID, now); err != nil {
				return err
			}
			created := audit.Entry{OrgID: orgID, ActorID: actorID, ActorLabel: actorLabel,
				Action: area + ".create", ObjectType: ObjReport, ObjectID: out.ID, Purpose: "kanaal:" + string(ch), Result: audit.ResultOK, RequestID: reqID}
			if s.access == nil {
				return s.audit.Record(ctx, tx, created)
			}
			obj := auth.ObjectRef{Type: ObjReport, ID: out.ID}
			if sc != nil && recordedBy != "" {
				// Who recorded a report keeps following it.
				if err := s.access.GrantAccessTx(ctx, tx, auth.System(orgID), obj, sc.UserID, "vastgelegd"); err != nil {
					return err
				}
			}
			// Routing in the same transaction, its grants audited in one
			// append with the report's own entry: a report is never stored
			// without the people who must see it.
			users, err := s.routeUsers(ctx, tx, orgID, cs.ResponsibleRole, in.TeamID)
			if err != nil {
				return err
			}
			return s.access.GrantAccessWith(ctx, tx, auth.System(orgID), obj, users, "routering", created)
		})
		if err != nil && store.IsUniqueViolation(err) && attempt < 5 {
			continue // two first reports of a year started the counter at once
		}
		break
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// identityText is the identity as kept, sealed: name and contact on two
// lines.
func identityText(name, contact string) string {
	return strings.TrimSpace(strings.TrimSpace(name) + "\n" + strings.TrimSpace(contact))
}

// routeUsers returns who goes on a new report's need-to-know list: every
// member of the organisation holding the category's responsible role; for
// the teamleider, the leaders of the team concerned when it is known; the
// coordinators when nobody holds the role.
func (s *Store) routeUsers(ctx context.Context, tx *sql.Tx, orgID string, role auth.Role, teamID string) ([]string, error) {
	if role == "" {
		return nil, nil
	}
	var users []string
	if role == auth.TeamLead && teamID != "" {
		var err error
		if users, err = userIDs(ctx, tx, `SELECT user_id FROM team_leads WHERE org_id = $1 AND team_id = $2`, orgID, teamID); err != nil {
			return nil, err
		}
	}
	// The category's role, and when nobody in the organisation holds it,
	// the coordinator: a report nobody may open would go unhandled.
	for _, r := range []auth.Role{role, auth.Coordinator} {
		if len(users) > 0 {
			break
		}
		var err error
		if users, err = userIDs(ctx, tx, `SELECT user_id FROM memberships WHERE org_id = $1 AND role = $2`, orgID, string(r)); err != nil {
			return nil, err
		}
	}
	return users, nil
}

func userIDs(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// event appends to a report's content-free history.
func (s *Store) event(ctx context.Context, q store.Querier, orgID, reportID, kind, from, to, actorID string, at time.Time) error {
	_, err := s.db.Exec(ctx, q, `INSERT INTO report_events (id, org_id, report_id, kind, from_status, to_status, actor_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, store.NewID(), orgID, reportID, kind, from, to, actorID, store.Millis(at))
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return nil
}
