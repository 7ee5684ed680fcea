package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/people"
)

// TestDemoShowsTheImperfectPeoplePicture checks the people registers of
// the demo against DOMAIN.md §8 and issue 6: aggression refreshers overdue
// in Klant and Sociaal Domein, handhavers never trained on signals of
// ondermijning, screenings due, and the teamleider seeing only Klant.
func TestDemoShowsTheImperfectPeoplePicture(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	orgID := env.Orgs["voorbeeldstad"].ID
	hr, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["hr@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	ov, err := h.App.People.Overview(h.Ctx, hr)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, r := range ov.Requirements {
		col[r.Code] = i
	}
	cell := func(team, code string) people.Cell {
		for _, tc := range ov.Teams {
			if tc.TeamName == team {
				return tc.Cells[col[code]]
			}
		}
		t.Fatalf("team %s not in the overview", team)
		return people.Cell{}
	}
	for _, team := range []string{"Burgerzaken", "Klantcontactcentrum"} {
		if c := cell(team, "AGRESSIE"); c.Overdue == 0 {
			t.Errorf("%s: no overdue aggression refreshers: %+v", team, c)
		}
	}
	if c := cell("Handhaving", "SIGNALEN"); c.Applicable == 0 || c.Covered != 0 {
		t.Errorf("Handhaving should never have been trained on signals: %+v", c)
	}
	list, err := h.App.People.ScreeningList(h.Ctx, hr)
	if err != nil {
		t.Fatal(err)
	}
	due, from2017 := 0, 0
	for _, s := range list {
		if s.Due {
			due++
		}
		if s.LastOn != "" && s.LastOn < "2018-01-01" {
			from2017++
		}
	}
	if due == 0 || from2017 == 0 {
		t.Errorf("screenings: %d due, %d last screened in 2017", due, from2017)
	}

	lead, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["teamleider@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := h.App.People.Overview(h.Ctx, lead)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range mine.Teams {
		if tc.TeamName != "Klant" && tc.TeamName != "Burgerzaken" && tc.TeamName != "Klantcontactcentrum" {
			t.Errorf("the teamleider of Klant sees team %s", tc.TeamName)
		}
	}
	if len(mine.Teams) == 0 {
		t.Error("the teamleider of Klant sees no team")
	}
}
