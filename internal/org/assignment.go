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

// AssignmentFilter narrows Assignments; empty fields do not filter.
type AssignmentFilter struct {
	EmployeeID string
	FunctionID string
	// ActiveOn is a date: only functions held that day by employees who
	// work here that day. This is the duty analysis's question.
	ActiveOn string
}

// NewAssignment is the input for assigning an employee to a function.
type NewAssignment struct {
	EmployeeID string
	FunctionID string
	StartDate  string
	EndDate    string // optional
}

// Assignments returns assignments sorted by employee name, function and
// start date.
func (s *Store) Assignments(ctx context.Context, sc *auth.Scope, f AssignmentFilter) ([]Assignment, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	w := store.NewWhere("a.org_id = ?", sc.OrgID)
	if f.EmployeeID != "" {
		w.Add("a.employee_id = ?", f.EmployeeID)
	}
	if f.FunctionID != "" {
		w.Add("a.function_id = ?", f.FunctionID)
	}
	if f.ActiveOn != "" {
		on, ok := parseDate(f.ActiveOn)
		if !ok {
			return nil, apperr.FieldErr("active_on", "org.date_invalid")
		}
		w.Add(`a.start_date <= ? AND (a.end_date = '' OR a.end_date >= ?)
			AND e.start_date <= ? AND (e.end_date = '' OR e.end_date >= ?)`, on, on, on, on)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT a.id, a.employee_id, e.number, e.name, a.function_id, f.code, f.name, a.start_date, a.end_date
		FROM assignments a
		JOIN employees e ON e.id = a.employee_id AND e.org_id = a.org_id
		JOIN functions f ON f.id = a.function_id AND f.org_id = a.org_id
		WHERE `+w.SQL()+` ORDER BY lower(e.name), e.number, lower(f.name), a.start_date`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.ID, &a.EmployeeID, &a.EmployeeNumber, &a.EmployeeName, &a.FunctionID, &a.FunctionCode,
			&a.FunctionName, &a.StartDate, &a.EndDate); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Assign gives an employee a function over a period. The periods of one
// employee in one function may not overlap.
func (s *Store) Assign(ctx context.Context, sc *auth.Scope, n NewAssignment) (*Assignment, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	a := &Assignment{ID: store.NewID(), EmployeeID: strings.TrimSpace(n.EmployeeID), FunctionID: strings.TrimSpace(n.FunctionID)}
	var errs apperr.List
	a.StartDate, a.EndDate = period(&errs, n.StartDate, n.EndDate)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT number, name FROM employees WHERE org_id = $1 AND id = $2`, sc.OrgID, a.EmployeeID).
			Scan(&a.EmployeeNumber, &a.EmployeeName)
		if errors.Is(err, store.ErrNoRows) {
			errs = append(errs, apperr.FieldErr("employee", "org.assignment.employee_unknown"))
		} else if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		err = tx.QueryRowContext(ctx, `SELECT code, name FROM functions WHERE org_id = $1 AND id = $2`, sc.OrgID, a.FunctionID).
			Scan(&a.FunctionCode, &a.FunctionName)
		if errors.Is(err, store.ErrNoRows) {
			errs = append(errs, apperr.FieldErr("function", "org.assignment.function_unknown"))
		} else if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if len(errs) > 0 {
			return errs
		}
		rows, err := tx.QueryContext(ctx, `SELECT start_date, end_date FROM assignments
			WHERE org_id = $1 AND employee_id = $2 AND function_id = $3`, sc.OrgID, a.EmployeeID, a.FunctionID)
		if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		defer rows.Close()
		for rows.Next() {
			var start, end string
			if err := rows.Scan(&start, &end); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			if overlaps(a.StartDate, a.EndDate, start, end) {
				return apperr.List{apperr.FieldErr("start_date", "org.assignment.overlap", showDate(start))}
			}
		}
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		rows.Close()
		now := store.Millis(s.clk.Now())
		_, err = tx.ExecContext(ctx, `INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, a.ID, sc.OrgID, a.EmployeeID, a.FunctionID, a.StartDate, a.EndDate, now)
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionAssignmentCreate, "assignment", a.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
