package bibob

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ObjScreening is the object type of a screening on need-to-know lists and
// in the audit log.
const ObjScreening = "bibob_screening"

// Sources is the checklist of the own research (DOMAIN.md §5).
var Sources = []string{"open_bronnen", "kvk", "justid", "riec", "kadaster", "belastingdienst", "politie"}

// Dangers are the degrees of danger an LBB advice and a decision name.
var Dangers = []string{"geen_gevaar", "mindere_mate", "ernstig_gevaar"}

// measuresFor are the measures that fit a degree of danger.
var measuresFor = map[string][]string{
	"geen_gevaar":    {"geen"},
	"mindere_mate":   {"voorschriften", "weigeren", "intrekken"},
	"ernstig_gevaar": {"weigeren", "intrekken"},
}

// Steps of the workflow, as Step returns them.
const (
	StepResearch = "research" // questionnaire received, own research open
	StepLBB      = "lbb"      // LBB advice requested, pending
	StepDecision = "decision" // ready for a decision
	StepDecided  = "decided"
)

// Screening is the Bibob screening of one application. Findings,
// Motivation are sealed; only Screening (which audits the read) fills them.
type Screening struct {
	ID              string
	Application     Application
	QuestionnaireOn string
	Sources         []string
	ResearchedOn    string
	LBBRequestedOn  string
	LBBExtension    int
	LBBAdvisedOn    string
	LBBOutcome      string
	LBBReusedFrom   string
	Decision        string
	Measure         string
	DecidedOn       string
	DecidedBy       string
	DecidedByName   string
	ScreenedBy      string
	ScreenedByName  string
	ResearchedBy    string
	Findings        string
	Motivation      string

	// Computed with the injected clock.
	LBBDue          string
	DecisionDue     string
	LBBOverdue      bool
	DecisionOverdue bool
	Reusable        *ReusableAdvice // an earlier advice for the same applicant, still usable
	Zaken           []string        // URLs of the zaken in Open Zaak; only Screening fills them
}

// ReusableAdvice is an LBB advice of an earlier screening of the same
// applicant that may be used again.
type ReusableAdvice struct {
	ScreeningID string
	CaseNumber  string
	AdvisedOn   string
	Outcome     string
	Until       string
}

// Step is where the screening stands.
func (x *Screening) Step() string {
	switch {
	case x.DecidedOn != "":
		return StepDecided
	case x.LBBRequestedOn != "" && x.LBBAdvisedOn == "":
		return StepLBB
	case x.ResearchedOn != "" || x.LBBAdvisedOn != "" || x.LBBReusedFrom != "":
		return StepDecision
	}
	return StepResearch
}

// Conflict reports whether the user screened this application and so may
// not decide on it.
func (x *Screening) Conflict(userID string) bool {
	return userID != "" && (userID == x.ScreenedBy || userID == x.ResearchedBy)
}

func (x *Screening) compute(today string) {
	x.LBBDue = LBBDue(x.LBBRequestedOn, x.LBBExtension)
	x.DecisionDue = DecisionDue(x.Application.ReceivedOn, x.Application.DecisionDue, x.LBBRequestedOn, x.LBBAdvisedOn, today)
	x.LBBOverdue = x.LBBRequestedOn != "" && x.LBBAdvisedOn == "" && today > x.LBBDue
	x.DecisionOverdue = x.DecidedOn == "" && today > x.DecisionDue
}

const screeningCols = `x.id, x.questionnaire_on, x.sources, x.researched_on, x.lbb_requested_on, x.lbb_extension, x.lbb_advised_on, x.lbb_outcome,
	x.lbb_reused_from, x.decision, x.measure, x.decided_on, x.decided_by, COALESCE(ud.name, ''), x.screened_by, COALESCE(us.name, ''), x.researched_by, ` + appCols

const screeningFrom = ` FROM bibob_screenings x JOIN bibob_applications a ON a.id = x.application_id
	LEFT JOIN bibob_screenings sc ON sc.id = x.id
	LEFT JOIN users ud ON ud.id = x.decided_by LEFT JOIN users us ON us.id = x.screened_by`

