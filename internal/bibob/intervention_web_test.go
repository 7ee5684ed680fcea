package bibob_test

import (
	"bytes"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
)

func ivWant(t *testing.T, what string, res *httptest.ResponseRecorder, code int) string {
	t.Helper()
	if res.Code != code {
		t.Fatalf("%s: status %d, want %d: %.400s", what, res.Code, code, res.Body.String())
	}
	return html.UnescapeString(res.Body.String())
}

func ivCount(t *testing.T, h *apptest.Harness, q string, args ...any) int {
	t.Helper()
	var n int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The coordinator registers, reads and corrects an intervention in the
// browser and sees it counted in the year × type table.
func TestInterventionPagesRegisterEditAndCount(t *testing.T) {
	h := apptest.New(t)
	a := h.Org("voorbeeldstad")
	coord := h.Login(h.User(a, "coordinator", auth.Coordinator))
	auditor := h.Login(h.User(a, "rekenkamer", auth.Auditor))
	emp := h.Login(h.User(a, "medewerker", auth.Employee))

	body := ivWant(t, "empty register", coord.Get("/bibob/interventies"), http.StatusOK)
	if !strings.Contains(body, "Interventie registreren") {
		t.Error("no form on the register page")
	}
	// A bad form names the fields in Dutch and writes nothing.
	res := coord.PostForm("/bibob/interventies", url.Values{"kind": {"sluiting"}, "legal_basis": {"wet_bibob"}, "occurred_on": {"2030-01-01"}})
	body = ivWant(t, "bad form", res, http.StatusUnprocessableEntity)
	for _, msg := range []string{"Deze grondslag past niet bij deze soort interventie.", "De datum ligt in de toekomst", "Vul dit veld in."} {
		if !strings.Contains(body, msg) {
			t.Errorf("bad form does not say %q", msg)
		}
	}
	if n := ivCount(t, h, `SELECT COUNT(*) FROM interventions`); n != 0 {
		t.Fatalf("%d written by a bad form", n)
	}
	res = coord.PostForm("/bibob/interventies", url.Values{"kind": {"sluiting"}, "legal_basis": {"opiumwet_13b"}, "occurred_on": {"2026-02-14"},
		"object_address": {"Havenweg 12"}, "business_name": {"Coffeeshop De Haven"}, "outcome": {"gesloten voor 3 maanden"}, "note": {"Handelshoeveelheid in de kelder"}})
	ivWant(t, "register", res, http.StatusSeeOther)
	detail := res.Header().Get("Location")
	if !strings.HasPrefix(detail, "/bibob/interventies/") {
		t.Fatalf("register → %q", detail)
	}
	detail, _, _ = strings.Cut(detail, "?")
	body = ivWant(t, "detail", coord.Get(detail), http.StatusOK)
	if !strings.Contains(body, "Handelshoeveelheid in de kelder") || !strings.Contains(body, "Opiumwet art. 13b") {
		t.Error("detail does not show the note and the legal basis")
	}
	// A change without a reason is refused; with one it is kept.
	change := url.Values{"kind": {"sluiting"}, "legal_basis": {"opiumwet_13b"}, "occurred_on": {"2026-02-15"}, "object_address": {"Havenweg 12"},
		"business_name": {"Coffeeshop De Haven"}, "outcome": {"gesloten voor 3 maanden"}, "note": {"Handelshoeveelheid in de kelder"}}
	body = ivWant(t, "change without reason", coord.PostForm(detail, change), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Vul de reden van de wijziging in.") {
		t.Error("no message about the missing reason")
	}
	change.Set("reason", "Datum van het besluit, niet van de controle")
	ivWant(t, "change", coord.PostForm(detail, change), http.StatusSeeOther)
	body = ivWant(t, "detail after change", coord.Get(detail), http.StatusOK)
	if !strings.Contains(body, "Datum van het besluit, niet van de controle") || !strings.Contains(body, "15-02-2026") {
		t.Error("the change and its reason are not shown")
	}

	// The auditor sees the table, not the register; an employee neither.
	ivWant(t, "auditor register", auditor.Get("/bibob/interventies"), http.StatusForbidden)
	ivWant(t, "employee table", emp.Get("/bibob/interventies/overzicht"), http.StatusForbidden)
	body = ivWant(t, "auditor table", auditor.Get("/bibob/interventies/overzicht?van=2024&tot=2026"), http.StatusOK)
	if !strings.Contains(body, "<td data-total>1</td>") || strings.Contains(body, "Havenweg") {
		t.Error("table: total 1 expected and no address")
	}
	body = ivWant(t, "bad range", auditor.Get("/bibob/interventies/overzicht?van=2026&tot=2020"), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Het beginjaar ligt na het eindjaar.") {
		t.Error("no message for a reversed range")
	}
	res = auditor.Get("/bibob/interventies/overzicht/export?van=2025&tot=2026&formaat=csv")
	csv := ivWant(t, "csv", res, http.StatusOK)
	if !strings.Contains(csv, "Sluiting") || !strings.Contains(csv, "2025") || !strings.Contains(csv, "Totaal") {
		t.Errorf("csv export:\n%s", csv)
	}
	for _, f := range []string{"xlsx", "pdf"} {
		res := auditor.Get("/bibob/interventies/overzicht/export?formaat=" + f)
		ivWant(t, f, res, http.StatusOK)
		if res.Body.Len() < 200 {
			t.Errorf("%s export is %d bytes", f, res.Body.Len())
		}
	}
	if n := ivCount(t, h, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'bibob.intervention.figures_export'`, a.ID); n != 3 {
		t.Errorf("%d exports audited, want 3", n)
	}
}

func multipartFile(t *testing.T, name, content, mode string) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	w.WriteField("mode", mode)
	w.Close()
	return &buf, w.FormDataContentType()
}

func TestInterventionImportPageAndAPI(t *testing.T) {
	h := apptest.New(t)
	a := h.Org("voorbeeldstad")
	u := h.User(a, "bibob", auth.Bibob)
	c := h.Login(u)
	file := "soort,datum,grondslag,adres,uitkomst\nIntegrale controle,2018-05-01,APV,Stationsstraat 4,drie overtredingen\nWaarschuwing,2018-06-01,APV,Stationsstraat 4,schriftelijk\n"
	for _, mode := range []string{"check", "import"} {
		body, ct := multipartFile(t, "historie.csv", file, mode)
		req := httptest.NewRequest(http.MethodPost, "/bibob/interventies/import", body)
		req.Header.Set("Content-Type", ct)
		page := ivWant(t, mode, c.Do(req), http.StatusOK)
		if mode == "check" && (!strings.Contains(page, "data-import-checked") || ivCount(t, h, `SELECT COUNT(*) FROM interventions`) != 0) {
			t.Error("the check wrote or did not report")
		}
	}
	if n := ivCount(t, h, `SELECT COUNT(*) FROM interventions WHERE source = 'import'`); n != 2 {
		t.Errorf("%d imported, want 2", n)
	}
	// The API: a bad file answers per row and column and writes nothing.
	tok := h.Token(a, u)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/interventies/import?proef=false", strings.NewReader("soort,datum,grondslag,adres,uitkomst\nSluiting,2019-01-01,Wet Bibob,Dorpsstraat 1,gesloten\n"))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "text/csv")
	rec := httptest.NewRecorder()
	h.App.Web.ServeHTTP(rec, req)
	var out struct {
		Fouten []struct {
			Rij     int    `json:"rij"`
			Kolom   string `json:"kolom"`
			Melding string `json:"melding"`
		} `json:"fouten"`
	}
	if rec.Code != http.StatusUnprocessableEntity || json.Unmarshal(rec.Body.Bytes(), &out) != nil || len(out.Fouten) != 1 ||
		out.Fouten[0].Rij != 2 || out.Fouten[0].Kolom != "grondslag" {
		t.Errorf("API import of a bad file: %d %s", rec.Code, rec.Body.String())
	}
	if n := ivCount(t, h, `SELECT COUNT(*) FROM interventions`); n != 2 {
		t.Errorf("%d interventions after a refused import", n)
	}
}

func TestInterventionAPI(t *testing.T) {
	h := apptest.New(t)
	a, b := h.Org("voorbeeldstad"), h.Org("buurdorp")
	tok := h.Token(a, h.User(a, "bibob", auth.Bibob))
	tokB := h.Token(b, h.User(b, "bibob", auth.Bibob))
	res := h.API(tok, http.MethodPost, "/api/v1/interventies", strings.NewReader(`{"soort":"sluiting","datum":"2026-02-01","grondslag":"woningwet"}`))
	p := apptest.WantProblem(t, "bad body", res, http.StatusUnprocessableEntity)
	if names := strings.Join(p.Names(), ","); !strings.Contains(names, "adres") || !strings.Contains(names, "uitkomst") {
		t.Errorf("problem names %s", names)
	}
	res = h.API(tok, http.MethodPost, "/api/v1/interventies", strings.NewReader(`{"soort":"sluiting","datum":"2026-02-01","grondslag":"woningwet",
		"adres":"Dijkstraat 8","uitkomst":"gesloten","toelichting":"drugslab op zolder"}`))
	if res.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", res.Code, res.Body.String())
	}
	var x struct {
		ID          string `json:"id"`
		Toelichting string `json:"toelichting"`
		Wijzigingen []struct {
			Velden []string `json:"velden"`
		} `json:"wijzigingen"`
	}
	json.Unmarshal(res.Body.Bytes(), &x)
	if x.Toelichting != "drugslab op zolder" {
		t.Errorf("created %s", res.Body.String())
	}
	list := h.API(tok, http.MethodGet, "/api/v1/interventies?soort=sluiting", nil)
	if list.Code != http.StatusOK || !strings.Contains(list.Body.String(), x.ID) || strings.Contains(list.Body.String(), "drugslab") {
		t.Errorf("list %d %s", list.Code, list.Body.String())
	}
	if res := h.API(tokB, http.MethodGet, "/api/v1/interventies/"+x.ID, nil); res.Code != http.StatusNotFound {
		t.Errorf("B reads A's intervention: %d", res.Code)
	}
	res = h.API(tok, http.MethodPut, "/api/v1/interventies/"+x.ID, strings.NewReader(`{"soort":"sluiting","datum":"2026-02-02","grondslag":"woningwet",
		"adres":"Dijkstraat 8","uitkomst":"gesloten","toelichting":"drugslab op zolder","reden":"datum gecorrigeerd"}`))
	if res.Code != http.StatusOK || json.Unmarshal(res.Body.Bytes(), &x) != nil || len(x.Wijzigingen) != 1 || x.Wijzigingen[0].Velden[0] != "occurred_on" {
		t.Errorf("update %d %s", res.Code, res.Body.String())
	}
	fig := h.API(tok, http.MethodGet, "/api/v1/interventies/overzicht?van=2025&tot=2026", nil)
	var f struct {
		Jaren  []int `json:"jaren"`
		Totaal int   `json:"totaal"`
	}
	if fig.Code != http.StatusOK || json.Unmarshal(fig.Body.Bytes(), &f) != nil || f.Totaal != 1 || len(f.Jaren) != 2 {
		t.Errorf("figures %d %s", fig.Code, fig.Body.String())
	}
	if res := h.API(tok, http.MethodPost, "/api/v1/interventies/"+x.ID+"/zaak", nil); res.Code != http.StatusConflict {
		t.Errorf("zaak while the link is off: %d", res.Code)
	}
}

func TestOpenZaakSettingsPage(t *testing.T) {
	h := apptest.New(t)
	a := h.Org("voorbeeldstad")
	c := h.Login(h.User(a, "bibob", auth.Bibob))
	body := ivWant(t, "settings", c.Get("/instellingen/bibob/open-zaak"), http.StatusOK)
	if !strings.Contains(body, "De koppeling staat uit.") {
		t.Error("the link is not shown as off")
	}
	body = ivWant(t, "enable without fields", c.PostForm("/instellingen/bibob/open-zaak", url.Values{"enabled": {"1"}, "rsin": {"12345"}}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Een RSIN bestaat uit 9 cijfers") {
		t.Error("no RSIN message")
	}
	ivWant(t, "enable", c.PostForm("/instellingen/bibob/open-zaak", url.Values{"enabled": {"1"}, "base_url": {"https://open-zaak.voorbeeldstad.nl/zaken/api/v1"},
		"zaaktype_url": {"https://open-zaak.voorbeeldstad.nl/catalogi/api/v1/zaaktypen/1"}, "rsin": {"123456782"}, "client_id": {"weerbaar"}, "secret": {"s3cr3t-waarde"}}), http.StatusSeeOther)
	body = ivWant(t, "settings after", c.Get("/instellingen/bibob/open-zaak"), http.StatusOK)
	if !strings.Contains(body, "De koppeling staat aan.") || strings.Contains(body, "s3cr3t-waarde") {
		t.Error("the link is not on, or the secret is shown")
	}
	ivWant(t, "regional user", h.Login(h.User(a, "regio", auth.Regional)).Get("/instellingen/bibob/open-zaak"), http.StatusForbidden)
}
