package people_test

import (
	"context"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
	"github.com/weerbaar/weerbaar/internal/vault/vaulttest"
)

// tenv is a database with two municipalities and the people store; the
// clock stands on 23 November 2026.
type tenv struct {
	ctx     context.Context
	db      *store.DB
	s       *people.Store
	clk     *clock.Fake
	a, b    *auth.Scope // system scopes of A and B
	actions *fakeActions
}

type fakeActions struct{ made []people.NewAction }

func (f *fakeActions) CreateAction(_ context.Context, _ *auth.Scope, n people.NewAction) (string, error) {
	f.made = append(f.made, n)
	return store.NewID(), nil
}

func newTEnv(t *testing.T) *tenv {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	out := notify.New(db, clk, nil, "weerbaar@example.org")
	e := &tenv{ctx: context.Background(), db: db, clk: clk, actions: &fakeActions{}}
	e.s = people.NewStore(db, clk, audit.New(db, clk), vaulttest.New(t, db), out)
	e.s.SetActions(e.actions)
	e.a = e.org(t, "voorbeeldstad")
	e.b = e.org(t, "buurdorp")
	return e
}

func (e *tenv) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if _, err := e.db.Write.ExecContext(e.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (e *tenv) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *tenv) org(t *testing.T, slug string) *auth.Scope {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`, id, slug, "Gemeente "+slug)
	sc := auth.System(id)
	sc.UserName = "test"
	return sc
}

// user makes a user with one role in the scope's organisation.
func (e *tenv) user(t *testing.T, org *auth.Scope, role auth.Role) *auth.Scope {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, 0)`, id, id+"@example.org", string(role)+" "+id[:6])
	e.exec(t, `INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, 0)`, id, org.OrgID, string(role))
	return &auth.Scope{OrgID: org.OrgID, UserID: id, UserName: string(role), Roles: []auth.Role{role}, MFA: true}
}

func (e *tenv) lead(t *testing.T, sc *auth.Scope, teamID string) {
	t.Helper()
	e.exec(t, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, sc.OrgID, sc.UserID, teamID)
}

func (e *tenv) team(t *testing.T, sc *auth.Scope, name, parent string) string {
	t.Helper()
	id := store.NewID()
	var p any
	if parent != "" {
		p = parent
	}
	e.exec(t, `INSERT INTO teams (id, org_id, parent_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0)`, id, sc.OrgID, p, name)
	return id
}

func (e *tenv) function(t *testing.T, sc *auth.Scope, code, name string) string {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO functions (id, org_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0)`, id, sc.OrgID, code, name)
	return id
}

// person adds an employee; kind "" is staff.
func (e *tenv) person(t *testing.T, sc *auth.Scope, teamID, number, name, start, end string, client bool) string {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, end_date, client_contact, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0)`, id, sc.OrgID, number, name, teamID, start, end, client)
	return id
}

func (e *tenv) assign(t *testing.T, sc *auth.Scope, emp, fn, start, end string) {
	t.Helper()
	e.exec(t, `INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, 0)`, store.NewID(), sc.OrgID, emp, fn, start, end)
}

func (e *tenv) requirement(t *testing.T, sc *auth.Scope, code string) *people.Requirement {
	t.Helper()
	r, err := e.s.RequirementByCode(e.ctx, sc, code)
	if err != nil {
		t.Fatalf("requirement %s: %v", code, err)
	}
	return r
}