// mayView decides whether the scope sees a screening: the people on its
// need-to-know list, and whoever screened or decided it (a regional
// screener is no member, so cannot be put on the list).
func (s *Store) mayView(ctx context.Context, sc *auth.Scope, x *Screening) (bool, error) {
	if !sc.Allows(auth.BibobRead) {
		return false, nil
	}
	if sc.Operator() || x.ScreenedBy == sc.UserID || x.DecidedBy == sc.UserID || x.ResearchedBy == sc.UserID {
		return true, nil
	}
	if s.access == nil {
		return false, nil
	}
	return s.access.MayAccess(ctx, sc, auth.ObjectRef{Type: ObjScreening, ID: x.ID})
}

// loadScreening reads a screening without its sealed text; a screening the
// scope may not see is not found.
func (s *Store) loadScreening(ctx context.Context, sc *auth.Scope, id string) (*Screening, string, error) {
	var x Screening
	var keyID string
	err := s.scanOne(ctx, `SELECT `+screeningCols+`, x.key_id`+screeningFrom+` WHERE x.org_id = $1 AND x.id = $2`, []any{sc.OrgID, id}, &x, &keyID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.New(apperr.NotFound, "bibob.err.not_found")
	}
	if err != nil {
		return nil, "", apperr.Wrap(err, "store.query_failed")
	}
	ok, err := s.mayView(ctx, sc, &x)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", apperr.New(apperr.NotFound, "bibob.err.not_found")
	}
	x.compute(s.dayNow())
	return &x, keyID, nil
}

// scanOne runs a query for one screening row.
func (s *Store) scanOne(ctx context.Context, query string, args []any, x *Screening, extra ...any) error {
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	return scanScreeningRow(rows, x, extra...)
}

// scanScreeningRow scans a screening row: its own columns, then the
// application's (appCols), then extra.
func scanScreeningRow(r interface{ Scan(...any) error }, x *Screening, extra ...any) error {
	var sources, parties, keys string
	a := &x.Application
	err := r.Scan(append([]any{&x.ID, &x.QuestionnaireOn, &sources, &x.ResearchedOn, &x.LBBRequestedOn, &x.LBBExtension, &x.LBBAdvisedOn, &x.LBBOutcome,
		&x.LBBReusedFrom, &x.Decision, &x.Measure, &x.DecidedOn, &x.DecidedBy, &x.DecidedByName, &x.ScreenedBy, &x.ScreenedByName, &x.ResearchedBy,
		&a.ID, &a.CaseNumber, &a.Type, &a.Applicant, &a.KvK, &parties, &a.Address, &a.Plot, &a.Amount, &a.ReceivedOn, &a.DecisionDue, &a.Source,
		&a.ScreeningID, &a.applicantKey, &a.addressKey, &keys}, extra...)...)
	if err != nil {
		return err
	}
	x.Sources = splitList(sources, ",")
	for _, p := range splitList(parties, ";") {
		if m := partyRE.FindStringSubmatch(p); m != nil {
			a.Parties = append(a.Parties, Party{Name: strings.TrimSpace(m[1]), KvK: m[2]})
		} else {
			a.Parties = append(a.Parties, Party{Name: p})
		}
	}
	a.partyKeys = strings.Fields(keys)
	return nil
}

