package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
)

// --- Bibob core (issue 5): an application of A for {applicationID} and its
// screening for {screeningID}. The application is the organisation's: the
// route's permission decides. The screening is a need-to-know object: only
// the Bibob coordinator of A who started it (and anyone put on its list)
// sees it; everyone else of A with bibob.read gets 404. Its sealed
// findings carry a sentinel. ---

const (
	sentinelBibobApplicant = "Sentinel-bibob-aanvrager-A"
	sentinelBibobFindings  = "Sentinel-bibob-bevinding-A"
)

func init() {
	integritySentinels = append(integritySentinels, sentinelBibobApplicant, sentinelBibobFindings)
}

func (m *matrix) bibobFixtures(t *testing.T, screener *auth.User) {
	h := m.h
	sc := h.Scope(m.a, screener)
	appID, err := h.App.Bibob.AddApplication(h.Ctx, sc, bibob.ApplicationInput{CaseNumber: "SENTINEL-1", Type: "drank_horecavergunning",
		Applicant: sentinelBibobApplicant, Address: "Markt 1", ReceivedOn: "2026-02-02"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := h.App.Bibob.StartScreening(h.Ctx, sc, appID, "2026-02-03")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Bibob.RecordResearch(h.Ctx, sc, id, bibob.ResearchInput{Sources: []string{"kvk"}, Findings: sentinelBibobFindings}); err != nil {
		t.Fatal(err)
	}
	m.params["applicationID"] = appID
	m.params["screeningID"], m.owner["screeningID"] = id, screener.ID
}

// maySeeBibob decides {applicationID} and {screeningID} for an actor of A.
func (m *matrix) maySeeBibob(ac *actor, p string) (handled, ok bool) {
	switch p {
	case "applicationID":
		return true, true
	case "screeningID":
		return true, ac.user.ID == m.owner[p]
	}
	return false, false
}

// --- end of Bibob core fixtures ---
