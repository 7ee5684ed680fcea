package scan_test

import (
	"context"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/scan"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// env is a database with two municipalities, A and B, and the scan store
// with a fake action list.
type env struct {
	ctx     context.Context
	db      *store.DB
	s       *scan.Store
	clk     *clock.Fake
	actions *fakeActions
	a, b    *auth.Scope // coordinators of A and B
}

// fakeActions records the actions the scan asks for.
type fakeActions struct{ made []scan.NewAction }

func (f *fakeActions) CreateAction(_ context.Context, _ *auth.Scope, n scan.NewAction) (string, error) {
	f.made = append(f.made, n)
	return "actie-" + n.SourceID + "-" + string(rune('0'+len(f.made))), nil
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e := &env{ctx: context.Background(), db: db, clk: clk, s: scan.NewStore(db, clk, audit.New(db, clk)), actions: &fakeActions{}}
	e.s.SetActions(e.actions)
	e.a = e.newOrg(t, "voorbeeldstad", auth.Coordinator)
	e.b = e.newOrg(t, "buurdorp", auth.Coordinator)
	return e
}

func (e *env) newOrg(t *testing.T, slug string, role auth.Role) *auth.Scope {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`, id, slug, "Gemeente "+slug)
	return &auth.Scope{OrgID: id, UserID: store.NewID(), UserName: "test", Roles: []auth.Role{role}, MFA: true}
}

// as returns a scope of the same organisation with another role.
func as(sc *auth.Scope, role auth.Role) *auth.Scope {
	return &auth.Scope{OrgID: sc.OrgID, UserID: store.NewID(), UserName: "test", Roles: []auth.Role{role}, MFA: true}
}

func (e *env) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := e.db.Write.ExecContext(e.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (e *env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *env) team(t *testing.T, sc *auth.Scope, name string) string {
	id := store.NewID()
	e.exec(t, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, $3, 0, 0)`, id, sc.OrgID, name)
	return id
}

// answer answers the questions of a scan with the given levels.
func (e *env) answer(t *testing.T, sc *auth.Scope, id string, levels map[string]int) {
	t.Helper()
	var in []scan.AnswerInput
	for k, l := range levels {
		in = append(in, scan.AnswerInput{QuestionKey: k, Level: l})
	}
	if err := e.s.SaveAnswers(e.ctx, sc, id, in); err != nil {
		t.Fatal(err)
	}
}
