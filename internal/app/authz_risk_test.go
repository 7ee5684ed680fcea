package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// sentinelDecision is planted in the motivation of A's open treatment
// proposal.
const sentinelDecision = "Sentinel-besluit-A"

var riskSentinels = []string{sentinelDecision}

// riskFixtures plants an open treatment proposal by A's team lead on A's
// register vulnerability (m.register), so that A's executive (the default
// approver) can approve it and A's coordinator is refused by the matrix's
// approver role.
func (m *matrix) riskFixtures(t *testing.T, users map[string]*auth.User) {
	h := m.h
	lead := users[string(auth.TeamLead)]
	d, err := h.App.Risk.ProposeDecision(h.Ctx, h.Scope(m.a, lead), m.params["vulnerabilityID"], risk.Accept, sentinelDecision)
	if err != nil {
		t.Fatal(err)
	}
	m.params["decisionID"] = d.ID
}

// restoreRisk reopens the proposal an allowed request may have decided.
func (m *matrix) restoreRisk(t *testing.T) {
	db, ctx := m.h.App.DB.Write, m.h.Ctx
	if _, err := db.ExecContext(ctx, `UPDATE risk_decisions SET status = 'proposed', decided_by = '', decided_at = 0, decision_note = ''
		WHERE id = $1`, m.params["decisionID"]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE vulnerabilities SET treatment = '' WHERE id = $1`, m.params["vulnerabilityID"]); err != nil {
		t.Fatal(err)
	}
}
