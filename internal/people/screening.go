package people

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// VOG levels of a function and kinds of screening, as stored.
const (
	VOG  = "vog"
	VOGP = "vog_p"
)

// vogRank orders the levels: a VOG-P also covers a function that needs a
// VOG, not the other way round.
func vogRank(level string) int {
	switch level {
	case VOG:
		return 1
	case VOGP:
		return 2
	}
	return 0
}

// Reasons why a person needs (re)screening.
const (
	DueNever          = "never"           // no screening on record
	DueLevel          = "level"           // the last screening is below what the function needs
	DueFunctionChange = "function_change" // a function needing a VOG began after the last screening
	DuePeriodic       = "periodic"        // the organisation's rescreening period has passed
)

// ScreeningStatus is one person who holds a function needing a VOG, with
// the last screening and whether a new one is due.
type ScreeningStatus struct {
	Person
	Required string // vog or vog_p: the highest level of the functions held today
	LastOn   string
	LastKind string
	Due      bool
	Reason   string // one of the Due… reasons when Due
	DueOn    string // when the next periodic rescreening falls due, if any
}

// Screening is one recorded screening.
type Screening struct {
	ID         string
	EmployeeID string
	Kind       string
	ScreenedOn string
	Note       string
}

// ScreeningInput records a screening.
type ScreeningInput struct {
	EmployeeID string
	Kind       string
	ScreenedOn string
	Note       string
}

// AddScreening records a screening of an employee (HR).
func (s *Store) AddScreening(ctx context.Context, sc *auth.Scope, in ScreeningInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var errs apperr.List
	if in.Kind != VOG && in.Kind != VOGP {
		errs = append(errs, apperr.FieldErr("kind", "integrity.screening.kind_invalid"))
	}
	day, errs := s.checkPastDay(errs, "screened_on", in.ScreenedOn)
	note, e := checkText("screening_note", in.Note, false, 2000)
	if e != nil {
		errs = append(errs, e)
	}
	errs, err := s.checkEmployee(ctx, sc, errs, in.EmployeeID)
	if err != nil {
		return "", err
	}
	if len(errs) > 0 {
		return "", errs
	}
	id := store.NewID()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, note, "screening:"+id+":note")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO screenings (id, org_id, employee_id, kind, screened_on, key_id, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, sc.OrgID, in.EmployeeID, in.Kind, day, keyID, sealed, sc.UserID, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".screening.create", "screening", id)
	})
	return id, err
}

// asFieldErr splits a person-lookup error into a field error for the form
// or a plain error to return.
func asFieldErr(err error) (*apperr.Error, bool) {
	ae, ok := err.(*apperr.Error)
	return ae, ok && ae.Field != ""
}

