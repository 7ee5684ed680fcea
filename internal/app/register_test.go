package app_test

import (
	"net/http"
	"net/url"
	"slices"
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
	// HR records the teamleider as leading the team (decision 0028).
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, org.ID, lead.ID, teamID); err != nil {
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

// The register's changes through the API carry their reason, and another
// organisation's objects are not found.
func TestRegisterChangesThroughTheAPI(t *testing.T) {
	h := apptest.New(t)
	org, other := h.Org("voorbeeldstad"), h.Org("buurdorp")
	lead := h.User(org, "teamleider", auth.TeamLead)
	outsider := h.User(other, "teamleider", auth.TeamLead)
	teamID := store.NewID()
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Financiën', 0, 0)`, teamID, org.ID); err != nil {
		t.Fatal(err)
	}
	// HR records the teamleider as leading the team (decision 0028).
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, org.ID, lead.ID, teamID); err != nil {
		t.Fatal(err)
	}
	tok := h.Token(org, lead, auth.RiskRead, auth.RiskEdit)
	res := h.API(tok, "POST", "/api/v1/processen", strings.NewReader(`{"team":"`+teamID+`","catalogusCode":"financiele-transacties"}`))
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body)
	}
	type ref struct {
		ID string `json:"id"`
	}
	p := apptest.Decode[struct {
		ID             string `json:"id"`
		Kwetsbaarheden []ref  `json:"kwetsbaarheden"`
		Stappen        []ref  `json:"stappen"`
	}](t, res)
	if len(p.Kwetsbaarheden) == 0 || len(p.Stappen) != 4 {
		t.Fatalf("catalogue process through the API: %+v", p)
	}
	vuln := "/api/v1/kwetsbaarheden/" + p.Kwetsbaarheden[0].ID
	body := `{"titel":"Eén persoon gaat een verplichting aan en betaalt","herkomst":"internal","opzet":"intended","factor":"human","bruto":{"kans":3,"impact":4}`
	if prob := apptest.WantProblem(t, "score without reason", h.API(tok, "PUT", vuln, strings.NewReader(body+`}`)), http.StatusUnprocessableEntity); !slices.Equal(prob.Names(), []string{"reason"}) {
		t.Errorf("problem names %v, want [reason]", prob.Names())
	}
	res = h.API(tok, "PUT", vuln, strings.NewReader(body+`,"reden":"Gescoord"}`))
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), `"niveau": "high"`) {
		t.Fatalf("score: %d %s", res.Code, res.Body)
	}
	res = h.API(tok, "DELETE", "/api/v1/stappen/"+p.Stappen[3].ID, strings.NewReader(`{"reden":"Kasadministratie is uitbesteed"}`))
	if res.Code != http.StatusNoContent {
		t.Fatalf("delete step: %d %s", res.Code, res.Body)
	}
	res = h.API(tok, "POST", "/api/v1/processen/"+p.ID+"/herbeoordelingen", strings.NewReader(`{"bevindingen":"Alles nagelopen"}`))
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), `"laatstBeoordeeldOp"`) {
		t.Fatalf("review: %d %s", res.Code, res.Body)
	}
	changes, err := h.App.Risk.Changes(h.Ctx, h.Scope(org, lead), p.ID)
	if err != nil || changes[0].Reason != "Alles nagelopen" || changes[1].Reason != "Kasadministratie is uitbesteed" || changes[2].Reason != "Gescoord" {
		t.Errorf("history %+v, %v", changes[:3], err)
	}
	// Buurdorp's teamleider gets 404 for Voorbeeldstad's objects.
	otherTok := h.Token(other, outsider, auth.RiskRead, auth.RiskEdit)
	for _, rq := range []struct{ method, path string }{
		{"PUT", vuln}, {"DELETE", vuln}, {"GET", "/api/v1/processen/" + p.ID}, {"POST", "/api/v1/processen/" + p.ID + "/herbeoordelingen"},
	} {
		if res := h.API(otherTok, rq.method, rq.path, strings.NewReader(`{"reden":"x","bevindingen":"x"}`)); res.Code != http.StatusNotFound {
			t.Errorf("%s %s as Buurdorp: %d", rq.method, rq.path, res.Code)
		}
	}
}
