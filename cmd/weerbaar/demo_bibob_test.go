package main

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/demo"
)

// TestDemoShowsTheBibobPicture checks the Bibob part of the demo against
// issue 5: the policy of 2018 warns, the three building applications are
// each below the threshold and flagged together, and the horeca screening
// has its LBB advice and waits for a decision the screener may not take.
func TestDemoShowsTheBibobPicture(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	orgID := env.Orgs["voorbeeldstad"].ID
	sc, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["bibob@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	s := h.App.Bibob
	pol, err := s.Policy(h.Ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if pol.UpdatedOn[:4] != "2018" || len(pol.Outdated(h.Clock.Now().Format("2006-01-02"))) == 0 {
		t.Errorf("demo policy of %s does not warn", pol.UpdatedOn)
	}
	splits, err := s.Splits(h.Ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(splits) != 1 || len(splits[0].Applications) != 3 {
		t.Fatalf("want one split group of three, got %+v", splits)
	}
	var cases []string
	for _, a := range splits[0].Applications {
		cases = append(cases, a.CaseNumber)
		if a.Amount >= splits[0].Threshold || a.UnderPolicy {
			t.Errorf("%s is not below the threshold on its own", a.CaseNumber)
		}
	}
	if !slices.Equal(cases, []string{"Z-2025-0412", "Z-2025-0698", "Z-2025-0977"}) || splits[0].Total < splits[0].Threshold {
		t.Errorf("split group %v total %d threshold %d", cases, splits[0].Total, splits[0].Threshold)
	}
	list, err := s.Screenings(h.Ctx, sc)
	if err != nil || len(list) != 1 {
		t.Fatalf("screenings %v %v", list, err)
	}
	x := list[0]
	if x.Application.Type != "drank_horecavergunning" || x.LBBAdvisedOn == "" || x.Step() != bibob.StepDecision || !x.Conflict(sc.UserID) {
		t.Errorf("horeca screening: type %s advice %q step %s conflict %v", x.Application.Type, x.LBBAdvisedOn, x.Step(), x.Conflict(sc.UserID))
	}
	secretaris, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["gemeentesecretaris@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Screening(h.Ctx, secretaris, x.ID); err != nil {
		t.Errorf("the gemeentesecretaris, who is to decide, cannot open the screening: %v", err)
	}
}
