package risk

import (
	"context"
	"fmt"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
)

// The demo register of Gemeente Voorbeeldstad: five teams have mapped a
// process from the catalogue (DOMAIN.md §2); the others (Civiel & Vastgoed,
// Griffie, Informatievoorziening, Advies, the KCC, …) never did. The steps
// are performed by the functions of the demo HR export
// (internal/org/demo/hr-export-voorbeeld.csv), whose people are arranged so
// that the duty analysis finds exactly this, on any day of 2026–2028:
//
//   - dubbelzitter: Eline Dekker (Vergunningen) does the Bibob-toets and
//     decides on the licence (Bibob-onderzoeker since 2025, vergunningverlener
//     since 2024);
//   - eenpitter: "Uitreiking reisdocument" has one active holder, Robin
//     Koster, since Wilma de Jong left in 2025;
//   - langzitters: Henk Brouwer (besluit horecavergunning, since 2008),
//     Ria Oosterhuis (BRP-mutaties, since 2004), Gerrit Kok (kasbeheer,
//     since 2014) and Joost van Dijk (toezicht horeca, since 2011).
//
// Everyone else who holds a checked step took it up in 2024 or 2025, after
// a round of rotation, so that nobody else passes the five-year norm before
// 2029. Change the register and the export together, and keep the test in
// cmd/weerbaar that lists these findings passing.
var demoRegister = []demoProcess{
	{team: "Burgerzaken", code: "BZ-REISDOC", name: "Aanvraag en uitreiking reisdocumenten", catalogue: "reisdocumenten", steps: []demoStep{
		{name: "Aanvraag en betaling", kind: duty.Other, functions: []string{"MBZ"}},
		{name: "Inname en identiteitscontrole", code: duty.CodeTravelDocIntake, kind: duty.Decision, functions: []string{"RDI"}},
		{name: "Productie aanvragen", kind: duty.Other, functions: []string{"RDI"}},
		{name: "Uitreiking reisdocument", code: duty.CodeTravelDocIssue, kind: duty.Decision, functions: []string{"RDU"}},
	}},
	{team: "Burgerzaken", code: "BZ-BRP", name: "Beheer BRP", catalogue: "beheer-brp", steps: []demoStep{
		{name: "Inschrijving en adresmutatie", code: duty.CodeRegistryChange, kind: duty.Information, fourEyes: true, functions: []string{"BRPM"}},
		{name: "Adresonderzoek", kind: duty.Other, functions: []string{"BRPM", "MBZ"}},
		{name: "Controle op mutaties", code: duty.CodeRegistryCheck, kind: duty.Decision, functions: []string{"BRPC"}},
	}},
	{team: "Vergunningen", code: "VERG-HORECA", name: "Exploitatievergunning horeca", catalogue: "vergunningen-ontheffingen", steps: []demoStep{
		{name: "Aanvraag ontvangen en op volledigheid toetsen", kind: duty.Other, functions: []string{"AMV"}},
		{name: "Bibob-toets", code: duty.CodeBibobResearch, kind: duty.Decision, object: "horeca", functions: []string{"BIB"}},
		{name: "Advies politie en brandweer verwerken", kind: duty.Other, functions: []string{"JMV"}},
		{name: "Besluit op de aanvraag", code: duty.CodeGrantLicence, kind: duty.Decision, fourEyes: true, object: "horeca", functions: []string{"VV"}},
	}},
	{team: "Financiële administratie", code: "FA-TRANSACTIES", name: "Financiële transacties", catalogue: "financiele-transacties", steps: []demoStep{
		{name: "Verplichting aangaan", code: duty.CodeCommitment, kind: duty.Decision, functions: []string{"FAV"}},
		{name: "Factuur betalen", code: duty.CodePayInvoice, kind: duty.Cash, fourEyes: true, functions: []string{"FAB"}},
		{name: "Kasbeheer", code: duty.CodeCashCustody, kind: duty.Cash, functions: []string{"KAS"}},
		{name: "Kasadministratie", code: duty.CodeCashAccounting, kind: duty.Cash, functions: []string{"FAB"}},
	}},
	{team: "Subsidies", code: "SUB-SUBSIDIES", name: "Subsidieverlening", catalogue: "subsidies", steps: []demoStep{
		{name: "Aanvraag ontvangen", kind: duty.Other, functions: []string{"BMS", "SUBB"}},
		{name: "Beoordeling en beschikking opstellen", code: duty.CodeDraftDecision, kind: duty.Decision, functions: []string{"SUBB"}},
		{name: "Beschikking tekenen", code: duty.CodeSignDecision, kind: duty.Decision, fourEyes: true, functions: []string{"SUBT"}},
		{name: "Uitbetalen", kind: duty.Other, functions: []string{"MFA"}},
	}},
	{team: "Handhaving", code: "HH-HORECA", name: "Toezicht en handhaving horeca", catalogue: "toezicht-handhaving", steps: []demoStep{
		{name: "Controleplanning", kind: duty.Other, functions: []string{"CHH"}},
		{name: "Controle ter plaatse", code: duty.CodeSupervision, kind: duty.Decision, fourEyes: true, object: "horeca", functions: []string{"TZH"}},
		{name: "Rapport van bevindingen", kind: duty.Other, functions: []string{"TZH"}},
		{name: "Sanctie opleggen", kind: duty.Decision, functions: []string{"JH"}},
	}},
}

type demoProcess struct {
	team, code, name, catalogue string
	steps                       []demoStep
}

