package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Sentinels of the risk matrix and treatment decisions, planted in A's
// vulnerability and in the motivation of A's open proposal.
const (
	sentinelVulnerability = "Sentinel-kwetsbaarheid-A"
	sentinelDecision      = "Sentinel-besluit-A"
)

var riskSentinels = []string{sentinelVulnerability, sentinelDecision}

// riskFixtures plants in A a team, a process, a scored vulnerability and an
// open treatment proposal by A's team lead, so that A's executive (the
// default approver) can approve it and A's coordinator is refused by the
// matrix's approver role. The vulnerability is written by SQL until the
// register's store offers it.
func (m *matrix) riskFixtures(t *testing.T, users map[string]*auth.User) {
	h := m.h
	team, process, vuln := store.NewID(), store.NewID(), store.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Team A', 0, 0)`, []any{team, m.a.ID}},
		{`INSERT INTO processes (id, org_id, team_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, 'proces-a', 'Proces A', 0, 0)`,
			[]any{process, m.a.ID, team}},
		{`INSERT INTO vulnerabilities (id, org_id, process_id, title, origin, intent, factor, inherent_likelihood, inherent_impact,
			residual_likelihood, residual_impact, created_at, updated_at) VALUES ($1, $2, $3, $4, 'internal', 'intended', 'human', 4, 4, 2, 3, 0, 0)`,
			[]any{vuln, m.a.ID, process, sentinelVulnerability}},
	} {
		if _, err := h.App.DB.Write.ExecContext(h.Ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	lead := users[string(auth.TeamLead)]
	d, err := h.App.Risk.ProposeDecision(h.Ctx, h.Scope(m.a, lead), vuln, risk.Accept, sentinelDecision)
	if err != nil {
		t.Fatal(err)
	}
	m.params["vulnerabilityID"] = vuln
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
