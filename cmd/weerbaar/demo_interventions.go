package main

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
)

// demoInterventions are Voorbeeldstad's administrative interventions of
// the last three years: days before today, so that the demo stays current.
// The businesses and addresses are fictional.
var demoInterventions = []struct {
	daysAgo                                            int
	kind, basis, address, business, outcome, ref, note string
}{
	{30, "integrale_controle", "apv", "Stationsstraat 4", "Shisha Lounge Noor", "drie overtredingen, waarschuwing volgt", "", "Controle met politie, Belastingdienst en brandweer."},
	{25, "waarschuwing", "apv", "Stationsstraat 4", "Shisha Lounge Noor", "schriftelijke waarschuwing", "", ""},
	{80, "sluiting", "opiumwet_13b", "Havenweg 12", "", "woning gesloten voor 3 maanden", "", "Handelshoeveelheid aangetroffen bij een doorzoeking."},
	{150, "bibob_toets", "wet_bibob", "Kerkplein 2", "Café Centraal", "mindere mate van gevaar: voorschriften", "B-2026-014", ""},
	{170, "lbb_advies", "wet_bibob", "Kerkplein 2", "Café Centraal", "advies: mindere mate van gevaar", "B-2026-014", ""},
	{300, "last_onder_dwangsom", "woningwet", "Dijkstraat 8", "", "last opgelegd, € 5.000 per week", "", "Illegale kamerverhuur aan arbeidsmigranten."},
	{420, "sluiting", "opiumwet_13b", "Industrieweg 31", "Opslag De Zaag", "bedrijfspand gesloten voor 6 maanden", "", "Drugslab in de achterruimte."},
	{450, "integrale_controle", "apv", "Industrieweg 31", "Opslag De Zaag", "signalen doorgegeven aan het RIEC", "", ""},
	{560, "bibob_toets", "wet_bibob", "Marktstraat 17", "Autobedrijf Snel", "geen gevaar", "B-2025-003", ""},
	{700, "sluiting", "apv", "Nachtegaalstraat 5", "Club Nachtegaal", "horecazaak gesloten voor 2 weken", "", ""},
	{760, "integrale_controle", "apv", "Bedrijvenpark Oost", "", "zeven panden gecontroleerd", "", ""},
	{720, "sluiting", "woningwet", "Vlietkade 3", "", "woning gesloten: gevaar voor de omgeving", "", ""},
}

// seedDemoInterventions fills Voorbeeldstad's interventions register, so
// that the year × type table has something to show.
func seedDemoInterventions(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	sc, err := a.Auth.ScopeFor(ctx, env.UserIDs["bibob@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	today := a.Clock.Now().In(clock.Amsterdam)
	for _, d := range demoInterventions {
		if _, err := a.Bibob.AddIntervention(ctx, sc, bibob.InterventionInput{Kind: d.kind, LegalBasis: d.basis,
			OccurredOn: today.AddDate(0, 0, -d.daysAgo).Format(time.DateOnly), ObjectAddress: d.address, BusinessName: d.business,
			Outcome: d.outcome, ScreeningRef: d.ref, Note: d.note}); err != nil {
			return err
		}
	}
	return nil
}
