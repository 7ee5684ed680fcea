package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/meeting"
	"github.com/weerbaar/weerbaar/internal/report"
)

// The LOO and the meldpunt, wired as in production: a report in handling
// is an agenda candidate of the coordinator who handles it; putting it on
// the agenda makes it geagendeerd, the LOO's decision is the report's
// decision, and the RIEC signal carries the report's reference and text
// but not the reporter's identity. Someone who does not handle the report
// does not see it as a candidate and cannot put it on an agenda.
func TestLOOAgendaComesFromTheMeldpunt(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coordUser := h.User(org, "coord", auth.Coordinator)
	coord := h.Scope(org, coordUser)
	otherCoord := h.Scope(org, h.User(org, "coord2", auth.Coordinator))
	emp := h.Scope(org, h.User(org, "melder", auth.Employee))

	created, err := h.App.Report.Submit(h.Ctx, emp, report.Input{Category: report.Undermining, Title: "Loods Kanaalweg",
		Body: "Elke nacht busjes bij de loods aan de Kanaalweg.", Answers: map[string]string{"location": "Kanaalweg 12"}})
	if err != nil {
		t.Fatal(err)
	}
	// Routing put every coordinator on the list; take the second one off
	// so that need-to-know is what separates them.
	if err := h.App.Auth.RevokeAccess(h.Ctx, coord, auth.ObjectRef{Type: report.ObjReport, ID: created.ID}, otherCoord.UserID, "niet betrokken"); err != nil {
		t.Fatal(err)
	}
	for _, st := range []report.Status{report.Acknowledged, report.InProgress} {
		if err := h.App.Report.ChangeStatus(h.Ctx, coord, created.ID, st, ""); err != nil {
			t.Fatalf("to %s: %v", st, err)
		}
	}

	cands, err := h.App.Meeting.Candidates(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 1 || cands[0].ID != created.ID || cands[0].Title != "Loods Kanaalweg" {
		t.Fatalf("candidates of the handling coordinator = %+v, want the one report", cands)
	}
	if other, err := h.App.Meeting.Candidates(h.Ctx, otherCoord); err != nil || len(other) != 0 {
		t.Fatalf("candidates of a coordinator not on the list = %+v, %v; want none", other, err)
	}

	meetingID, err := h.App.Meeting.Plan(h.Ctx, coord, meeting.PlanInput{HeldOn: "2026-12-08", Place: "Stadhuis", Participants: "gemeente\npolitie\nRIEC"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Meeting.AddReport(h.Ctx, otherCoord, meetingID, created.ID); err == nil {
		t.Fatal("a coordinator not on the report's list put it on the agenda")
	}
	itemID, err := h.App.Meeting.AddReport(h.Ctx, coord, meetingID, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := h.App.Report.Get(h.Ctx, coord, created.ID, "test"); err != nil || r.Status != report.Scheduled {
		t.Fatalf("after agenda: %v, %v; want geagendeerd", r, err)
	}
	if err := h.App.Meeting.Decide(h.Ctx, coord, meetingID, itemID, "riec", "Meerdere partijen betrokken"); err != nil {
		t.Fatal(err)
	}
	r, err := h.App.Report.Get(h.Ctx, coord, created.ID, "test")
	if err != nil || r.Status != report.DecidedRIEC {
		t.Fatalf("after the LOO's decision: %v, %v; want RIEC-signaal", r, err)
	}
	sig, err := h.App.Meeting.ExportRIEC(h.Ctx, coord, meetingID, itemID, "json")
	if err != nil {
		t.Fatal(err)
	}
	if sig.Reference != r.Reference || sig.Location != "Kanaalweg 12" || sig.Decision == "" || sig.DecisionReason != "Meerdere partijen betrokken" {
		t.Fatalf("RIEC signal = %+v", sig)
	}
}

// When the meldpunt took the LOO's decision but the meeting's own write did
// not happen (a failure between the two), deciding the item again
// finishes it instead of being refused as an illegal move, and writes no
// second decision on the report; another decision stays refused.
func TestLOODecisionCanBeRetriedAfterAHalfWrite(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.Scope(org, h.User(org, "coord", auth.Coordinator))
	emp := h.Scope(org, h.User(org, "melder", auth.Employee))
	created, err := h.App.Report.Submit(h.Ctx, emp, report.Input{Category: report.Undermining, Title: "Nagelstudio", Body: "Veel contant geld, geen klanten."})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []report.Status{report.Acknowledged, report.InProgress} {
		if err := h.App.Report.ChangeStatus(h.Ctx, coord, created.ID, st, ""); err != nil {
			t.Fatal(err)
		}
	}
	meetingID, err := h.App.Meeting.Plan(h.Ctx, coord, meeting.PlanInput{HeldOn: "2026-12-08", Place: "Stadhuis", Participants: "gemeente\npolitie"})
	if err != nil {
		t.Fatal(err)
	}
	itemID, err := h.App.Meeting.AddReport(h.Ctx, coord, meetingID, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The first half of an interrupted decision: the meldpunt's.
	if err := h.App.Report.Decide(h.Ctx, coord, created.ID, report.DecideLocal, "Gemeente pakt het zelf op"); err != nil {
		t.Fatal(err)
	}
	decisions := func() int {
		var n int
		if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT COUNT(*) FROM report_events WHERE report_id = $1 AND kind = 'decision'`, created.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := h.App.Meeting.Decide(h.Ctx, coord, meetingID, itemID, "local", "Gemeente pakt het zelf op"); err != nil {
		t.Fatalf("deciding the item again after the meldpunt's half: %v", err)
	}
	it, err := h.App.Meeting.Item(h.Ctx, coord, meetingID, itemID)
	if err != nil || it.Decision != "local" {
		t.Fatalf("the meeting's item after the retry: %+v, %v", it, err)
	}
	if n := decisions(); n != 1 {
		t.Errorf("%d decision events on the report, want 1", n)
	}
	if err := h.App.Meeting.Decide(h.Ctx, coord, meetingID, itemID, "riec", "Toch naar het RIEC"); err == nil {
		t.Error("a different decision on a decided report was accepted")
	}
}
