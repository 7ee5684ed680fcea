package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/scan"
)

var codePattern = regexp.MustCompile(`/enquete\?code=([A-Za-z0-9]+)`)

// Must hold (issue 7): with 4 respondents nothing of the group is shown
// through the UI, the API or an export; with 5 it is. Respondents answer
// through the public page, which needs no account and sets no cookie.
func TestSurveyAnonymityThroughUIAPIAndExport(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coordinator", auth.Coordinator)
	c := h.Login(coord)
	res := c.PostForm("/enquetes", url.Values{"title": {"Enquête hele organisatie"}, "framework": {scan.KeyPillars}, "shared_link": {"ja"}})
	if res.Code != http.StatusOK {
		t.Fatalf("create survey: %d %s", res.Code, res.Body.String())
	}
	m := codePattern.FindStringSubmatch(res.Body.String())
	if m == nil {
		t.Fatal("no shared link shown after creating the survey")
	}
	code := m[1]
	list, err := h.App.Scan.Surveys(h.Ctx, h.Scope(org, coord))
	if err != nil || len(list) != 1 {
		t.Fatalf("surveys: %v %v", list, err)
	}
	id := list[0].ID
	token := h.Token(org, coord, auth.ScanSurvey)
	anon := h.Anonymous()
	respond := func(level string) {
		t.Helper()
		h.Clock.Advance(time.Minute) // answering is rate limited per client
		page := anon.Get("/enquete?code=" + code)
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Stap 5") {
			t.Fatalf("public form: %d", page.Code)
		}
		res := anon.PostForm("/enquete", url.Values{"code": {code}, "level-bew-coordinator": {level}, "level-inf-meldpunt": {"4"}})
		if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "data-survey-thanks") {
			t.Fatalf("answer: %d %s", res.Code, res.Body.String())
		}
		if len(res.Result().Cookies()) != 0 || len(page.Result().Cookies()) != 0 {
			t.Errorf("the public survey pages set a cookie: %v", res.Result().Cookies())
		}
	}
	for _, l := range []string{"2", "3", "2", "3"} {
		respond(l)
	}
	// 4 respondents: the page, the API and the export show nothing of the
	// group — no means, not even the number of respondents.
	page := c.Get("/enquetes/" + id)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "data-too-few") ||
		strings.Contains(page.Body.String(), "data-survey-results") || strings.Contains(page.Body.String(), "respondenten</p>") {
		t.Errorf("UI with 4 respondents: %d %s", page.Code, page.Body.String())
	}
	api := h.API(token, http.MethodGet, "/api/v1/enquetes/"+id, nil)
	body := api.Body.String()
	if api.Code != http.StatusOK || !strings.Contains(body, `"zichtbaar": false`) || strings.Contains(body, "perPijler") || strings.Contains(body, "respondenten") || strings.Contains(body, "2,5") || strings.Contains(body, "2.5") {
		t.Errorf("API with 4 respondents: %d %s", api.Code, body)
	}
	for _, f := range []string{"xlsx", "pdf"} {
		exp := c.Get("/enquetes/" + id + "/export?formaat=" + f)
		if exp.Code == http.StatusOK || strings.Contains(exp.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("%s export with 4 respondents: %d", f, exp.Code)
		}
	}
	// The scan of the same group shows no survey column either.
	x, err := h.App.Scan.CreateScan(h.Ctx, h.Scope(org, coord), scan.NewScan{FrameworkKey: scan.KeyPillars, Title: "Scan met enquête"})
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Get("/scans/" + x.ID).Body.String(); strings.Contains(s, "Enquête medewerkers") || strings.Contains(s, "komen uit") {
		t.Error("the scan shows the survey of 4 respondents")
	}

	respond("4")
	page = c.Get("/enquetes/" + id)
	if !strings.Contains(page.Body.String(), "data-survey-results") || !strings.Contains(page.Body.String(), "5 respondenten") || !strings.Contains(page.Body.String(), "2,8") {
		t.Errorf("UI with 5 respondents shows no results")
	}
	api = h.API(token, http.MethodGet, "/api/v1/enquetes/"+id, nil)
	if !strings.Contains(api.Body.String(), `"zichtbaar": true`) || !strings.Contains(api.Body.String(), `"respondenten": 5`) {
		t.Errorf("API with 5 respondents: %s", api.Body.String())
	}
	if exp := c.Get("/enquetes/" + id + "/export?formaat=xlsx"); exp.Code != http.StatusOK {
		t.Errorf("export with 5 respondents: %d", exp.Code)
	}
	if s := c.Get("/scans/" + x.ID).Body.String(); !strings.Contains(s, "Enquête medewerkers") {
		t.Error("the scan does not show the survey of 5 respondents beside its answers")
	}
}

