package people

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Forms of the ambtseed (Ambtenarenwet 2017, art. 7): the oath or the
// affirmation.
const (
	OathForm        = "eed"
	AffirmationForm = "belofte"
)

// OathStatus is one person in the oath register: whether and when they
// took the oath or affirmation.
type OathStatus struct {
	Person
	TakenOn string
	Form    string
}

// OathInput records that an employee took the oath or affirmation.
type OathInput struct {
	EmployeeID string
	TakenOn    string
	Form       string
}

// AddOath records an oath or affirmation (HR).
func (s *Store) AddOath(ctx context.Context, sc *auth.Scope, in OathInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var errs apperr.List
	if in.Form != OathForm && in.Form != AffirmationForm {
		errs = append(errs, apperr.FieldErr("form", "integrity.oath.form_invalid"))
	}
	day, errs := s.checkPastDay(errs, "taken_on", in.TakenOn)
	errs, err := s.checkEmployee(ctx, sc, errs, in.EmployeeID)
	if err != nil {
		return "", err
	}
	if len(errs) > 0 {
		return "", errs
	}
	id := store.NewID()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO oaths (id, org_id, employee_id, taken_on, form, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			id, sc.OrgID, in.EmployeeID, day, in.Form, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".oath.create", "oath", id)
	})
	return id, err
}

// OathRegister returns everyone employed today in the teams the scope
// sees with their oath status; a teamleider sees their own teams.
func (s *Store) OathRegister(ctx context.Context, sc *auth.Scope) ([]OathStatus, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	people, err := s.registerPeople(ctx, sc, ts, st, s.todayISO())
	if err != nil {
		return nil, err
	}
	taken := map[string]OathStatus{}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT employee_id, taken_on, form FROM oaths WHERE org_id = $1 ORDER BY taken_on`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var emp string
		var o OathStatus
		if err := rows.Scan(&emp, &o.TakenOn, &o.Form); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		taken[emp] = o
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	out := make([]OathStatus, 0, len(people))
	for _, p := range people {
		o := taken[p.ID]
		o.Person = p
		out = append(out, o)
	}
	return out, nil
}
