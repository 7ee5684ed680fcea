package main

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/meeting"
)

// seedDemoMeeting gives Voorbeeldstad its LOO (issue 4.5): the six-week
// cycle, one meeting held three weeks ago with a free agenda item, its
// decision, an action and minutes, and the next meeting planned on the
// cycle. Items from reports come once the meldpunt is connected.
func seedDemoMeeting(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	coord, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	ms := a.Meeting
	if err := ms.SaveSettings(ctx, coord, "6"); err != nil {
		return err
	}
	now := a.Clock.Now().In(clock.Amsterdam)
	held := now.AddDate(0, 0, -21).Format(time.DateOnly)
	parts := "gemeente — coördinator ondermijning\npolitie — wijkagent\nhandhaving\nRIEC Zeeland-West-Brabant\nOM"
	var members []string
	if id := env.UserIDs["gemeentesecretaris@voorbeeldstad.example"]; id != "" {
		members = append(members, id)
	}
	past, err := ms.Plan(ctx, coord, meeting.PlanInput{HeldOn: held, StartTime: "10:00", Place: "Stadhuis, kamer 2.14",
		Participants: parts, MemberIDs: members})
	if err != nil {
		return err
	}
	item, err := ms.AddTopic(ctx, coord, past, "Signalen rond permanente bewoning op vakantiepark De Duinen")
	if err != nil {
		return err
	}
	if err := ms.Decide(ctx, coord, past, item, "local",
		"Integrale controle door handhaving en politie; geen aanwijzingen voor een RIEC-casus."); err != nil {
		return err
	}
	if _, err := ms.CreateAction(ctx, coord, past, item, meeting.ActionInput{Title: "Integrale controle vakantiepark plannen",
		OwnerID: coord.UserID, DueDate: now.AddDate(0, 0, 14).Format(time.DateOnly)}); err != nil {
		return err
	}
	if err := ms.SaveMinutes(ctx, coord, past, "Aanwezig: gemeente, politie, handhaving, RIEC, OM.\n"+
		"1. Vakantiepark De Duinen: signalen van permanente bewoning en wisselende huurders besproken; besloten lokaal op te pakken met een integrale controle."); err != nil {
		return err
	}
	if err := ms.SetStatus(ctx, coord, past, meeting.Held); err != nil {
		return err
	}
	next := meeting.ProposedDates(held, now, 6, 1)[0]
	_, err = ms.Plan(ctx, coord, meeting.PlanInput{HeldOn: next, StartTime: "10:00", Place: "Stadhuis, kamer 2.14",
		Participants: parts, MemberIDs: members})
	return err
}
