package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
)

// A teamleider maps a catalogue process through the pages, scores a
// vulnerability, and turns a planned control into an action on the list.
func TestTeamLeadMapsAProcessThroughThePages(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	lead := h.User(org, "teamleider", auth.TeamLead)
	teamID := store.NewID()
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Burgerzaken', 0, 0)`, teamID, org.ID); err != nil {
		t.Fatal(err)
	}
	c := h.Login(lead)

	// A form without a team is refused, named, and writes nothing.
	if g := c.Get("/processen"); g.Code != 200 {
		t.Fatalf("GET %d", g.Code)
	}
	res := c.PostForm("/processen", url.Values{"catalogue_code": {"reisdocumenten"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Dit team bestaat niet in deze organisatie.") {
		t.Fatalf("no team: %d\n%s", res.Code, res.Body)
	}
	if n := count(t, h, `SELECT COUNT(*) FROM processes`); n != 0 {
		t.Fatalf("%d processes after a refused form", n)
	}

	res = c.PostForm("/processen", url.Values{"team_id": {teamID}, "catalogue_code": {"reisdocumenten"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.Code, res.Body)
	}
	page := res.Header().Get("Location")
	res = c.Get(page)
	body := res.Body.String()
	for _, want := range []string{"Reisdocumenten", "Aanvraag innemen", "Document uitreiken", "Look-alikefraude bij de uitreiking",
		"Functiescheiding inname en uitreiking", "Niet gescoord", "/kennis/reisdocumenten"} {
		if !strings.Contains(body, want) {
			t.Errorf("process page lacks %q", want)
		}
	}

	procs, err := h.App.Risk.ListProcesses(h.Ctx, h.Scope(org, lead), risk.ProcessFilter{})
	if err != nil || len(procs) != 1 {
		t.Fatal(procs, err)
	}
	vulns, _ := h.App.Risk.Vulnerabilities(h.Ctx, h.Scope(org, lead), procs[0].ID)
	// Scoring without a reason is refused; with one it shows the level.
	score := url.Values{"title": {vulns[0].Title}, "origin": {"internal"}, "intent": {"intended"}, "factor": {"human"},
		"inherent_likelihood": {"4"}, "inherent_impact": {"5"}, "residual_likelihood": {"2"}, "residual_impact": {"3"}}
	res = c.PostForm("/kwetsbaarheden/"+vulns[0].ID, score)
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Geef een reden op") {
		t.Fatalf("score without reason: %d", res.Code)
	}
	score.Set("reason", "Gescoord in het teamoverleg")
	if res = c.PostForm("/kwetsbaarheden/"+vulns[0].ID, score); res.Code != http.StatusSeeOther {
		t.Fatalf("score: %d\n%s", res.Code, res.Body)
	}
	body = c.Get(page).Body.String()
	if !strings.Contains(body, `level level--high`) || !strings.Contains(body, "Gescoord in het teamoverleg") {
		t.Errorf("process page does not show the high inherent risk and the reason")
	}

	controls, _ := h.App.Risk.Controls(h.Ctx, h.Scope(org, lead), procs[0].ID)
	res = c.PostForm("/maatregelen/"+controls[0].ID+"/actie", nil)
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/acties/") {
		t.Fatalf("control → action: %d %s", res.Code, res.Header().Get("Location"))
	}
	actions, _, err := h.App.Plan.List(h.Ctx, h.Scope(org, lead), plan.Filter{})
	if err != nil || len(actions) != 1 || actions[0].Source.Type != "process" || actions[0].OwnerID != lead.ID {
		t.Errorf("actions %+v, %v", actions, err)
	}

	// The register downloads as a workbook and a PDF; each export is audited.
	for _, f := range []struct{ format, ctype, magic string }{
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{"pdf", "application/pdf", "%PDF-"},
	} {
		res := c.Get("/processen/export?formaat=" + f.format)
		if res.Code != http.StatusOK || res.Header().Get("Content-Type") != f.ctype || !strings.HasPrefix(res.Body.String(), f.magic) {
			t.Errorf("export %s: %d %s", f.format, res.Code, res.Header().Get("Content-Type"))
		}
	}
	if res := c.Get("/processen/export?formaat=doc"); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("export in an unknown format: %d", res.Code)
	}
	if n := count(t, h, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = $2`, org.ID, risk.ActionRegisterExport); n != 2 {
		t.Errorf("%d export audit entries, want 2", n)
	}

	// An employee does not see the register.
	emp := h.User(org, "medewerker", auth.Employee)
	if res := h.Login(emp).Get("/processen"); res.Code != http.StatusForbidden {
		t.Errorf("employee on the register: %d", res.Code)
	}
}

func count(t *testing.T, h *apptest.Harness, query string, args ...any) int {
	t.Helper()
	var n int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
