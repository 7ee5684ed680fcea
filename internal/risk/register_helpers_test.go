package risk_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Vulnerabilities and controls are written by SQL here until the
// register's own store methods exist; the matrix, decision and heatmap
// code reads them with its own SQL either way.

func (e *env) process(t *testing.T, sc *auth.Scope, teamID, name string) string {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO processes (id, org_id, team_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, $1, $4, 0, 0)`,
		id, sc.OrgID, teamID, name)
	return id
}

// score is likelihood and impact, inherent then residual; 0 is not scored.
type score [4]int

func (e *env) vulnerability(t *testing.T, sc *auth.Scope, processID, title string, s score) string {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO vulnerabilities (id, org_id, process_id, title, origin, intent, factor,
		inherent_likelihood, inherent_impact, residual_likelihood, residual_impact, created_at, updated_at)
		VALUES ($1, $2, $3, $4, 'internal', 'intended', 'human', $5, $6, $7, $8, 0, 0)`,
		id, sc.OrgID, processID, title, s[0], s[1], s[2], s[3])
	return id
}

func (e *env) control(t *testing.T, sc *auth.Scope, processID, vulnerabilityID, title, status string) {
	t.Helper()
	e.exec(t, `INSERT INTO controls (id, org_id, process_id, vulnerability_id, title, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, 0)`, store.NewID(), sc.OrgID, processID, vulnerabilityID, title, status)
}

// user is a signed-in user of sc's organisation with the given roles.
func user(sc *auth.Scope, id string, roles ...auth.Role) *auth.Scope {
	return &auth.Scope{OrgID: sc.OrgID, UserID: id, UserName: id, Roles: roles, MFA: true}
}
