package risk_test

import (
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

func TestAnOrganisationStartsWithTheDefaultFiveByFiveMatrix(t *testing.T) {
	e := newEnv(t)
	m, err := e.risk.Matrix(e.ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, risk.DefaultMatrix()) || len(m.LikelihoodLabels) != 5 || len(m.ImpactLabels) != 5 {
		t.Fatalf("matrix %v, want the default 5×5", m)
	}
	if m.ApproverRole != auth.Executive {
		t.Errorf("approver %s, want executive", m.ApproverRole)
	}
	for _, c := range []struct {
		l, i int
		want duty.Risk
	}{{1, 1, duty.Low}, {1, 4, duty.Low}, {1, 5, duty.Medium}, {3, 3, duty.Medium}, {3, 4, duty.High}, {5, 5, duty.High}, {0, 3, ""}, {6, 1, ""}} {
		if got := m.Level(c.l, c.i); got != c.want {
			t.Errorf("Level(%d, %d) = %q, want %q", c.l, c.i, got, c.want)
		}
	}
}

func TestSavedMatrixIsUsedAndAudited(t *testing.T) {
	e := newEnv(t)
	coord := user(e.a, "coordinator", auth.Coordinator)
	in := risk.Matrix{LikelihoodLabels: []string{" Zelden ", "Soms", "Vaak"}, ImpactLabels: []string{"Klein", "Middel", "Groot", "Enorm"},
		Thresholds: [2]int{3, 8}, ApproverRole: auth.Coordinator}
	if err := e.risk.SaveMatrix(e.ctx, coord, in); err != nil {
		t.Fatal(err)
	}
	m, err := e.risk.Matrix(e.ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	if m.String() != "3×4 medium≥3 high≥8" || m.LikelihoodLabels[0] != "Zelden" || m.ApproverRole != auth.Coordinator {
		t.Fatalf("stored %v %q %s", m, m.LikelihoodLabels, m.ApproverRole)
	}
	// Custom thresholds decide the level: 1×2 low, 1×3 and 2×2 medium, 2×4 and 3×3 high.
	for _, c := range []struct {
		l, i int
		want duty.Risk
	}{{1, 2, duty.Low}, {1, 3, duty.Medium}, {2, 2, duty.Medium}, {2, 3, duty.Medium}, {2, 4, duty.High}, {3, 3, duty.High}, {4, 1, ""}, {1, 5, ""}} {
		if got := m.Level(c.l, c.i); got != c.want {
			t.Errorf("Level(%d, %d) = %q, want %q", c.l, c.i, got, c.want)
		}
	}
	// Another organisation keeps the default.
	if mb, _ := e.risk.Matrix(e.ctx, e.b); !reflect.DeepEqual(mb, risk.DefaultMatrix()) {
		t.Errorf("B's matrix changed: %v", mb)
	}
	// Saving again replaces the matrix.
	in.Thresholds = [2]int{4, 9}
	if err := e.risk.SaveMatrix(e.ctx, coord, in); err != nil {
		t.Fatal(err)
	}
	if m, _ := e.risk.Matrix(e.ctx, e.a); m.Thresholds != [2]int{4, 9} {
		t.Errorf("thresholds %v after second save", m.Thresholds)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = $2`, e.a.OrgID, risk.ActionMatrixSave); n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}
}

func TestBadMatrixNamesEveryFieldAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	coord := user(e.a, "coordinator", auth.Coordinator)
	cases := []struct {
		name   string
		m      risk.Matrix
		fields []string
	}{
		{"everything wrong", risk.Matrix{LikelihoodLabels: []string{"Eén"}, ImpactLabels: make([]string, 11), Thresholds: [2]int{1, 0}, ApproverRole: auth.Employee},
			[]string{"likelihood_labels", "impact_labels", "threshold_medium", "threshold_high", "approver_role"}},
		{"thresholds beyond the matrix", risk.Matrix{LikelihoodLabels: []string{"a", "b"}, ImpactLabels: []string{"c", "d"}, Thresholds: [2]int{3, 5}, ApproverRole: auth.Executive},
			[]string{"threshold_high"}},
		{"high below medium", risk.Matrix{LikelihoodLabels: []string{"a", "b", "c"}, ImpactLabels: []string{"c", "d", "e"}, Thresholds: [2]int{6, 4}, ApproverRole: auth.Executive},
			[]string{"threshold_high"}},
		{"empty and double labels", risk.Matrix{LikelihoodLabels: []string{"a", " "}, ImpactLabels: []string{"Groot", "groot"}, Thresholds: [2]int{2, 3}, ApproverRole: auth.Executive},
			[]string{"likelihood_labels", "impact_labels"}},
		{"admin approves", risk.Matrix{LikelihoodLabels: []string{"a", "b"}, ImpactLabels: []string{"c", "d"}, Thresholds: [2]int{2, 4}, ApproverRole: auth.Admin},
			[]string{"approver_role"}},
		{"unknown role", risk.Matrix{LikelihoodLabels: []string{"a", "b"}, ImpactLabels: []string{"c", "d"}, Thresholds: [2]int{2, 4}, ApproverRole: "burgemeester"},
			[]string{"approver_role"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantFields(t, e.risk.SaveMatrix(e.ctx, coord, c.m), c.fields...)
		})
	}
	if n := e.count(t, `SELECT COUNT(*) FROM risk_matrices`); n != 0 {
		t.Errorf("%d matrices stored, want 0", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = $1`, risk.ActionMatrixSave); n != 0 {
		t.Errorf("%d audit entries, want 0", n)
	}
	// Only risk.settings changes the matrix.
	lead := user(e.a, "teamleider", auth.TeamLead)
	if err := e.risk.SaveMatrix(e.ctx, lead, risk.DefaultMatrix()); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("team lead saved the matrix: %v", err)
	}
}

func TestShrinkingBelowScoredVulnerabilitiesIsRefused(t *testing.T) {
	e := newEnv(t)
	coord := user(e.a, "coordinator", auth.Coordinator)
	p := e.process(t, e.a, e.team(t, e.a, "Burgerzaken"), "Reisdocumenten")
	e.vulnerability(t, e.a, p, "Inname en uitreiking bij één medewerker", score{5, 3, 2, 2})
	e.vulnerability(t, e.a, p, "Look-alike fraude", score{2, 2, 4, 4})
	e.vulnerability(t, e.a, p, "Niet gescoord", score{})
	// B's vulnerabilities do not count against A's matrix.
	e.vulnerability(t, e.b, e.process(t, e.b, e.team(t, e.b, "Elders"), "Elders"), "B", score{5, 5, 5, 5})

	m := risk.DefaultMatrix()
	m.LikelihoodLabels = m.LikelihoodLabels[:3]
	m.Thresholds = [2]int{4, 9}
	err := e.risk.SaveMatrix(e.ctx, coord, m)
	wantFields(t, err, "likelihood_labels")
	if l := err.(apperr.List); len(l[0].Args) != 1 || l[0].Args[0] != 2 {
		t.Errorf("message args %v, want the 2 vulnerabilities outside", l[0].Args)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM risk_matrices`); n != 0 {
		t.Errorf("matrix stored despite the refusal")
	}
	// Four impact columns still hold every score.
	m = risk.DefaultMatrix()
	m.ImpactLabels = m.ImpactLabels[:4]
	if err := e.risk.SaveMatrix(e.ctx, coord, m); err != nil {
		t.Errorf("4 impact columns refused: %v", err)
	}
	m.ImpactLabels = m.ImpactLabels[:3]
	wantFields(t, e.risk.SaveMatrix(e.ctx, coord, m), "impact_labels")
}
