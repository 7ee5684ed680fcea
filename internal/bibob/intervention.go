package bibob

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// InterventionKinds are the types of administrative intervention, in the
// order of the year × type table.
var InterventionKinds = []string{"bibob_toets", "lbb_advies", "integrale_controle", "sluiting",
	"last_onder_dwangsom", "bestuursdwang", "waarschuwing"}

// LegalBases are the legal grounds an intervention can rest on.
var LegalBases = []string{"wet_bibob", "opiumwet_13b", "woningwet", "apv", "alcoholwet", "gemeentewet", "awb", "overig"}

// kindBases narrows the legal bases of some kinds: a Bibob-toets and an
// LBB-advies rest on the Wet Bibob, a closure on Opiumwet art. 13b, the
// Woningwet, the APV or the Alcoholwet. Kinds not listed take any basis.
var kindBases = map[string][]string{
	"bibob_toets": {"wet_bibob"},
	"lbb_advies":  {"wet_bibob"},
	"sluiting":    {"opiumwet_13b", "woningwet", "apv", "alcoholwet"},
}

// ObjIntervention is the audit object type of an intervention.
const ObjIntervention = "intervention"

// Limits of the text fields.
const (
	ivMaxAddress = 200
	ivMaxName    = 200
	ivMaxOutcome = 300
	ivMaxRef     = 60
	ivMaxNote    = 4000
	ivMaxReason  = 500
)

// Intervention is one entry of the register. Note is sealed and filled
// only by Intervention, which audits the read.
type Intervention struct {
	ID            string
	Kind          string
	OccurredOn    string
	LegalBasis    string
	ObjectAddress string
	BusinessName  string
	Outcome       string
	ScreeningRef  string
	Source        string // "hand" or "import"
	CreatedBy     string
	Note          string
	Changes       []InterventionChange
	Zaken         []string // URLs of zaken created in Open Zaak
}

// InterventionChange is one recorded edit.
type InterventionChange struct {
	Fields    string
	Reason    string
	ChangedBy string
	ChangedAt time.Time
}

// InterventionInput registers or changes an intervention.
type InterventionInput struct {
	Kind          string
	OccurredOn    string
	LegalBasis    string
	ObjectAddress string
	BusinessName  string
	Outcome       string
	ScreeningRef  string
	Note          string
}

// ivAllow refuses a scope without the permission.
func ivAllow(sc *auth.Scope, p auth.Permission) error {
	if !sc.Allows(p) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// ivToday is the current day in the Netherlands.
func (s *Store) ivToday() string { return s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly) }

// checkIntervention validates and trims an input; field names are those of the forms
// and the API.
func (s *Store) checkIntervention(in *InterventionInput) apperr.List {
	var errs apperr.List
	text := func(field string, v *string, required bool, max int) {
		*v = strings.TrimSpace(*v)
		switch {
		case *v == "" && required:
			errs = append(errs, apperr.FieldErr(field, "field.required"))
		case len([]rune(*v)) > max:
			errs = append(errs, apperr.FieldErr(field, "bibob.iv.too_long", max))
		}
	}
	in.Kind, in.LegalBasis = strings.TrimSpace(in.Kind), strings.TrimSpace(in.LegalBasis)
	switch {
	case in.Kind == "":
		errs = append(errs, apperr.FieldErr("kind", "field.required"))
	case !slices.Contains(InterventionKinds, in.Kind):
		errs = append(errs, apperr.FieldErr("kind", "bibob.iv.kind_invalid"))
	}
	in.OccurredOn = strings.TrimSpace(in.OccurredOn)
	if in.OccurredOn == "" {
		errs = append(errs, apperr.FieldErr("occurred_on", "field.required"))
	} else if d, err := time.Parse(time.DateOnly, in.OccurredOn); err != nil || d.Year() < 1990 {
		errs = append(errs, apperr.FieldErr("occurred_on", "bibob.iv.date_invalid"))
	} else if in.OccurredOn > s.ivToday() {
		errs = append(errs, apperr.FieldErr("occurred_on", "bibob.iv.date_future"))
	}
	switch {
	case in.LegalBasis == "":
		errs = append(errs, apperr.FieldErr("legal_basis", "field.required"))
	case !slices.Contains(LegalBases, in.LegalBasis):
		errs = append(errs, apperr.FieldErr("legal_basis", "bibob.iv.basis_invalid"))
	case kindBases[in.Kind] != nil && !slices.Contains(kindBases[in.Kind], in.LegalBasis):
		errs = append(errs, apperr.FieldErr("legal_basis", "bibob.iv.basis_for_kind"))
	}
	text("object_address", &in.ObjectAddress, true, ivMaxAddress)
	text("business_name", &in.BusinessName, false, ivMaxName)
	text("outcome", &in.Outcome, true, ivMaxOutcome)
	text("screening_ref", &in.ScreeningRef, false, ivMaxRef)
	text("note", &in.Note, false, ivMaxNote)
	return errs
}