// ScreeningList returns everyone the scope sees who holds a function
// needing a VOG or VOG-P today, with whether a (re)screening is due; those
// due come first. People who left are not counted.
func (s *Store) ScreeningList(ctx context.Context, sc *auth.Scope) ([]ScreeningStatus, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	day := s.todayISO()
	people, err := s.registerPeople(ctx, sc, ts, st, day)
	if err != nil {
		return nil, err
	}
	// Functions held today, with their VOG level and start date.
	type held struct {
		level, start string
	}
	heldBy := map[string][]held{}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT a.employee_id, f.vog_level, a.start_date FROM assignments a JOIN functions f ON f.id = a.function_id
		WHERE a.org_id = $1 AND f.vog_level <> '' AND a.start_date <= $2 AND (a.end_date = '' OR a.end_date >= $2)`, sc.OrgID, day)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var emp string
		var h held
		if err := rows.Scan(&emp, &h.level, &h.start); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		heldBy[emp] = append(heldBy[emp], h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	last := map[string]Screening{}
	rows, err = s.db.Read.QueryContext(ctx, `SELECT employee_id, kind, screened_on FROM screenings WHERE org_id = $1 ORDER BY screened_on, created_at`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var x Screening
		if err := rows.Scan(&x.EmployeeID, &x.Kind, &x.ScreenedOn); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		last[x.EmployeeID] = x // ordered by date: the last one wins
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []ScreeningStatus
	for _, p := range people {
		hs := heldBy[p.ID]
		if len(hs) == 0 {
			continue
		}
		ss := ScreeningStatus{Person: p}
		for _, h := range hs {
			if vogRank(h.level) > vogRank(ss.Required) {
				ss.Required = h.level
			}
		}
		l, ok := last[p.ID]
		switch {
		case !ok:
			ss.Due, ss.Reason = true, DueNever
		case vogRank(l.Kind) < vogRank(ss.Required):
			ss.Due, ss.Reason = true, DueLevel
		case slices.ContainsFunc(hs, func(h held) bool { return h.start > l.ScreenedOn }):
			// A VOG is issued for a function profile: a new function
			// that needs one needs a new screening.
			ss.Due, ss.Reason = true, DueFunctionChange
		case st.RescreenMonths > 0:
			d, _ := time.Parse(time.DateOnly, l.ScreenedOn)
			ss.DueOn = d.AddDate(0, st.RescreenMonths, 0).Format(time.DateOnly)
			if ss.DueOn <= day {
				ss.Due, ss.Reason = true, DuePeriodic
			}
		}
		if ok {
			ss.LastOn, ss.LastKind = l.ScreenedOn, l.Kind
		}
		out = append(out, ss)
	}
	slices.SortStableFunc(out, func(a, b ScreeningStatus) int {
		if a.Due != b.Due {
			if a.Due {
				return -1
			}
			return 1
		}
		return 0
	})
	return out, nil
}

// Screenings returns one employee of the organisation and their recorded
// screenings, newest first, with the sealed notes opened (HR); the read is
// audited.
func (s *Store) Screenings(ctx context.Context, sc *auth.Scope, employeeID string) (Person, []Screening, error) {
	if err := canManage(sc); err != nil {
		return Person{}, nil, err
	}
	p, err := s.person(ctx, s.db.Read, sc, employeeID)
	if err != nil {
		if _, ok := asFieldErr(err); ok {
			return Person{}, nil, apperr.New(apperr.NotFound, "integrity.not_found")
		}
		return Person{}, nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, employee_id, kind, screened_on, key_id, note FROM screenings
		WHERE org_id = $1 AND employee_id = $2 ORDER BY screened_on DESC, created_at DESC`, sc.OrgID, p.ID)
	if err != nil {
		return Person{}, nil, apperr.Wrap(err, "store.query_failed")
	}
	type sealed struct {
		keyID string
		note  []byte
	}
	var out []Screening
	var notes []sealed
	for rows.Next() {
		var x Screening
		var n sealed
		if err := rows.Scan(&x.ID, &x.EmployeeID, &x.Kind, &x.ScreenedOn, &n.keyID, &n.note); err != nil {
			rows.Close()
			return Person{}, nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, x)
		notes = append(notes, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Person{}, nil, apperr.Wrap(err, "store.query_failed")
	}
	for i := range out {
		if out[i].Note, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, notes[i].keyID, notes[i].note, "screening:"+out[i].ID+":note"); err != nil {
			return Person{}, nil, err
		}
	}
	if err := s.recordRead(ctx, sc, "screening", p.ID); err != nil {
		return Person{}, nil, err
	}
	return p, out, nil
}

// FunctionVOG is a function with its VOG level, for the page where HR
// sets the levels.
type FunctionVOG struct {
	ID, Code, Name, Level string
	// Suggested is the level DOMAIN.md's defaults suggest.
	Suggested string
}

// FunctionLevels lists the organisation's functions with their VOG level.
func (s *Store) FunctionLevels(ctx context.Context, sc *auth.Scope) ([]FunctionVOG, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, code, name, vog_level FROM functions WHERE org_id = $1 ORDER BY name, code`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []FunctionVOG
	for rows.Next() {
		var f FunctionVOG
		if err := rows.Scan(&f.ID, &f.Code, &f.Name, &f.Level); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		f.Suggested = SuggestedLevel(f.Code, f.Name)
		out = append(out, f)
	}
	return out, rows.Err()
}

// SetFunctionLevel sets the VOG level (”, vog or vog_p) of a function (HR).
func (s *Store) SetFunctionLevel(ctx context.Context, sc *auth.Scope, functionID, level string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if level != "" && level != VOG && level != VOGP {
		return apperr.List{apperr.FieldErr("vog_level", "integrity.screening.level_invalid")}
	}
	if functionID == "" {
		return apperr.List{apperr.FieldErr("function", "field.required")}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE functions SET vog_level = $1, updated_at = $2 WHERE org_id = $3 AND id = $4`,
			level, store.Millis(s.clk.Now()), sc.OrgID, functionID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.List{apperr.FieldErr("function", "integrity.function_unknown")}
		}
		return s.record(ctx, tx, sc, area+".function.vog", "function", functionID)
	})
}
