package org

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// EmployeeFilter narrows Employees; empty fields do not filter.
type EmployeeFilter struct {
	TeamID   string
	ActiveOn string // a date: only employees who work here that day
}

// NewEmployee is the input for creating an employee.
type NewEmployee struct {
	Number        string
	Name          string
	TeamID        string
	StartDate     string // YYYY-MM-DD or DD-MM-YYYY
	EndDate       string // optional
	ClientContact bool
	Hired         bool
}

const employeeColumns = `e.id, e.number, e.name, e.team_id, t.name, e.start_date, e.end_date, e.client_contact, e.hired, e.created_at, e.updated_at`

func scanEmployee(sc interface{ Scan(...any) error }) (*Employee, error) {
	e := &Employee{}
	var created, updated int64
	if err := sc.Scan(&e.ID, &e.Number, &e.Name, &e.TeamID, &e.TeamName, &e.StartDate, &e.EndDate,
		&e.ClientContact, &e.Hired, &created, &updated); err != nil {
		return nil, err
	}
	e.CreatedAt, e.UpdatedAt = store.Time(created), store.Time(updated)
	return e, nil
}

// Employees returns the organisation's employees sorted by name.
func (s *Store) Employees(ctx context.Context, sc *auth.Scope, f EmployeeFilter) ([]*Employee, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	w := store.NewWhere("e.org_id = ?", sc.OrgID)
	if f.TeamID != "" {
		w.Add("e.team_id = ?", f.TeamID)
	}
	if f.ActiveOn != "" {
		on, ok := parseDate(f.ActiveOn)
		if !ok {
			return nil, apperr.FieldErr("active_on", "org.date_invalid")
		}
		w.Add("e.start_date <= ? AND (e.end_date = '' OR e.end_date >= ?)", on, on)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+employeeColumns+` FROM employees e
		JOIN teams t ON t.id = e.team_id AND t.org_id = e.org_id
		WHERE `+w.SQL()+` ORDER BY lower(e.name), e.number`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []*Employee
	for rows.Next() {
		e, err := scanEmployee(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Employee returns one employee of the scope's organisation.
func (s *Store) Employee(ctx context.Context, sc *auth.Scope, id string) (*Employee, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	e, err := scanEmployee(s.db.Read.QueryRowContext(ctx, `SELECT `+employeeColumns+` FROM employees e
		JOIN teams t ON t.id = e.team_id AND t.org_id = e.org_id
		WHERE e.org_id = $1 AND e.id = $2`, sc.OrgID, id))
	if err != nil {
		return nil, store.NotFound(err, "org.employee.not_found")
	}
	return e, nil
}

// CreateEmployee adds an employee to a team. Personnel numbers are unique
// per organisation.
func (s *Store) CreateEmployee(ctx context.Context, sc *auth.Scope, n NewEmployee) (*Employee, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	e := &Employee{ID: store.NewID(), Number: clean(n.Number), Name: clean(n.Name), TeamID: strings.TrimSpace(n.TeamID),
		ClientContact: n.ClientContact, Hired: n.Hired}
	var errs apperr.List
	switch {
	case e.Number == "":
		errs = append(errs, apperr.FieldErr("number", "field.required"))
	case tooLong(e.Number, maxCode):
		errs = append(errs, apperr.FieldErr("number", "org.too_long", maxCode))
	}
	switch {
	case e.Name == "":
		errs = append(errs, apperr.FieldErr("name", "field.required"))
	case tooLong(e.Name, maxName):
		errs = append(errs, apperr.FieldErr("name", "org.too_long", maxName))
	}
	e.StartDate, e.EndDate = period(&errs, n.StartDate, n.EndDate)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT name FROM teams WHERE org_id = $1 AND id = $2`, sc.OrgID, e.TeamID).Scan(&e.TeamName)
		if errors.Is(err, store.ErrNoRows) {
			errs = append(errs, apperr.FieldErr("team", "org.employee.team_unknown"))
		} else if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE org_id = $1 AND number = $2`, sc.OrgID, e.Number).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			errs = append(errs, apperr.FieldErr("number", "org.employee.number_taken", e.Number))
		}
		if len(errs) > 0 {
			return errs
		}
		now := s.clk.Now()
		e.CreatedAt, e.UpdatedAt = store.Time(store.Millis(now)), store.Time(store.Millis(now))
		_, err = tx.ExecContext(ctx, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, end_date, client_contact, hired, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			e.ID, sc.OrgID, e.Number, e.Name, e.TeamID, e.StartDate, e.EndDate, e.ClientContact, e.Hired, store.Millis(now))
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionEmployeeCreate, "employee", e.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// period checks a start date (required) and an end date (optional, not
// before the start), adding field errors to errs, and returns both in
// stored form.
func period(errs *apperr.List, start, end string) (string, string) {
	s, ok := parseDate(start)
	switch {
	case strings.TrimSpace(start) == "":
		*errs = append(*errs, apperr.FieldErr("start_date", "field.required"))
	case !ok:
		*errs = append(*errs, apperr.FieldErr("start_date", "org.date_invalid"))
	}
	if strings.TrimSpace(end) == "" {
		return s, ""
	}
	e, ok := parseDate(end)
	switch {
	case !ok:
		*errs = append(*errs, apperr.FieldErr("end_date", "org.date_invalid"))
	case s != "" && e < s:
		*errs = append(*errs, apperr.FieldErr("end_date", "org.end_before_start"))
	}
	return s, e
}