// Screening returns a screening with its sealed findings and motivation;
// the read is audited. A screening the scope may not see is not found.
func (s *Store) Screening(ctx context.Context, sc *auth.Scope, id string) (*Screening, error) {
	x, keyID, err := s.loadScreening(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	var findings, motivation []byte
	if err := s.db.Read.QueryRowContext(ctx, `SELECT findings, motivation FROM bibob_screenings WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&findings, &motivation); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if x.Findings, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, findings, "bibob_screening:"+id+":findings"); err != nil {
		return nil, err
	}
	if x.Motivation, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, motivation, "bibob_screening:"+id+":motivation"); err != nil {
		return nil, err
	}
	pol, err := s.policy(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	x.Application.judge(pol)
	if x.Reusable, err = s.reusableAdvice(ctx, sc, x); err != nil {
		return nil, err
	}
	if x.Zaken, err = s.zaakLinks(ctx, sc, ObjScreening, id); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
			Action: area + ".screening.read", ObjectType: ObjScreening, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
	})
	return x, err
}

// reusableAdvice finds the newest LBB advice given for another application
// of the same applicant that may still be used today.
func (s *Store) reusableAdvice(ctx context.Context, sc *auth.Scope, x *Screening) (*ReusableAdvice, error) {
	if x.LBBAdvisedOn != "" || x.LBBReusedFrom != "" {
		return nil, nil
	}
	var r ReusableAdvice
	err := s.db.Read.QueryRowContext(ctx, `SELECT x.id, a.case_number, x.lbb_advised_on, x.lbb_outcome FROM bibob_screenings x
		JOIN bibob_applications a ON a.id = x.application_id
		WHERE x.org_id = $1 AND a.applicant_key = $2 AND x.id <> $3 AND x.lbb_advised_on <> '' AND x.lbb_reused_from = ''
		ORDER BY x.lbb_advised_on DESC LIMIT 1`, sc.OrgID, x.Application.applicantKey, x.ID).Scan(&r.ScreeningID, &r.CaseNumber, &r.AdvisedOn, &r.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if !Reusable(r.AdvisedOn, s.dayNow()) {
		return nil, nil
	}
	r.Until = ReusableUntil(r.AdvisedOn)
	return &r, nil
}

// Screenings returns the screenings the scope may see, without sealed
// text, by case number.
func (s *Store) Screenings(ctx context.Context, sc *auth.Scope) ([]Screening, error) {
	if !sc.Allows(auth.BibobRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+screeningCols+screeningFrom+` WHERE x.org_id = $1 ORDER BY a.case_number`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var all []Screening
	for rows.Next() {
		var x Screening
		if err := scanScreeningRow(rows, &x); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		all = append(all, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	today := s.dayNow()
	var out []Screening
	for i := range all {
		ok, err := s.mayView(ctx, sc, &all[i])
		if err != nil {
			return nil, err
		}
		if ok {
			all[i].compute(today)
			out = append(out, all[i])
		}
	}
	return out, nil
}

// Overdue returns the visible screenings whose LBB advice or decision is
// past its term, or falls due within soonDays.
func (s *Store) Overdue(ctx context.Context, sc *auth.Scope, soonDays int) ([]Screening, error) {
	all, err := s.Screenings(ctx, sc)
	if err != nil {
		return nil, err
	}
	soon := iso(day(s.dayNow()).AddDate(0, 0, soonDays))
	var out []Screening
	for _, x := range all {
		if x.DecidedOn != "" {
			continue
		}
		if x.LBBOverdue || x.DecisionOverdue || x.DecisionDue <= soon || (x.Step() == StepLBB && x.LBBDue <= soon) {
			out = append(out, x)
		}
	}
	return out, nil
}

// StartScreening records that the questionnaire (art. 7a) was received and
// opens the screening of an application (bibob.screen). The screener is
// put on its need-to-know list.
func (s *Store) StartScreening(ctx context.Context, sc *auth.Scope, applicationID, questionnaireOn string) (string, error) {
	if !sc.Allows(auth.BibobScreen) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden")
	}
	a, err := s.Application(ctx, sc, applicationID)
	if err != nil {
		return "", err
	}
	if a.ScreeningID != "" {
		return "", apperr.List{apperr.FieldErr("questionnaire_on", "bibob.err.screening_exists")}
	}
	q, e := isoDate("questionnaire_on", questionnaireOn, true)
	if e == nil && q > s.dayNow() {
		e = apperr.FieldErr("questionnaire_on", "bibob.err.date_future")
	}
	if e != nil {
		return "", apperr.List{e}
	}
	id := store.NewID()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		findings, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, "", "bibob_screening:"+id+":findings")
		if err != nil {
			return err
		}
		motivation, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, "", "bibob_screening:"+id+":motivation")
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO bibob_screenings (id, org_id, application_id, questionnaire_on, key_id, findings, motivation, screened_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, id, sc.OrgID, a.ID, q, keyID, findings, motivation, sc.UserID, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.logChange(ctx, tx, sc, area+".screening.start", ObjScreening, id)
	})
	if err != nil {
		return "", err
	}
	return id, s.putOnList(ctx, sc, id, sc.UserID, "screener")
}

// putOnList puts a user on a screening's need-to-know list. A delegated
// regional user is no member of the organisation and cannot be listed;
// mayView lets them see what they screened or decided.
func (s *Store) putOnList(ctx context.Context, sc *auth.Scope, id, userID, reason string) error {
	if s.access == nil || sc.Operator() {
		return nil
	}
	err := s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: ObjScreening, ID: id}, userID, reason)
	var fe *apperr.Error
	if errors.As(err, &fe) && fe.Key == "needtoknow.not_member" && userID == sc.UserID {
		return nil
	}
	return err
}

// ResearchInput records the own research: the sources consulted and the
// findings (sealed).
type ResearchInput struct {
	Sources  []string
	Findings string
}

// RecordResearch saves the own research (bibob.screen).
func (s *Store) RecordResearch(ctx context.Context, sc *auth.Scope, id string, in ResearchInput) error {
	if !sc.Allows(auth.BibobScreen) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	x, keyID, err := s.loadScreening(ctx, sc, id)
	if err != nil {
		return err
	}
	if x.DecidedOn != "" {
		return apperr.List{apperr.FieldErr("findings", "bibob.err.decided")}
	}
	var errs apperr.List
	var sources []string
	for _, src := range in.Sources {
		if !slices.Contains(Sources, src) {
			errs = append(errs, apperr.FieldErr("sources", "bibob.err.source", src))
		} else if !slices.Contains(sources, src) {
			sources = append(sources, src)
		}
	}
	findings := strings.TrimSpace(in.Findings)
	if findings == "" {
		errs = append(errs, apperr.FieldErr("findings", "field.required"))
	} else if len(findings) > 20000 {
		errs = append(errs, apperr.FieldErr("findings", "bibob.err.too_long", 20000))
	}
	if len(sources) == 0 {
		errs = append(errs, apperr.FieldErr("sources", "bibob.err.sources_none"))
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, findings, "bibob_screening:"+id+":findings")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bibob_screenings SET sources = $1, findings = $2, researched_on = $3, researched_by = $4, updated_at = $5
			WHERE org_id = $6 AND id = $7`, joinCSV(sources), sealed, s.dayNow(), sc.UserID, store.Millis(s.clk.Now()), sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.logChange(ctx, tx, sc, area+".screening.research", ObjScreening, id)
	})
}

