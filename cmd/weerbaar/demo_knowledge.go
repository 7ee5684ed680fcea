package main

import (
	"strings"

	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// seedDemoKnowledge has Buurdorp's coordinator adapt the LOO reglement to
// Buurdorp (meeting every two months, the woningcorporatie as a standing
// guest) and publish it, so that Voorbeeldstad's shared library has a
// document from a neighbour to read and adopt (issue 7 point 8).
func seedDemoKnowledge(env *demo.Env) error {
	ctx, a, org := env.Ctx, env.App, env.Orgs["buurdorp"]
	coord, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@buurdorp.example"], org.ID, true)
	if err != nil {
		return err
	}
	st := knowledge.NewStore(a.DB, a.Clock, a.Audit)
	t, err := st.Template(ctx, coord, "loo-reglement")
	if err != nil {
		return err
	}
	body := strings.Replace(t.Body, "1. Het overleg komt ten minste zes keer per jaar bijeen.",
		"1. Het overleg komt elke twee maanden bijeen, op de eerste dinsdag van de maand.", 1)
	body = strings.Replace(body, "- Secretaris:",
		"- Vaste gast: de woningcorporatie Buurdorp Wonen, voor casussen over woningen.\n- Secretaris:", 1)
	reviewed := a.Clock.Now().AddDate(0, -2, 0).Format("2006-01-02")
	if _, err := st.SaveTemplate(ctx, coord, "loo-reglement", knowledge.TemplateEdit{Title: "Reglement LOO Buurdorp",
		Summary: t.Summary, Body: body, Owner: t.Owner, ReviewedOn: reviewed}); err != nil {
		return err
	}
	return st.Publish(ctx, coord, "loo-reglement")
}
