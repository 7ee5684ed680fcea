package risk_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// office is a municipality with a coordinator (sets the matrix), a team
// lead (proposes), an executive (approves) and an HR adviser (reads).
type office struct {
	h                     *apptest.Harness
	org                   *auth.Organisation
	coord, lead, exec, hr *apptest.Client
	coordU, leadU, execU  *auth.User
	process, vuln         string
}

func newOffice(t *testing.T) *office {
	t.Helper()
	h := apptest.New(t)
	o := &office{h: h, org: h.Org("voorbeeldstad")}
	o.coordU, o.leadU, o.execU = h.User(o.org, "coord", auth.Coordinator), h.User(o.org, "lead", auth.TeamLead), h.User(o.org, "mt", auth.Executive)
	o.coord, o.lead, o.exec = h.Login(o.coordU), h.Login(o.leadU), h.Login(o.execU)
	o.hr = h.Login(h.User(o.org, "hr", auth.HR))
	team := store.NewID()
	o.process, o.vuln = store.NewID(), store.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Vergunningen', 0, 0)`, []any{team, o.org.ID}},
		{`INSERT INTO processes (id, org_id, team_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, 'horeca', 'Horeca', 0, 0)`, []any{o.process, o.org.ID, team}},
		{`INSERT INTO vulnerabilities (id, org_id, process_id, title, origin, intent, factor, inherent_likelihood, inherent_impact,
			residual_likelihood, residual_impact, created_at, updated_at) VALUES ($1, $2, $3, 'Druk <op> vergunningverlener', 'external', 'intended', 'human', 5, 4, 3, 2, 0, 0)`,
			[]any{o.vuln, o.org.ID, o.process}},
		// The teamleider leads the team whose process this is (decision 0028).
		{`INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, []any{o.org.ID, o.leadU.ID, team}},
	} {
		if _, err := h.App.DB.Write.ExecContext(h.Ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

func TestMatrixSettingsPage(t *testing.T) {
	o := newOffice(t)
	res := o.hr.Get("/instellingen/risicomatrix")
	if res.Code != http.StatusOK || strings.Contains(res.Body.String(), `action="/instellingen/risicomatrix"`) {
		t.Fatalf("reader: %d, form shown: %v", res.Code, strings.Contains(res.Body.String(), "<form method=\"post\""))
	}
	// Bad input: every field named in Dutch, nothing stored.
	res = o.coord.PostForm("/instellingen/risicomatrix", url.Values{"likelihood_labels": {"Eén"}, "impact_labels": {"a\nb\nc"},
		"threshold_medium": {"twee"}, "threshold_high": {"1"}, "approver_role": {"admin"}})
	page := html.UnescapeString(res.Body.String())
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad matrix: %d", res.Code)
	}
	for _, want := range []string{"Kans (labels): Geef 2 tot en met 10 labels", "Middel vanaf score: Vul een heel getal", "Hoog vanaf score: Vul een heel getal",
		"Goedkeuring door: Kies een rol"} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	// Shrinking below the scored vulnerability (likelihood 5) is refused, naming how many.
	res = o.coord.PostForm("/instellingen/risicomatrix", url.Values{"likelihood_labels": {"Laag\nMiddel\nHoog"}, "impact_labels": {"a\nb\nc\nd"},
		"threshold_medium": {"3"}, "threshold_high": {"8"}, "approver_role": {"coordinator"}})
	if page := html.UnescapeString(res.Body.String()); res.Code != http.StatusUnprocessableEntity || !strings.Contains(page, "Er vallen dan 1 gescoorde kwetsbaarheden buiten") {
		t.Errorf("shrink: %d", res.Code)
	}
	var n int
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT COUNT(*) FROM risk_matrices`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d matrices stored after refusals (%v)", n, err)
	}
	res = o.coord.PostForm("/instellingen/risicomatrix", url.Values{"likelihood_labels": {"Zelden\nSoms\nVaak\nMeestal\nAltijd\nZeker"}, "impact_labels": {"a\nb\nc\nd"},
		"threshold_medium": {"6"}, "threshold_high": {"15"}, "approver_role": {"coordinator"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Code, res.Body.String())
	}
	page = html.UnescapeString(o.coord.Get(res.Header().Get("Location")).Body.String())
	if !strings.Contains(page, "De risicomatrix is opgeslagen") {
		t.Error("no confirmation after saving")
	}
	if !strings.Contains(page, "Middel vanaf score 6, hoog vanaf score 15") || !strings.Contains(page, "<th scope=\"row\">Zeker</th>") {
		t.Errorf("saved matrix not shown")
	}
	// The API shows the same matrix.
	tok := o.h.Token(o.org, o.coordU)
	res = o.h.API(tok, http.MethodGet, "/api/v1/risicomatrix", nil)
	var m struct {
		KansLabels []string `json:"kansLabels"`
		Drempels   struct{ Middel, Hoog int }
		Rol        string `json:"goedkeurderRol"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &m); err != nil || len(m.KansLabels) != 6 || m.Drempels.Hoog != 15 || m.Rol != "coordinator" {
		t.Errorf("API matrix %+v (%v)", m, err)
	}
	res = o.h.API(tok, http.MethodPut, "/api/v1/risicomatrix", strings.NewReader(`{"kansLabels":["a"],"impactLabels":["a","b"],"drempels":{"middel":2,"hoog":3},"goedkeurderRol":"executive"}`))
	apptest.WantProblem(t, "PUT too small matrix", res, http.StatusUnprocessableEntity)
}

func TestDecisionFlowThroughThePages(t *testing.T) {
	o := newOffice(t)
	path := "/risicos/kwetsbaarheden/" + o.vuln + "/besluiten"
	res := o.lead.PostForm(path, url.Values{"treatment": {"accept"}})
	if page := html.UnescapeString(res.Body.String()); res.Code != http.StatusUnprocessableEntity || !strings.Contains(page, "Motivering:") {
		t.Fatalf("no motivation: %d", res.Code)
	}
	res = o.lead.PostForm(path, url.Values{"treatment": {"accept"}, "motivation": {"Restrisico aanvaardbaar"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", res.Code, res.Body.String())
	}
	var id string
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT id FROM risk_decisions`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// The overview shows the open proposal with its snapshot; only the
	// executive gets the buttons.
	page := html.UnescapeString(o.exec.Get("/risicos/besluiten").Body.String())
	if !strings.Contains(page, "Druk <op> vergunningverlener") || !strings.Contains(page, `20, <span class="level level--high">Hoog</span> (Zeer waarschijnlijk × Groot)`) ||
		!strings.Contains(page, "/risicos/besluiten/"+id+"/goedkeuren") {
		t.Errorf("executive's overview lacks the proposal or its buttons")
	}
	if page := o.lead.Get("/risicos/besluiten").Body.String(); strings.Contains(page, "/goedkeuren") {
		t.Error("the proposer is offered the approve button")
	}
	// The coordinator holds risk.approve but is not the matrix's role.
	res = o.coord.PostForm("/risicos/besluiten/"+id+"/goedkeuren", nil)
	if res.Code != http.StatusConflict || !strings.Contains(html.UnescapeString(res.Body.String()), "Alleen de rol die in de risicomatrix") {
		t.Errorf("coordinator approve: %d", res.Code)
	}
	res = o.exec.PostForm("/risicos/besluiten/"+id+"/goedkeuren", url.Values{"decision_note": {"Akkoord"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.Code)
	}
	page = html.UnescapeString(o.hr.Get(path).Body.String())
	if !strings.Contains(page, "goedgekeurd") || !strings.Contains(page, "Accepteren") {
		t.Errorf("vulnerability page does not show the approved decision")
	}
	// API: the decision with its snapshot in Dutch.
	res = o.h.API(o.h.Token(o.org, o.leadU), http.MethodGet, "/api/v1/behandelbesluiten", nil)
	var list struct {
		Items []struct {
			Status       string `json:"status"`
			Behandeling  string `json:"behandeling"`
			Momentopname struct {
				Kwetsbaarheid struct {
					Bruto struct{ Score int } `json:"bruto"`
				} `json:"kwetsbaarheid"`
			} `json:"momentopname"`
		} `json:"resultaten"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &list); err != nil || len(list.Items) != 1 || list.Items[0].Status != "goedgekeurd" ||
		list.Items[0].Behandeling != "accepteren" || list.Items[0].Momentopname.Kwetsbaarheid.Bruto.Score != 20 {
		t.Errorf("API decisions %+v (%v)", list, err)
	}
	// A new proposal through the API, approved through the API by the executive.
	res = o.h.API(o.h.Token(o.org, o.leadU), http.MethodPost, "/api/v1/behandelbesluiten",
		strings.NewReader(`{"kwetsbaarheid":"`+o.vuln+`","behandeling":"beheersen","motivering":"Bibob-toets"}`))
	var created struct{ ID string }
	if res.Code != http.StatusCreated || json.Unmarshal(res.Body.Bytes(), &created) != nil {
		t.Fatalf("API propose: %d %s", res.Code, res.Body.String())
	}
	res = o.h.API(o.h.Token(o.org, o.leadU), http.MethodPost, "/api/v1/behandelbesluiten/"+created.ID+"/goedkeuren", nil)
	apptest.WantProblem(t, "team lead approves", res, http.StatusForbidden)
	res = o.h.API(o.h.Token(o.org, o.execU), http.MethodPost, "/api/v1/behandelbesluiten/"+created.ID+"/goedkeuren", nil)
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), `"goedgekeurd"`) {
		t.Errorf("API approve: %d %s", res.Code, res.Body.String())
	}
	var treatment string
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT treatment FROM vulnerabilities WHERE id = $1`, o.vuln).Scan(&treatment); err != nil || treatment != "mitigate" {
		t.Errorf("treatment %q (%v)", treatment, err)
	}
}

func TestHeatmapPage(t *testing.T) {
	o := newOffice(t)
	res := o.hr.Get("/risicos")
	page := res.Body.String()
	if res.Code != http.StatusOK || strings.Count(page, `role="img"`) != 2 || !strings.Contains(page, `<a href="/processen/`+o.process+`">Horeca</a>`) {
		t.Fatalf("heatmap page %d", res.Code)
	}
	if !strings.Contains(html.UnescapeString(page), "Druk <op> vergunningverlener") {
		t.Error("top risk not listed")
	}
	if strings.Contains(page, "<op>") {
		t.Error("a title is not escaped")
	}
	res = o.h.API(o.h.Token(o.org, o.coordU), http.MethodGet, "/api/v1/risicos", nil)
	var hm struct {
		Totaal int
		Bruto  struct {
			Cellen []struct{ Kans, Impact, Aantal int }
		}
	}
	if err := json.Unmarshal(res.Body.Bytes(), &hm); err != nil || hm.Totaal != 1 || len(hm.Bruto.Cellen) != 25 {
		t.Fatalf("API heatmap %+v (%v)", hm, err)
	}
	for _, c := range hm.Bruto.Cellen {
		if want := map[bool]int{true: 1}[c.Kans == 5 && c.Impact == 4]; c.Aantal != want {
			t.Errorf("cell %d×%d: %d, want %d", c.Kans, c.Impact, c.Aantal, want)
		}
	}
	// An employee has no access to the register.
	if res := o.h.Login(o.h.User(o.org, "emp", auth.Employee)).Get("/risicos"); res.Code != http.StatusForbidden {
		t.Errorf("employee: %d", res.Code)
	}
}
