package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
)

// --- Goals and indicators (issue 7): a goal of A and a manual indicator
// of A. Both are the organisation's figures: the route's permission
// decides for members of A; a foreign user gets 404. ---

func (m *matrix) goalsFixtures(t *testing.T, sc *auth.Scope) {
	h := m.h
	d, err := h.App.Plan.DefineIndicator(h.Ctx, sc, plan.NewIndicator{Key: "sportclubs", Label: "Sportclubs gescreend", Unit: plan.UnitCount, HigherIsBetter: true})
	if err != nil {
		t.Fatal(err)
	}
	g, err := h.App.Plan.CreateGoal(h.Ctx, sc, plan.NewGoal{Title: "Minder achterstallige acties", Kind: plan.KindPerformance, IndicatorKey: plan.KeyActionsOverdue})
	if err != nil {
		t.Fatal(err)
	}
	m.params["goalID"], m.params["key"], m.params["jaar"], m.params["periode"] = g.ID, d.Key, "2026", "2025-06"
}

// maySeeGoals decides {goalID}, {key}, {jaar} and {periode}: the organisation's
// figures, so the route's permission decides.
func maySeeGoals(p string) (handled, ok bool) {
	switch p {
	case "goalID", "key", "jaar", "periode":
		return true, true
	}
	return false, false
}

// --- end of goals and indicators fixtures ---
