package main

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
)

// seedDemoBibob gives Voorbeeldstad its Bibob picture (DOMAIN.md §8,
// issue 5): a policy last updated in 2018, so the warning shows; a horeca
// screening whose LBB advice came in and now waits for a decision by the
// gemeentesecretaris; and three building applications on one plot by one
// developer and a related company, each below the €500,000 threshold and
// together above it. Dates are relative to today so the demo stays alive.
func seedDemoBibob(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	sc, err := a.Auth.ScopeFor(ctx, env.UserIDs["bibob@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	s := a.Bibob
	today := a.Clock.Now().In(clock.Amsterdam)
	ago := func(days int) string { return today.AddDate(0, 0, -days).Format(time.DateOnly) }

	if err := s.SavePolicy(ctx, sc, bibob.PolicyInput{Types: bibob.Types, Threshold: "500.000", RiskThreshold: "50.000",
		RiskAreas: "Havenkwartier\n1011", WindowMonths: "12", Tranche: "evaluatie_2013", UpdatedOn: "2018-03-01"}); err != nil {
		return err
	}
	apps := []bibob.ApplicationInput{
		{CaseNumber: "Z-2025-0412", Type: "omgevingsvergunning", Applicant: "Vastgoed Noordkade B.V.", KvK: "61234567",
			Address: "Noordkade 12, 1234 AB Voorbeeldstad", Plot: "VBS01 K 4711", Amount: "240.000", ReceivedOn: ago(300)},
		{CaseNumber: "Z-2025-0698", Type: "omgevingsvergunning", Applicant: "Vastgoed Noordkade B.V.", KvK: "61234567",
			Address: "Noordkade 12, 1234 AB Voorbeeldstad", Plot: "VBS01 K 4711", Amount: "195.000", ReceivedOn: ago(200)},
		{CaseNumber: "Z-2025-0977", Type: "omgevingsvergunning", Applicant: "Noordkade Ontwikkeling B.V.", KvK: "69876543",
			Parties: "Vastgoed Noordkade B.V. (61234567)", Address: "Noordkade 12, 1234 AB Voorbeeldstad", Plot: "VBS01 K 4711", Amount: "180.000", ReceivedOn: ago(90)},
		{CaseNumber: "Z-2025-1020", Type: "omgevingsvergunning", Applicant: "Woningcorporatie Thuis", KvK: "41000001",
			Address: "Stationsweg 40, 1235 CD Voorbeeldstad", Amount: "2.750.000", ReceivedOn: ago(70)},
		{CaseNumber: "Z-2025-1103", Type: "subsidie", Applicant: "Stichting Buurtsport", KvK: "41000002",
			Address: "Sportlaan 3, 1236 EF Voorbeeldstad", Amount: "20.000", ReceivedOn: ago(40)},
		{CaseNumber: "Z-2025-1131", Type: "drank_horecavergunning", Applicant: "Café De Haven V.O.F.", KvK: "71234568",
			Parties: "H. de Vries; J. Bakker", Address: "Havenstraat 5, Havenkwartier, 1011 AA Voorbeeldstad", ReceivedOn: ago(100)},
	}
	ids := map[string]string{}
	for _, in := range apps {
		id, err := s.AddApplication(ctx, sc, in)
		if err != nil {
			return err
		}
		ids[in.CaseNumber] = id
	}
	// The horeca screening: questionnaire, own research, LBB advice in.
	id, err := s.StartScreening(ctx, sc, ids["Z-2025-1131"], ago(95))
	if err != nil {
		return err
	}
	if err := s.RecordResearch(ctx, sc, id, bibob.ResearchInput{Sources: []string{"open_bronnen", "kvk", "justid", "riec"},
		Findings: "Eén vennoot was eerder bestuurder van een horecazaak die op grond van de Opiumwet werd gesloten. Financiering deels onduidelijk."}); err != nil {
		return err
	}
	for _, step := range []bibob.LBBInput{{Action: "request", On: ago(80)}, {Action: "extend", Weeks: "2"}, {Action: "advice", On: ago(10), Outcome: "mindere_mate"}} {
		if err := s.RecordLBB(ctx, sc, id, step); err != nil {
			return err
		}
	}
	return s.GrantScreening(ctx, sc, id, env.UserIDs["gemeentesecretaris@voorbeeldstad.example"])
}
