package app_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
)

// Issue 5.5, wired as in production: a Bibob screening decided by the one
// who screened it (data taken over from an older system) is a finding of
// the duty analysis on /bevindingen for the coordinator, who may read both
// the analysis and Bibob, with a link to the Bibob finding. A team lead
// reads the analysis but not Bibob and sees nothing of it; nor does the
// coordinator of another organisation.
func TestBibobSeparationOfDutiesFindingOnTheDutyAnalysis(t *testing.T) {
	h := apptest.New(t)
	org, other := h.Org("voorbeeldstad"), h.Org("buurdorp")
	bibobUser := h.User(org, "beoordelaar", auth.Bibob)
	coord := h.Login(h.User(org, "coord", auth.Coordinator))
	lead := h.Login(h.User(org, "lead", auth.TeamLead))
	otherCoord := h.Login(h.User(other, "coord", auth.Coordinator))
	sc := h.Scope(org, bibobUser)

	appID, err := h.App.Bibob.AddApplication(h.Ctx, sc, bibob.ApplicationInput{CaseNumber: "HV-2026-017", Type: "drank_horecavergunning",
		Applicant: "Café de Hoek B.V.", KvK: "87654321", Address: "Markt 2", ReceivedOn: "2026-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	id, err := h.App.Bibob.StartScreening(h.Ctx, sc, appID, "2026-03-02")
	if err != nil {
		t.Fatal(err)
	}
	page := func(c *apptest.Client, path string) (int, string) {
		res := c.Get(path)
		return res.Code, html.UnescapeString(res.Body.String())
	}
	if _, p := page(coord, "/bevindingen"); strings.Contains(p, "HV-2026-017") {
		t.Fatal("a screening not yet decided is a finding")
	}

	// Taken over from an older system: the screener also decided.
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `UPDATE bibob_screenings SET decision = 'geen_gevaar', measure = 'geen',
		decided_on = '2026-03-02', decided_by = screened_by WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}

	code, p := page(coord, "/bevindingen")
	if code != http.StatusOK {
		t.Fatalf("coordinator: %d", code)
	}
	for _, want := range []string{"Functiescheiding Bibob: beoordelaar besliste zelf", "HV-2026-017", bibobUser.Name, "02-03-2026",
		"Besliste op een aanvraag die hij of zij zelf screende", `href="/bibob/functiescheiding"`} {
		if !strings.Contains(p, want) {
			t.Errorf("coordinator's /bevindingen lacks %q", want)
		}
	}
	if strings.Contains(p, "Café de Hoek") {
		t.Error("the duty analysis shows the applicant, content of the Bibob case")
	}
	// The link leads to the Bibob finding, which the coordinator may open.
	if code, p := page(coord, "/bibob/functiescheiding"); code != http.StatusOK || !strings.Contains(p, "HV-2026-017") {
		t.Errorf("coordinator following the link: %d", code)
	}

	code, p = page(lead, "/bevindingen")
	if code != http.StatusOK || strings.Contains(p, "HV-2026-017") || strings.Contains(p, "Functiescheiding Bibob") || strings.Contains(p, bibobUser.Name) {
		t.Errorf("team lead without bibob.read: %d, or sees the Bibob finding", code)
	}
	if code, _ := page(lead, "/bibob/functiescheiding"); code != http.StatusForbidden {
		t.Errorf("team lead on the Bibob finding page: %d, want 403", code)
	}
	if _, p := page(otherCoord, "/bevindingen"); strings.Contains(p, "HV-2026-017") {
		t.Error("another organisation's coordinator sees the finding")
	}
}
