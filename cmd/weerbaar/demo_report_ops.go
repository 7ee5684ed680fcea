package main

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/demo"
	meldpunt "github.com/weerbaar/weerbaar/internal/report"
)

// seedDemoReportOps gives Voorbeeldstad's meldpunt a year of work for the
// overviews (issue 4, operations): six signals of ondermijning in various
// statuses — one decided as RIEC-signaal, one dropped and closed, one not
// acknowledged in time — one integrity report waiting for feedback, and two
// aggression incidents, one of them with its aftercare overdue. The reports
// are stored as intake stores them (sealed texts, deadlines from the
// settings), with the coordinator on their need-to-know lists.
func seedDemoReportOps(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	coordID := env.UserIDs["coordinator@voorbeeldstad.example"]
	coord, err := a.Auth.ScopeFor(ctx, coordID, orgID, true)
	if err != nil {
		return err
	}
	// A second coordinator works the meldpunt: the browser test signs in
	// with this account, since the first coordinator's second factor is
	// enrolled by another flow.
	desk, err := a.Auth.CreateUser(ctx, auth.System(orgID), auth.NewUser{Email: "meldpunt@voorbeeldstad.example", Name: "Iris Meijer",
		Password: demo.Password, Roles: []auth.Role{auth.Coordinator}})
	if err != nil {
		return err
	}
	env.UserIDs[desk.Email] = desk.ID
	env.Accounts = append(env.Accounts, demo.Account{Org: env.Orgs["voorbeeldstad"].Name, Role: auth.Coordinator, Email: desk.Email, Name: desk.Name})
	now := a.Clock.Now()
	daysAgo := func(d int) time.Time { return now.Add(-time.Duration(d) * 24 * time.Hour) }
	handlers := []string{coordID, desk.ID}
	if lead := env.UserIDs["teamleider@voorbeeldstad.example"]; lead != "" {
		handlers = append(handlers, lead)
	}
	signals := []meldpunt.Seed{
		{Status: meldpunt.Closed, Decision: meldpunt.DecidedDrop, ReceivedAt: daysAgo(330), DecidedAt: daysAgo(300), ClosedAt: daysAgo(290),
			Title: "Veel contant geld bij kapsalon", Body: "Een inspecteur zag grote bedragen contant afrekenen bij een kapsalon die vrijwel leeg is."},
		{Status: meldpunt.DecidedRIEC, ReceivedAt: daysAgo(240), DecidedAt: daysAgo(200),
			Title: "Loods met wisselende huurders", Body: "Een loods op het bedrijventerrein wisselt steeds van huurder; 's nachts komen er busjes."},
		{Status: meldpunt.DecidedLocal, ReceivedAt: daysAgo(150), DecidedAt: daysAgo(130),
			Title: "Vakantiewoning zonder gasten", Body: "Een vakantiewoning staat als verhuurd te boek, maar er komen nooit gasten."},
		{Status: meldpunt.InProgress, ReceivedAt: daysAgo(60),
			Title: "Druk bezochte nagelstudio", Body: "Een nagelstudio met veel bezoek voor korte tijd en nieuwe eigenaren elk jaar."},
		{Status: meldpunt.Acknowledged, ReceivedAt: daysAgo(20),
			Title: "Vergunningaanvraag via tussenpersoon", Body: "Een aanvrager wordt telkens vertegenwoordigd door dezelfde tussenpersoon uit een andere regio."},
		{Status: meldpunt.Received, ReceivedAt: daysAgo(10), Anonymous: true, Channel: meldpunt.Anonymous,
			Title: "Anonieme tip over opslag", Body: "Een anonieme melder zag jerrycans in een garagebox achter de winkelstraat."},
	}
	for _, s := range signals {
		s.Category, s.Handlers = meldpunt.Undermining, []string{coordID, desk.ID}
		if _, _, err := a.Report.SeedReport(ctx, coord, s); err != nil {
			return err
		}
	}
	if _, _, err := a.Report.SeedReport(ctx, coord, meldpunt.Seed{Category: meldpunt.Integrity, Status: meldpunt.InProgress, ReceivedAt: daysAgo(45),
		Title: "Vermoeden van belangenverstrengeling", Body: "Een medewerker zou opdrachten gunnen aan het bedrijf van een familielid.",
		Handlers: []string{coordID, desk.ID}}); err != nil {
		return err
	}
	// Two aggression incidents at the counter: the recent one has its
	// aftercare contact overdue, the older one was followed up in time.
	recent, _, err := a.Report.SeedReport(ctx, coord, meldpunt.Seed{Category: meldpunt.Aggression, Status: meldpunt.InProgress, ReceivedAt: daysAgo(4),
		Title: "Klant dreigde aan de balie", Body: "Een klant dreigde een medewerker van Burgerzaken op te wachten na werktijd.", Handlers: handlers})
	if err != nil {
		return err
	}
	if err := a.Report.SaveIncident(ctx, coord, recent, meldpunt.IncidentInput{Band: meldpunt.BandUnacceptable, Kind: meldpunt.KindThreat,
		Aangifte: true, VPT: true, Serious: true}); err != nil {
		return err
	}
	older, _, err := a.Report.SeedReport(ctx, coord, meldpunt.Seed{Category: meldpunt.Aggression, Status: meldpunt.Closed, ReceivedAt: daysAgo(90),
		DecidedAt: daysAgo(80), ClosedAt: daysAgo(75),
		Title: "Schelden bij het KCC", Body: "Een beller schold een medewerker van het klantcontactcentrum uit.", Handlers: handlers})
	if err != nil {
		return err
	}
	if err := a.Report.SaveIncident(ctx, coord, older, meldpunt.IncidentInput{Band: meldpunt.BandUnacceptable, Kind: meldpunt.KindVerbal}); err != nil {
		return err
	}
	for _, st := range meldpunt.AftercareSteps {
		if err := a.Report.CompleteAftercare(ctx, coord, older, st); err != nil {
			return err
		}
	}
	// It was done in time: the steps were ticked off before their dates.
	_, err = a.DB.Write.ExecContext(ctx, `UPDATE report_aftercare SET done_at = due_at - 3600000 WHERE report_id = $1 AND org_id = $2`, older, orgID)
	return err
}