// demoStep is a step with its kind's defaults; a four-eyes step has its
// control in place, so that the demo shows no missing four-eyes finding.
type demoStep struct {
	name, code string
	kind       duty.StepKind
	fourEyes   bool
	object     string
	functions  []string // function codes of the demo HR export
}

// SeedDemo maps the demo register into an organisation whose organisation
// model was imported from the demo HR export (org.Store.SeedDemo), as an
// operator.
func (s *Store) SeedDemo(ctx context.Context, orgID string) error {
	sc := auth.System(orgID)
	sc.UserName = "demo"
	teams, err := s.demoIDs(ctx, `SELECT name, id FROM teams WHERE org_id = $1`, orgID)
	if err != nil {
		return err
	}
	functions, err := s.demoIDs(ctx, `SELECT code, id FROM functions WHERE org_id = $1`, orgID)
	if err != nil {
		return err
	}
	for _, dp := range demoRegister {
		teamID, ok := teams[dp.team]
		if !ok {
			return fmt.Errorf("risk demo: no team %q", dp.team)
		}
		p, err := s.CreateProcess(ctx, sc, NewProcess{TeamID: teamID, Code: dp.code, Name: dp.name, CatalogueCode: dp.catalogue})
		if err != nil {
			return fmt.Errorf("risk demo: %s: %w", dp.code, err)
		}
		for _, ds := range dp.steps {
			minHolders, rotation := ds.kind.Defaults()
			st, err := s.CreateStep(ctx, sc, NewStep{ProcessID: p.ID, Code: ds.code, Name: ds.name, Kind: ds.kind,
				MinHolders: minHolders, FourEyes: ds.fourEyes, FourEyesInPlace: ds.fourEyes, RotationMonths: rotation, Object: ds.object})
			if err != nil {
				return fmt.Errorf("risk demo: %s, %s: %w", dp.code, ds.name, err)
			}
			for _, code := range ds.functions {
				fnID, ok := functions[code]
				if !ok {
					return fmt.Errorf("risk demo: no function %q", code)
				}
				if err := s.LinkFunction(ctx, sc, st.ID, fnID); err != nil {
					return fmt.Errorf("risk demo: %s, %s: %w", dp.code, ds.name, err)
				}
			}
		}
		if err := s.seedRegisterDetails(ctx, sc, p, dp); err != nil {
			return err
		}
	}
	return nil
}

// demoScores are the demo's inherent and residual scores of a catalogue
// process's typical vulnerabilities, in catalogue order: an imperfect
// picture with a few high residual risks.
var demoScores = map[string][][2]Score{
	"reisdocumenten":            {{{4, 5}, {3, 4}}, {{3, 4}, {2, 4}}},
	"beheer-brp":                {{{4, 4}, {3, 3}}, {{3, 4}, {0, 0}}},
	"vergunningen-ontheffingen": {{{4, 5}, {4, 4}}, {{3, 3}, {2, 3}}},
	"financiele-transacties":    {{{3, 4}, {2, 2}}, {{2, 3}, {1, 3}}},
	"subsidies":                 {{{3, 3}, {0, 0}}, {{3, 4}, {3, 3}}},
	"toezicht-handhaving":       {{{4, 4}, {3, 4}}, {{3, 3}, {3, 3}}},
}

// seedRegisterDetails gives a demo process the catalogue's typical
// vulnerabilities, scored, and its controls: the first tested with
// evidence, the second in place, the rest planned (one of them overdue),
// and a few circumstances.
func (s *Store) seedRegisterDetails(ctx context.Context, sc *auth.Scope, p *Process, dp demoProcess) error {
	c, ok := CatalogueEntry(dp.catalogue)
	if !ok {
		return nil
	}
	scores := demoScores[dp.catalogue]
	var first string
	for i, cv := range c.Vulnerabilities {
		n := NewVulnerability{ProcessID: p.ID, Title: cv.Title, Origin: cv.Origin, Intent: cv.Intent, Factor: cv.Factor}
		if i < len(scores) {
			n.Inherent, n.Residual = scores[i][0], scores[i][1]
		}
		v, err := s.CreateVulnerability(ctx, sc, n)
		if err != nil {
			return err
		}
		if first == "" {
			first = v.ID
		}
	}
	for i, title := range c.Controls {
		n := NewControl{ProcessID: p.ID, VulnerabilityID: first, Title: title, Status: Planned,
			DueDate: addMonths(s.today(), 2+i)}
		switch i {
		case 0:
			n.Status, n.Evidence, n.DueDate = Tested, "Steekproef van tien dossiers in het afgelopen kwartaal; alle in orde.", ""
		case 1:
			n.Status, n.DueDate = InPlace, ""
		case 2:
			n.DueDate = addMonths(s.today(), -1) // overdue
		}
		if _, err := s.CreateControl(ctx, sc, n); err != nil {
			return err
		}
	}
	cs := []Circumstance{{Category: WaysOfWork, Code: "tijdsdruk"}}
	if dp.catalogue == "vergunningen-ontheffingen" || dp.catalogue == "toezicht-handhaving" {
		cs = append(cs, Circumstance{Category: WaysOfWork, Code: "ons_kent_ons"}, Circumstance{Category: ExternalSite, Code: "recreatiepark"})
	}
	return s.SetCircumstances(ctx, sc, p.ID, cs, "Eerste inventarisatie (demo)")
}

// demoIDs reads a key → id map of the organisation's rows.
func (s *Store) demoIDs(ctx context.Context, query, orgID string) (map[string]string, error) {
	rows, err := s.db.Read.QueryContext(ctx, query, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, id string
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, rows.Err()
}
