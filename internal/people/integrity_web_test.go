package people_test

import (
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
)

func wantStatus(t *testing.T, what string, res interface{ Result() *http.Response }, code int) {
	t.Helper()
	if got := res.Result().StatusCode; got != code {
		t.Fatalf("%s: status %d, want %d", what, got, code)
	}
}

func TestIntegrityPages(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	hrUser := h.User(e.a, "hr2", auth.HR)
	hr := h.Login(hrUser)
	emp := h.Login(h.User(e.a, "emp2", auth.Employee))
	lead := h.Login(e.leadUser)
	otherHR := h.Login(h.User(e.b, "hr2", auth.HR))

	own := e.team(t, e.a, "Klant", "")
	other := e.team(t, e.a, "Financiën", "")
	e.exec(t, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, e.a.ID, e.leadUser.ID, own)
	mine := e.employee(t, e.a, own, "Anna Eigen", "2020-01-01", "")
	e.employee(t, e.a, other, "Bert Ander", "2020-01-01", "")

	// Everyone reads the directory; only HR the registers.
	if _, err := e.ps.AddConfidant(h.Ctx, e.hr, people.Confidant{Name: "Carla Vertrouwd", Kind: "internal", Email: "carla@a.test"}); err != nil {
		t.Fatal(err)
	}
	res := emp.Get("/mensen/vertrouwenspersonen")
	wantStatus(t, "employee reads the directory", res, http.StatusOK)
	if !strings.Contains(res.Body.String(), "Carla Vertrouwd") {
		t.Error("directory does not show the vertrouwenspersoon")
	}
	for _, p := range []string{"/mensen/screening", "/mensen/ambtseed", "/mensen/nevenfuncties", "/mensen/geschenken", "/instellingen/mensen", "/mensen/kandidaten"} {
		wantStatus(t, "employee GET "+p, emp.Get(p), http.StatusForbidden)
	}

	// The teamleider's oath register shows their own team only.
	body := lead.Get("/mensen/ambtseed").Body.String()
	if !strings.Contains(body, "Anna Eigen") || strings.Contains(body, "Bert Ander") {
		t.Errorf("teamleider's oath register: own team shown %v, other team shown %v", strings.Contains(body, "Anna Eigen"), strings.Contains(body, "Bert Ander"))
	}

	// A bad side-job form: Dutch messages naming the fields, nothing written.
	res = hr.PostForm("/mensen/nevenfuncties", url.Values{"employee": {mine}, "started_on": {"31-12-2024"}, "review_status": {"pending"}})
	wantStatus(t, "bad side job", res, http.StatusUnprocessableEntity)
	body = html.UnescapeString(res.Body.String())
	for _, want := range []string{"Toelichting: Vul dit veld in.", "Begindatum: Vul een geldige datum in (jjjj-mm-dd)."} {
		if !strings.Contains(body, want) {
			t.Errorf("error summary lacks %q", want)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM side_jobs`); n != 0 {
		t.Fatalf("refused form wrote %d side jobs", n)
	}
	res = hr.PostForm("/mensen/nevenfuncties", url.Values{"employee": {mine}, "description": {secretText}, "started_on": {"2024-12-31"},
		"review_status": {"pending"}, "need_to_know": {"1"}})
	wantStatus(t, "side job", res, http.StatusSeeOther)
	var id string
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT id FROM side_jobs`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// The list never shows the sealed text; the detail page does, and logs it.
	if strings.Contains(hr.Get("/mensen/nevenfuncties").Body.String(), secretText) {
		t.Error("side-job list shows the sealed description")
	}
	res = hr.Get("/mensen/nevenfuncties/" + id)
	if !strings.Contains(res.Body.String(), secretText) {
		t.Errorf("HR's detail page lacks the description: %d", res.Code)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.side_job.read' AND object_id = $1 AND actor_id = $2`, id, hrUser.ID); n != 1 {
		t.Errorf("HR's read audited %d times", n)
	}
	// Need-to-know: the coordinator and the teamleider of the team get
	// 404, as does another organisation.
	coord := h.Login(h.User(e.a, "coord2", auth.Coordinator))
	for name, c := range map[string]*apptest.Client{"coordinator": coord, "teamleider": lead, "HR of B": otherHR} {
		res := c.Get("/mensen/nevenfuncties/" + id)
		wantStatus(t, name+" reads the need-to-know side job", res, http.StatusNotFound)
		if strings.Contains(res.Body.String(), secretText) {
			t.Errorf("%s: sealed text leaked", name)
		}
	}

	// Settings: refused input changes nothing; good input is stored.
	res = hr.PostForm("/instellingen/mensen", url.Values{"rescreen_months": {"veel"}, "gift_threshold": {"50"}})
	wantStatus(t, "bad settings", res, http.StatusUnprocessableEntity)
	if n := e.count(t, `SELECT COUNT(*) FROM people_settings`); n != 0 {
		t.Fatal("refused settings were written")
	}
	wantStatus(t, "settings", hr.PostForm("/instellingen/mensen", url.Values{"rescreen_months": {"36"}, "gift_threshold": {"75,00"}, "include_council": {"1"}}), http.StatusSeeOther)
	if st, _ := e.ps.Settings(h.Ctx, e.hr); st.RescreenMonths != 36 || st.GiftThresholdCents != 7500 || !st.IncludeCouncil {
		t.Errorf("settings stored as %+v", st)
	}

	// Exports are files and are audited.
	res = hr.Get("/mensen/integriteit/export?register=ambtseed&formaat=xlsx")
	if res.Code != http.StatusOK || !strings.Contains(res.Header().Get("Content-Type"), "spreadsheetml") {
		t.Errorf("xlsx export: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	res = lead.Get("/mensen/integriteit/export?register=screening&formaat=pdf")
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "application/pdf" {
		t.Errorf("pdf export: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.register.export'`); n != 2 {
		t.Errorf("%d exports audited, want 2", n)
	}
}

func TestIntegrityAPI(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	team := e.team(t, e.a, "Handhaving", "")
	emp := e.employee(t, e.a, team, "Dirk Boa", "2020-01-01", "")
	fn := e.function(t, e.a, "boa", "vog_p")
	e.assign(t, e.a, emp, fn, "2020-01-01", "")
	hrUser := h.User(e.a, "hr-api", auth.HR)
	tok := h.Token(e.a, hrUser)

	res := h.API(tok, http.MethodPost, "/api/v1/screeningen", strings.NewReader(`{"medewerker":"`+emp+`","soort":"vog-x","datum":"2025-13-01"}`))
	p := apptest.WantProblem(t, "bad screening", res, http.StatusUnprocessableEntity)
	if names := p.Names(); !slices.Contains(names, "kind") || !slices.Contains(names, "screened_on") {
		t.Errorf("problem names %v", names)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM screenings`); n != 0 {
		t.Fatal("refused screening written")
	}
	res = h.API(tok, http.MethodGet, "/api/v1/screeningen", nil)
	list := apptest.Decode[struct {
		Items []struct {
			Naam              string `json:"naam"`
			HerscreeningNodig bool   `json:"herscreeningNodig"`
			Reden             string `json:"reden"`
		} `json:"resultaten"`
	}](t, res)
	if len(list.Items) != 1 || !list.Items[0].HerscreeningNodig || list.Items[0].Reden != "never" {
		t.Errorf("screenings: %+v", list)
	}
	res = h.API(tok, http.MethodPost, "/api/v1/screeningen", strings.NewReader(`{"medewerker":"`+emp+`","soort":"vog_p","datum":"2025-11-01"}`))
	wantStatus(t, "screening", res, http.StatusCreated)
	// An employee's token cannot read the registers; the directory it can.
	empTok := h.Token(e.a, h.User(e.a, "emp-api", auth.Employee))
	wantStatus(t, "employee API screenings", h.API(empTok, http.MethodGet, "/api/v1/screeningen", nil), http.StatusForbidden)
	wantStatus(t, "employee API directory", h.API(empTok, http.MethodGet, "/api/v1/vertrouwenspersonen", nil), http.StatusOK)
}
