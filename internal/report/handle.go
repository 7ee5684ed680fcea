package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Summary is a report as lists show it: no sealed content.
type Summary struct {
	ID             string
	Reference      string
	Category       Category
	Channel        Channel
	Status         Status
	Anonymous      bool
	ReceivedAt     time.Time
	AcknowledgedAt time.Time
	AckDue         time.Time
	TriageDue      time.Time
	FeedbackDue    time.Time
	FeedbackAt     time.Time // when the reporter got the Wbk feedback; zero before
}

// Report is one report with its opened content.
type Report struct {
	Summary
	Title           string
	Body            string
	Answers         map[string]string
	OccurredOn      string
	TeamID          string
	ResponsibleRole string
	RecordedBy      string
	Consent         bool
	ExternalSource  string
	DecidedAt       time.Time
	ClosedAt        time.Time
	HasIdentity     bool
	keyID           string
	orgID           string
}

const summaryCols = `r.id, r.reference, r.category, r.channel, r.status, r.anonymous, r.received_at, r.acknowledged_at, r.ack_due, r.triage_due, r.feedback_due, r.feedback_at`

func scanSummary(sc interface{ Scan(...any) error }, s *Summary, extra ...any) error {
	var rec, ack, ad, td, fd, fa int64
	args := append([]any{&s.ID, &s.Reference, &s.Category, &s.Channel, &s.Status, &s.Anonymous, &rec, &ack, &ad, &td, &fd, &fa}, extra...)
	if err := sc.Scan(args...); err != nil {
		return err
	}
	s.ReceivedAt = store.Time(rec)
	s.AcknowledgedAt, s.AckDue, s.TriageDue, s.FeedbackDue, s.FeedbackAt = zeroTime(ack), zeroTime(ad), zeroTime(td), zeroTime(fd), zeroTime(fa)
	return nil
}

func zeroTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return store.Time(ms)
}

// Filter narrows the handler's report list.
type Filter struct {
	Category Category
	Status   Status
	Channel  Channel
	// After continues the list after the report with this id (cursor);
	// Limit caps it (0: no cap).
	After string
	Limit int
}

// List returns the reports on the scope's need-to-know list, newest first.
// Lists show no content, so they are not content reads.
func (s *Store) List(ctx context.Context, sc *auth.Scope, f Filter) ([]Summary, error) {
	f.Limit = 0
	out, _, err := s.ListPage(ctx, sc, f)
	return out, err
}

// ListPage is List one page at a time: with f.Limit set, it returns the
// cursor of the next page ("" at the end).
func (s *Store) ListPage(ctx context.Context, sc *auth.Scope, f Filter) ([]Summary, string, error) {
	out, err := s.list(ctx, sc, f)
	if err != nil {
		return nil, "", err
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
		return out, out[f.Limit-1].ID, nil
	}
	return out, "", nil
}

