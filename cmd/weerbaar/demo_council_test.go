package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/demo"
)

// TestDemoHasCouncilReports checks the demo of issue 7 (council): last
// year's report final with the earlier scan's figures, this year's a
// concept with a generated summary, so that "what changed" shows the
// scan's progress; one overridden norm verdict with its motivation.
func TestDemoHasCouncilReports(t *testing.T) {
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
	list, err := h.App.Council.Reports(h.Ctx, coord)
	if err != nil || len(list) != 2 {
		t.Fatalf("%d reports: %v", len(list), err)
	}
	cur, prev := &list[0], &list[1]
	if cur.Final() || !prev.Final() || cur.Summary == "" {
		t.Fatalf("current %s (%q), previous %s", cur.Status, cur.Summary, prev.Status)
	}
	p, err := h.App.Council.Previous(h.Ctx, coord, cur)
	if err != nil || p == nil || p.ID != prev.ID {
		t.Fatalf("previous: %v %v", p, err)
	}
	snap, err := h.App.Council.Figures(h.Ctx, coord, cur)
	if err != nil {
		t.Fatal(err)
	}
	improved := false
	for _, c := range council.Changes(p.Snapshot, snap) {
		if c.HasDelta && c.Delta > 0 {
			improved = true
		}
	}
	if !improved {
		t.Error("what changed since last time shows no progress from the earlier scan")
	}
	as, _, err := h.App.Council.Assess(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	overridden := 0
	for _, a := range as {
		if a.Decision != nil && a.Decision.Overridden() && a.Decision.Motivation != "" {
			overridden++
		}
	}
	if overridden != 1 {
		t.Errorf("%d overridden verdicts, want 1", overridden)
	}
	if on, err := h.App.Council.OptedIn(h.Ctx, coord); err != nil || !on {
		t.Errorf("Voorbeeldstad does not take part in the benchmark: %v", err)
	}
}
