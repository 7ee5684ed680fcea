package bibob_test

import (
	"context"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
	"github.com/weerbaar/weerbaar/internal/vault/vaulttest"
)

// ivEnv is a database with two municipalities and the Bibob store; the
// clock stands on 23 November 2026.
type ivEnv struct {
	ctx  context.Context
	db   *store.DB
	s    *bibob.Store
	clk  *clock.Fake
	a, b *auth.Scope // Bibob coordinators of A and B
}

func newIVEnv(t testing.TB) *ivEnv {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	e := &ivEnv{ctx: context.Background(), db: db, clk: clk}
	e.s = bibob.NewStore(db, clk, audit.New(db, clk), vaulttest.New(t, db))
	e.a = e.user(t, e.org(t, "voorbeeldstad"), auth.Bibob)
	e.b = e.user(t, e.org(t, "buurdorp"), auth.Bibob)
	return e
}

func (e *ivEnv) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := e.db.Write.ExecContext(e.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (e *ivEnv) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (e *ivEnv) org(t testing.TB, slug string) string {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`, id, slug, "Gemeente "+slug)
	return id
}

// user makes a user with one role in the organisation.
func (e *ivEnv) user(t testing.TB, orgID string, role auth.Role) *auth.Scope {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, 0)`, id, id+"@example.org", string(role)+" "+id[:6])
	e.exec(t, `INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, $3, 0)`, id, orgID, string(role))
	return &auth.Scope{OrgID: orgID, UserID: id, UserName: string(role), Roles: []auth.Role{role}, MFA: true}
}

// add registers an intervention and fails the test on an error.
func (e *ivEnv) add(t testing.TB, sc *auth.Scope, kind, basis, day string) string {
	t.Helper()
	id, err := e.s.AddIntervention(e.ctx, sc, bibob.InterventionInput{Kind: kind, LegalBasis: basis, OccurredOn: day,
		ObjectAddress: "Marktstraat 1", Outcome: "uitgevoerd"})
	if err != nil {
		t.Fatalf("add %s %s: %v", kind, day, err)
	}
	return id
}

// fields lists the fields an input error names.
func fields(err error) map[string]string {
	out := map[string]string{}
	if list, ok := err.(apperr.List); ok {
		for _, e := range list {
			out[e.Field] = e.Key
		}
	}
	return out
}
