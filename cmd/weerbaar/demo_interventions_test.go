package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
)

// The demo gives Voorbeeldstad a year × type table over the last three
// years with 13b closures, integrale controles, a warning and a dwangsom.
func TestDemoFillsTheInterventionsTable(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	vb := env.Orgs["voorbeeldstad"]
	sc, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["coordinator@voorbeeldstad.example"], vb.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	this := h.Clock.Now().In(clock.Amsterdam).Year()
	f, err := h.App.Bibob.Figures(h.Ctx, sc, this-2, this)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range f.Rows {
		got[r.Kind] = r.Total
	}
	if got["sluiting"] < 3 || got["integrale_controle"] < 2 || got["waarschuwing"] < 1 || got["last_onder_dwangsom"] < 1 || got["bibob_toets"] < 1 {
		t.Errorf("demo table per kind: %v", got)
	}
	if f.Total != len(demoInterventions) {
		t.Errorf("%d interventions in the last three years, want all %d", f.Total, len(demoInterventions))
	}
	years := 0
	for _, n := range f.Totals {
		if n > 0 {
			years++
		}
	}
	if years != 3 {
		t.Errorf("interventions in %d of the last three years: %v", years, f.Totals)
	}
	// Buurdorp has none.
	bsc := auth.System(env.Orgs["buurdorp"].ID)
	if bf, err := h.App.Bibob.Figures(h.Ctx, bsc, this-2, this); err != nil || bf.Total != 0 {
		t.Errorf("Buurdorp: %v %v", bf, err)
	}
}
