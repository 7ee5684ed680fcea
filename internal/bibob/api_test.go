package bibob_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
)

func TestAPIApplicationsAndScreeningSteps(t *testing.T) {
	e := newEnv(t)
	h := e.h
	tok := h.Token(e.a, e.bibobU)
	api := func(method, path, body string) *http.Response {
		var r *strings.Reader
		if body != "" {
			r = strings.NewReader(body)
			return h.API(tok, method, path, r).Result()
		}
		return h.API(tok, method, path, nil).Result()
	}

	// A bad application names the fields; nothing is written.
	res := h.API(tok, "POST", "/api/v1/bibob-aanvragen", strings.NewReader(`{"zaaknummer":"A-1","type":"kermis","aanvrager":"","datum_ontvangst":"gisteren"}`))
	p := apptest.WantProblem(t, "bad application", res, http.StatusUnprocessableEntity)
	for _, want := range []string{"app_type", "applicant", "address", "received_on"} {
		if !strings.Contains(strings.Join(p.Names(), ","), want) {
			t.Errorf("problem does not name %s: %v", want, p.Names())
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_applications`); n != 0 {
		t.Fatal("a refused application was written")
	}
	res = h.API(tok, "POST", "/api/v1/bibob-aanvragen", strings.NewReader(`{"zaaknummer":"A-1","type":"omgevingsvergunning","aanvrager":"Bouw BV",
		"betrokken_partijen":[{"naam":"Holding BV","kvk":"12345678"}],"adres":"Dorpsstraat 1","bedrag":"600.000","datum_ontvangst":"2026-02-02"}`))
	if res.Code != http.StatusCreated {
		t.Fatalf("add application: %d %s", res.Code, res.Body.String())
	}
	app := apptest.Decode[struct {
		ID          string `json:"id"`
		OnderBeleid bool   `json:"onder_beleid"`
	}](t, res)
	if !app.OnderBeleid {
		t.Error("a building application of €600,000 is not under the default policy")
	}
	list := apptest.Decode[struct {
		Items []struct {
			Zaaknummer string `json:"zaaknummer"`
		} `json:"resultaten"`
	}](t, h.API(tok, "GET", "/api/v1/bibob-aanvragen?onder_beleid=true", nil))
	if len(list.Items) != 1 || list.Items[0].Zaaknummer != "A-1" {
		t.Errorf("list %+v", list)
	}

	// The steps through the API.
	res = h.API(tok, "POST", "/api/v1/bibob-aanvragen/"+app.ID+"/screening", strings.NewReader(`{"vragenformulier_ontvangen":"2026-02-03"}`))
	if res.Code != http.StatusCreated {
		t.Fatalf("start: %d %s", res.Code, res.Body.String())
	}
	x := apptest.Decode[struct {
		ID string `json:"id"`
	}](t, res)
	base := "/api/v1/bibob-screenings/" + x.ID
	if r := api("POST", base+"/onderzoek", `{"bronnen":["kvk","riec"],"bevindingen":"Niets bijzonders"}`); r.StatusCode != http.StatusOK {
		t.Fatalf("research: %d", r.StatusCode)
	}
	if r := api("POST", base+"/lbb", `{"stap":"verlengen","weken":2}`); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("extension before a request: %d, want 422", r.StatusCode)
	}
	if r := api("POST", base+"/lbb", `{"stap":"aanvragen","datum":"2026-02-10"}`); r.StatusCode != http.StatusOK {
		t.Fatalf("lbb request: %d", r.StatusCode)
	}
	got := apptest.Decode[struct {
		LBBUiterlijk  string `json:"lbb_advies_uiterlijk"`
		Beslistermijn string `json:"beslissen_uiterlijk"`
		Bevindingen   string `json:"bevindingen"`
	}](t, h.API(tok, "GET", base, nil))
	// Requested 10 Feb: due 7 April. Received 2 Feb + 8 weeks = 30 March,
	// plus 20 days pending on 2 March = 19 April.
	if got.LBBUiterlijk != "2026-04-07" || got.Beslistermijn != "2026-04-19" || got.Bevindingen != "Niets bijzonders" {
		t.Errorf("screening through the API: %+v", got)
	}
	res = h.API(tok, "POST", base+"/besluit", strings.NewReader(`{"gevaar":"geen_gevaar","maatregel":"geen","motivering":"m","datum":"2026-03-02"}`))
	p = apptest.WantProblem(t, "screener decides", res, http.StatusUnprocessableEntity)
	if !strings.Contains(strings.Join(p.Names(), ","), "danger") {
		t.Errorf("refusal names %v", p.Names())
	}
	// Another Bibob coordinator is not on the list: 404 on every step.
	tok2 := h.Token(e.a, e.bibob2U)
	if r := h.API(tok2, "POST", base+"/besluit", strings.NewReader(`{"gevaar":"geen_gevaar","maatregel":"geen","motivering":"m","datum":"2026-03-02"}`)); r.Code != http.StatusNotFound {
		t.Errorf("decision by someone not on the list: %d, want 404", r.Code)
	}
	if r := h.API(tok2, "GET", "/api/v1/bibob-screenings", nil); strings.Contains(r.Body.String(), x.ID) {
		t.Error("the list shows a screening to someone not on its list")
	}
}

func TestExportsAndAPIImport(t *testing.T) {
	e := newEnv(t)
	h := e.h
	tok := h.Token(e.a, e.bibobU)
	// A refused file: problem+json with every bad row in "fouten"; nothing written.
	req := strings.NewReader(goodCSV + "Z-9,kermis,X,,,Markt 1,,1,2026-01-01\n")
	call := func(body, query string) *http.Response {
		rq := httptestRequest("POST", "/api/v1/bibob-aanvragen/import"+query, body, "text/csv", tok)
		return serve(h, rq)
	}
	out := call(readAll(req), "?proef=false")
	if out.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", out.StatusCode)
	}
	p := decodeBody[struct {
		Fouten []struct {
			Rij   int    `json:"rij"`
			Kolom string `json:"kolom"`
		} `json:"fouten"`
	}](t, out)
	if len(p.Fouten) != 1 || p.Fouten[0].Rij != 6 || p.Fouten[0].Kolom != "type" {
		t.Errorf("fouten %+v, want row 6 column type", p.Fouten)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_applications`); n != 0 {
		t.Fatal("a refused API import wrote")
	}
	if out := call(goodCSV, "?proef=false"); out.StatusCode != http.StatusOK {
		t.Fatalf("good file: %d", out.StatusCode)
	}
	// The exports carry the applications and the split group, and are audited.
	c := h.Login(e.coordU)
	csv := body(c.Get("/bibob/aanvragen/export?formaat=csv"))
	if !strings.Contains(csv, "Z-4") || !strings.Contains(csv, "Zaaknummer") {
		t.Errorf("applications CSV:\n%s", csv)
	}
	csv = body(c.Get("/bibob/splitsing/export?formaat=csv"))
	if strings.Count(csv, "\n") != 4 || strings.Contains(csv, "Z-4") {
		t.Errorf("split CSV should hold the header and the three building applications:\n%s", csv)
	}
	if res := c.Get("/bibob/aanvragen/export?formaat=xlsx"); res.Code != http.StatusOK {
		t.Errorf("XLSX export: %d", res.Code)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action IN ('bibob.application.export', 'bibob.split.export')`); n != 3 {
		t.Errorf("%d exports audited, want 3", n)
	}
}