// LBBInput is one step of the LBB advice: "request" (On), "extend"
// (Weeks), "advice" (On, Outcome) or "reuse" (the earlier advice).
type LBBInput struct {
	Action  string
	On      string
	Weeks   string
	Outcome string
}

// RecordLBB records a step of the LBB advice (bibob.screen).
func (s *Store) RecordLBB(ctx context.Context, sc *auth.Scope, id string, in LBBInput) error {
	if !sc.Allows(auth.BibobScreen) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	x, _, err := s.loadScreening(ctx, sc, id)
	if err != nil {
		return err
	}
	if x.DecidedOn != "" {
		return apperr.List{apperr.FieldErr("lbb_on", "bibob.err.decided")}
	}
	today := s.dayNow()
	var set string
	var args []any
	switch in.Action {
	case "request":
		if x.LBBRequestedOn != "" || x.LBBReusedFrom != "" {
			return apperr.List{apperr.FieldErr("lbb_on", "bibob.err.lbb_requested")}
		}
		d, e := isoDate("lbb_on", in.On, true)
		if e == nil && (d > today || d < x.QuestionnaireOn) {
			e = apperr.FieldErr("lbb_on", "bibob.err.lbb_date")
		}
		if e != nil {
			return apperr.List{e}
		}
		set, args = `lbb_requested_on = $1`, []any{d}
	case "extend":
		w, err := strconv.Atoi(strings.TrimSpace(in.Weeks))
		if x.LBBRequestedOn == "" || err != nil || !ValidExtension(x.LBBExtension, w, x.LBBAdvisedOn) {
			return apperr.List{apperr.FieldErr("lbb_weeks", "bibob.err.extension", LBBMaxExtension)}
		}
		set, args = `lbb_extension = $1`, []any{w}
	case "advice":
		if x.LBBRequestedOn == "" || x.LBBAdvisedOn != "" {
			return apperr.List{apperr.FieldErr("lbb_on", "bibob.err.lbb_not_pending")}
		}
		var errs apperr.List
		d, e := isoDate("lbb_on", in.On, true)
		if e == nil && (d > today || d < x.LBBRequestedOn) {
			e = apperr.FieldErr("lbb_on", "bibob.err.lbb_date")
		}
		if e != nil {
			errs = append(errs, e)
		}
		if !slices.Contains(Dangers, in.Outcome) {
			errs = append(errs, apperr.FieldErr("lbb_outcome", "bibob.err.danger"))
		}
		if len(errs) > 0 {
			return errs
		}
		set, args = `lbb_advised_on = $1, lbb_outcome = $2`, []any{d, in.Outcome}
	case "reuse":
		if x.Reusable, err = s.reusableAdvice(ctx, sc, x); err != nil {
			return err
		}
		if x.Reusable == nil || x.LBBRequestedOn != "" {
			return apperr.List{apperr.FieldErr("lbb_on", "bibob.err.no_reusable")}
		}
		set, args = `lbb_reused_from = $1, lbb_advised_on = $2, lbb_outcome = $3`, []any{x.Reusable.ScreeningID, x.Reusable.AdvisedOn, x.Reusable.Outcome}
	default:
		return apperr.List{apperr.FieldErr("action", "bibob.err.action")}
	}
	n := len(args)
	args = append(args, store.Millis(s.clk.Now()), sc.OrgID, id)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE bibob_screenings SET `+set+`, updated_at = $`+strconv.Itoa(n+1)+` WHERE org_id = $`+strconv.Itoa(n+2)+` AND id = $`+strconv.Itoa(n+3), args...); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.logChange(ctx, tx, sc, area+".screening.lbb_"+in.Action, ObjScreening, id)
	})
}

// DecisionInput is the decision on the application after the screening.
type DecisionInput struct {
	Danger     string
	Measure    string
	Motivation string
	On         string
}

// Decide records the decision (bibob.decide). The person who screened the
// application, or recorded its research, may not decide on it.
func (s *Store) Decide(ctx context.Context, sc *auth.Scope, id string, in DecisionInput) error {
	if !sc.Allows(auth.BibobDecide) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	x, keyID, err := s.loadScreening(ctx, sc, id)
	if err != nil {
		return err
	}
	if x.Conflict(sc.UserID) {
		return apperr.List{apperr.FieldErr("danger", "bibob.err.same_person")}
	}
	if x.DecidedOn != "" {
		return apperr.List{apperr.FieldErr("danger", "bibob.err.decided")}
	}
	var errs apperr.List
	if x.Step() == StepResearch {
		errs = append(errs, apperr.FieldErr("danger", "bibob.err.no_research"))
	}
	if x.Step() == StepLBB {
		errs = append(errs, apperr.FieldErr("danger", "bibob.err.lbb_pending"))
	}
	if !slices.Contains(Dangers, in.Danger) {
		errs = append(errs, apperr.FieldErr("danger", "bibob.err.danger"))
	} else if !slices.Contains(measuresFor[in.Danger], in.Measure) {
		errs = append(errs, apperr.FieldErr("measure", "bibob.err.measure"))
	}
	motivation := strings.TrimSpace(in.Motivation)
	if motivation == "" {
		errs = append(errs, apperr.FieldErr("motivation", "field.required"))
	} else if len(motivation) > 20000 {
		errs = append(errs, apperr.FieldErr("motivation", "bibob.err.too_long", 20000))
	}
	on, e := isoDate("decided_on", in.On, true)
	if e == nil && (on > s.dayNow() || on < x.QuestionnaireOn) {
		e = apperr.FieldErr("decided_on", "bibob.err.decision_date")
	}
	if e != nil {
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return errs
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, motivation, "bibob_screening:"+id+":motivation")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bibob_screenings SET decision = $1, measure = $2, motivation = $3, decided_on = $4, decided_by = $5, updated_at = $6
			WHERE org_id = $7 AND id = $8 AND decided_on = ''`, in.Danger, in.Measure, sealed, on, sc.UserID, store.Millis(s.clk.Now()), sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.logChange(ctx, tx, sc, area+".screening.decide", ObjScreening, id)
	})
	if err != nil {
		return err
	}
	return s.putOnList(ctx, sc, id, sc.UserID, "beslisser")
}

