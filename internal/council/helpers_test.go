package council_test

import (
	"context"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// env is a database with two municipalities, A and B, and the council
// store with fake figures and evidence.
type env struct {
	ctx      context.Context
	db       *store.DB
	s        *council.Store
	clk      *clock.Fake
	figures  *fakeFigures
	evidence *fakeEvidence
	a, b     *auth.Scope // coordinators of A and B
}

// fakeFigures stands in for package plan: indicators and goals per
// organisation.
type fakeFigures struct {
	ind   map[string][]council.Indicator
	goals map[string][]council.Goal
}

func (f *fakeFigures) Indicators(_ context.Context, sc *auth.Scope, _ int) ([]council.Indicator, error) {
	return f.ind[sc.OrgID], nil
}

func (f *fakeFigures) Goals(_ context.Context, sc *auth.Scope, _ int) ([]council.Goal, error) {
	return f.goals[sc.OrgID], nil
}

func (f *fakeFigures) IndicatorsForOrgs(_ context.Context, orgIDs []string, _ int) (map[string][]council.Indicator, error) {
	out := map[string][]council.Indicator{}
	for _, id := range orgIDs {
		if l, ok := f.ind[id]; ok {
			out[id] = l
		}
	}
	return out, nil
}

// fakeEvidence stands in for the other capabilities.
type fakeEvidence struct {
	maturity      map[string]*council.Maturity
	looHeld       int
	looMinutes    int
	bibobPolicyOn string
	interventions int
	due, onTime   int
}

func (f *fakeEvidence) Maturity(_ context.Context, sc *auth.Scope) (*council.Maturity, error) {
	return f.maturity[sc.OrgID], nil
}

func (f *fakeEvidence) MaturityForOrgs(_ context.Context, orgIDs []string) (map[string]*council.Maturity, error) {
	out := map[string]*council.Maturity{}
	for _, id := range orgIDs {
		if m, ok := f.maturity[id]; ok {
			out[id] = m
		}
	}
	return out, nil
}

func (f *fakeEvidence) LOOMeetings(context.Context, *auth.Scope, string, string) (int, int, error) {
	return f.looHeld, f.looMinutes, nil
}

func (f *fakeEvidence) BibobPolicyUpdatedOn(context.Context, *auth.Scope) (string, error) {
	return f.bibobPolicyOn, nil
}

func (f *fakeEvidence) Interventions(context.Context, *auth.Scope, string, string) (int, error) {
	return f.interventions, nil
}

func (f *fakeEvidence) Aftercare(context.Context, *auth.Scope, time.Time, time.Time) (int, int, error) {
	return f.due, f.onTime, nil
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	e := &env{ctx: context.Background(), db: db, clk: clk, s: council.NewStore(db, clk, audit.New(db, clk)),
		figures: &fakeFigures{ind: map[string][]council.Indicator{}, goals: map[string][]council.Goal{}}, evidence: &fakeEvidence{maturity: map[string]*council.Maturity{}}}
	e.s.SetFigures(e.figures)
	e.s.SetEvidence(e.evidence)
	e.a = e.newOrg(t, "voorbeeldstad", auth.Coordinator)
	e.b = e.newOrg(t, "buurdorp", auth.Coordinator)
	return e
}

func (e *env) newOrg(t testing.TB, slug string, role auth.Role) *auth.Scope {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`, id, slug, "Gemeente "+slug)
	sc := &auth.Scope{OrgID: id, OrgName: "Gemeente " + slug, UserID: store.NewID(), UserName: "Coördinator " + slug, Roles: []auth.Role{role}, MFA: true}
	e.exec(t, `INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, 0)`, sc.UserID, sc.UserID+"@example.org", sc.UserName)
	return sc
}

// as returns a scope of the same organisation with another role.
func as(sc *auth.Scope, role auth.Role) *auth.Scope {
	return &auth.Scope{OrgID: sc.OrgID, OrgName: sc.OrgName, UserID: store.NewID(), UserName: "test", Roles: []auth.Role{role}, MFA: true}
}

func (e *env) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := e.db.Write.ExecContext(e.ctx, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (e *env) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// maturity is a Vijf pijlers result with the five pillars at the levels.
func maturity(heldOn string, levels ...float64) *council.Maturity {
	keys := []string{"bewustwording", "informatiepositie", "beleid", "werkomgeving", "communicatie"}
	names := []string{"Bewustwording & organisatie", "Informatiepositie", "Beleid & handhaving", "Integere & veilige werkomgeving", "Communicatie"}
	m := &council.Maturity{ScanTitle: "Scan", HeldOn: heldOn}
	sum := 0.0
	for i, l := range levels {
		m.Pillars = append(m.Pillars, council.PillarScore{Key: keys[i], Name: names[i], Value: l, Has: true})
		sum += l
	}
	if len(levels) > 0 {
		m.Overall, m.HasOverall = float64(int(sum/float64(len(levels))*10+0.5))/10, true
	}
	return m
}

func ind(key, label, unit string, v float64) council.Indicator {
	return council.Indicator{Key: key, Label: label, Unit: unit, Value: v, Known: true}
}
