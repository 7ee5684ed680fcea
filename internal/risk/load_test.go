package risk_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// register builds, in sc's organisation, one eenpitter (a cash step only
// Piet holds) and one dubbelzitter (Jan does both Bibob research and
// licensing) and returns the ids a test checks against.
type register struct {
	jan, piet, cashStep, grantStep string
}

func (e *env) register(t *testing.T, sc *auth.Scope) register {
	t.Helper()
	team := e.team(t, sc, "Vergunningen")
	fBibob, fGrant, fCash := e.function(t, sc, "bibob"), e.function(t, sc, "vergunning"), e.function(t, sc, "kas")
	var r register
	r.jan, r.piet = e.employee(t, sc, team, "Jan"), e.employee(t, sc, team, "Piet")
	left := e.employee(t, sc, team, "Vertrokken")
	e.assign(t, sc, r.jan, fBibob, "2024-01-01", "")
	e.assign(t, sc, r.jan, fGrant, "2025-06-01", "")
	e.assign(t, sc, r.piet, fBibob, "2023-01-01", "")
	e.assign(t, sc, r.piet, fGrant, "2023-01-01", "2024-12-31") // ended: no conflict now
	e.assign(t, sc, r.piet, fCash, "2024-01-01", "")
	e.assign(t, sc, left, fCash, "2020-01-01", "2025-01-31") // ended: Piet is alone
	p, err := e.risk.CreateProcess(e.ctx, sc, risk.NewProcess{TeamID: team, Code: "horeca", Name: "Horeca"})
	if err != nil {
		t.Fatal(err)
	}
	step := func(code, name string, kind duty.StepKind, min int, fn string) string {
		st, err := e.risk.CreateStep(e.ctx, sc, risk.NewStep{ProcessID: p.ID, Code: code, Name: name, Kind: kind, MinHolders: min})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.risk.LinkFunction(e.ctx, sc, st.ID, fn); err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	step(duty.CodeBibobResearch, "Bibob-onderzoek", duty.Decision, 2, fBibob)
	r.grantStep = step(duty.CodeGrantLicence, "Vergunning verlenen", duty.Decision, 1, fGrant)
	r.cashStep = step("", "Leges innen", duty.Cash, 2, fCash)
	return r
}

func TestAnalyseFromDatabaseFindsTheEenpitterAndTheDubbelzitter(t *testing.T) {
	e := newEnv(t)
	a := e.register(t, e.a)
	b := e.register(t, e.b)
	res, err := e.risk.Analyse(e.ctx, e.a, duty.DateOf(2026, 3, 2))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, string(f.Kind))
		switch f.Kind {
		case duty.SoleHolder:
			if !slices.Equal(f.StepIDs, []string{a.cashStep}) || !slices.Equal(f.Holders, []string{a.piet}) {
				t.Errorf("eenpitter %+v, want step %s held by Piet", f, a.cashStep)
			}
		case duty.Conflict:
			if f.EmployeeID != a.jan || f.RuleID == "" {
				t.Errorf("dubbelzitter %+v, want Jan", f)
			}
		}
	}
	if !slices.Equal(got, []string{string(duty.SoleHolder), string(duty.Conflict)}) {
		t.Fatalf("findings %v, want one eenpitter and one dubbelzitter: %+v", got, res.Findings)
	}

	// B's register is built alike but none of its rows load into A's input.
	in, err := risk.LoadDutyInput(e.ctx, e.a, e.db)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Employees) != 3 || len(in.Assignments) != 6 || len(in.Steps) != 3 || len(in.StepFunctions) != 3 {
		t.Errorf("loaded %d employees, %d assignments, %d steps, %d links; want 3, 6, 3, 3",
			len(in.Employees), len(in.Assignments), len(in.Steps), len(in.StepFunctions))
	}
	for _, emp := range in.Employees {
		if emp.ID == b.jan || emp.ID == b.piet {
			t.Errorf("B's employee %s loaded for A", emp.Name)
		}
	}
	for _, s := range in.Steps {
		if s.ID == b.cashStep || s.ID == b.grantStep {
			t.Errorf("B's step %s loaded for A", s.Name)
		}
	}
	if len(in.Rules) == 0 {
		t.Error("no conflict rules loaded")
	}
}

func TestLoadRefusesAScopeWithoutReadAccess(t *testing.T) {
	e := newEnv(t)
	if _, err := risk.LoadDutyInput(e.ctx, &auth.Scope{OrgID: e.a.OrgID, UserID: "iemand"}, e.db); err == nil {
		t.Error("a scope without roles loaded the register")
	}
}
