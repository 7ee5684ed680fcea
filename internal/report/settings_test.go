package report_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/store"
)

func TestSettingsPageAndDeadlinesInWorkingDays(t *testing.T) {
	e := newOpsEnv(t)
	h := e.h
	coord := h.Login(e.coordUser)
	page := coord.Get("/instellingen/meldpunt")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `name="integrity_feedback_months"`) {
		t.Fatalf("settings page: %d", page.Code)
	}
	if res := h.Login(h.User(e.org, "hr", auth.HR)).Get("/instellingen/meldpunt"); res.Code != http.StatusForbidden {
		t.Errorf("HR opens the settings: %d", res.Code)
	}

	form := url.Values{}
	for _, c := range report.Categories {
		p := string(c) + "_"
		form.Set(p+"role", "coordinator")
		form.Set(p+"ack_days", "7")
		form.Set(p+"triage_days", "5")
		form.Set(p+"triage_working", "1")
		form.Set(p+"feedback_months", "0")
		form.Set(p+"retention_days", "1825")
		form.Set(p+"drop_retention_days", "365")
	}
	form.Set("integrity_feedback_months", "3")
	form.Set("small_count", "5")
	form.Set("retention_warn_days", "30")
	form.Set("aftercare_hours", "48")

	// Bad input: every bad field named, nothing stored.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("undermining_ack_days", "veel")
	bad.Set("integrity_feedback_months", "6")
	bad.Set("small_count", "2")
	res := coord.PostForm("/instellingen/meldpunt", bad)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad settings: %d", res.Code)
	}
	body := html.UnescapeString(res.Body.String())
	for _, want := range []string{"Vul een heel getal in.", "Wbk", "verlagen onder 5 kan niet"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad settings page lacks %q", want)
		}
	}
	if st, _ := h.App.Report.Settings(h.Ctx, e.coord); st.Org.Stored {
		t.Fatal("refused settings were stored")
	}

	// Acknowledgement of signals in 3 working days, Goede Vrijdag off.
	form.Set("undermining_ack_days", "3")
	form.Set("undermining_ack_working", "1")
	form.Set("good_friday", "1")
	if res := coord.PostForm("/instellingen/meldpunt", form); res.Code != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", res.Code, res.Body.String())
	}
	// Received Thursday 2 April 2026 before Easter: Friday (Goede Vrijdag)
	// and Monday (Easter Monday) are off, so the 3 working days are
	// Tuesday, Wednesday, Thursday 9 April.
	recv := time.Date(2026, 4, 2, 10, 0, 0, 0, clock.Amsterdam)
	id, _ := e.seed(t, report.Seed{Category: report.Undermining, ReceivedAt: recv})
	var ack, triage int64
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT ack_due, triage_due FROM reports WHERE id = $1`, id).Scan(&ack, &triage); err != nil {
		t.Fatal(err)
	}
	show := func(ms int64) string { return store.Time(ms).In(clock.Amsterdam).Format("2006-01-02 15:04") }
	if show(ack) != "2026-04-09 10:00" || show(triage) != "2026-04-13 10:00" {
		t.Errorf("ack due %s, triage due %s; want 9 and 13 April", show(ack), show(triage))
	}
	// The API shows the stored settings.
	api := h.API(h.Token(e.org, e.coordUser), "GET", "/api/v1/instellingen/meldpunt", nil)
	if api.Code != http.StatusOK || !strings.Contains(api.Body.String(), `"goedeVrijdagVrij": true`) {
		t.Errorf("settings API: %d %s", api.Code, api.Body.String())
	}
	put := h.API(h.Token(e.org, e.coordUser), "PUT", "/api/v1/instellingen/meldpunt", strings.NewReader(`{"categorieen":[]}`))
	if put.Code != http.StatusUnprocessableEntity || !strings.Contains(put.Body.String(), "small_count") {
		t.Errorf("incomplete PUT: %d %s", put.Code, put.Body.String())
	}
}
