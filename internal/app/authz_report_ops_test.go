package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/report"
)

// --- Meldpunt operations (issue 4, report-ops): an aggression report of A
// stored as intake would (sealed title and body carrying the sentinel) with
// only A's coordinator on its need-to-know list. Every other actor of A
// who may handle reports gets 404, as does everyone of B. ---

const sentinelReportOps = "Sentinel-agressie-A"

func (m *matrix) reportOpsFixtures(t *testing.T, coord *auth.User) {
	h := m.h
	id, _, err := h.App.Report.SeedReport(h.Ctx, h.Scope(m.a, coord), report.Seed{Category: report.Aggression,
		Title: sentinelReportOps, Body: sentinelReportOps, Handlers: []string{coord.ID}})
	if err != nil {
		t.Fatal(err)
	}
	m.params["incidentID"], m.owner["incidentID"] = id, coord.ID
}

// maySeeReportOps: only the handler on the need-to-know list.
func (m *matrix) maySeeReportOps(ac *actor) bool {
	return ac.user.ID == m.owner["incidentID"] && ac.scope.Delegated == nil
}

// --- end of meldpunt operations fixtures ---
