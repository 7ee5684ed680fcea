package main

import (
	"fmt"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/plan"
)

// demoGoalsHistory is Voorbeeldstad's history from before Weerbaar, as
// its monitor recorded it each December: teams with mapped processes (%),
// training duties up to date (%) and overdue actions.
var demoGoalsHistory = []struct {
	key    string
	values []string // two years ago, last year
}{
	{plan.KeyMappedTeams, []string{"10", "25"}},
	{plan.KeyTraining, []string{"35", "52,5"}},
	{plan.KeyActionsOverdue, []string{"9", "6"}},
}

// seedDemoGoals gives Voorbeeldstad the goals of its programme with
// targets for last year, this year and next, a manual indicator with three
// years of values and their source, the history of three computed
// indicators from its earlier monitor, and this month's recorded values
// (issue 7, point 4).
func seedDemoGoals(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	coord, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	this := a.Clock.Now().In(clock.Amsterdam).Year()
	conv, err := a.Plan.DefineIndicator(ctx, coord, plan.NewIndicator{Key: "convenanten", Label: "Convenanten met ketenpartners", Unit: plan.UnitCount, HigherIsBetter: true})
	if err != nil {
		return err
	}
	for i, v := range []string{"1", "2", "4"} {
		y := this - 2 + i
		if err := a.Plan.EnterValue(ctx, coord, conv.Key, y, v, fmt.Sprintf("Jaarverslag RIEC %d", y)); err != nil {
			return err
		}
	}
	for _, h := range demoGoalsHistory {
		for i, v := range h.values {
			period := strconv.Itoa(this-2+i) + "-12"
			if err := a.Plan.ImportMeasurement(ctx, coord, h.key, period, v, "Monitor ondermijning (voor Weerbaar)"); err != nil {
				return err
			}
		}
	}
	goals := []struct {
		title, kind, key string
		targets          []string // last year, this year, next year
	}{
		{"Alle teams met kwetsbare processen hebben die in kaart", plan.KindEffect, plan.KeyMappedTeams, []string{"25", "60", "100"}},
		{"Medewerkers zijn getraind in het herkennen van signalen", plan.KindEffect, plan.KeyTraining, []string{"50", "75", "90"}},
		{"Meldingen worden binnen de termijn opgepakt", plan.KindPerformance, plan.KeyReportsLate, []string{"", "0", "0"}},
		{"Acties van het plan van aanpak lopen niet achter", plan.KindPerformance, plan.KeyActionsOverdue, []string{"5", "2", "0"}},
		{"Samenwerking met ketenpartners vastgelegd", plan.KindEffect, conv.Key, []string{"2", "4", "6"}},
	}
	for _, g := range goals {
		goal, err := a.Plan.CreateGoal(ctx, coord, plan.NewGoal{Title: g.title, Kind: g.kind, IndicatorKey: g.key})
		if err != nil {
			return err
		}
		for i, t := range g.targets {
			if t == "" {
				continue
			}
			if _, err := a.Plan.SetTarget(ctx, coord, goal.ID, this-1+i, t); err != nil {
				return err
			}
		}
	}
	_, err = a.Plan.Record(ctx)
	return err
}
