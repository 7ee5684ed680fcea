package report

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Band is a behaviour band of the organisatienorm, after the national norm
// "Stop Agressie Samen": what is desired, what is acceptable, and what is
// not.
type Band string

// The three bands.
const (
	BandDesired      Band = "desired"      // gewenst
	BandAcceptable   Band = "acceptable"   // acceptabel
	BandUnacceptable Band = "unacceptable" // onacceptabel
)

// Bands lists the bands in the order the norm names them.
var Bands = []Band{BandDesired, BandAcceptable, BandUnacceptable}

// Valid reports whether b is a known band.
func (b Band) Valid() bool { return slices.Contains(Bands, b) }

// Kind is the kind of an aggression incident.
type Kind string

// The kinds of aggression.
const (
	KindVerbal         Kind = "verbal"
	KindPhysical       Kind = "physical"
	KindIntimidation   Kind = "intimidation"
	KindThreat         Kind = "threat"
	KindDiscrimination Kind = "discrimination"
	KindSexual         Kind = "sexual"
	KindProperty       Kind = "property"
	KindOther          Kind = "other"
)

// Kinds lists the kinds in the order the UI shows them.
var Kinds = []Kind{KindVerbal, KindPhysical, KindIntimidation, KindThreat, KindDiscrimination, KindSexual, KindProperty, KindOther}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Incident is the aggression record of one report: the band, kind,
// aangifte and VPT code, seriousness and the aftercare checklist. It holds
// no text of the report.
type Incident struct {
	ReportID   string          `json:"id"`
	Reference  string          `json:"referentie"`
	ReceivedAt time.Time       `json:"ontvangen"`
	Recorded   bool            `json:"vastgelegd"`
	Band       Band            `json:"band"`
	Kind       Kind            `json:"soort"`
	Aangifte   bool            `json:"aangifte"`
	VPT        bool            `json:"vptCode"`
	Serious    bool            `json:"ernstig"`
	NotifiedAt time.Time       `json:"gemeentesecretarisGeinformeerd"`
	Aftercare  []AftercareItem `json:"nazorg"`
}

// AftercareStep is an item of the aftercare checklist.
type AftercareStep string

// The aftercare steps: contact with the victim (practice: within 48
// hours), a follow-up conversation, and referral to the company doctor or
// bedrijfsmaatschappelijk werk.
const (
	StepContact      AftercareStep = "contact"
	StepConversation AftercareStep = "conversation"
	StepReferral     AftercareStep = "referral"
)

// AftercareSteps lists the steps in checklist order.
var AftercareSteps = []AftercareStep{StepContact, StepConversation, StepReferral}

// Days after receipt the later steps are due (the contact term is a
// setting in hours).
const (
	conversationDays = 14
	referralDays     = 14
)

// AftercareItem is one step with its due date, done date and who did it.
type AftercareItem struct {
	Step    AftercareStep `json:"stap"`
	Due     time.Time     `json:"uiterlijk"`
	DoneAt  time.Time     `json:"gedaan"`
	DoneBy  string        `json:"gedaanDoor"`
	Overdue bool          `json:"teLaat"`
}

// Done reports whether the step is done.
func (a AftercareItem) Done() bool { return !a.DoneAt.IsZero() }

// IncidentInput is what a handler records about an aggression incident.
type IncidentInput struct {
	Band     Band
	Kind     Kind
	Aangifte bool
	VPT      bool
	Serious  bool
}

