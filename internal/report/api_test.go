package report_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/web"
)

type apiItem struct {
	ID      string `json:"id"`
	Kenmerk string `json:"kenmerk"`
	Status  string `json:"status"`
}

func TestAPI(t *testing.T) {
	e := newEnv(t)
	h := e.h
	empTok := h.Token(e.a, e.emp)

	// A bad report: problem+json naming the API's fields, nothing written.
	p := apptest.WantProblem(t, "bad create", h.API(empTok, http.MethodPost, "/api/v1/meldingen", strings.NewReader(`{"categorie":"undermining","titel":"","omschrijving":"x"}`)),
		http.StatusUnprocessableEntity)
	if len(p.InvalidParams) == 0 || p.InvalidParams[0].Name != "titel" {
		t.Errorf("bad create: %+v", p)
	}
	if e.count(t, `SELECT COUNT(*) FROM reports`) != 0 {
		t.Fatal("refused API report was written")
	}
	var ids []string
	for _, title := range []string{"Eerste", "Tweede", "Derde"} {
		res := h.API(empTok, http.MethodPost, "/api/v1/meldingen", strings.NewReader(`{"categorie":"undermining","titel":"`+title+`","omschrijving":"Tekst `+title+`","antwoorden":{"location":"Markt 1"}}`))
		if res.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", res.Code, res.Body.String())
		}
		got := apptest.Decode[map[string]string](t, res)
		ids = append(ids, got["id"])
		h.Clock.Advance(60_000_000_000)
	}
	// The employee cannot list (no report.handle).
	apptest.WantProblem(t, "employee list", h.API(empTok, http.MethodGet, "/api/v1/meldingen", nil), http.StatusForbidden)

	// The coordinator pages through the list, newest first.
	tok := h.Token(e.a, e.coord)
	res := h.API(tok, http.MethodGet, "/api/v1/meldingen?limit=2", nil)
	page := apptest.Decode[web.List[apiItem]](t, res)
	if len(page.Items) != 2 || page.Items[0].ID != ids[2] || page.Next == "" {
		t.Fatalf("first page: %+v", page)
	}
	page = apptest.Decode[web.List[apiItem]](t, h.API(tok, http.MethodGet, "/api/v1/meldingen?limit=2&cursor="+page.Next, nil))
	if len(page.Items) != 1 || page.Items[0].ID != ids[0] || page.Next != "" {
		t.Fatalf("second page: %+v", page)
	}
	apptest.WantProblem(t, "bad filter", h.API(tok, http.MethodGet, "/api/v1/meldingen?status=onzin", nil), http.StatusUnprocessableEntity)

	id := ids[0]
	got := apptest.Decode[map[string]any](t, h.API(tok, http.MethodGet, "/api/v1/meldingen/"+id, nil))
	if got["omschrijving"] != "Tekst Eerste" || got["identiteit"] != "afgeschermd" {
		t.Errorf("read: %v", got)
	}
	if res := h.API(tok, http.MethodPost, "/api/v1/meldingen/"+id+"/status", strings.NewReader(`{"status":"acknowledged"}`)); res.Code != http.StatusNoContent {
		t.Fatalf("status: %d %s", res.Code, res.Body.String())
	}
	if res := h.API(tok, http.MethodPost, "/api/v1/meldingen/"+id+"/berichten", strings.NewReader(`{"tekst":"Intern-API","intern":true}`)); res.Code != http.StatusNoContent {
		t.Fatalf("message: %d %s", res.Code, res.Body.String())
	}
	p = apptest.WantProblem(t, "empty message", h.API(tok, http.MethodPost, "/api/v1/meldingen/"+id+"/berichten", strings.NewReader(`{"tekst":""}`)), http.StatusUnprocessableEntity)
	if p.InvalidParams[0].Name != "tekst" {
		t.Errorf("empty message: %+v", p)
	}
	msgs := apptest.Decode[web.List[map[string]any]](t, h.API(tok, http.MethodGet, "/api/v1/meldingen/"+id+"/berichten", nil))
	if len(msgs.Items) != 1 || msgs.Items[0]["intern"] != true {
		t.Errorf("messages: %+v", msgs)
	}

	// Need-to-know through the API.
	hrTok := h.Token(e.a, e.hr)
	apptest.WantProblem(t, "hr before grant", h.API(hrTok, http.MethodGet, "/api/v1/meldingen/"+id, nil), http.StatusNotFound)
	apptest.WantProblem(t, "hr grants", h.API(hrTok, http.MethodPost, "/api/v1/meldingen/"+id+"/toegang", strings.NewReader(`{"gebruiker":"`+e.hr.ID+`","reden":"x"}`)), http.StatusNotFound)
	if res := h.API(tok, http.MethodPost, "/api/v1/meldingen/"+id+"/toegang", strings.NewReader(`{"gebruiker":"`+e.hr.ID+`","reden":"tweede lezer"}`)); res.Code != http.StatusNoContent {
		t.Fatalf("grant: %d %s", res.Code, res.Body.String())
	}
	grants := apptest.Decode[web.List[map[string]any]](t, h.API(tok, http.MethodGet, "/api/v1/meldingen/"+id+"/toegang", nil))
	if len(grants.Items) != 2 {
		t.Errorf("access list: %+v", grants)
	}
	if res := h.API(hrTok, http.MethodGet, "/api/v1/meldingen/"+id, nil); res.Code != http.StatusOK {
		t.Errorf("hr after grant: %d", res.Code)
	}
	if res := h.API(tok, http.MethodDelete, "/api/v1/meldingen/"+id+"/toegang/"+e.hr.ID, nil); res.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", res.Code, res.Body.String())
	}
	apptest.WantProblem(t, "hr after revoke", h.API(hrTok, http.MethodGet, "/api/v1/meldingen/"+id, nil), http.StatusNotFound)
}