func (s *Store) list(ctx context.Context, sc *auth.Scope, f Filter) ([]Summary, error) {
	if !sc.Can(auth.ReportHandle) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	w := store.NewWhere("r.org_id = ? AND r.destroyed_at = 0", sc.OrgID)
	w.Add("n.user_id = ?", sc.UserID)
	if f.Category != "" {
		w.Add("r.category = ?", string(f.Category))
	}
	if f.Status != "" {
		w.Add("r.status = ?", string(f.Status))
	}
	if f.Channel != "" {
		w.Add("r.channel = ?", string(f.Channel))
	}
	if f.After != "" {
		var at int64
		if err := s.db.Read.QueryRowContext(ctx, `SELECT received_at FROM reports WHERE org_id = $1 AND id = $2`, sc.OrgID, f.After).Scan(&at); err != nil {
			return nil, apperr.List{apperr.FieldErr("cursor", "api.cursor_invalid")}
		}
		w.Add("(r.received_at < ? OR (r.received_at = ? AND r.id > ?))", at, at, f.After)
	}
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + itoa(f.Limit+1)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+summaryCols+` FROM reports r
		JOIN need_to_know n ON n.org_id = r.org_id AND n.object_type = '`+ObjReport+`' AND n.object_id = r.id
		WHERE `+w.SQL()+` ORDER BY r.received_at DESC, r.id`+limit, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var x Summary
		if err := scanSummary(rows, &x); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// mayHandle checks that the scope handles reports and stands on this
// report's need-to-know list; anything else is NotFound.
func (s *Store) mayHandle(ctx context.Context, sc *auth.Scope, reportID string) (bool, error) {
	notFound := apperr.New(apperr.NotFound, "report.not_found")
	if sc == nil || !sc.Can(auth.ReportHandle) || s.access == nil {
		return false, notFound
	}
	ok, err := s.access.MayAccess(ctx, sc, auth.ObjectRef{Type: ObjReport, ID: reportID})
	if err != nil {
		return false, err
	}
	if !ok {
		return false, notFound
	}
	return true, nil
}

// load reads a report of the organisation and opens its content.
func (s *Store) load(ctx context.Context, q store.Querier, orgID, id string) (*Report, error) {
	r := &Report{orgID: orgID}
	var title, body, answers []byte
	var dec, closed int64
	err := scanSummary(q.QueryRowContext(ctx, `SELECT `+summaryCols+`, r.title, r.body, r.answers, r.occurred_on, r.team_id, r.responsible_role,
		r.recorded_by, r.consent, r.external_source, r.decided_at, r.closed_at, r.key_id
		FROM reports r WHERE r.org_id = $1 AND r.id = $2 AND r.destroyed_at = 0`, orgID, id), &r.Summary,
		&title, &body, &answers, &r.OccurredOn, &r.TeamID, &r.ResponsibleRole, &r.RecordedBy, &r.Consent, &r.ExternalSource, &dec, &closed, &r.keyID)
	if err != nil {
		return nil, store.NotFound(err, "report.not_found")
	}
	r.DecidedAt, r.ClosedAt = zeroTime(dec), zeroTime(closed)
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_identities WHERE report_id = $1`, id).Scan(&n); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	r.HasIdentity = n > 0
	open := func(col string, b []byte) (string, error) {
		return s.vault.OpenString(ctx, q, orgID, r.keyID, b, "reports:"+id+":"+col)
	}
	if r.Title, err = open("title", title); err != nil {
		return nil, err
	}
	if r.Body, err = open("body", body); err != nil {
		return nil, err
	}
	r.Answers = map[string]string{}
	if answers == nil {
		// Reports written without category questions (the demo seeder,
		// the benchmark's bulk rows) have none.
		return r, nil
	}
	aj, err := open("answers", answers)
	if err != nil {
		return nil, err
	}
	if aj != "" {
		_ = json.Unmarshal([]byte(aj), &r.Answers)
	}
	return r, nil
}

// Get returns a report the scope handles with its content; the read is
// audited with its purpose.
func (s *Store) Get(ctx context.Context, sc *auth.Scope, id, purpose string) (*Report, error) {
	if _, err := s.mayHandle(ctx, sc, id); err != nil {
		return nil, err
	}
	r, err := s.load(ctx, s.db.Read, sc.OrgID, id)
	if err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, sc, id, purpose); err != nil {
		return nil, err
	}
	return r, nil
}

// recordRead audits a read of a report's content.
func (s *Store) recordRead(ctx context.Context, sc *auth.Scope, id, purpose string) error {
	return s.audit.RecordTx(ctx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: area + ".read",
		ObjectType: ObjReport, ObjectID: id, Purpose: purpose, Result: audit.ResultOK, RequestID: sc.RequestID})
}

// ChangeStatus moves a report along the status flow of model.go; any
// other move is refused with a Dutch message and nothing changes.
// Acknowledging sets the Wbk feedback term; deciding needs a reason.
func (s *Store) ChangeStatus(ctx context.Context, sc *auth.Scope, id string, to Status, reason string) error {
	if _, err := s.mayHandle(ctx, sc, id); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if to.Decided() && reason == "" {
		return apperr.List{apperr.FieldErr("reason", "report.decision_reason_required")}
	}
	if utf8.RuneCountInString(reason) > maxAnswer {
		return apperr.List{apperr.FieldErr("reason", "report.too_long", maxAnswer)}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var from Status
		var category Category
		var keyID string
		if err := tx.QueryRowContext(ctx, `SELECT status, category, key_id FROM reports WHERE org_id = $1 AND id = $2 AND destroyed_at = 0`,
			sc.OrgID, id).Scan(&from, &category, &keyID); err != nil {
			return store.NotFound(err, "report.not_found")
		}
		if !from.CanMoveTo(to) {
			return apperr.List{apperr.FieldErr("intake_status", "report.transition_invalid")}
		}
		now := s.clk.Now()
		ms := store.Millis(now)
		set := `status = $1, updated_at = $2`
		args := []any{string(to), ms}
		switch {
		case to == Acknowledged:
			cs, err := s.settingsFor(ctx, tx, sc.OrgID, category)
			if err != nil {
				return err
			}
			var fd int64
			if t := cs.FeedbackDue(now); !t.IsZero() {
				fd = store.Millis(t)
			}
			set += `, acknowledged_at = $3, feedback_due = $4`
			args = append(args, ms, fd)
		case to.Decided():
			set += `, decided_at = $3`
			args = append(args, ms)
		case to == Closed:
			set += `, closed_at = $3`
			args = append(args, ms)
		}
		args = append(args, sc.OrgID, id, string(from))
		n := len(args)
		res, err := tx.ExecContext(ctx, `UPDATE reports SET `+set+` WHERE org_id = $`+itoa(n-2)+` AND id = $`+itoa(n-1)+` AND status = $`+itoa(n), args...)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return apperr.List{apperr.FieldErr("intake_status", "report.transition_invalid")}
		}
		kind := "status"
		if to.Decided() {
			kind = "decision"
		}
		if err := s.event(ctx, tx, sc.OrgID, id, kind, string(from), string(to), sc.UserID, now); err != nil {
			return err
		}
		if reason != "" {
			// The reason is kept as an internal note, sealed.
			if err := s.insertMessage(ctx, tx, sc.OrgID, id, keyID, "handler", sc.UserID, true, reason, now); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: area + ".status",
			ObjectType: ObjReport, ObjectID: id, Purpose: string(from) + "→" + string(to), Result: audit.ResultOK, RequestID: sc.RequestID})
	})
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

// Schedule puts a report in handling on the agenda of the LOO.
func (s *Store) Schedule(ctx context.Context, sc *auth.Scope, reportID string) error {
	return s.ChangeStatus(ctx, sc, reportID, Scheduled, "")
}

// Unschedule takes a report off the LOO's agenda, back into handling.
func (s *Store) Unschedule(ctx context.Context, sc *auth.Scope, reportID string) error {
	return s.ChangeStatus(ctx, sc, reportID, InProgress, "")
}

// Decide records a decision on a report with its reason (required). A
// report that already holds this very decision is left as it is and the
// call succeeds: the LOO records its decision here first and then in the
// meeting, and when the meeting's write failed, deciding again must finish
// the job instead of being refused as an illegal move. Another decision on
// a decided report is refused as before.
func (s *Store) Decide(ctx context.Context, sc *auth.Scope, reportID string, d Decision, reason string) error {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return err
	}
	st, ok := d.Status()
	if !ok {
		return apperr.List{apperr.FieldErr("decision", "report.decision_invalid")}
	}
	var cur Status
	if err := s.db.Read.QueryRowContext(ctx, `SELECT status FROM reports WHERE org_id = $1 AND id = $2 AND destroyed_at = 0`,
		sc.OrgID, reportID).Scan(&cur); err != nil {
		return store.NotFound(err, "report.not_found")
	}
	if cur == st {
		return nil
	}
	return s.ChangeStatus(ctx, sc, reportID, st, reason)
}

// AgendaEntry is a report the LOO can put on its agenda.
type AgendaEntry struct {
	ID, Reference string
	Category      Category
	Status        Status
	ReceivedAt    time.Time
	Title         string
}

// AgendaCandidates are the reports in handling or on the agenda that the
// scope handles, with their titles (an audited read).
func (s *Store) AgendaCandidates(ctx context.Context, sc *auth.Scope) ([]AgendaEntry, error) {
	if !sc.Can(auth.ReportHandle) {
		return nil, nil
	}
	var out []AgendaEntry
	for _, st := range []Status{InProgress, Scheduled} {
		list, err := s.List(ctx, sc, Filter{Status: st})
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			r, err := s.Get(ctx, sc, x.ID, "LOO-agenda")
			if err != nil {
				return nil, err
			}
			out = append(out, AgendaEntry{ID: r.ID, Reference: r.Reference, Category: r.Category, Status: r.Status, ReceivedAt: r.ReceivedAt, Title: r.Title})
		}
	}
	return out, nil
}

// Escalation is what a RIEC signal needs of a report, nothing more.
type Escalation struct {
	Reference  string
	Category   Category
	ReceivedOn string
	OccurredOn string
	Title      string
	Summary    string
	Location   string
	Decision   Decision
	DecidedOn  string
}

// Escalation returns the fields of a RIEC signal; audited as a read with
// purpose "RIEC-signaal".
func (s *Store) Escalation(ctx context.Context, sc *auth.Scope, reportID string) (Escalation, error) {
	r, err := s.Get(ctx, sc, reportID, "RIEC-signaal")
	if err != nil {
		return Escalation{}, err
	}
	e := Escalation{Reference: r.Reference, Category: r.Category, ReceivedOn: day(r.ReceivedAt), OccurredOn: r.OccurredOn,
		Title: r.Title, Summary: r.Body, Location: r.Answers["location"]}
	for _, k := range []string{"place", "unsafe_place"} {
		if e.Location == "" {
			e.Location = r.Answers[k]
		}
	}
	switch r.Status {
	case DecidedLocal:
		e.Decision = DecideLocal
	case DecidedDrop:
		e.Decision = DecideDrop
	case DecidedRIEC:
		e.Decision = DecideRIEC
	case DecidedPolice:
		e.Decision = DecidePolice
	}
	e.DecidedOn = day(r.DecidedAt)
	return e, nil
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.Amsterdam).Format(time.DateOnly)
}

// Event is one line of a report's history.
type Event struct {
	Kind       string
	FromStatus Status
	ToStatus   Status
	ActorName  string
	At         time.Time
}

// Events returns a report's history (need-to-know).
func (s *Store) Events(ctx context.Context, sc *auth.Scope, id string) ([]Event, error) {
	if _, err := s.mayHandle(ctx, sc, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT e.kind, e.from_status, e.to_status, COALESCE(u.name, ''), e.at FROM report_events e
		LEFT JOIN users u ON u.id = e.actor_id WHERE e.org_id = $1 AND e.report_id = $2 ORDER BY e.at, e.id`, sc.OrgID, id)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at int64
		if err := rows.Scan(&e.Kind, &e.FromStatus, &e.ToStatus, &e.ActorName, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		e.At = store.Time(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Grant puts a colleague who handles reports on a report's need-to-know
// list, with a reason; only someone on the list may do so.
func (s *Store) Grant(ctx context.Context, sc *auth.Scope, id, userID, reason string) error {
	if _, err := s.mayHandle(ctx, sc, id); err != nil {
		return err
	}
	var errs apperr.List
	if strings.TrimSpace(userID) == "" {
		errs = append(errs, apperr.FieldErr("access_user", "field.required"))
	}
	if strings.TrimSpace(reason) == "" {
		errs = append(errs, apperr.FieldErr("access_reason", "field.required"))
	}
	if len(errs) > 0 {
		return errs
	}
	ok, err := s.handlerMember(ctx, sc.OrgID, userID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.List{apperr.FieldErr("access_user", "report.grant_not_handler")}
	}
	if err := s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: ObjReport, ID: id}, userID, reason); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.event(ctx, tx, sc.OrgID, id, "grant", "", "", sc.UserID, s.clk.Now())
	})
}