func (in IncidentInput) validate() error {
	var errs apperr.List
	if !in.Band.Valid() {
		errs = append(errs, apperr.FieldErr("band", "report.ops.aggression.err.band"))
	}
	if !in.Kind.Valid() {
		errs = append(errs, apperr.FieldErr("kind", "report.ops.aggression.err.kind"))
	}
	if in.VPT && !in.Aangifte {
		errs = append(errs, apperr.FieldErr("vpt", "report.ops.aggression.err.vpt"))
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// aggressionReport checks that the actor may handle the report and that
// it is an aggression report; anything else is NotFound.
func (s *Store) aggressionReport(ctx context.Context, q store.Querier, sc *auth.Scope, id string) (ref string, received time.Time, err error) {
	if err := s.opsMayHandle(ctx, sc, id); err != nil {
		return "", time.Time{}, err
	}
	var recv int64
	err = q.QueryRowContext(ctx, `SELECT reference, received_at FROM reports WHERE id = $1 AND org_id = $2 AND category = 'aggression' AND destroyed_at = 0`,
		id, sc.OrgID).Scan(&ref, &recv)
	if err != nil {
		return "", time.Time{}, store.NotFound(err, "report.ops.not_found")
	}
	return ref, store.Time(recv), nil
}

// Incident returns the aggression record of a report for a handler on its
// need-to-know list.
func (s *Store) Incident(ctx context.Context, sc *auth.Scope, id string) (*Incident, error) {
	ref, recv, err := s.aggressionReport(ctx, s.db.Read, sc, id)
	if err != nil {
		return nil, err
	}
	in := &Incident{ReportID: id, Reference: ref, ReceivedAt: recv}
	var band, kind string
	var notified int64
	err = s.db.Read.QueryRowContext(ctx, `SELECT band, kind, aangifte, vpt_code, serious, notified_at FROM report_aggression
		WHERE report_id = $1 AND org_id = $2`, id, sc.OrgID).Scan(&band, &kind, &in.Aangifte, &in.VPT, &in.Serious, &notified)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, apperr.Wrap(err, "store.query_failed")
	default:
		in.Recorded, in.Band, in.Kind = true, Band(band), Kind(kind)
		if notified > 0 {
			in.NotifiedAt = store.Time(notified)
		}
	}
	if in.Aftercare, err = s.aftercare(ctx, sc.OrgID, id); err != nil {
		return nil, err
	}
	return in, s.opsRecord(ctx, s.db.Write, sc, area+".aggression.read", ObjReport, id)
}

func (s *Store) aftercare(ctx context.Context, orgID, id string) ([]AftercareItem, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT a.item, a.due_at, a.done_at, COALESCE(u.name, '') FROM report_aftercare a
		LEFT JOIN users u ON u.id = a.done_by WHERE a.report_id = $1 AND a.org_id = $2`, id, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	now := s.clk.Now()
	byStep := map[AftercareStep]AftercareItem{}
	for rows.Next() {
		var it AftercareItem
		var step string
		var due, done int64
		if err := rows.Scan(&step, &due, &done, &it.DoneBy); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		it.Step, it.Due = AftercareStep(step), store.Time(due)
		if done > 0 {
			it.DoneAt = store.Time(done)
		}
		it.Overdue = !it.Done() && !now.Before(it.Due)
		byStep[it.Step] = it
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []AftercareItem
	for _, st := range AftercareSteps {
		if it, ok := byStep[st]; ok {
			out = append(out, it)
		}
	}
	return out, nil
}

// SaveIncident records the aggression details of a report. The first time
// it starts the aftercare checklist (contact within the organisation's
// term, usually 48 hours after receipt; conversation and referral within
// two weeks). When the incident is serious, the gemeentesecretaris — every
// user with the role executive — gets one content-free mail.
func (s *Store) SaveIncident(ctx context.Context, sc *auth.Scope, id string, in IncidentInput) error {
	if err := in.validate(); err != nil {
		if _, _, ferr := s.aggressionReport(ctx, s.db.Read, sc, id); ferr != nil {
			return ferr
		}
		return err
	}
	now := s.clk.Now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ref, recv, err := s.aggressionReport(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		os, err := s.orgSettings(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		var notified int64
		err = tx.QueryRowContext(ctx, `SELECT notified_at FROM report_aggression WHERE report_id = $1 AND org_id = $2`, id, sc.OrgID).Scan(&notified)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "store.query_failed")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_aggression (report_id, org_id, band, kind, aangifte, vpt_code, serious, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (report_id) DO UPDATE SET band = $3, kind = $4, aangifte = $5, vpt_code = $6, serious = $7, updated_by = $8, updated_at = $9`,
			id, sc.OrgID, string(in.Band), string(in.Kind), in.Aangifte, in.VPT, in.Serious, sc.UserID, store.Millis(now)); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		due := map[AftercareStep]time.Time{
			StepContact:      recv.Add(time.Duration(os.AftercareHours) * time.Hour),
			StepConversation: recv.AddDate(0, 0, conversationDays),
			StepReferral:     recv.AddDate(0, 0, referralDays),
		}
		for _, st := range AftercareSteps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_aftercare (report_id, org_id, item, due_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (report_id, item) DO NOTHING`, id, sc.OrgID, string(st), store.Millis(due[st])); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		if in.Serious && notified == 0 {
			if err := s.notifyExecutives(ctx, tx, sc.OrgID, ref); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE report_aggression SET notified_at = $1 WHERE report_id = $2 AND org_id = $3`,
				store.Millis(now), id, sc.OrgID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.opsRecord(ctx, tx, sc, area+".aggression.save", ObjReport, id)
	})
}

// notifyExecutives mails every active executive of the organisation that a
// serious incident was reported: the reference and nothing else. The
// outbox finds the gemeentesecretaris the same way for every module. // goals: issue 7
func (s *Store) notifyExecutives(ctx context.Context, tx *sql.Tx, orgID, ref string) error {
	_, err := s.outbox.EnqueueToRole(ctx, tx, orgID, string(auth.Executive), // goals: issue 7
		i18n.T(i18n.NL, "report.ops.aggression.serious_subject"), i18n.T(i18n.NL, "report.ops.aggression.serious_body", ref)) // goals: issue 7
	return err // goals: issue 7
}

// CompleteAftercare ticks a step of the checklist as done by the actor.
func (s *Store) CompleteAftercare(ctx context.Context, sc *auth.Scope, id string, step AftercareStep) error {
	if _, _, err := s.aggressionReport(ctx, s.db.Read, sc, id); err != nil {
		return err
	}
	if !slices.Contains(AftercareSteps, step) {
		return apperr.FieldErr("step", "report.ops.aftercare.err.step")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE report_aftercare SET done_at = $1, done_by = $2 WHERE report_id = $3 AND org_id = $4 AND item = $5 AND done_at = 0`,
			store.Millis(s.clk.Now()), sc.UserID, id, sc.OrgID, string(step))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.FieldErr("step", "report.ops.aftercare.err.not_open")
		}
		return s.opsRecord(ctx, tx, sc, area+".aftercare.done", ObjReport, id)
	})
}
