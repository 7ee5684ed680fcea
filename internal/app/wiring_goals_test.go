package app_test

import (
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/org"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// The indicators other modules provide, through the adapters of
// wiring_goals.go, recompute when the data under them changes: one test
// per indicator, each moving the data and reading the figure again.

type goalsEnv struct {
	h              *apptest.Harness
	a, b           *auth.Organisation
	coordA, coordB *auth.User
	sc             *auth.Scope
	org            *org.Store
}

func newGoalsEnv(t *testing.T) *goalsEnv {
	h := apptest.New(t)
	e := &goalsEnv{h: h, a: h.Org("voorbeeldstad"), b: h.Org("buurdorp")}
	e.coordA, e.coordB = h.User(e.a, "coord", auth.Coordinator), h.User(e.b, "coord", auth.Coordinator)
	e.sc = h.Scope(e.a, e.coordA)
	e.org = org.NewStore(h.App.DB, h.Clock, h.App.Audit)
	return e
}

// value reads one indicator of A, and checks that the system-wide
// computation for A and B agrees and leaves B apart.
func (e *goalsEnv) value(t *testing.T, key string, year int) plan.IndicatorValue {
	t.Helper()
	values, err := e.h.App.Plan.Indicators(e.h.Ctx, e.sc, year)
	if err != nil {
		t.Fatal(err)
	}
	all, err := e.h.App.Plan.IndicatorsForOrgs(e.h.Ctx, []string{e.a.ID, e.b.ID}, year)
	if err != nil {
		t.Fatal(err)
	}
	var got plan.IndicatorValue
	for _, v := range values {
		if v.Key == key {
			got = v
		}
	}
	for _, v := range all[e.a.ID] {
		if v.Key == key && (v.Value != got.Value || v.Known != got.Known) {
			t.Fatalf("%s: IndicatorsForOrgs %+v, Indicators %+v", key, v, got)
		}
	}
	for _, v := range all[e.b.ID] {
		if v.Key == key && v.Value != 0 {
			t.Fatalf("%s: B, which has no data, shows %+v", key, v)
		}
	}
	return got
}

// made returns v, or stops the test (by panicking, which fails it with
// the error) when setting up the data failed.
func made[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestIndicatorMappedTeams(t *testing.T) {
	e := newGoalsEnv(t)
	if v := e.value(t, plan.KeyMappedTeams, 2026); v.Known {
		t.Fatalf("known without teams: %+v", v)
	}
	vergunningen := made(e.org.CreateTeam(e.h.Ctx, e.sc, org.NewTeam{Name: "Vergunningen"}))
	made(e.org.CreateTeam(e.h.Ctx, e.sc, org.NewTeam{Name: "Inkoop"}))
	if v := e.value(t, plan.KeyMappedTeams, 2026); !v.Known || v.Value != 0 {
		t.Fatalf("no process mapped: %+v", v)
	}
	made(e.h.App.Risk.CreateProcess(e.h.Ctx, e.sc, risk.NewProcess{TeamID: vergunningen.ID, Code: "VG-01", Name: "Exploitatievergunning"}))
	if v := e.value(t, plan.KeyMappedTeams, 2026); v.Value != 50 || v.Unit != "%" {
		t.Fatalf("one of two teams mapped: %+v", v)
	}
}

func TestIndicatorOpenFindings(t *testing.T) {
	e := newGoalsEnv(t)
	ctx := e.h.Ctx
	team := made(e.org.CreateTeam(ctx, e.sc, org.NewTeam{Name: "Vergunningen"}))
	fn := made(e.org.CreateFunction(ctx, e.sc, org.NewFunction{Code: "VV", Name: "Vergunningverlener"}))
	p := made(e.h.App.Risk.CreateProcess(ctx, e.sc, risk.NewProcess{TeamID: team.ID, Code: "VG-01", Name: "Exploitatievergunning"}))
	made(e.h.App.Risk.CreateStep(ctx, e.sc, risk.NewStep{ProcessID: p.ID, Code: "1", Name: "Besluiten", Kind: duty.Decision, MinHolders: 2, FunctionIDs: []string{fn.ID}}))
	one := made(e.org.CreateEmployee(ctx, e.sc, org.NewEmployee{Number: "1", Name: "Eerste", TeamID: team.ID, StartDate: "2020-01-01"}))
	made(e.org.Assign(ctx, e.sc, org.NewAssignment{EmployeeID: one.ID, FunctionID: fn.ID, StartDate: "2020-01-01"}))
	before := e.value(t, plan.KeyOpenFindings, 2026)
	if before.Value < 1 {
		t.Fatalf("a step with one holder of two needed gives no open finding: %+v", before)
	}
	two := made(e.org.CreateEmployee(ctx, e.sc, org.NewEmployee{Number: "2", Name: "Tweede", TeamID: team.ID, StartDate: "2020-01-01"}))
	made(e.org.Assign(ctx, e.sc, org.NewAssignment{EmployeeID: two.ID, FunctionID: fn.ID, StartDate: "2020-01-01"}))
	if after := e.value(t, plan.KeyOpenFindings, 2026); after.Value != before.Value-1 {
		t.Fatalf("a second holder should close the eenpitter: before %v, after %v", before.Value, after.Value)
	}
}

func TestIndicatorTrainingCoverage(t *testing.T) {
	e := newGoalsEnv(t)
	ctx := e.h.Ctx
	hr := e.h.Scope(e.a, e.h.User(e.a, "hr", auth.HR))
	team := made(e.org.CreateTeam(ctx, e.sc, org.NewTeam{Name: "Publiekszaken"}))
	var emps []*org.Employee
	for i, name := range []string{"Anna", "Bert", "Cor", "Dirk"} {
		emps = append(emps, made(e.org.CreateEmployee(ctx, e.sc, org.NewEmployee{Number: string(rune('1' + i)), Name: name, TeamID: team.ID, StartDate: "2020-01-01"})))
	}
	req := made(e.h.App.People.CreateRequirement(ctx, hr, people.RequirementInput{Code: "EIGEN-BEWUST", Name: "Bewustwording ondermijning (eigen)",
		Audience: people.AudienceAll, FirstMonths: 3, RefreshMonths: 24}))
	// The training overview's own totals are what the indicator must say.
	expect := func() float64 {
		o := made(e.h.App.People.Overview(ctx, hr))
		var applicable, covered int
		for _, c := range o.Total {
			applicable += c.Applicable
			covered += c.Covered
		}
		if applicable == 0 {
			t.Fatal("no duty applies to anyone")
		}
		return float64(covered*1000/applicable) / 10
	}
	v := e.value(t, plan.KeyTraining, 2026)
	if !v.Known || v.Value != 0 || expect() != 0 {
		t.Fatalf("nobody trained: %+v", v)
	}
	made(e.h.App.People.RecordAttendance(ctx, hr, people.AttendanceInput{EmployeeID: emps[0].ID, RequirementID: req, Date: "2026-02-01"}))
	made(e.h.App.People.RecordAttendance(ctx, hr, people.AttendanceInput{EmployeeID: emps[1].ID, RequirementID: req, Date: "2026-02-01"}))
	if v := e.value(t, plan.KeyTraining, 2026); v.Value <= 0 || v.Value != expect() {
		t.Fatalf("two trained: indicator %+v, overview %v", v, expect())
	}
}

func TestIndicatorBibobScreeningsAndInterventions(t *testing.T) {
	e := newGoalsEnv(t)
	ctx := e.h.Ctx
	bsc := e.h.Scope(e.a, e.h.User(e.a, "bibob", auth.Bibob))
	if v := e.value(t, plan.KeyScreenings, 2026); v.Value != 0 || !v.Known {
		t.Fatalf("screenings at start: %+v", v)
	}
	appID := made(e.h.App.Bibob.AddApplication(ctx, bsc, bibob.ApplicationInput{CaseNumber: "HV-2026-001", Type: "drank_horecavergunning",
		Applicant: "Café De Hoek BV", Address: "Markt 1", ReceivedOn: "2026-02-02"}))
	made(e.h.App.Bibob.StartScreening(ctx, bsc, appID, "2026-03-02"))
	if v := e.value(t, plan.KeyScreenings, 2026); v.Value != 1 {
		t.Fatalf("screening started: %+v", v)
	}
	if v := e.value(t, plan.KeyScreenings, 2025); v.Value != 0 {
		t.Fatalf("screening counted in the wrong year: %+v", v)
	}
	made(e.h.App.Bibob.AddIntervention(ctx, bsc, bibob.InterventionInput{Kind: "sluiting", LegalBasis: "opiumwet_13b", OccurredOn: "2025-05-01", ObjectAddress: "Dorpsstraat 3", Outcome: "Pand gesloten"}))
	made(e.h.App.Bibob.AddIntervention(ctx, bsc, bibob.InterventionInput{Kind: "integrale_controle", LegalBasis: "apv", OccurredOn: "2026-02-10", ObjectAddress: "Markt 1", Outcome: "Geen overtredingen"}))
	if v := e.value(t, plan.KeyInterventions, 2026); v.Value != 1 {
		t.Fatalf("interventions of 2026: %+v", v)
	}
	if v := e.value(t, plan.KeyInterventions, 2025); v.Value != 1 {
		t.Fatalf("interventions of 2025: %+v", v)
	}
}

func TestIndicatorHandlingTime(t *testing.T) {
	e := newGoalsEnv(t)
	ctx := e.h.Ctx
	emp := e.h.Scope(e.a, e.h.User(e.a, "emp", auth.Employee))
	c := made(e.h.App.Report.Submit(ctx, emp, report.Input{Category: report.Categories[0], Title: "Signaal", Body: "Iets gezien."}))
	if v := e.value(t, plan.KeyHandlingDays, 2026); v.Known {
		t.Fatalf("known before a decision: %+v", v)
	}
	e.h.Clock.Advance(10 * 24 * time.Hour)
	for _, st := range []report.Status{report.Acknowledged, report.InProgress} {
		if err := e.h.App.Report.ChangeStatus(ctx, e.sc, c.ID, st, ""); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
	if err := e.h.App.Report.Decide(ctx, e.sc, c.ID, report.DecideLocal, "Zelf opgepakt"); err != nil {
		t.Fatal(err)
	}
	if v := e.value(t, plan.KeyHandlingDays, 2026); !v.Known || v.Value != 10 || v.Unit != "dagen" {
		t.Fatalf("ten days to decision: %+v", v)
	}
}
