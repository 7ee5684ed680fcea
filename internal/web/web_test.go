package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
)

func TestPagesCarrySecurityHeaders(t *testing.T) {
	h := apptest.New(t)
	res := h.Anonymous().Get("/inloggen")
	hd := res.Header()
	csp := hd.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows inline or eval: %q", csp)
	}
	checks := map[string]string{
		"X-Content-Type-Options":    "nosniff",
		"X-Frame-Options":           "DENY",
		"Cache-Control":             "no-store",
		"Strict-Transport-Security": "max-age=63072000; includeSubDomains",
		"Referrer-Policy":           "same-origin",
	}
	for k, v := range checks {
		if got := hd.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if hd.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
	if strings.Contains(res.Body.String(), "<script>") || strings.Contains(res.Body.String(), " onclick=") {
		t.Error("page contains inline script")
	}
}

func TestNoHSTSOnPlainHTTPDemo(t *testing.T) {
	h := apptest.New(t, app.Config{BaseURL: "http://localhost:8080"})
	if got := h.Anonymous().Get("/inloggen").Header().Get("Strict-Transport-Security"); got != "" {
		t.Errorf("HSTS on plain http: %q", got)
	}
}

func TestCrossOriginPostIsRefusedAndChangesNothing(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	emp := h.User(org, "emp", auth.Employee)
	c := h.Login(emp)
	req := httptest.NewRequest(http.MethodPost, "/acties", strings.NewReader(url.Values{"title": {"Van buiten"}, "due_date": {"2026-05-01"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://kwaadwillend.example")
	req.AddCookie(&http.Cookie{Name: "__Host-weerbaar", Value: c.Cookie})
	rec := httptest.NewRecorder()
	h.App.Web.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-origin post: %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "niet van deze website") {
		t.Errorf("no Dutch explanation: %s", rec.Body.String())
	}
	var n int
	h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM actions`).Scan(&n)
	if n != 0 {
		t.Fatalf("cross-origin post created %d actions", n)
	}
}

func TestOversizedRequestIsRefused(t *testing.T) {
	h := apptest.New(t)
	big := strings.Repeat("a", 2<<20)
	res := h.Anonymous().PostForm("/inloggen", url.Values{"email": {big}, "password": {"x"}})
	if res.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB form: %d", res.Code)
	}
	if !strings.Contains(res.Body.String(), "te groot") {
		t.Errorf("no Dutch message: %s", res.Body.String())
	}
	org := h.Org("voorbeeldstad")
	emp := h.User(org, "emp", auth.Employee)
	tok := h.Token(org, emp)
	res = h.API(tok, http.MethodPost, "/api/v1/acties", strings.NewReader(`{"titel": "`+big+`", "deadline": "2026-05-01"}`))
	if res.Code != http.StatusRequestEntityTooLarge || res.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("oversized API body: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
}

func TestAPIErrorsAreProblemJSON(t *testing.T) {
	h := apptest.New(t)
	res := h.API("", http.MethodGet, "/api/v1/acties", nil)
	if res.Code != http.StatusUnauthorized {
		t.Fatalf("no token: %d", res.Code)
	}
	if ct := res.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q", ct)
	}
	if res.Header().Get("API-Version") == "" {
		t.Error("no API-Version header")
	}
	var p struct {
		Status   int    `json:"status"`
		Title    string `json:"title"`
		Detail   string `json:"detail"`
		Instance string `json:"instance"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != 401 || p.Title == "" || p.Detail == "" || !strings.HasPrefix(p.Instance, "urn:weerbaar:request:") {
		t.Errorf("problem: %+v", p)
	}

	org := h.Org("voorbeeldstad")
	emp := h.User(org, "emp", auth.Employee)
	tok := h.Token(org, emp)
	res = h.API(tok, http.MethodPost, "/api/v1/acties", strings.NewReader(`{"titel": "", "deadline": "morgen"}`))
	var bad struct {
		InvalidParams []struct{ Name, Reason string } `json:"invalidParams"`
	}
	json.Unmarshal(res.Body.Bytes(), &bad)
	if res.Code != http.StatusUnprocessableEntity || len(bad.InvalidParams) != 2 {
		t.Fatalf("invalid action: %d %s", res.Code, res.Body.String())
	}
	names := bad.InvalidParams[0].Name + "," + bad.InvalidParams[1].Name
	if names != "title,due_date" {
		t.Errorf("invalid params name %s", names)
	}
	if res := h.API(tok, http.MethodGet, "/api/v1/acties?limit=0", nil); res.Code != http.StatusUnprocessableEntity {
		t.Errorf("limit=0: %d", res.Code)
	}
}

func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	h := apptest.New(t)
	res := h.Anonymous().Get("/api/v1/openapi.json")
	if res.Code != http.StatusOK {
		t.Fatalf("openapi: %d", res.Code)
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rt := range h.App.Web.Routes() {
		if !rt.IsAPI() || rt.Perm == auth.Public {
			continue
		}
		n++
		p := strings.TrimPrefix(rt.Path(), "/api/v1")
		op, ok := doc.Paths[p][strings.ToLower(rt.Method())]
		if !ok {
			t.Errorf("openapi.json lacks %s", rt.Pattern)
			continue
		}
		if op["summary"] == "" || op["x-permission"] != string(rt.Perm) {
			t.Errorf("%s: summary %v, permission %v", rt.Pattern, op["summary"], op["x-permission"])
		}
	}
	if n < 5 {
		t.Fatalf("only %d API routes", n)
	}
}

func TestEnglishCatalogue(t *testing.T) {
	h := apptest.New(t)
	c := h.Anonymous()
	res := c.Get("/taal/en?terug=/inloggen")
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/inloggen" {
		t.Fatalf("language switch: %d %s", res.Code, res.Header().Get("Location"))
	}
	c.Lang = "en"
	body := c.Get("/inloggen").Body.String()
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Log in") {
		t.Errorf("English login page: %s", body)
	}
	// The return address may not lead off the site.
	if loc := c.Get("/taal/nl?terug=//kwaad.example").Header().Get("Location"); loc != "/" {
		t.Errorf("open redirect: %q", loc)
	}
}

func TestLoginFormKeepsEmailButNeverPassword(t *testing.T) {
	h := apptest.New(t)
	res := h.Anonymous().PostForm("/inloggen", url.Values{"email": {"iemand@voorbeeldstad.test"}, "password": {"geheim-wachtwoord-123"}})
	body := res.Body.String()
	if res.Code != http.StatusUnauthorized || !strings.Contains(body, "Het e-mailadres of wachtwoord is onjuist.") {
		t.Fatalf("wrong login: %d", res.Code)
	}
	if !strings.Contains(body, `value="iemand@voorbeeldstad.test"`) || strings.Contains(body, "geheim-wachtwoord-123") {
		t.Error("form must keep the e-mail address and drop the password")
	}
}

func TestSecurityTxtIsConfigurable(t *testing.T) {
	h := apptest.New(t)
	if res := h.Anonymous().Get("/.well-known/security.txt"); res.Code != http.StatusNotFound {
		t.Errorf("unconfigured security.txt: %d", res.Code)
	}
	h = apptest.New(t, app.Config{BaseURL: "https://weerbaar.test", SecurityContact: "security@gemeente.example"})
	body := h.Anonymous().Get("/.well-known/security.txt").Body.String()
	if !strings.Contains(body, "Contact: mailto:security@gemeente.example") || !strings.Contains(body, "Expires: ") {
		t.Errorf("security.txt: %s", body)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	h := apptest.New(t)
	if res := h.Anonymous().Get("/healthz"); res.Code != http.StatusOK {
		t.Errorf("healthz: %d", res.Code)
	}
	if res := h.Anonymous().Get("/readyz"); res.Code != http.StatusOK {
		t.Errorf("readyz: %d", res.Code)
	}
	h.App.DB.Close()
	if res := h.Anonymous().Get("/readyz"); res.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz without database: %d", res.Code)
	}
}
