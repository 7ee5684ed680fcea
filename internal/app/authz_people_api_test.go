package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/store"
)

// --- People registers API (issue 6): a vertrouwenspersoon and a function
// of A for the path parameters {confidantID} and {functionID}. Both are
// the organisation's: the route's permission decides for members of A,
// a foreign user gets 404. DELETE /api/v1/vertrouwenspersonen/{id} removes
// the confidant, so restorePeopleAPI puts it back after every request. ---

const (
	sentinelConfidant = "Sentinel-vertrouwenspersoon-A"
	sentinelFunction  = "Sentinel-functie-A"
)

func init() { integritySentinels = append(integritySentinels, sentinelConfidant, sentinelFunction) }

func (m *matrix) peopleAPIFixtures(t *testing.T) {
	m.params["confidantID"], m.params["functionID"] = store.NewID(), store.NewID()
	if _, err := m.h.App.DB.Write.ExecContext(m.h.Ctx, `INSERT INTO functions (id, org_id, code, name, created_at, updated_at)
		VALUES ($1, $2, 'sentinel_functie', $3, 0, 0)`, m.params["functionID"], m.a.ID, sentinelFunction); err != nil {
		t.Fatal(err)
	}
	m.restorePeopleAPI(t)
}

// restorePeopleAPI plants the confidant again when a request removed it.
func (m *matrix) restorePeopleAPI(t *testing.T) {
	if _, ok := m.params["confidantID"]; !ok {
		return
	}
	if _, err := m.h.App.DB.Write.ExecContext(m.h.Ctx, `INSERT INTO confidants (id, org_id, name, kind, phone, email, note, created_at)
		VALUES ($1, $2, $3, 'internal', '', 'v@a.test', $3, 0) ON CONFLICT (id) DO NOTHING`, m.params["confidantID"], m.a.ID, sentinelConfidant); err != nil {
		t.Fatal(err)
	}
}

// maySeePeopleAPI decides {confidantID} and {functionID} for an actor of
// A: the organisation's objects, so the route's permission decides.
func maySeePeopleAPI(_ *actor, p string) (handled, ok bool) {
	switch p {
	case "confidantID", "functionID":
		return true, true
	}
	return false, false
}

// --- end of people registers API fixtures ---
