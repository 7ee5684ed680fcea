package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/demo"
	meldpunt "github.com/weerbaar/weerbaar/internal/report"
)

// TestDemoMeldpuntOperations checks the meldpunt figures of the demo: six
// signals in a year (one RIEC, one dropped), one integrity report, two
// aggression incidents with one aftercare overdue, and a term passed.
func TestDemoMeldpuntOperations(t *testing.T) {
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
	d, err := h.App.Report.Dashboard(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	want := map[meldpunt.Category]int{meldpunt.Undermining: 6, meldpunt.Integrity: 1, meldpunt.Aggression: 2, meldpunt.Unsafety: 0}
	for c, n := range want {
		if got := d.Totals[c].N; got != n {
			t.Errorf("%s: %d reports in the last year, want %d", c, got, n)
		}
	}
	if d.Outcomes[meldpunt.DecideRIEC].N != 1 || d.Outcomes[meldpunt.DecideDrop].N != 1 {
		t.Errorf("outcomes: RIEC %d, dropped %d; want 1 each", d.Outcomes[meldpunt.DecideRIEC].N, d.Outcomes[meldpunt.DecideDrop].N)
	}
	if d.Overdue.N == 0 {
		t.Error("no term has passed in the demo")
	}
	late, err := h.App.Report.OverdueAftercare(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	reports := map[string]bool{}
	for _, a := range late {
		reports[a.ReportID] = true
	}
	if len(reports) != 1 {
		t.Errorf("%d aggression incidents with overdue aftercare, want 1", len(reports))
	}
	due, err := h.App.Report.Overdue(h.Ctx, coord)
	if err != nil || len(due) == 0 {
		t.Errorf("coordinator's overdue list is empty: %v", err)
	}
	// Every demo report on the coordinator's list opens (the seeded ones
	// have no category answers, which once made them fail to open).
	list, err := h.App.Report.List(h.Ctx, coord, meldpunt.Filter{})
	if err != nil || len(list) < 6 {
		t.Fatalf("coordinator's list: %d reports, %v", len(list), err)
	}
	for _, r := range list {
		if _, err := h.App.Report.Get(h.Ctx, coord, r.ID, "test"); err != nil {
			t.Errorf("demo report %s does not open: %v", r.Reference, err)
		}
	}
}