// ivRecord appends an audit entry of the scope's actor.
func (s *Store) ivRecord(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, id, result string) error {
	if result == "" {
		result = audit.ResultOK
	}
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Result: result, RequestID: sc.RequestID})
}

// AddIntervention registers an intervention (bibob.interventions).
func (s *Store) AddIntervention(ctx context.Context, sc *auth.Scope, in InterventionInput) (string, error) {
	if err := ivAllow(sc, auth.BibobInterventions); err != nil {
		return "", err
	}
	if errs := s.checkIntervention(&in); len(errs) > 0 {
		return "", errs
	}
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertIntervention(ctx, tx, sc, id, in, "hand"); err != nil {
			return err
		}
		return s.ivRecord(ctx, tx, sc, area+".intervention.create", ObjIntervention, id, "")
	})
	return id, err
}

// insertIntervention writes a checked input with its note sealed.
func (s *Store) insertIntervention(ctx context.Context, tx *sql.Tx, sc *auth.Scope, id string, in InterventionInput, source string) error {
	keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
	if err != nil {
		return err
	}
	note, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Note, "intervention:"+id+":note")
	if err != nil {
		return err
	}
	now := store.Millis(s.clk.Now())
	year, _ := strconv.Atoi(in.OccurredOn[:4])
	if _, err := tx.ExecContext(ctx, `INSERT INTO interventions (id, org_id, kind, occurred_on, year, legal_basis, object_address,
		business_name, outcome, screening_ref, key_id, note, source, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
		id, sc.OrgID, in.Kind, in.OccurredOn, year, in.LegalBasis, in.ObjectAddress, in.BusinessName, in.Outcome,
		in.ScreeningRef, keyID, note, source, sc.UserName, now); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return nil
}

// UpdateIntervention changes an intervention (bibob.interventions). The
// reason is required and kept with the names of the fields that changed;
// the change is audited.
func (s *Store) UpdateIntervention(ctx context.Context, sc *auth.Scope, id string, in InterventionInput, reason string) error {
	if err := ivAllow(sc, auth.BibobInterventions); err != nil {
		return err
	}
	old, keyID, err := s.intervention(ctx, sc, id)
	if err != nil {
		return err
	}
	errs := s.checkIntervention(&in)
	reason = strings.TrimSpace(reason)
	if reason == "" {
		errs = append(errs, apperr.FieldErr("reason", "bibob.iv.reason_required"))
	} else if len([]rune(reason)) > ivMaxReason {
		errs = append(errs, apperr.FieldErr("reason", "bibob.iv.too_long", ivMaxReason))
	}
	if len(errs) > 0 {
		return errs
	}
	var changed []string
	for _, f := range []struct{ name, a, b string }{{"kind", old.Kind, in.Kind}, {"occurred_on", old.OccurredOn, in.OccurredOn},
		{"legal_basis", old.LegalBasis, in.LegalBasis}, {"object_address", old.ObjectAddress, in.ObjectAddress},
		{"business_name", old.BusinessName, in.BusinessName}, {"outcome", old.Outcome, in.Outcome},
		{"screening_ref", old.ScreeningRef, in.ScreeningRef}, {"note", old.Note, in.Note}} {
		if f.a != f.b {
			changed = append(changed, f.name)
		}
	}
	if len(changed) == 0 {
		return apperr.List{apperr.FieldErr("reason", "bibob.iv.nothing_changed")}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		note, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Note, "intervention:"+id+":note")
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		year, _ := strconv.Atoi(in.OccurredOn[:4])
		if _, err := tx.ExecContext(ctx, `UPDATE interventions SET kind = $1, occurred_on = $2, year = $3, legal_basis = $4,
			object_address = $5, business_name = $6, outcome = $7, screening_ref = $8, note = $9, updated_at = $10
			WHERE org_id = $11 AND id = $12`, in.Kind, in.OccurredOn, year, in.LegalBasis, in.ObjectAddress, in.BusinessName,
			in.Outcome, in.ScreeningRef, note, now, sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO intervention_changes (id, org_id, intervention_id, fields, reason, changed_by, changed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, store.NewID(), sc.OrgID, id, strings.Join(changed, ","), reason, sc.UserName, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.ivRecord(ctx, tx, sc, area+".intervention.update", ObjIntervention, id, "")
	})
}

const interventionCols = `id, kind, occurred_on, legal_basis, object_address, business_name, outcome, screening_ref, source, created_by`

func scanIntervention(r interface{ Scan(...any) error }, x *Intervention, extra ...any) error {
	return r.Scan(append([]any{&x.ID, &x.Kind, &x.OccurredOn, &x.LegalBasis, &x.ObjectAddress, &x.BusinessName,
		&x.Outcome, &x.ScreeningRef, &x.Source, &x.CreatedBy}, extra...)...)
}

// intervention loads one intervention of the scope's organisation with its
// note opened, without auditing; NotFound when the organisation has none
// with the id.
func (s *Store) intervention(ctx context.Context, sc *auth.Scope, id string) (*Intervention, string, error) {
	var x Intervention
	var keyID string
	var note []byte
	err := scanIntervention(s.db.Read.QueryRowContext(ctx, `SELECT `+interventionCols+`, key_id, note FROM interventions
		WHERE org_id = $1 AND id = $2`, sc.OrgID, id), &x, &keyID, &note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.New(apperr.NotFound, "bibob.iv.not_found")
	}
	if err != nil {
		return nil, "", apperr.Wrap(err, "store.query_failed")
	}
	if x.Note, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, note, "intervention:"+id+":note"); err != nil {
		return nil, "", err
	}
	return &x, keyID, nil
}

// Intervention returns one intervention with its note, change history and
// zaken (bibob.read); the read is audited.
func (s *Store) Intervention(ctx context.Context, sc *auth.Scope, id string) (*Intervention, error) {
	if err := ivAllow(sc, auth.BibobRead); err != nil {
		return nil, err
	}
	x, _, err := s.intervention(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT fields, reason, changed_by, changed_at FROM intervention_changes
		WHERE org_id = $1 AND intervention_id = $2 ORDER BY changed_at, id`, sc.OrgID, id)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var c InterventionChange
		var at int64
		if err := rows.Scan(&c.Fields, &c.Reason, &c.ChangedBy, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		c.ChangedAt = store.Time(at)
		x.Changes = append(x.Changes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if x.Zaken, err = s.zaakLinks(ctx, sc, ObjIntervention, id); err != nil {
		return nil, err
	}
	if err := s.audit.RecordTx(ctx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: area + ".intervention.read", ObjectType: ObjIntervention, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return nil, err
	}
	return x, nil
}

// InterventionFilter narrows the list.
type InterventionFilter struct {
	Kind   string
	Year   int
	Cursor string
	Limit  int
}

// Interventions lists the organisation's interventions, newest first,
// without their notes (bibob.read). next is the cursor of the following
// page, "" at the end.
func (s *Store) Interventions(ctx context.Context, sc *auth.Scope, f InterventionFilter) (list []Intervention, next string, err error) {
	if err := ivAllow(sc, auth.BibobRead); err != nil {
		return nil, "", err
	}
	if f.Kind != "" && !slices.Contains(InterventionKinds, f.Kind) {
		return nil, "", apperr.List{apperr.FieldErr("soort", "bibob.iv.kind_invalid")}
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q := `SELECT ` + interventionCols + ` FROM interventions WHERE org_id = $1`
	args := []any{sc.OrgID}
	if f.Kind != "" {
		args = append(args, f.Kind)
		q += ` AND kind = $` + strconv.Itoa(len(args))
	}
	if f.Year != 0 {
		args = append(args, f.Year)
		q += ` AND year = $` + strconv.Itoa(len(args))
	}
	if f.Cursor != "" {
		day, id, ok := strings.Cut(f.Cursor, "~")
		if !ok || len(day) != 10 {
			return nil, "", apperr.List{apperr.FieldErr("cursor", "bibob.iv.cursor_invalid")}
		}
		args = append(args, day, id)
		n := len(args)
		q += ` AND (occurred_on < $` + strconv.Itoa(n-1) + ` OR (occurred_on = $` + strconv.Itoa(n-1) + ` AND id < $` + strconv.Itoa(n) + `))`
	}
	args = append(args, f.Limit+1)
	q += ` ORDER BY occurred_on DESC, id DESC LIMIT $` + strconv.Itoa(len(args))
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var x Intervention
		if err := scanIntervention(rows, &x); err != nil {
			return nil, "", apperr.Wrap(err, "store.query_failed")
		}
		list = append(list, x)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "store.query_failed")
	}
	if len(list) > f.Limit {
		list = list[:f.Limit]
		last := list[len(list)-1]
		next = last.OccurredOn + "~" + last.ID
	}
	return list, next, nil
}
