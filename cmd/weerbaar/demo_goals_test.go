package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/plan"
)

// TestDemoHasGoalsWithTargetsAndHistory checks the demo of issue 7 point
// 4: Voorbeeldstad's goals each have a target this year, the mapped-teams
// indicator has a history of earlier years and this month, and the manual
// indicator has values with their source.
func TestDemoHasGoalsWithTargetsAndHistory(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	orgID := env.Orgs["voorbeeldstad"].ID
	coord, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["coordinator@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	year := h.Clock.Now().Year()
	progress, err := h.App.Plan.GoalProgress(h.Ctx, coord, year)
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != 5 {
		t.Fatalf("%d goals", len(progress))
	}
	for _, g := range progress {
		if !g.HasTarget {
			t.Errorf("goal %q has no target this year", g.Title)
		}
		if g.Indicator.Key == plan.KeyMappedTeams && (!g.Indicator.Known || g.Indicator.Value <= 0) {
			t.Errorf("the demo maps processes, yet %+v", g.Indicator)
		}
	}
	hist, err := h.App.Plan.History(h.Ctx, coord, plan.KeyMappedTeams)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 3 || !hist[0].Manual || hist[0].Source == "" || hist[2].Manual {
		t.Fatalf("history: %+v", hist)
	}
	// Last year's state comes from the imported December value.
	values, err := h.App.Plan.Indicators(h.Ctx, coord, year-1)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range values {
		if v.Key == plan.KeyMappedTeams && (!v.Known || v.Value != 25) {
			t.Errorf("last year's mapped teams: %+v", v)
		}
		if v.Key == plan.ManualPrefix+"convenanten" && (!v.Known || v.Value != 2 || v.Source == "") {
			t.Errorf("last year's convenanten: %+v", v)
		}
	}
}
