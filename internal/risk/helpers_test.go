package risk_test

import (
	"context"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// env is a database with two municipalities, A and B, and the risk store.
type env struct {
	ctx  context.Context
	db   *store.DB
	risk *risk.Store
	clk  *clock.Fake
	a, b *auth.Scope
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e := &env{ctx: context.Background(), db: db, clk: clk, risk: risk.NewStore(db, clk, audit.New(db, clk))}
	e.a = e.newOrg(t, "voorbeeldstad")
	e.b = e.newOrg(t, "buurdorp")
	return e
}

func (e *env) newOrg(t *testing.T, slug string) *auth.Scope {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`, id, slug, "Gemeente "+slug)
	sc := auth.System(id)
	sc.UserName = "test"
	return sc
}

func (e *env) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := e.db.Write.ExecContext(e.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// The organisation model is package org's; these tests write its rows
// directly, as risk reads them with its own SQL.

func (e *env) team(t *testing.T, sc *auth.Scope, name string) string {
	id := store.NewID()
	e.exec(t, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, $3, 0, 0)`, id, sc.OrgID, name)
	return id
}

func (e *env) function(t *testing.T, sc *auth.Scope, code string) string {
	id := store.NewID()
	e.exec(t, `INSERT INTO functions (id, org_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, $3, 0, 0)`, id, sc.OrgID, code)
	return id
}

func (e *env) employee(t *testing.T, sc *auth.Scope, teamID, name string) string {
	id := store.NewID()
	e.exec(t, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, created_at, updated_at)
		VALUES ($1, $2, $1, $3, $4, '2020-01-01', 0, 0)`, id, sc.OrgID, name, teamID)
	return id
}

func (e *env) assign(t *testing.T, sc *auth.Scope, employeeID, functionID, start, end string) {
	e.exec(t, `INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, 0)`, store.NewID(), sc.OrgID, employeeID, functionID, start, end)
}

func (e *env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
