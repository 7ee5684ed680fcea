package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// plantedFindings are the findings the demo plants in Voorbeeldstad (see
// internal/risk/demo.go): kind, step(s) and person, by name.
var plantedFindings = []string{
	"eenpitter | Uitreiking reisdocument | Robin Koster",
	"dubbelzitter | Besluit op de aanvraag + Bibob-toets | Eline Dekker",
	"langzitter | Besluit op de aanvraag | Henk Brouwer | sinds 2008-01-01",
	"langzitter | Controle ter plaatse | Joost van Dijk | sinds 2011-06-01",
	"langzitter | Inschrijving en adresmutatie | Ria Oosterhuis | sinds 2004-05-01",
	"langzitter | Kasbeheer | Gerrit Kok | sinds 2014-01-01",
}

// TestDemoPlantsExactlyTheDutyFindings seeds the demo as `weerbaar demo`
// does and runs the duty analysis of Voorbeeldstad on days across the
// years the demo is meant for: it finds the planted dubbelzitter, eenpitter
// and langzitters, and nothing else.
func TestDemoPlantsExactlyTheDutyFindings(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	vb := env.Orgs["voorbeeldstad"]
	sc := auth.System(vb.ID)
	in, err := risk.LoadDutyInput(h.Ctx, sc, h.App.DB)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(in.Employees); n < 240 || n > 260 {
		t.Errorf("Voorbeeldstad has %d employees, want about 250", n)
	}
	person, step := map[string]string{}, map[string]string{}
	for _, e := range in.Employees {
		person[e.ID] = e.Name
	}
	for _, s := range in.Steps {
		step[s.ID] = s.Name
	}
	kinds := map[duty.Kind]string{duty.SoleHolder: "eenpitter", duty.Conflict: "dubbelzitter",
		duty.LongHolder: "langzitter", duty.MissingFourEyes: "vier-ogen ontbreekt"}

	for _, day := range []string{"2026-01-01", "2026-03-02", "2026-11-23", "2027-07-01", "2028-12-31"} {
		on, err := duty.ParseDate(day)
		if err != nil {
			t.Fatal(err)
		}
		res, err := h.App.Risk.Analyse(h.Ctx, sc, on)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			var steps []string
			for _, id := range f.StepIDs {
				steps = append(steps, step[id])
			}
			slices.Sort(steps)
			who := person[f.EmployeeID]
			if f.Kind == duty.SoleHolder {
				var holders []string
				for _, id := range f.Holders {
					holders = append(holders, person[id])
				}
				who = strings.Join(holders, ", ")
			}
			line := kinds[f.Kind] + " | " + strings.Join(steps, " + ") + " | " + who
			if f.Kind == duty.LongHolder {
				line += " | sinds " + f.Since.String()
			}
			got = append(got, line)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(plantedFindings))
		if !slices.Equal(got, want) {
			t.Errorf("on %s the analysis finds\n  %s\nwant\n  %s", day, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}

	// Some teams mapped their processes, others never did.
	teams := map[string]string{}
	rows, err := h.App.DB.Read.QueryContext(h.Ctx, `SELECT name, id FROM teams WHERE org_id = $1`, vb.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, id string
		if err := rows.Scan(&name, &id); err != nil {
			t.Fatal(err)
		}
		teams[name] = id
	}
	rows.Close()
	for name, mapped := range map[string]bool{"Burgerzaken": true, "Vergunningen": true, "Financiële administratie": true,
		"Subsidies": true, "Handhaving": true, "Civiel & Vastgoed": false, "Openbare Ruimte": false, "Griffie": false,
		"Klantcontactcentrum": false, "ICT": false, "HR": false} {
		id, ok := teams[name]
		if !ok {
			t.Errorf("the demo has no team %s", name)
			continue
		}
		ps, err := h.App.Risk.Processes(h.Ctx, sc, id)
		if err != nil {
			t.Fatal(err)
		}
		if mapped != (len(ps) > 0) {
			t.Errorf("team %s has %d processes; mapped: want %v", name, len(ps), mapped)
		}
	}

	// Buurdorp has no register: the demo plants nothing there.
	res, err := h.App.Risk.Analyse(h.Ctx, auth.System(env.Orgs["buurdorp"].ID), duty.DateOf(2026, time.November, 23))
	if err != nil || len(res.Findings) != 0 {
		t.Errorf("Buurdorp: %d findings, %v", len(res.Findings), err)
	}
}
