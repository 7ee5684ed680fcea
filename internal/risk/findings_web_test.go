package risk_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
)

// dutyOffice is a municipality with a mapped permits process: Jan does Bibob
// research and grants licences (a dubbelzitter), Piet alone collects the
// fees (an eenpitter). Its coordinator, team lead and an employee sign in;
// so does the team lead of a neighbouring municipality.
type dutyOffice struct {
	h                  *apptest.Harness
	org, neighbour     *auth.Organisation
	coord, lead, emp   *apptest.Client
	otherLead          *apptest.Client
	leadUser           *auth.User
	team, jan, piet    string
	grantFn, cashStep  string
	conflict, soleHeld string // finding keys
}

func newDutyOffice(t *testing.T) *dutyOffice {
	t.Helper()
	h := apptest.New(t)
	o := &dutyOffice{h: h, org: h.Org("voorbeeldstad"), neighbour: h.Org("buurdorp")}
	coordUser := h.User(o.org, "coord", auth.Coordinator)
	o.leadUser = h.User(o.org, "lead", auth.TeamLead)
	sc := h.Scope(o.org, coordUser)
	exec := func(q string, args ...any) {
		if _, err := h.App.DB.Write.ExecContext(h.Ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	o.team = store.NewID()
	exec(`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Vergunningen', 0, 0)`, o.team, o.org.ID)
	// The team lead leads Vergunningen (people's team_leads): its findings are theirs.
	exec(`INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, o.org.ID, o.leadUser.ID, o.team)
	fn := func(code, name string) string {
		id := store.NewID()
		exec(`INSERT INTO functions (id, org_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0)`, id, o.org.ID, code, name)
		return id
	}
	emp := func(name string) string {
		id := store.NewID()
		exec(`INSERT INTO employees (id, org_id, number, name, team_id, start_date, created_at, updated_at)
			VALUES ($1, $2, $1, $3, $4, '2020-01-01', 0, 0)`, id, o.org.ID, name, o.team)
		return id
	}
	assign := func(e, f, start string) {
		exec(`INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '', 0, 0)`, store.NewID(), o.org.ID, e, f, start)
	}
	bibobFn, cashFn := fn("bibob", "Bibob-adviseur"), fn("kas", "Baliemedewerker kas")
	o.grantFn = fn("vergunning", "Vergunningverlener")
	o.jan, o.piet = emp("Jan Jansen"), emp("Piet Pieters")
	assign(o.jan, bibobFn, "2024-01-01")
	assign(o.jan, o.grantFn, "2025-06-01")
	assign(o.piet, bibobFn, "2023-01-01")
	assign(o.piet, cashFn, "2024-01-01")
	p, err := h.App.Risk.CreateProcess(h.Ctx, sc, risk.NewProcess{TeamID: o.team, Code: "horeca", Name: "Horecavergunning"})
	if err != nil {
		t.Fatal(err)
	}
	step := func(code, name string, kind duty.StepKind, min int, f string) string {
		st, err := h.App.Risk.CreateStep(h.Ctx, sc, risk.NewStep{ProcessID: p.ID, Code: code, Name: name, Kind: kind, MinHolders: min})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.App.Risk.LinkFunction(h.Ctx, sc, st.ID, f); err != nil {
			t.Fatal(err)
		}
		return st.ID
	}
	step(duty.CodeBibobResearch, "Bibob-onderzoek", duty.Decision, 2, bibobFn)
	step(duty.CodeGrantLicence, "Vergunning verlenen", duty.Decision, 1, o.grantFn)
	o.cashStep = step("", "Leges innen", duty.Cash, 2, cashFn)
	o.conflict, o.soleHeld = duty.KeyConflict("bibob_vergunning", o.jan), duty.KeySoleHolder(o.cashStep)

	o.coord = h.Login(coordUser)
	o.lead = h.Login(o.leadUser)
	o.emp = h.Login(h.User(o.org, "emp", auth.Employee))
	o.otherLead = h.Login(h.User(o.neighbour, "lead", auth.TeamLead))
	return o
}

func body(res *httptest.ResponseRecorder) string { return html.UnescapeString(res.Body.String()) }

func (o *dutyOffice) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFindingsPagesShowTheTeamLeadTheFindingsAndNobodyElse(t *testing.T) {
	o := newDutyOffice(t)
	res := o.lead.Get("/bevindingen")
	page := body(res)
	if res.Code != http.StatusOK {
		t.Fatalf("overview: %d %s", res.Code, page)
	}
	for _, want := range []string{"Dubbelzitter", "Eenpitter", "Leges innen", "Horecavergunning", "Jan Jansen", "Piet Pieters",
		"/bevindingen/teams/" + o.team, "/bevindingen/personen/" + o.jan, "/bevindingen/afdekken/" + o.conflict} {
		if !strings.Contains(page, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	page = body(o.lead.Get("/bevindingen?kind=conflict"))
	if !strings.Contains(page, "Jan Jansen") || strings.Contains(page, "Leges innen") {
		t.Error("the kind filter does not keep only the dubbelzitter")
	}
	if res := o.lead.Get("/bevindingen?status=verzonnen"); res.Code != http.StatusUnprocessableEntity || !strings.Contains(body(res), "Kies open, heropend of afgedekt") {
		t.Errorf("bad status filter: %d", res.Code)
	}
	if res := o.lead.Get("/bevindingen/teams/" + o.team); res.Code != http.StatusOK || !strings.Contains(body(res), "Leges innen") {
		t.Errorf("team page: %d", res.Code)
	}
	res = o.lead.Get("/bevindingen/personen/" + o.jan)
	if page := body(res); res.Code != http.StatusOK || !strings.Contains(page, "Jan Jansen") || strings.Contains(page, "Leges innen") {
		t.Errorf("person page: %d, want Jan's dubbelzitter only", res.Code)
	}
	if n := o.count(t, `SELECT COUNT(*) FROM processing_log WHERE org_id = $1 AND activity = 'functiescheiding.analyse'`, o.org.ID); n != 1 {
		t.Errorf("%d processing records for one look at a person, want 1", n)
	}
	if res := o.emp.Get("/bevindingen"); res.Code != http.StatusForbidden {
		t.Errorf("employee: %d, want 403", res.Code)
	}
	for _, p := range []string{"/bevindingen/teams/" + o.team, "/bevindingen/personen/" + o.jan, "/bevindingen/afdekken/" + o.conflict} {
		res := o.otherLead.Get(p)
		if res.Code != http.StatusNotFound || strings.Contains(body(res), "Jan Jansen") {
			t.Errorf("neighbour GET %s: %d, want 404 without A's data", p, res.Code)
		}
	}
	if res := o.otherLead.Get("/bevindingen"); strings.Contains(body(res), "Jan Jansen") || res.Code != http.StatusOK {
		t.Errorf("neighbour's own overview: %d or shows A's data", res.Code)
	}
}

func TestMitigatingThroughTheFormAndSeeingItReopen(t *testing.T) {
	o := newDutyOffice(t)
	path := "/bevindingen/afdekken/" + o.conflict
	if res := o.lead.Get(path); res.Code != http.StatusOK || !strings.Contains(body(res), `name="control"`) {
		t.Fatalf("form: %d", res.Code)
	}
	audits := o.count(t, `SELECT COUNT(*) FROM audit_log`)
	res := o.lead.PostForm(path, url.Values{"control": {""}, "owner": {""}, "until": {"2030-01-01"}})
	page := body(res)
	if res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.Code)
	}
	for _, want := range []string{`href="#control"`, `href="#owner"`, `href="#until"`, "Beheersmaatregel: Beschrijf de beheersmaatregel",
		"hooguit drie jaar vooruit liggen: uiterlijk 02-03-2029"} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	if n := o.count(t, `SELECT COUNT(*) FROM duty_mitigations`); n != 0 {
		t.Errorf("%d mitigations written by a refused form", n)
	}
	if n := o.count(t, `SELECT COUNT(*) FROM audit_log`); n != audits {
		t.Errorf("audit log grew by %d for a refused form", n-audits)
	}
	res = o.lead.PostForm(path, url.Values{"control": {"Collegiale toets op elk besluit"}, "owner": {o.leadUser.ID}, "until": {"2026-06-30"}, "make_action": {"1"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("good form: %d %s", res.Code, body(res))
	}
	page = body(o.lead.Get(res.Header().Get("Location")))
	if !strings.Contains(page, "Afgedekt door een beheersmaatregel tot en met 30-06-2026") || !strings.Contains(page, "Collegiale toets op elk besluit") {
		t.Error("overview does not show the mitigation")
	}
	if n := o.count(t, `SELECT COUNT(*) FROM actions WHERE org_id = $1 AND title = 'Dubbelzitter afdekken – Vergunningen' AND due_date = '2026-06-30'`, o.org.ID); n != 1 {
		t.Errorf("%d actions made for the mitigation, want 1", n)
	}
	if !strings.Contains(page, "/acties/") {
		t.Error("overview does not link the action")
	}
	o.h.Clock.Advance(130 * 24 * time.Hour) // into July; the session has ended meanwhile
	o.lead = o.h.Login(o.leadUser)
	page = body(o.lead.Get("/bevindingen"))
	if !strings.Contains(page, "Heropend: de beheersmaatregel liep af op 30-06-2026") || !strings.Contains(page, "status--overdue") {
		t.Error("an expired mitigation does not show the finding as reopened")
	}
	if res := o.lead.Get("/bevindingen?status=reopened"); !strings.Contains(body(res), "Jan Jansen") || strings.Contains(body(res), "Leges innen") {
		t.Error("the reopened filter does not show exactly the reopened finding")
	}
}

func TestEditingARuleThroughTheBrowserChangesTheFindings(t *testing.T) {
	o := newDutyOffice(t)
	if res := o.lead.Get("/conflictregels"); res.Code != http.StatusOK || !strings.Contains(body(res), "Bibob-onderzoek en vergunning verlenen") {
		t.Fatalf("rules page for the team lead: %d", res.Code)
	}
	if res := o.lead.Get("/conflictregels/bibob_vergunning"); res.Code != http.StatusForbidden {
		t.Errorf("team lead opened the rule form: %d", res.Code)
	}
	if res := o.coord.Get("/conflictregels/bibob_vergunning"); res.Code != http.StatusOK || !strings.Contains(body(res), `name="rationale"`) ||
		!strings.Contains(body(res), `value="bibob_onderzoek"`) {
		t.Fatalf("rule form for the coordinator: %d", res.Code)
	}
	res := o.coord.PostForm("/conflictregels/bibob_vergunning", url.Values{"code_a": {duty.CodeBibobResearch}, "code_b": {duty.CodeGrantLicence},
		"risk": {"high"}, "name": {"Bibob en vergunning"}, "rationale": {"Uitgeschakeld: opgelost met een andere maatregel."}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("switching the rule off: %d %s", res.Code, body(res))
	}
	if page := body(o.lead.Get("/bevindingen")); strings.Contains(page, "Jan Jansen") || !strings.Contains(page, "Leges innen") {
		t.Error("after switching the rule off the dubbelzitter is still shown (or the eenpitter is gone)")
	}
	res = o.coord.PostForm("/conflictregels", url.Values{"code_a": {"x"}, "code_b": {"x"}, "risk": {"high"}, "name": {""}, "rationale": {"r"}})
	if page := body(res); res.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#code_b"`) || !strings.Contains(page, `href="#name"`) {
		t.Errorf("bad new rule: %d", res.Code)
	}
	if res := o.otherLead.Get("/conflictregels"); strings.Contains(body(res), "Uitgeschakeld: opgelost") {
		t.Error("the neighbour sees A's rules")
	}
}

func TestSimulationPageShowsTheEffectAndWritesNothing(t *testing.T) {
	o := newDutyOffice(t)
	tables := []string{"assignments", "duty_mitigations", "conflict_rules", "audit_log", "processing_log", "actions"}
	counts := func() (out []int) {
		for _, tb := range tables {
			out = append(out, o.count(t, `SELECT COUNT(*) FROM `+tb))
		}
		return out
	}
	before := counts()
	res := o.lead.PostForm("/simulatie", url.Values{"mode": {"add"}, "employee": {o.piet}, "function": {o.grantFn}, "start": {"2026-03-02"}})
	page := body(res)
	if res.Code != http.StatusOK || !strings.Contains(page, "Bevindingen die erbij komen") || !strings.Contains(page, "Piet Pieters") ||
		!strings.Contains(page, "er is niets opgeslagen") {
		t.Fatalf("simulation: %d", res.Code)
	}
	res = o.lead.PostForm("/simulatie", url.Values{"mode": {"add"}, "employee": {o.piet}, "function": {o.grantFn}, "start": {"2 maart"}})
	if page := body(res); res.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#start"`) || !strings.Contains(page, "Begindatum: Vul een geldige datum in") {
		t.Errorf("bad date: %d", res.Code)
	}
	res = o.lead.PostForm("/simulatie", url.Values{"mode": {"end"}, "assignment": {"bestaat-niet"}, "end_date": {"2026-04-01"}})
	if page := body(res); res.Code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#assignment"`) {
		t.Errorf("unknown assignment: %d", res.Code)
	}
	if after := counts(); !slicesEqual(after, before) {
		t.Errorf("rows of %v went from %v to %v", tables, before, after)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFindingsAPI(t *testing.T) {
	o := newDutyOffice(t)
	tok := o.h.Token(o.org, o.leadUser)
	res := o.h.API(tok, http.MethodGet, "/api/v1/bevindingen?limit=1", nil)
	type page struct {
		Resultaten []struct {
			Sleutel string `json:"sleutel"`
			Soort   string `json:"soort"`
			Status  string `json:"status"`
		} `json:"resultaten"`
		Volgende string `json:"volgende"`
	}
	p1 := apptest.Decode[page](t, res)
	if res.Code != http.StatusOK || len(p1.Resultaten) != 1 || p1.Volgende == "" {
		t.Fatalf("first page: %d %s", res.Code, res.Body.String())
	}
	p2 := apptest.Decode[page](t, o.h.API(tok, http.MethodGet, "/api/v1/bevindingen?limit=1&cursor="+url.QueryEscape(p1.Volgende), nil))
	if len(p2.Resultaten) != 1 || p2.Volgende != "" || p2.Resultaten[0].Sleutel == p1.Resultaten[0].Sleutel {
		t.Errorf("second page %+v after %+v", p2, p1)
	}
	if pr := apptest.WantProblem(t, "bad kind", o.h.API(tok, http.MethodGet, "/api/v1/bevindingen?soort=x", nil), http.StatusUnprocessableEntity); pr.Names()[0] != "soort" {
		t.Errorf("bad kind names %v", pr.Names())
	}

	pr := apptest.WantProblem(t, "bad mitigation", o.h.API(tok, http.MethodPost, "/api/v1/bevindingen/afdekkingen",
		strings.NewReader(`{"bevinding":"`+o.soleHeld+`","totEnMet":"2026-03-01"}`)), http.StatusUnprocessableEntity)
	if got := strings.Join(pr.Names(), ","); got != "maatregel,totEnMet,eigenaar" {
		t.Errorf("bad mitigation names %s", got)
	}
	apptest.WantProblem(t, "foreign key", o.h.API(o.h.Token(o.neighbour, o.h.User(o.neighbour, "lead2", auth.TeamLead)), http.MethodPost,
		"/api/v1/bevindingen/afdekkingen", strings.NewReader(`{"bevinding":"`+o.soleHeld+`","maatregel":"x","totEnMet":"2026-06-01"}`)), http.StatusNotFound)
	res = o.h.API(tok, http.MethodPost, "/api/v1/bevindingen/afdekkingen",
		strings.NewReader(`{"bevinding":"`+o.soleHeld+`","maatregel":"Tweede kassier op dinsdag","eigenaar":"`+o.leadUser.ID+`","totEnMet":"2026-12-31"}`))
	if res.Code != http.StatusCreated {
		t.Fatalf("mitigation: %d %s", res.Code, res.Body.String())
	}
	all := apptest.Decode[page](t, o.h.API(tok, http.MethodGet, "/api/v1/bevindingen?status=mitigated", nil))
	if len(all.Resultaten) != 1 || all.Resultaten[0].Sleutel != o.soleHeld {
		t.Errorf("mitigated findings %+v", all.Resultaten)
	}

	type sim struct {
		Toegevoegd []struct{ Sleutel string } `json:"toegevoegd"`
		Voor, Na   struct{ Totaal int }
	}
	res = o.h.API(tok, http.MethodPost, "/api/v1/simulaties", strings.NewReader(`{"toevoegen":[{"medewerker":"`+o.piet+`","functie":"`+o.grantFn+`","begin":"2026-03-02"}]}`))
	s := apptest.Decode[sim](t, res)
	if res.Code != http.StatusOK || len(s.Toegevoegd) != 1 || s.Toegevoegd[0].Sleutel != duty.KeyConflict("bibob_vergunning", o.piet) || s.Na.Totaal != 3 {
		t.Errorf("simulation: %d %s", res.Code, res.Body.String())
	}
	pr = apptest.WantProblem(t, "bad simulation", o.h.API(tok, http.MethodPost, "/api/v1/simulaties",
		strings.NewReader(`{"toevoegen":[{"medewerker":"`+o.piet+`","functie":"`+o.grantFn+`","begin":"2026-03-02"},{"medewerker":"x","functie":"`+o.grantFn+`","begin":"gisteren"}]}`)),
		http.StatusUnprocessableEntity)
	if got := strings.Join(pr.Names(), ","); got != "toevoegen[1].begin" {
		t.Errorf("bad simulation names %s", got)
	}

	type rules struct {
		Eigen  bool `json:"eigen"`
		Regels []struct {
			Sleutel string `json:"sleutel"`
		} `json:"regels"`
	}
	r := apptest.Decode[rules](t, o.h.API(tok, http.MethodGet, "/api/v1/conflictregels", nil))
	if r.Eigen || len(r.Regels) != 7 {
		t.Errorf("rules: %+v", r)
	}
}

func TestDashboardTileCountsOpenFindings(t *testing.T) {
	o := newDutyOffice(t)
	page := body(o.lead.Get("/"))
	if !strings.Contains(page, `<span class="tile__value">2</span> <span class="tile__label">open bevindingen functiescheiding</span>`) {
		t.Error("dashboard lacks the tile with 2 open findings")
	}
	if strings.Contains(body(o.emp.Get("/")), "bevindingen functiescheiding") {
		t.Error("an employee without risk.read sees the findings tile")
	}
}

func TestFindingsExportFollowsTheFilterAndIsAudited(t *testing.T) {
	o := newDutyOffice(t)
	res := o.lead.Get("/bevindingen/export?formaat=csv&kind=conflict")
	csv := res.Body.String()
	if res.Code != http.StatusOK || !strings.HasPrefix(res.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	if !strings.Contains(csv, "Jan Jansen") || !strings.Contains(csv, "Beheersmaatregel") || strings.Contains(csv, "Leges innen") {
		t.Errorf("csv does not hold exactly the dubbelzitter: %s", csv)
	}
	for _, f := range []string{"xlsx", "pdf"} {
		res := o.lead.Get("/bevindingen/export?formaat=" + f)
		if res.Code != http.StatusOK || res.Body.Len() == 0 || strings.HasPrefix(res.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", f, res.Code, res.Header().Get("Content-Type"))
		}
	}
	if res := o.lead.Get("/bevindingen/export?formaat=docx"); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown format: %d", res.Code)
	}
	if n := o.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = $2`, o.org.ID, risk.ActionFindingsExport); n != 3 {
		t.Errorf("%d exports audited, want 3", n)
	}
	if res := o.emp.Get("/bevindingen/export?formaat=csv"); res.Code != http.StatusForbidden {
		t.Errorf("employee export: %d", res.Code)
	}
	if res := o.otherLead.Get("/bevindingen/export?formaat=csv"); res.Code != http.StatusOK || strings.Contains(res.Body.String(), "Jan Jansen") {
		t.Errorf("neighbour export: %d or holds A's findings", res.Code)
	}
	tok := o.h.Token(o.org, o.leadUser)
	res = o.h.API(tok, http.MethodGet, "/api/v1/bevindingen/export?formaat=csv&soort=sole_holder", nil)
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "Leges innen") || strings.Contains(res.Body.String(), "Jan Jansen") {
		t.Errorf("API export: %d %s", res.Code, res.Body.String())
	}
}

// Findings name people: a teamleider sees those of the teams they lead,
// not another team's — not in the overview, the person view, the
// mitigation form, the export or the API — while HR and the
// gemeentesecretaris see every team's (decision 0028).
func TestFindingsOfAnotherTeamAreHiddenFromATeamLead(t *testing.T) {
	o := newDutyOffice(t)
	h := o.h
	otherTeam := store.NewID()
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Inkoop', 0, 0)`, otherTeam, o.org.ID); err != nil {
		t.Fatal(err)
	}
	otherUser := h.User(o.org, "lead-inkoop", auth.TeamLead)
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, o.org.ID, otherUser.ID, otherTeam); err != nil {
		t.Fatal(err)
	}
	other := h.Login(otherUser)
	res := other.Get("/bevindingen")
	if res.Code != http.StatusOK {
		t.Fatalf("overview: %d", res.Code)
	}
	if !strings.Contains(body(res), "de teams die u leidt") {
		t.Error("the overview does not say it shows only the teams one leads")
	}
	for _, hidden := range []string{"Jan Jansen", "Piet Pieters", "Leges innen", o.jan} {
		if strings.Contains(body(res), hidden) {
			t.Errorf("another team's lead sees %q in the overview", hidden)
		}
	}
	for _, p := range []string{"/bevindingen/personen/" + o.jan, "/bevindingen/afdekken/" + o.conflict} {
		if res := other.Get(p); res.Code != http.StatusNotFound {
			t.Errorf("%s for another team's lead: %d, want 404", p, res.Code)
		}
	}
	if res := other.Get("/bevindingen/export?formaat=csv"); res.Code != http.StatusOK || strings.Contains(body(res), "Jan Jansen") {
		t.Errorf("export for another team's lead: %d, names Jan: %v", res.Code, strings.Contains(body(res), "Jan Jansen"))
	}
	api := h.API(h.Token(o.org, otherUser), http.MethodGet, "/api/v1/bevindingen", nil)
	if api.Code != http.StatusOK || strings.Contains(api.Body.String(), o.jan) {
		t.Errorf("API for another team's lead: %d %s", api.Code, api.Body.String())
	}
	var seen int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_id = $2`, risk.ActionPersonView, o.jan).Scan(&seen); err != nil || seen != 0 {
		t.Errorf("a refused person view was logged as a look (%d, %v)", seen, err)
	}
	for _, role := range []auth.Role{auth.HR, auth.Executive} {
		c := h.Login(h.User(o.org, "all-"+string(role), role))
		if page := body(c.Get("/bevindingen")); !strings.Contains(page, "Jan Jansen") || !strings.Contains(page, "Leges innen") || strings.Contains(page, "de teams die u leidt") {
			t.Errorf("%s does not see every team's findings", role)
		}
	}
}
