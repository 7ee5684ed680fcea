package report_test

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/report"
)

type apiCount struct {
	Aantal       *int   `json:"aantal"`
	Onderdrempel bool   `json:"onderdrempel"`
	Weergave     string `json:"weergave"`
}

type apiDashboard struct {
	Totaal              apiCount              `json:"totaal"`
	TotaalPerCategorie  map[string]apiCount   `json:"totaalPerCategorie"`
	PerCategorieEnMaand map[string][]apiCount `json:"perCategorieEnMaand"`
	Besluiten           map[string]apiCount   `json:"besluiten"`
	Mediaan             int                   `json:"mediaanDagenTotBesluit"`
}

// Must hold: small counts are suppressed for the auditor (no
// report.handle) on the page, in the API and in the export, and shown to
// the coordinator.
func TestDashboardSuppressesSmallCountsForReadersWithoutHandle(t *testing.T) {
	e := newOpsEnv(t)
	h := e.h
	now := h.Clock.Now()
	for i := range 3 {
		e.seed(t, report.Seed{Category: report.Integrity, ReceivedAt: now.Add(-time.Duration(i+1) * time.Hour)})
	}
	for i := range 6 {
		e.seed(t, report.Seed{Category: report.Undermining, Status: report.DecidedRIEC, Anonymous: i%2 == 0,
			ReceivedAt: now.Add(-time.Duration(i+1) * time.Hour), DecidedAt: now})
	}
	auditorUser := h.User(e.org, "auditor", auth.Auditor)
	auditor, coord := h.Login(auditorUser), h.Login(e.coordUser)

	page := html.UnescapeString(auditor.Get("/meldingen/overzicht").Body.String())
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "< 5") {
		t.Errorf("auditor's dashboard lacks the chart or the suppressed count")
	}
	if !strings.Contains(page, ">6</td>") {
		t.Error("auditor's dashboard lacks the unsuppressed count 6")
	}
	if strings.Contains(page, ">3</td>") {
		t.Error("auditor sees the small count 3")
	}
	cpage := html.UnescapeString(coord.Get("/meldingen/overzicht").Body.String())
	if strings.Contains(cpage, "< 5") || !strings.Contains(cpage, ">3</td>") {
		t.Error("coordinator's dashboard suppresses counts")
	}

	get := func(u *auth.User) apiDashboard {
		t.Helper()
		res := h.API(h.Token(e.org, u), "GET", "/api/v1/meldingen-overzicht", nil)
		if res.Code != http.StatusOK {
			t.Fatalf("api: %d %s", res.Code, res.Body.String())
		}
		var d apiDashboard
		if err := json.Unmarshal(res.Body.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	ad := get(auditorUser)
	if c := ad.TotaalPerCategorie["integrity"]; !c.Onderdrempel || c.Aantal != nil || c.Weergave != "< 5" {
		t.Errorf("auditor's API integrity count %+v, want suppressed", c)
	}
	if c := ad.TotaalPerCategorie["undermining"]; c.Onderdrempel || c.Aantal == nil || *c.Aantal != 6 {
		t.Errorf("auditor's API undermining count %+v, want 6", c)
	}
	if c := ad.Besluiten["riec"]; c.Onderdrempel || *c.Aantal != 6 {
		t.Errorf("RIEC decisions %+v, want 6", c)
	}
	if regexp.MustCompile(`"aantal":\s*3\b`).MatchString(h.API(h.Token(e.org, auditorUser), "GET", "/api/v1/meldingen-overzicht", nil).Body.String()) {
		t.Error("auditor's API carries the number 3")
	}
	cd := get(e.coordUser)
	if c := cd.TotaalPerCategorie["integrity"]; c.Onderdrempel || c.Aantal == nil || *c.Aantal != 3 {
		t.Errorf("coordinator's API integrity count %+v, want 3", c)
	}
	if cd.Totaal.Aantal == nil || *cd.Totaal.Aantal != 9 {
		t.Errorf("coordinator's total %+v, want 9", cd.Totaal)
	}

	csv := auditor.Get("/meldingen/overzicht/export?formaat=csv").Body.String()
	if !strings.Contains(csv, "< 5") || !strings.Contains(csv, "6") {
		t.Errorf("auditor's export not suppressed: %q", csv)
	}

	// The threshold may be raised, never lowered below 5.
	st, err := h.App.Report.Settings(h.Ctx, e.coord)
	if err != nil {
		t.Fatal(err)
	}
	st.Org.SmallCount = 4
	err = h.App.Report.SaveSettings(h.Ctx, e.coord, st)
	if ae := apperr.As(err); err == nil || !strings.Contains(err.Error(), "small_count") && ae.Field != "small_count" {
		t.Errorf("threshold 4 accepted: %v", err)
	}
	st.Org.SmallCount = 10
	if err := h.App.Report.SaveSettings(h.Ctx, e.coord, st); err != nil {
		t.Fatal(err)
	}
	if c := get(auditorUser).TotaalPerCategorie["undermining"]; !c.Onderdrempel || c.Weergave != "< 10" {
		t.Errorf("after raising the threshold to 10: %+v", c)
	}
}