// A scan filled in through the UI: its chart and table appear, and a gap
// becomes an action on the action list.
func TestScanThroughUIGapBecomesAction(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coordinator", auth.Coordinator)
	c := h.Login(coord)
	res := c.PostForm("/scans", url.Values{"title": {"Scan 2026"}, "framework": {scan.KeyPillars}, "held_on": {"2026-03-01"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.Code, res.Body.String())
	}
	loc := strings.SplitN(res.Header().Get("Location"), "?", 2)[0]
	res = c.PostForm(loc+"/antwoorden", url.Values{"level-bew-coordinator": {"2"}, "evidence-bew-coordinator": {"Coördinator 8 uur per week"},
		"level-bew-training": {"4"}, "level-inf-meldpunt": {"9"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Kies een niveau van 1 tot en met 5") {
		t.Fatalf("bad level: %d", res.Code)
	}
	res = c.PostForm(loc+"/antwoorden", url.Values{"level-bew-coordinator": {"2"}, "evidence-bew-coordinator": {"Coördinator 8 uur per week"}, "level-bew-training": {"4"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("answers: %d %s", res.Code, res.Body.String())
	}
	page := c.Get(loc).Body.String()
	for _, want := range []string{`class="radar"`, `class="bars"`, "<title id=\"radar-", "data-maturity", "3,0", `data-gap="bew-coordinator"`} {
		if !strings.Contains(page, want) {
			t.Errorf("scan page lacks %q", want)
		}
	}
	res = c.PostForm(loc+"/acties", url.Values{"question": {"bew-coordinator"}, "title": {"Coördinator meer uren"}, "owner_id": {coord.ID}, "due_date": {"2026-06-30"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("gap action: %d %s", res.Code, res.Body.String())
	}
	if acts := c.Get("/acties").Body.String(); !strings.Contains(acts, "Coördinator meer uren") {
		t.Error("the action does not appear on the action list")
	}
	if s := c.Get(loc).Body.String(); !strings.Contains(s, "data-gap-action") {
		t.Error("the gap does not link its action")
	}
	for _, f := range []string{"xlsx", "pdf"} {
		if exp := c.Get(loc + "/export?formaat=" + f); exp.Code != http.StatusOK {
			t.Errorf("%s export: %d", f, exp.Code)
		}
	}
	if res := c.PostForm(loc+"/afronden", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("finalise: %d", res.Code)
	}
	if s := c.Get(loc).Body.String(); strings.Contains(s, "data-save-answers") || !strings.Contains(s, `data-scan-status="afgerond"`) {
		t.Error("a finalised scan still offers its answer form")
	}
}

// The scan API: start a scan, answer, read the maturity per pillar, check
// a framework without writing it.
func TestScanAPI(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coordinator", auth.Coordinator)
	tok := h.Token(org, coord, auth.ScanRead, auth.ScanEdit)
	res := h.API(tok, http.MethodPost, "/api/v1/scans", strings.NewReader(`{"kader":"vijf-pijlers","titel":"API-scan","datum":"2026-02-01"}`))
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body.String())
	}
	created := apptest.Decode[struct {
		ID string `json:"id"`
	}](t, res)
	res = h.API(tok, http.MethodPut, "/api/v1/scans/"+created.ID+"/antwoorden", strings.NewReader(`[{"vraag":"com-intern","niveau":2},{"vraag":"com-extern","niveau":5}]`))
	if res.Code != http.StatusOK {
		t.Fatalf("answers: %d %s", res.Code, res.Body.String())
	}
	got := apptest.Decode[struct {
		PerPijler []struct {
			Pijler string   `json:"pijler"`
			Waarde *float64 `json:"waarde"`
		} `json:"perPijler"`
		Tekorten []string `json:"tekorten"`
	}](t, h.API(tok, http.MethodGet, "/api/v1/scans/"+created.ID, nil))
	if p := got.PerPijler[4]; p.Pijler != "communicatie" || p.Waarde == nil || *p.Waarde != 3.5 {
		t.Errorf("communicatie: %+v", p)
	}
	if got.PerPijler[0].Waarde != nil {
		t.Error("an unanswered pillar has a value")
	}
	if len(got.Tekorten) != 1 || got.Tekorten[0] != "com-intern" {
		t.Errorf("gaps %v", got.Tekorten)
	}
	res = h.API(tok, http.MethodPut, "/api/v1/scans/"+created.ID+"/antwoorden", strings.NewReader(`[{"vraag":"com-intern","niveau":7}]`))
	apptest.WantProblem(t, "level 7", res, http.StatusUnprocessableEntity)
	// A framework checked with ?proef=true is not stored.
	fw := h.API(tok, http.MethodGet, "/api/v1/kaders/vijf-dimensies", nil).Body.String()
	fw = strings.Replace(fw, `"gewicht": 1`, `"gewicht": 4`, 1)
	if res := h.API(tok, http.MethodPut, "/api/v1/kaders/vijf-dimensies?proef=true", strings.NewReader(fw)); res.Code != http.StatusOK {
		t.Fatalf("dry run: %d %s", res.Code, res.Body.String())
	}
	if f, _ := h.App.Scan.Framework(h.Ctx, h.Scope(org, coord), scan.KeyDimensions); f.Own {
		t.Error("a dry run stored the framework")
	}
	if res := h.API(tok, http.MethodPut, "/api/v1/kaders/vijf-dimensies", strings.NewReader(fw)); res.Code != http.StatusOK {
		t.Fatalf("import: %d %s", res.Code, res.Body.String())
	}
	if f, _ := h.App.Scan.Framework(h.Ctx, h.Scope(org, coord), scan.KeyDimensions); !f.Own || f.Pillars[0].Weight != 4 {
		t.Errorf("imported framework: %+v", f.Pillars[0])
	}
}
