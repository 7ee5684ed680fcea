package risk_test

import (
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// snapshot counts the rows of every register table, to show that a refused
// change wrote nothing.
func (e *env) snapshot(t *testing.T) [6]int {
	t.Helper()
	var out [6]int
	for i, table := range []string{"processes", "steps", "vulnerabilities", "controls", "register_changes", "audit_log"} {
		out[i] = e.count(t, `SELECT COUNT(*) FROM `+table)
	}
	return out
}

func TestCatalogueProcessComesWithStepsVulnerabilitiesAndControls(t *testing.T) {
	e := newEnv(t)
	team := e.team(t, e.a, "Burgerzaken")
	p, err := e.risk.CreateFromCatalogue(e.ctx, e.a, team, "reisdocumenten")
	if err != nil {
		t.Fatal(err)
	}
	if p.Code != "reisdocumenten" || p.Name != "Reisdocumenten" || p.CatalogueCode != "reisdocumenten" || p.ReviewDue != "2027-03-02" {
		t.Errorf("process %+v", p)
	}
	steps, _ := e.risk.Steps(e.ctx, e.a, p.ID)
	vulns, _ := e.risk.Vulnerabilities(e.ctx, e.a, p.ID)
	controls, _ := e.risk.Controls(e.ctx, e.a, p.ID)
	if len(steps) != 3 || steps[0].Code != duty.CodeTravelDocIntake || steps[2].Code != duty.CodeTravelDocIssue || steps[0].MinHolders != 2 {
		t.Errorf("steps %+v", steps)
	}
	if len(vulns) != 2 || vulns[0].InherentLevel != "" || len(controls) != 2 || controls[0].Status != risk.Planned {
		t.Errorf("vulnerabilities %+v, controls %+v", vulns, controls)
	}
	// A second team running the same process gets its own code.
	other := e.team(t, e.a, "Publiekszaken")
	p2, err := e.risk.CreateFromCatalogue(e.ctx, e.a, other, "reisdocumenten")
	if err != nil || p2.Code != "reisdocumenten-2" {
		t.Fatalf("second: %+v, %v", p2, err)
	}
	before := e.snapshot(t)
	_, err = e.risk.CreateFromCatalogue(e.ctx, e.a, team, "paspoortfabriek")
	wantFields(t, err, "catalogue_code")
	// An unknown team stops the whole catalogue process: nothing is half-written.
	_, err = e.risk.CreateFromCatalogue(e.ctx, e.a, "geen-team", "subsidies")
	wantFields(t, err, "team_id")
	if after := e.snapshot(t); after != before {
		t.Errorf("refused creation wrote rows: %v → %v", before, after)
	}
}

func TestVulnerabilityScoresAreCheckedAgainstTheMatrix(t *testing.T) {
	e := newEnv(t)
	p, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: e.team(t, e.a, "Vergunningen"), Code: "horeca", Name: "Horeca"})
	if err != nil {
		t.Fatal(err)
	}
	before := e.snapshot(t)
	_, err = e.risk.CreateVulnerability(e.ctx, e.a, risk.NewVulnerability{ProcessID: p.ID, Title: " ", Origin: "binnen",
		Intent: risk.Intended, Factor: "machine", Inherent: risk.Score{Likelihood: 6, Impact: 0}})
	wantFields(t, err, "title", "origin", "factor", "inherent_likelihood", "inherent_impact")
	_, err = e.risk.CreateVulnerability(e.ctx, e.a, risk.NewVulnerability{ProcessID: p.ID, Title: "Druk", Origin: risk.External,
		Intent: risk.Intended, Factor: risk.Human, Residual: risk.Score{Likelihood: 2, Impact: 2}})
	wantFields(t, err, "residual_likelihood")
	_, err = e.risk.CreateVulnerability(e.ctx, e.a, risk.NewVulnerability{ProcessID: p.ID, Title: "Druk", Origin: risk.External,
		Intent: risk.Intended, Factor: risk.Human, Inherent: risk.Score{Likelihood: 2, Impact: 2}, Residual: risk.Score{Likelihood: 3, Impact: 3}})
	wantFields(t, err, "residual_likelihood")
	if after := e.snapshot(t); after != before {
		t.Errorf("refused vulnerabilities wrote rows: %v → %v", before, after)
	}

	v, err := e.risk.CreateVulnerability(e.ctx, e.a, risk.NewVulnerability{ProcessID: p.ID, Title: "Beslissen onder druk",
		Origin: risk.External, Intent: risk.Intended, Factor: risk.Human, Inherent: risk.Score{Likelihood: 4, Impact: 4},
		Residual: risk.Score{Likelihood: 2, Impact: 3}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.risk.Vulnerability(e.ctx, e.a, v.ID)
	if err != nil || got.InherentLevel != duty.High || got.ResidualLevel != duty.Medium {
		t.Errorf("levels of 4×4 and 2×3 on the default matrix: %+v, %v", got, err)
	}
	if _, err := e.risk.Vulnerability(e.ctx, e.b, v.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reads A's vulnerability: %v", err)
	}
	list, err := e.risk.ListProcesses(e.ctx, e.a, risk.ProcessFilter{})
	if err != nil || len(list) != 1 || list[0].MaxResidual != duty.Medium || list[0].Vulnerabilities != 1 {
		t.Errorf("register list %+v, %v", list, err)
	}
}

func TestEveryChangeNeedsAReasonAndLandsInTheHistory(t *testing.T) {
	e := newEnv(t)
	team := e.team(t, e.a, "Financiën")
	p, err := e.risk.CreateFromCatalogue(e.ctx, e.a, team, "financiele-transacties")
	if err != nil {
		t.Fatal(err)
	}
	steps, _ := e.risk.Steps(e.ctx, e.a, p.ID)
	controls, _ := e.risk.Controls(e.ctx, e.a, p.ID)
	before := e.snapshot(t)
	wantFields(t, e.risk.UpdateProcess(e.ctx, e.a, p.ID, risk.ProcessEdit{TeamID: team, Name: "Betalingen", ReviewMonths: 6}, "  "), "reason")
	n := risk.NewStep{Name: steps[0].Name, Kind: steps[0].Kind, MinHolders: 3}
	wantFields(t, e.risk.UpdateStep(e.ctx, e.a, steps[0].ID, n, ""), "reason")
	wantFields(t, e.risk.DeleteStep(e.ctx, e.a, steps[0].ID, ""), "reason")
	tested := risk.NewControl{Title: controls[0].Title, Status: risk.Tested}
	wantFields(t, e.risk.UpdateControl(e.ctx, e.a, controls[0].ID, tested, "getest"), "evidence")
	if after := e.snapshot(t); after != before {
		t.Errorf("refused changes wrote rows: %v → %v", before, after)
	}

	if err := e.risk.UpdateProcess(e.ctx, e.a, p.ID, risk.ProcessEdit{TeamID: team, Name: "Betalingen", ReviewMonths: 6}, "Nieuwe naam na reorganisatie"); err != nil {
		t.Fatal(err)
	}
	tested.Evidence = "Steekproef van 20 betalingen, alle met tweede paraaf"
	if err := e.risk.UpdateControl(e.ctx, e.a, controls[0].ID, tested, "Getest in Q1"); err != nil {
		t.Fatal(err)
	}
	c, _ := e.risk.Control(e.ctx, e.a, controls[0].ID)
	if c.Status != risk.Tested || c.TestedOn != "2026-03-02" || c.Evidence != tested.Evidence {
		t.Errorf("tested control %+v", c)
	}
	got, _ := e.risk.Process(e.ctx, e.a, p.ID)
	if got.Name != "Betalingen" || got.ReviewDue != "2026-09-02" {
		t.Errorf("a 6-month cycle from today: %+v", got)
	}
	changes, err := e.risk.Changes(e.ctx, e.a, p.ID)
	if err != nil || len(changes) < 2 || changes[0].Reason != "Getest in Q1" || changes[0].Action != risk.ActionControlUpdate ||
		changes[1].Reason != "Nieuwe naam na reorganisatie" {
		t.Errorf("history %+v, %v", changes, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = $2`, e.a.OrgID, risk.ActionControlUpdate); n != 1 {
		t.Errorf("%d audit entries for the control change, want 1", n)
	}
}

func TestReviewIsPlannedAndBecomesOverdue(t *testing.T) {
	e := newEnv(t)
	p, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: e.team(t, e.a, "Handhaving"), Code: "toezicht", Name: "Toezicht"})
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(366 * 24 * time.Hour)
	overdue, _ := e.risk.ListProcesses(e.ctx, e.a, risk.ProcessFilter{ReviewOverdue: true})
	if len(overdue) != 1 || !overdue[0].ReviewOverdue {
		t.Fatalf("a year and a day later the review is overdue: %+v", overdue)
	}
	wantFields(t, e.risk.ReviewProcess(e.ctx, e.a, p.ID, ""), "reason")
	if err := e.risk.ReviewProcess(e.ctx, e.a, p.ID, "Stappen en houders gecontroleerd; geen wijzigingen"); err != nil {
		t.Fatal(err)
	}
	got, _ := e.risk.Process(e.ctx, e.a, p.ID)
	if got.ReviewOverdue || got.ReviewedOn != "2027-03-03" || got.ReviewDue != "2028-03-03" {
		t.Errorf("after the review: %+v", got)
	}
	if err := e.risk.ReviewProcess(e.ctx, e.b, p.ID, "poging"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reviews A's process: %v", err)
	}
}

func TestCircumstancesAreReplacedAndUnknownOnesNamedByRow(t *testing.T) {
	e := newEnv(t)
	p, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: e.team(t, e.a, "OOV"), Code: "haven", Name: "Havenbeheer"})
	if err != nil {
		t.Fatal(err)
	}
	err = e.risk.SetCircumstances(e.ctx, e.a, p.ID, []risk.Circumstance{
		{Category: risk.ExternalSite, Code: "haven"}, {Category: risk.ExternalSite, Code: "maanbasis"}, {Category: risk.ExternalSite, Code: "haven"}}, "inventarisatie")
	var l apperr.List
	if !asList(err, &l) || len(l) != 2 || l[0].Row != 2 || l[1].Row != 3 {
		t.Fatalf("want rows 2 and 3 named, got %v", err)
	}
	if err := e.risk.SetCircumstances(e.ctx, e.a, p.ID, []risk.Circumstance{{Category: risk.WaysOfWork, Code: "ons_kent_ons"},
		{Category: risk.ExternalSite, Code: "haven"}}, "inventarisatie"); err != nil {
		t.Fatal(err)
	}
	if err := e.risk.SetCircumstances(e.ctx, e.a, p.ID, []risk.Circumstance{{Category: risk.ExternalSite, Code: "haven", Note: "Jachthaven en beroepsvaart"}}, "bijgesteld"); err != nil {
		t.Fatal(err)
	}
	cs, err := e.risk.Circumstances(e.ctx, e.a, p.ID)
	if err != nil || len(cs) != 1 || cs[0].Code != "haven" || cs[0].Note != "Jachthaven en beroepsvaart" {
		t.Errorf("circumstances %+v, %v", cs, err)
	}
}

func TestStepFunctionsAreSetAndForeignFunctionsRefused(t *testing.T) {
	e := newEnv(t)
	p, err := e.risk.CreateProcess(e.ctx, e.a, risk.NewProcess{TeamID: e.team(t, e.a, "Vergunningen"), Code: "v", Name: "Vergunningen"})
	if err != nil {
		t.Fatal(err)
	}
	f1, f2, foreign := e.function(t, e.a, "jurist"), e.function(t, e.a, "adviseur"), e.function(t, e.b, "elders")
	_, err = e.risk.CreateStep(e.ctx, e.a, risk.NewStep{ProcessID: p.ID, Name: "Besluit", Kind: duty.Decision, FunctionIDs: []string{f1, foreign}})
	var l apperr.List
	if !asList(err, &l) || len(l) != 1 || l[0].Field != "function_ids" || l[0].Row != 2 {
		t.Fatalf("want the second function named, got %v", err)
	}
	st, err := e.risk.CreateStep(e.ctx, e.a, risk.NewStep{ProcessID: p.ID, Name: "Besluit", Kind: duty.Decision, FunctionIDs: []string{f1, f2}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.risk.UpdateStep(e.ctx, e.a, st.ID, risk.NewStep{Name: "Besluit", Kind: duty.Decision, FunctionIDs: []string{f2}}, "jurist doet dit niet meer"); err != nil {
		t.Fatal(err)
	}
	steps, _ := e.risk.StepsWithFunctions(e.ctx, e.a, p.ID)
	if len(steps) != 1 || len(steps[0].Functions) != 1 || steps[0].Functions[0].ID != f2 {
		t.Errorf("functions after update: %+v", steps)
	}
	if err := e.risk.DeleteStep(e.ctx, e.a, st.ID, "stap vervalt"); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM step_functions`); n != 0 {
		t.Errorf("%d links left after deleting the step", n)
	}
}
