package council_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/council"
)

func TestDistribute(t *testing.T) {
	if _, ok := council.Distribute([]float64{1, 2, 3, 4}); ok {
		t.Error("4 values give a distribution")
	}
	d, ok := council.Distribute([]float64{4, 1, 3, 2, 5})
	if !ok || d.N != 5 || d.Min != 1 || d.P25 != 2 || d.Median != 3 || d.P75 != 4 || d.Max != 5 {
		t.Errorf("1..5: %+v", d)
	}
	// Linear interpolation between the sorted values.
	d, _ = council.Distribute([]float64{10, 20, 30, 40, 50, 60})
	if d.P25 != 22.5 || d.Median != 35 || d.P75 != 47.5 {
		t.Errorf("10..60: %+v", d)
	}
}

// Only organisations that opted in see the benchmark; they see their own
// figures against the others' distribution, only when at least five
// others have a value, and never another organisation's name or id.
func TestBenchmark(t *testing.T) {
	e := newEnv(t)
	// A and five others take part (B and four more); one more organisation
	// has data but did not opt in; its value would change the distribution.
	var others []*auth.Scope
	for i := range 6 {
		others = append(others, e.newOrg(t, fmt.Sprintf("gemeente-%d", i), auth.Coordinator))
	}
	e.evidence.maturity[e.a.OrgID] = maturity("2026-06-01", 2, 2, 2, 2, 2)
	e.figures.ind[e.a.OrgID] = []council.Indicator{ind(council.IndTraining, "Dekking verplichte trainingen", "%", 55)}
	for i, sc := range others {
		lvl := float64(i + 1) // 1, 2, 3, 4, 5 for the participants; 6 (never 6) for the outsider
		e.evidence.maturity[sc.OrgID] = maturity("2026-05-01", min(lvl, 5), min(lvl, 5), min(lvl, 5), min(lvl, 5), min(lvl, 5))
		if i < 4 {
			e.figures.ind[sc.OrgID] = []council.Indicator{ind(council.IndTraining, "Dekking verplichte trainingen", "%", float64(50+10*i))}
		}
	}
	outsider := others[5]
	e.evidence.maturity[outsider.OrgID] = maturity("2026-05-01", 1, 1, 1, 1, 1)

	// Not opted in: nothing to see; employees may not look at all.
	b, err := e.s.Benchmark(e.ctx, e.a, 2026)
	if err != nil || b.OptedIn || len(b.Maturity) != 0 {
		t.Fatalf("before opting in: %+v %v", b, err)
	}
	if _, err := e.s.Benchmark(e.ctx, as(e.a, auth.Employee), 2026); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("employee: %v", err)
	}
	if err := e.s.SetOptIn(e.ctx, as(e.a, auth.Executive), true); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("an executive sets the opt-in: %v", err)
	}
	for _, sc := range append([]*auth.Scope{e.a, e.b}, others[:4]...) {
		if err := e.s.SetOptIn(e.ctx, sc, true); err != nil {
			t.Fatal(err)
		}
	}
	// B has no data: four others with maturity → too few.
	b, err = e.s.Benchmark(e.ctx, e.a, 2026)
	if err != nil || !b.OptedIn {
		t.Fatal(err)
	}
	if c := b.Maturity[0]; c.Enough || c.Others.N != 4 || !c.HasOwn || c.Own != 2 {
		t.Errorf("with 4 others: %+v", c)
	}
	// A fifth participant with data.
	e.evidence.maturity[e.b.OrgID] = maturity("2026-04-01", 5, 5, 5, 5, 5)
	b, _ = e.s.Benchmark(e.ctx, e.a, 2026)
	c := b.Maturity[0]
	if !c.Enough || c.Others.N != 5 || c.Others.Min != 1 || c.Others.Median != 3 || c.Others.Max != 5 {
		t.Errorf("overall with 5 others (outsider left out): %+v", c)
	}
	if len(b.Maturity) != 6 || b.Maturity[1].Key != "bewustwording" || !b.Maturity[1].Enough {
		t.Errorf("per pillar: %+v", b.Maturity)
	}
	// Indicators: four others have training coverage → too few.
	if len(b.Indicators) != 1 || b.Indicators[0].Enough || b.Indicators[0].Own != 55 || b.Indicators[0].Others.N != 4 {
		t.Errorf("indicators: %+v", b.Indicators)
	}
	// No organisation is named anywhere in the result.
	dump := fmt.Sprintf("%+v", b)
	for _, sc := range append([]*auth.Scope{e.b}, others...) {
		if strings.Contains(dump, sc.OrgID) || strings.Contains(dump, sc.OrgName) {
			t.Errorf("benchmark names organisation %s", sc.OrgName)
		}
	}
	// Opting out hides it again and is audited.
	if err := e.s.SetOptIn(e.ctx, e.a, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := e.s.Benchmark(e.ctx, e.a, 2026); b.OptedIn {
		t.Error("still opted in")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'council.benchmark.setting'`, e.a.OrgID); n != 2 {
		t.Errorf("%d audit entries", n)
	}
}
