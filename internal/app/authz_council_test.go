package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/council"
)

// --- Council reports, norm framework and benchmark (issue 7, council): a
// finalised council report of A whose title and summary carry a sentinel,
// and an overridden norm verdict of A whose motivation carries one. A's
// finalised report is for every member of A who holds council.read (so
// the route's permission decides); a foreign user gets 404 and never a
// sentinel. Every organisation has the sixteen norms, so {normKey} is
// like {processCode}: what a foreign user must not see is A's verdict. ---

const (
	sentinelCouncilReport = "Sentinel-raadsbrief-A"
	sentinelNormVerdict   = "Sentinel-normmotivering-A"
)

func init() {
	integritySentinels = append(integritySentinels, sentinelCouncilReport, sentinelNormVerdict)
}

func (m *matrix) councilFixtures(t *testing.T, sc *auth.Scope) {
	h := m.h
	r, err := h.App.Council.CreateReport(h.Ctx, sc, "2025", sentinelCouncilReport, sentinelCouncilReport+" samenvatting")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Council.Finalise(h.Ctx, sc, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Council.Decide(h.Ctx, sc, "n02", council.Met, sentinelNormVerdict); err != nil {
		t.Fatal(err)
	}
	m.params["councilReportID"], m.params["normKey"] = r.ID, "n02"
}

// maySeeCouncil decides {councilReportID} for an actor of A: a finalised
// report of the organisation, so the route's permission decides.
func maySeeCouncil(_ *actor, p string) (handled, ok bool) {
	if p == "councilReportID" {
		return true, true
	}
	return false, false
}

// --- end of council fixtures ---
