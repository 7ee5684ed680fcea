package people_test

import (
	"errors"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ienv is the integrity registers' test world: the application on a fresh
// database (SQLite, or PostgreSQL with WEERBAAR_TEST_POSTGRES), two
// municipalities and a user of every role that matters in A.
type ienv struct {
	h                                    *apptest.Harness
	ps                                   *people.Store
	a, b                                 *auth.Organisation
	hr, coord, lead, emp, executive, hrB *auth.Scope
	leadUser                             *auth.User
}

func newIEnv(t *testing.T) *ienv {
	t.Helper()
	h := apptest.New(t)
	e := &ienv{h: h, ps: h.App.People, a: h.Org("gemeente-a"), b: h.Org("gemeente-b")}
	scope := func(o *auth.Organisation, name string, r auth.Role) (*auth.Scope, *auth.User) {
		u := h.User(o, name, r)
		return h.Scope(o, u), u
	}
	e.hr, _ = scope(e.a, "hr", auth.HR)
	e.coord, _ = scope(e.a, "coord", auth.Coordinator)
	e.lead, e.leadUser = scope(e.a, "lead", auth.TeamLead)
	e.emp, _ = scope(e.a, "emp", auth.Employee)
	e.executive, _ = scope(e.a, "exec", auth.Executive)
	e.hrB, _ = scope(e.b, "hr", auth.HR)
	return e
}

func (e *ienv) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := e.h.App.DB.Write.ExecContext(e.h.Ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func (e *ienv) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// The organisation model is package org's; these tests write its rows
// directly, as package people reads them with its own SQL.

func (e *ienv) team(t *testing.T, o *auth.Organisation, name, parent string) string {
	id := store.NewID()
	var p any
	if parent != "" {
		p = parent
	}
	e.exec(t, `INSERT INTO teams (id, org_id, parent_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0)`, id, o.ID, p, name)
	return id
}

func (e *ienv) function(t *testing.T, o *auth.Organisation, code, level string) string {
	id := store.NewID()
	e.exec(t, `INSERT INTO functions (id, org_id, code, name, vog_level, created_at, updated_at) VALUES ($1, $2, $3, $3, $4, 0, 0)`, id, o.ID, code, level)
	return id
}

// employee adds an employee who started on start and left on end (” =
// still employed).
func (e *ienv) employee(t *testing.T, o *auth.Organisation, team, name, start, end string) string {
	id := store.NewID()
	e.exec(t, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, end_date, created_at, updated_at)
		VALUES ($1, $2, $1, $3, $4, $5, $6, 0, 0)`, id, o.ID, name, team, start, end)
	return id
}

func (e *ienv) assign(t *testing.T, o *auth.Organisation, emp, fn, start, end string) {
	e.exec(t, `INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, 0)`, store.NewID(), o.ID, emp, fn, start, end)
}

func (e *ienv) screened(t *testing.T, emp, kind, on string) {
	t.Helper()
	if _, err := e.ps.AddScreening(e.h.Ctx, e.hr, people.ScreeningInput{EmployeeID: emp, Kind: kind, ScreenedOn: on}); err != nil {
		t.Fatal(err)
	}
}

// wantFields fails unless err is a list of field errors naming exactly
// the given fields, in any order.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var list apperr.List
	if !errors.As(err, &list) {
		t.Fatalf("want field errors %v, got %v", fields, err)
	}
	got := map[string]bool{}
	for _, fe := range list {
		got[fe.Field] = true
	}
	for _, f := range fields {
		if !got[f] {
			t.Errorf("no error for field %q in %v", f, err)
		}
	}
	if len(got) != len(fields) {
		t.Errorf("errors for %v, want exactly %v", got, fields)
	}
}

func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: want %v, got %v", what, code, err)
	}
}