// mayChangeList checks what granting and revoking share: the actor sees
// the screening, a member is named, and the need-to-know lists are there.
func (s *Store) mayChangeList(ctx context.Context, sc *auth.Scope, id, userID string) error {
	if !sc.Allows(auth.BibobRead) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if _, _, err := s.loadScreening(ctx, sc, id); err != nil {
		return err
	}
	if strings.TrimSpace(userID) == "" {
		return apperr.List{apperr.FieldErr("access_user", "field.required")}
	}
	if s.access == nil {
		return apperr.New(apperr.Internal, "bibob.err.no_access_policy")
	}
	return nil
}

// GrantScreening puts a member on the screening's need-to-know list, e.g.
// the one who is to decide; only someone who sees the screening may.
func (s *Store) GrantScreening(ctx context.Context, sc *auth.Scope, id, userID string) error {
	if err := s.mayChangeList(ctx, sc, id, userID); err != nil {
		return err
	}
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND user_id = $2 AND role IN ('bibob', 'executive', 'coordinator')`,
		sc.OrgID, userID).Scan(&n); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	if n == 0 {
		return apperr.List{apperr.FieldErr("access_user", "bibob.err.not_member")}
	}
	return s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: ObjScreening, ID: id}, userID, "bibob")
}

// RevokeScreening takes a member off the screening's need-to-know list.
// Only someone who sees the screening may; the member must be on the list,
// and the last one stays, so that the screening never ends up readable by
// nobody. The revocation is audited by the need-to-know lists.
func (s *Store) RevokeScreening(ctx context.Context, sc *auth.Scope, id, userID string) error {
	if err := s.mayChangeList(ctx, sc, id, userID); err != nil {
		return err
	}
	obj := auth.ObjectRef{Type: ObjScreening, ID: id}
	list, err := s.access.AccessList(ctx, sc, obj)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(g auth.Grant) bool { return g.UserID == userID }) {
		return apperr.List{apperr.FieldErr("access_user", "bibob.err.not_on_list")}
	}
	if len(list) == 1 {
		return apperr.List{apperr.FieldErr("access_user", "bibob.err.last_on_list")}
	}
	return s.access.RevokeAccess(ctx, sc, obj, userID, "ingetrokken")
}

// Member is a user who may be put on a screening's list.
type Member struct{ ID, Name string }

// members are the organisation's users whose role reads Bibob work.
func (s *Store) members(ctx context.Context, sc *auth.Scope) ([]Member, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 AND m.role IN ('bibob', 'executive', 'coordinator') ORDER BY u.name, u.id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AccessList is the screening's need-to-know list.
func (s *Store) AccessList(ctx context.Context, sc *auth.Scope, id string) ([]auth.Grant, error) {
	if _, _, err := s.loadScreening(ctx, sc, id); err != nil {
		return nil, err
	}
	if s.access == nil {
		return nil, nil
	}
	return s.access.AccessList(ctx, sc, auth.ObjectRef{Type: ObjScreening, ID: id})
}
