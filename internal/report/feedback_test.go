package report_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/report"
)

// The Wbk feedback term (three months after acknowledgement) is met by
// feedback sent to the reporter, not only by a decision: a report that got
// feedback is not overdue after the term, one that did not is. Feedback on
// a report without a feedback term, or as an internal note, is refused
// and stores nothing.
func TestWbkFeedbackMeetsTheFeedbackTerm(t *testing.T) {
	e := newOpsEnv(t)
	h := e.h
	given, _ := e.seed(t, report.Seed{Category: report.Integrity, Status: report.Acknowledged})
	silent, silentRef := e.seed(t, report.Seed{Category: report.Integrity, Status: report.Acknowledged})
	signal, _ := e.seed(t, report.Seed{Category: report.Undermining, Status: report.Acknowledged})
	coord := h.Login(e.coordUser)
	messages := func() int {
		var n int
		if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT COUNT(*) FROM report_messages`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	got := coord.Get("/meldingen/" + given)
	page := got.Body.String()
	if got.Code != http.StatusOK || !strings.Contains(page, `value="feedback"`) {
		t.Fatalf("an integrity report's page (%d) offers no feedback message", got.Code)
	}
	if strings.Contains(coord.Get("/meldingen/"+signal).Body.String(), `value="feedback"`) {
		t.Error("a report without a feedback term offers a feedback message")
	}
	res := coord.PostForm("/meldingen/"+signal+"/bericht", url.Values{"internal": {"feedback"}, "intake_message": {"Wij hebben uw signaal beoordeeld."}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "geen termijn voor terugkoppeling") {
		t.Errorf("feedback without a term: %d", res.Code)
	}
	api := h.API(h.Token(e.org, e.coordUser), "POST", "/api/v1/meldingen/"+given+"/berichten",
		strings.NewReader(`{"tekst":"Notitie","intern":true,"terugkoppeling":true}`))
	if api.Code != http.StatusUnprocessableEntity || !strings.Contains(api.Body.String(), "interne notitie") {
		t.Errorf("feedback as an internal note: %d %s", api.Code, api.Body.String())
	}
	if n := messages(); n != 0 {
		t.Fatalf("%d messages stored by refused feedback", n)
	}

	res = coord.PostForm("/meldingen/"+given+"/bericht", url.Values{"internal": {"feedback"},
		"intake_message": {"Uw melding is beoordeeld; er loopt een onderzoek, u hoort de uitkomst."}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("feedback: %d %s", res.Code, res.Body.String())
	}
	page = coord.Get("/meldingen/" + given).Body.String()
	for _, want := range []string{"teruggekoppeld op", "Terugkoppeling aan de melder (Wbk)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q after the feedback", want)
		}
	}

	// Four months on: the term has passed for both; only the report without
	// feedback is overdue, on the page and for the reminder.
	h.Clock.Advance(4 * 31 * 24 * time.Hour)
	items, err := h.App.Report.Overdue(h.Ctx, e.coord)
	if err != nil {
		t.Fatal(err)
	}
	feedbackDue := map[string]bool{}
	for _, it := range items {
		if it.Term == report.TermFeedback {
			feedbackDue[it.ReportID] = it.Overdue
		}
	}
	if !feedbackDue[silent] {
		t.Errorf("the report without feedback is not overdue on its feedback term: %v", feedbackDue)
	}
	if _, ok := feedbackDue[given]; ok {
		t.Error("the report that got feedback is still listed on its feedback term")
	}
	coord = h.Login(e.coordUser)
	if body := coord.Get("/meldingen/termijnen").Body.String(); !strings.Contains(body, silentRef) {
		t.Error("the overdue page does not list the report without feedback")
	}
}
