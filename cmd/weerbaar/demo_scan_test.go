package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/scan"
)

// TestDemoHasTwoScansAYearApart checks the demo of issue 7: two finalised
// scans of Voorbeeldstad on the Vijf pijlers, a year apart, the second
// better on some pillars and worse on none, with gaps left to act on.
func TestDemoHasTwoScansAYearApart(t *testing.T) {
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
	scans, err := h.App.Scan.Scans(h.Ctx, coord, scan.KeyPillars)
	if err != nil {
		t.Fatal(err)
	}
	if len(scans) != 2 || !scans[0].Final() || !scans[1].Final() {
		t.Fatalf("%d scans: %+v", len(scans), scans)
	}
	later, earlier := scans[0], scans[1] // newest first
	if later.HeldOn[:4] == earlier.HeldOn[:4] || later.HeldOn[5:] != earlier.HeldOn[5:] {
		t.Errorf("scans not a year apart: %s and %s", earlier.HeldOn, later.HeldOn)
	}
	better := 0
	for _, d := range scan.Compare(earlier.Scores(), later.Scores()) {
		if !d.Has {
			t.Errorf("pillar %s unanswered", d.Pillar)
		}
		if d.Delta < 0 {
			t.Errorf("pillar %s got worse: %+v", d.Pillar, d)
		}
		if d.Delta > 0 {
			better++
		}
	}
	if better < 3 {
		t.Errorf("only %d pillars improved", better)
	}
	if len(later.Gaps()) == 0 {
		t.Error("the second scan has no gaps to act on")
	}
	if _, scores, err := h.App.Scan.LatestMaturity(h.Ctx, coord, scan.KeyPillars, ""); err != nil || len(scores) != 5 {
		t.Errorf("latest maturity: %v %v", scores, err)
	}
}
