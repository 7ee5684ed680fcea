package demo

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/plan"
)

// seedActions gives Voorbeeldstad a realistic, imperfect action list: some
// work done, some on time, and a few actions overdue for months.
func seedActions(env *Env) error {
	ctx, a := env.Ctx, env.App
	org := env.Orgs["voorbeeldstad"]
	coord := env.UserIDs["coordinator@voorbeeldstad.example"]
	sc, err := a.Auth.ScopeFor(ctx, coord, org.ID, true)
	if err != nil {
		return err
	}
	today := a.Clock.Now().In(clock.Amsterdam)
	day := func(offset int) string { return today.AddDate(0, 0, offset).Format(time.DateOnly) }
	items := []struct {
		title, owner string
		due          int
		status       plan.Status
		source       plan.Source
	}{
		{"Bibob-beleid actualiseren (dateert van 2018)", "bibob@voorbeeldstad.example", -120, plan.Open, plan.Source{Type: "audit", Label: "Rekenkamerrapport 2025"}},
		{"Kwetsbare processen team Klant in kaart brengen", "teamleider@voorbeeldstad.example", -45, plan.InProgress, plan.Source{Type: "scan", Label: "Weerbaarheidsscan 2025"}},
		{"Agressietraining plannen voor baliemedewerkers", "hr@voorbeeldstad.example", -10, plan.Open, plan.Source{Type: "scan", Label: "Weerbaarheidsscan 2025"}},
		{"Meldpunt bekendmaken op het intranet", "coordinator@voorbeeldstad.example", 2, plan.Open, plan.Source{Type: "manual"}},
		{"Raadsinformatiebrief weerbaarheid voorbereiden", "coordinator@voorbeeldstad.example", 30, plan.Open, plan.Source{Type: "manual"}},
		{"Functiescheiding vergunningen herstellen", "teamleider@voorbeeldstad.example", 14, plan.Open, plan.Source{Type: "finding", Label: "Dubbelzitter vergunningen"}},
		{"Vertrouwenspersoon voorstellen in teamoverleg", "vertrouwenspersoon@voorbeeldstad.example", -60, plan.Done, plan.Source{Type: "manual"}},
	}
	for _, it := range items {
		act, err := a.Plan.Create(ctx, sc, plan.NewAction{Title: it.title, OwnerID: env.UserIDs[it.owner], DueDate: day(it.due), Source: it.source})
		if err != nil {
			return err
		}
		if it.status != plan.Open {
			if _, err := a.Plan.SetStatus(ctx, sc, act.ID, it.status); err != nil {
				return err
			}
		}
	}
	// Buurdorp has a short list too, which the RIEC analyst can see under
	// delegation.
	bsc, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@buurdorp.example"], env.Orgs["buurdorp"].ID, true)
	if err != nil {
		return err
	}
	_, err = a.Plan.Create(ctx, bsc, plan.NewAction{Title: "Integrale controle bedrijventerrein voorbereiden", DueDate: day(21)})
	return err
}