// Revoke takes someone off a report's need-to-know list.
func (s *Store) Revoke(ctx context.Context, sc *auth.Scope, id, userID string) error {
	if _, err := s.mayHandle(ctx, sc, id); err != nil {
		return err
	}
	if strings.TrimSpace(userID) == "" {
		return apperr.List{apperr.FieldErr("access_user", "field.required")}
	}
	if err := s.access.RevokeAccess(ctx, sc, auth.ObjectRef{Type: ObjReport, ID: id}, userID, "ingetrokken"); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.event(ctx, tx, sc.OrgID, id, "revoke", "", "", sc.UserID, s.clk.Now())
	})
}

// AccessList returns a report's need-to-know list (need-to-know).
func (s *Store) AccessList(ctx context.Context, sc *auth.Scope, id string) ([]auth.Grant, error) {
	if _, err := s.mayHandle(ctx, sc, id); err != nil {
		return nil, err
	}
	return s.access.AccessList(ctx, sc, auth.ObjectRef{Type: ObjReport, ID: id})
}

// handlerRoles are the roles holding report.handle.
func handlerRoles() []string {
	var out []string
	for _, r := range auth.Roles {
		if r.Has(auth.ReportHandle) {
			out = append(out, string(r))
		}
	}
	return out
}

// handlerMember reports whether a user holds a role with report.handle in
// the organisation.
func (s *Store) handlerMember(ctx context.Context, orgID, userID string) (bool, error) {
	roles, err := userIDs(ctx, s.db.Read, `SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return false, err
	}
	hr := handlerRoles()
	for _, r := range roles {
		for _, h := range hr {
			if r == h {
				return true, nil
			}
		}
	}
	return false, nil
}

// Colleague is a member who handles reports, for the grant form.
type Colleague struct{ ID, Name string }

// Handlers lists the organisation's members who hold report.handle.
func (s *Store) Handlers(ctx context.Context, sc *auth.Scope) ([]Colleague, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT u.id, u.name, m.role FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 ORDER BY u.name, u.id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	hr := handlerRoles()
	seen := map[string]bool{}
	var out []Colleague
	for rows.Next() {
		var c Colleague
		var role string
		if err := rows.Scan(&c.ID, &c.Name, &role); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		for _, h := range hr {
			if role == h && !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
	}
	return out, rows.Err()
}
