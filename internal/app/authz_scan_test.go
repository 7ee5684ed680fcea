package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/scan"
)

// --- Scans and surveys (issue 7): a scan of A whose evidence carries a
// sentinel, an own framework of A named with one, and a survey of A with
// a sentinel title. All three are the organisation's: the route's
// permission decides for members of A; a foreign user gets 404 and never
// a sentinel. ---

const (
	sentinelScanEvidence = "Sentinel-scanbewijs-A"
	sentinelFramework    = "Sentinel-kader-A"
	sentinelSurvey       = "Sentinel-enquete-A"
)

func init() {
	integritySentinels = append(integritySentinels, sentinelScanEvidence, sentinelFramework, sentinelSurvey)
}

func (m *matrix) scanFixtures(t *testing.T, sc *auth.Scope) {
	h := m.h
	f, _ := scan.Default(scan.KeyPillars)
	f.Key, f.Name = "sentinel-kader", sentinelFramework
	if _, err := h.App.Scan.SaveFramework(h.Ctx, sc, f, false); err != nil {
		t.Fatal(err)
	}
	x, err := h.App.Scan.CreateScan(h.Ctx, sc, scan.NewScan{FrameworkKey: scan.KeyPillars, Title: "Scan van A", HeldOn: "2026-01-15"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Scan.SaveAnswers(h.Ctx, sc, x.ID, []scan.AnswerInput{{QuestionKey: "bew-coordinator", Level: 2, Evidence: sentinelScanEvidence}}); err != nil {
		t.Fatal(err)
	}
	sv, _, err := h.App.Scan.CreateSurvey(h.Ctx, sc, scan.NewSurvey{FrameworkKey: scan.KeyPillars, Title: sentinelSurvey})
	if err != nil {
		t.Fatal(err)
	}
	m.params["scanID"], m.params["frameworkKey"], m.params["surveyID"] = x.ID, f.Key, sv.ID
}

// maySeeScan decides {scanID}, {frameworkKey} and {surveyID} for an actor
// of A: the organisation's objects, so the route's permission decides.
func maySeeScan(_ *actor, p string) (handled, ok bool) {
	switch p {
	case "scanID", "frameworkKey", "surveyID":
		return true, true
	}
	return false, false
}

// --- end of scans and surveys fixtures ---
