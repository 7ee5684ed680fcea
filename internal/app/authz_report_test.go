package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/report"
)

// --- Meldpunt (issue 4): an anonymous undermining report of A with an
// attachment, routed to A's coordinator only, so that every other handler
// gets 404; a report an A employee made signed in (their own, under
// /melden/mijn) with its own attachment; and a pending identity request
// of the coordinator, which A's vertrouwenspersoon decides on. Titles,
// bodies, files, identities and motivations carry the sentinel. ---

const sentinelReport = "Sentinel-melding-A"

func init() { integritySentinels = append(integritySentinels, sentinelReport) }

func (m *matrix) reportFixtures(t *testing.T, coord, emp *auth.User) {
	h := m.h
	pdf := []byte("%PDF-1.4\n% " + sentinelReport + "\n%%EOF\n")
	anon, err := h.App.Report.SubmitAnonymous(h.Ctx, m.a.Slug, report.Input{Category: report.Undermining, Title: sentinelReport, Body: sentinelReport,
		Answers: map[string]string{"location": sentinelReport}, Files: []report.Upload{{Name: sentinelReport + ".pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	own, err := h.App.Report.Submit(h.Ctx, h.Scope(m.a, emp), report.Input{Category: report.Undermining, Title: sentinelReport, Body: sentinelReport,
		Files: []report.Upload{{Name: "eigen.pdf", Data: pdf}}})
	if err != nil {
		t.Fatal(err)
	}
	csc := h.Scope(m.a, coord)
	if err := h.App.Report.RequestIdentity(h.Ctx, csc, own.ID, sentinelReport); err != nil {
		t.Fatal(err)
	}
	id := func(q string, args ...any) string {
		var v string
		if err := h.App.DB.Read.QueryRowContext(h.Ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	m.params["reportID"] = anon.ID
	m.params["attachmentID"] = id(`SELECT id FROM report_attachments WHERE report_id = $1`, anon.ID)
	m.params["myReportID"], m.owner["myReportID"] = own.ID, emp.ID
	m.params["myAttachmentID"] = id(`SELECT id FROM report_attachments WHERE report_id = $1`, own.ID)
	m.params["requestID"] = id(`SELECT id FROM report_identity_requests WHERE report_id = $1`, own.ID)
	m.params["orgSlug"] = m.a.Slug
	m.owner["reportID"] = coord.ID
}

// maySeeReport decides the meldpunt's parameters for an actor of A: the
// report and its file for those on its need-to-know list (the
// coordinator); one's own report for its reporter; identity requests for
// the vertrouwenspersoon (the route's permission decides).
func (m *matrix) maySeeReport(ac *actor, p string) (handled, ok bool) {
	switch p {
	case "reportID", "attachmentID":
		return true, ac.user.ID == m.owner["reportID"] && ac.scope.Delegated == nil
	case "myReportID", "myAttachmentID":
		return true, ac.user.ID == m.owner["myReportID"]
	case "requestID", "orgSlug":
		return true, true
	}
	return false, false
}

// --- end of meldpunt fixtures ---
