package risk_test

import (
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	var l apperr.List
	if !asList(err, &l) {
		t.Fatalf("want field errors %v, got %v", want, err)
	}
	got := map[string]string{}
	for _, fe := range l {
		got[fe.Field] = fe.Key
	}
	for _, f := range want {
		if got[f] == "" {
			t.Errorf("no error for field %q in %v", f, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("fields %v, want %v", got, want)
	}
}

func asList(err error, l *apperr.List) bool {
	v, ok := err.(apperr.List)
	*l = v
	return ok
}

func TestCreateProcessAndStepsAreListedAndAudited(t *testing.T) {
	e := newEnv(t)
	team := e.team(t, e.a, "Vergunningen")
	p, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: team, Code: " horeca ", Name: "Exploitatievergunning  horeca"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Code != "horeca" || p.Name != "Exploitatievergunning horeca" {
		t.Errorf("not cleaned: %+v", p)
	}
	st, err := e.risk.CreateStep(e.ctx, e.a, risk.NewStep{ProcessID: p.ID, Code: duty.CodeGrantLicence, Name: "Vergunning verlenen",
		Kind: duty.Decision, MinHolders: 2, RotationMonths: 60, Object: "horeca"})
	if err != nil {
		t.Fatal(err)
	}
	fn := e.function(t, e.a, "vergunningverlener")
	for range 2 { // linking twice keeps one link
		if err := e.risk.LinkFunction(e.ctx, e.a, st.ID, fn); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := e.risk.Processes(e.ctx, e.a, team)
	want := *p
	want.TeamName = "Vergunningen"
	if err != nil || len(ps) != 1 || ps[0] != want {
		t.Fatalf("processes %+v, %v", ps, err)
	}
	steps, err := e.risk.Steps(e.ctx, e.a, p.ID)
	if err != nil || len(steps) != 1 || !reflect.DeepEqual(steps[0], *st) {
		t.Fatalf("steps %+v, %v", steps, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM step_functions WHERE step_id = $1`, st.ID); n != 1 {
		t.Errorf("%d links", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action LIKE 'risk.%'`, e.a.OrgID); n != 3 {
		t.Errorf("%d audit entries, want 3", n)
	}
	// Another organisation sees none of it.
	if ps, _ := e.risk.Processes(e.ctx, e.b, team); len(ps) != 0 {
		t.Errorf("B sees A's processes: %+v", ps)
	}
	if steps, _ := e.risk.Steps(e.ctx, e.b, p.ID); len(steps) != 0 {
		t.Errorf("B sees A's steps: %+v", steps)
	}
}

func TestBadInputNamesEveryFieldAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	teamB := e.team(t, e.b, "Elders")
	_, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: teamB, Code: "", Name: " "})
	wantFields(t, err, "team_id", "code", "name")

	team := e.team(t, e.a, "Vergunningen")
	p, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: team, Code: "horeca", Name: "Horeca"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: team, Code: "horeca", Name: "Nog eens"})
	wantFields(t, err, "code")

	_, err = e.risk.CreateStep(e.ctx, e.a, risk.NewStep{ProcessID: p.ID, Name: "", Kind: "besluit", MinHolders: -1, RotationMonths: 9999})
	wantFields(t, err, "name", "kind", "min_holders", "rotation_months")
	// Another organisation's process does not exist for B.
	if _, err = e.risk.CreateStep(e.ctx, e.b, risk.NewStep{ProcessID: p.ID, Name: "Stap", Kind: duty.Other}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("step on A's process as B: %v, want not found", err)
	}

	st, err := e.risk.CreateStep(e.ctx, e.a, risk.NewStep{ProcessID: p.ID, Name: "Stap", Kind: duty.Other})
	if err != nil {
		t.Fatal(err)
	}
	fnB := e.function(t, e.b, "elders")
	wantFields(t, e.risk.LinkFunction(e.ctx, e.a, st.ID, fnB), "function_id")
	wantFields(t, e.risk.LinkFunction(e.ctx, e.b, st.ID, fnB), "step_id")

	if n := e.count(t, `SELECT COUNT(*) FROM processes`); n != 1 {
		t.Errorf("%d processes, want 1", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM steps`); n != 1 {
		t.Errorf("%d steps, want 1", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM step_functions`); n != 0 {
		t.Errorf("%d links, want 0", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'risk.%'`); n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}
}

func TestOnlyManagersChangeTheRegister(t *testing.T) {
	e := newEnv(t)
	team := e.team(t, e.a, "Vergunningen")
	reader := &auth.Scope{OrgID: e.a.OrgID, UserID: "medewerker", Roles: []auth.Role{auth.Employee}}
	_, err := e.risk.CreateProcess(e.ctx, reader, risk.NewProcess{TeamID: team, Code: "x", Name: "X"})
	if apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("employee created a process: %v", err)
	}
}
