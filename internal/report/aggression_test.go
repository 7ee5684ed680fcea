package report_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/report"
)

func TestAggressionIncidentAftercareAndSecretaryNotice(t *testing.T) {
	e := newOpsEnv(t)
	h := e.h
	id, ref := e.seed(t, report.Seed{Category: report.Aggression, Title: "Klant sloeg met stoel", Body: opsSecretBody})
	signal, _ := e.seed(t, report.Seed{Category: report.Undermining})
	exec := h.User(e.org, "secretaris", auth.Executive)
	coord := h.Login(e.coordUser)

	// Refused input: Dutch messages on the fields, nothing written.
	res := coord.PostForm("/meldingen/"+id+"/agressie", url.Values{"kind": {"verbal"}, "vpt": {"1"}})
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.Code)
	}
	body := html.UnescapeString(res.Body.String())
	for _, want := range []string{"Kies een gedragsband.", "Een VPT-code hoort bij een aangifte"} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %q", want)
		}
	}
	var n int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT COUNT(*) FROM report_aggression`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused form wrote %d rows", n)
	}

	res = coord.PostForm("/meldingen/"+id+"/agressie", url.Values{"band": {"unacceptable"}, "kind": {"physical"}, "aangifte": {"1"}, "vpt": {"1"}, "serious": {"1"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Code, res.Body.String())
	}
	// Saving again does not notify twice.
	coord.PostForm("/meldingen/"+id+"/agressie", url.Values{"band": {"unacceptable"}, "kind": {"threat"}, "aangifte": {"1"}, "vpt": {"1"}, "serious": {"1"}})
	mails := e.outbox(t)
	if len(mails) != 1 || mails[0].to != exec.Email {
		t.Fatalf("secretary mails: %+v", mails)
	}
	if want := "Er is een ernstig agressie-incident gemeld (" + ref + "). Bekijk het in Weerbaar."; !strings.Contains(mails[0].body, want) {
		t.Errorf("secretary mail %q lacks %q", mails[0].body, want)
	}
	if strings.Contains(mails[0].body, "stoel") || strings.Contains(mails[0].body, "Jan de Vries") || strings.Contains(mails[0].body, e.coordUser.Name) {
		t.Error("secretary mail carries content or names")
	}

	// 49 hours later contact is overdue; the handler ticks it off.
	h.Clock.Advance(49 * time.Hour)
	coord = h.Login(e.coordUser)
	list := coord.Get("/meldingen/nazorg").Body.String()
	if !strings.Contains(list, ref) || !strings.Contains(list, "Contact met het slachtoffer") {
		t.Error("overdue aftercare list lacks the contact step")
	}
	page := coord.Get("/meldingen/" + id + "/agressie").Body.String()
	if !strings.Contains(page, "te laat") || strings.Contains(page, "stoel") {
		t.Error("incident page: no late mark, or the report's text")
	}
	if res := coord.PostForm("/meldingen/"+id+"/nazorg", url.Values{"step": {"contact"}}); res.Code != http.StatusSeeOther {
		t.Fatalf("tick: %d", res.Code)
	}
	in, err := h.App.Report.Incident(h.Ctx, e.coord, id)
	if err != nil {
		t.Fatal(err)
	}
	if !in.Aftercare[0].Done() || in.Aftercare[0].DoneBy != e.coordUser.Name || in.Kind != report.KindThreat {
		t.Errorf("incident after tick: %+v", in)
	}
	if strings.Contains(coord.Get("/meldingen/nazorg").Body.String(), ref) {
		t.Error("ticked step still listed as late")
	}

	// Need-to-know: a colleague and the secretary get 404; so does a
	// report that is not about aggression.
	other := h.Login(h.User(e.org, "coord2", auth.Coordinator))
	if res := other.Get("/meldingen/" + id + "/agressie"); res.Code != http.StatusNotFound {
		t.Errorf("colleague: %d", res.Code)
	}
	if res := coord.Get("/meldingen/" + signal + "/agressie"); res.Code != http.StatusNotFound {
		t.Errorf("signal as aggression: %d", res.Code)
	}

	// The yearly report is a PDF for the secretary (report.insight).
	sec := h.Login(exec)
	if res := sec.Get("/meldingen/" + id + "/agressie"); res.Code != http.StatusForbidden && res.Code != http.StatusNotFound {
		t.Errorf("secretary opens the incident: %d", res.Code)
	}
	res = sec.Get("/meldingen/agressie/jaarverslag?jaar=2026")
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("year report: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	y, err := h.App.Report.AggressionYear(h.Ctx, h.Scope(e.org, exec), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if !y.Total.Suppressed || y.AangiftePct != -1 {
		t.Errorf("one incident is shown to the secretary: %+v", y)
	}
	y, _ = h.App.Report.AggressionYear(h.Ctx, e.coord, 2026)
	if y.Total.N != 1 || y.PerBand[report.BandUnacceptable].N != 1 || y.AangiftePct != 100 || y.VPTPct != 100 || y.OnTimePct != 0 {
		t.Errorf("coordinator's year report: %+v", y)
	}
}
