// Package apptest builds the whole application for tests: a fresh database
// of either kind (see storetest), a fake clock, and helpers to create
// organisations and users and to sign them in — with the second factor —
// exactly as a browser would.
package apptest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/auth/password"
	"github.com/weerbaar/weerbaar/internal/auth/totp"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
	"github.com/weerbaar/weerbaar/internal/vault"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Password is the password of every test user.
const Password = "lange-zin-voor-iedereen-42"

// Start is where the fake clock starts: a Monday morning in Amsterdam.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, clock.Amsterdam)

// Harness is a running test application.
type Harness struct {
	T     testing.TB
	App   *app.App
	Clock *clock.Fake
	Ctx   context.Context
}

func init() {
	// Full-strength argon2id makes every test login cost 64 MiB and tens of
	// milliseconds; tests use cheap parameters, production never does.
	password.Default = password.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// New builds the application on a fresh database.
func New(t testing.TB, cfg ...app.Config) *Harness {
	t.Helper()
	db := storetest.Open(t)
	mk, err := vault.NewMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	c := app.Config{BaseURL: "https://weerbaar.test"}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	clk := clock.NewFake(Start)
	a, err := app.OpenWith(context.Background(), c, clk, nil, db, mk)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	return &Harness{T: t, App: a, Clock: clk, Ctx: context.Background()}
}

// Org creates an organisation.
func (h *Harness) Org(slug string) *auth.Organisation {
	h.T.Helper()
	o, err := h.App.Auth.CreateOrganisation(h.Ctx, slug, "Gemeente "+slug, "gemeente")
	if err != nil {
		h.T.Fatalf("org %s: %v", slug, err)
	}
	return o
}

// User creates a user with roles in an organisation; the e-mail address is
// local@slug.test.
func (h *Harness) User(org *auth.Organisation, local string, roles ...auth.Role) *auth.User {
	h.T.Helper()
	u, err := h.App.Auth.CreateUser(h.Ctx, auth.System(org.ID), auth.NewUser{
		Email: local + "@" + org.Slug + ".test", Name: "Test " + local, Password: Password, Roles: roles})
	if err != nil {
		h.T.Fatalf("user %s: %v", local, err)
	}
	return u
}

// Scope returns the full scope of a user in an organisation, second factor
// included.
func (h *Harness) Scope(org *auth.Organisation, u *auth.User) *auth.Scope {
	h.T.Helper()
	sc, err := h.App.Auth.ScopeFor(h.Ctx, u.ID, org.ID, true)
	if err != nil {
		h.T.Fatalf("scope: %v", err)
	}
	return sc
}

// Client is a browser: it keeps the session cookie and sends requests
// through the full middleware stack as same-origin requests.
type Client struct {
	h      *Harness
	Cookie string
	Lang   string
}

// Anonymous returns a client without session.
func (h *Harness) Anonymous() *Client { return &Client{h: h} }

// Login signs a user in through the login form and, when a role needs it,
// enrols or verifies the second factor — as a person would.
func (h *Harness) Login(u *auth.User) *Client {
	h.T.Helper()
	c := &Client{h: h}
	res := c.PostForm("/inloggen", url.Values{"email": {u.Email}, "password": {Password}})
	if res.Code != http.StatusSeeOther {
		h.T.Fatalf("login %s: status %d: %s", u.Email, res.Code, res.Body.String())
	}
	next := res.Header().Get("Location")
	switch {
	case strings.HasPrefix(next, "/tweede-factor/instellen"):
		page := c.Get("/tweede-factor/instellen")
		secret := SecretFrom(h.T, page.Body.String())
		h.Clock.Advance(31 * time.Second)
		res = c.PostForm("/tweede-factor/instellen", url.Values{"code": {totp.Code(secret, h.Clock.Now())}})
	case strings.HasPrefix(next, "/inloggen/tweede-factor"):
		h.Clock.Advance(31 * time.Second)
		code, err := h.App.Auth.CurrentTOTPCode(h.Ctx, u.ID)
		if err != nil {
			h.T.Fatal(err)
		}
		res = c.PostForm("/inloggen/tweede-factor", url.Values{"code": {code}})
	default:
		return c
	}
	if res.Code != http.StatusSeeOther {
		h.T.Fatalf("second factor %s: status %d: %s", u.Email, res.Code, res.Body.String())
	}
	return c
}

var secretPattern = regexp.MustCompile(`data-totp-secret>([A-Z2-7 ]+)<`)

// SecretFrom reads the TOTP secret from the enrolment page.
func SecretFrom(t testing.TB, page string) []byte {
	t.Helper()
	m := secretPattern.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no TOTP secret on page: %s", page)
	}
	secret, err := totp.Decode(strings.ReplaceAll(m[1], " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// Do sends a request through the whole application.
func (c *Client) Do(req *http.Request) *httptest.ResponseRecorder {
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if c.Cookie != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: c.Cookie})
	}
	if c.Lang != "" {
		req.AddCookie(&http.Cookie{Name: "lang", Value: c.Lang})
	}
	if req.RemoteAddr == "" || req.RemoteAddr == "192.0.2.1:1234" {
		req.RemoteAddr = "127.0.0.1:4000"
	}
	rec := httptest.NewRecorder()
	c.h.App.Web.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == web.SessionCookie {
			c.Cookie = ck.Value
			if ck.MaxAge < 0 {
				c.Cookie = ""
			}
		}
	}
	return rec
}

// Get fetches a path.
func (c *Client) Get(path string) *httptest.ResponseRecorder {
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// PostForm posts a form.
func (c *Client) PostForm(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// API sends an API request with a bearer token.
func (h *Harness) API(token, method, path string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.App.Web.ServeHTTP(rec, req)
	return rec
}

// Token makes an API token for a user with the given scopes (all the
// user's permissions when none are given).
func (h *Harness) Token(org *auth.Organisation, u *auth.User, scopes ...auth.Permission) string {
	h.T.Helper()
	sc := h.Scope(org, u)
	if len(scopes) == 0 {
		scopes = auth.ScopesOf(sc)
	}
	secret, _, err := h.App.Auth.CreateToken(h.Ctx, sc, "test", scopes, 30*24*time.Hour)
	if err != nil {
		h.T.Fatalf("token: %v", err)
	}
	return secret
}

// Problem is the part of an API error (application/problem+json) that
// tests look at.
type Problem struct {
	Status        int    `json:"status"`
	Code          string `json:"code"`
	Detail        string `json:"detail"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalidParams"`
}

// WantProblem fails the test unless res is a problem+json answer with the
// given status and a detail, and returns the problem.
func WantProblem(t testing.TB, what string, res *httptest.ResponseRecorder, status int) Problem {
	t.Helper()
	if res.Code != status || res.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("%s: want %d problem+json, got %d %s: %s", what, status, res.Code, res.Header().Get("Content-Type"), res.Body.String())
	}
	p := Decode[Problem](t, res)
	if p.Status != status || p.Detail == "" {
		t.Fatalf("%s: problem %+v", what, p)
	}
	return p
}

// Decode reads a JSON response body into a T, failing the test otherwise.
func Decode[T any](t testing.TB, res *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(res.Body.Bytes(), &v); err != nil {
		t.Fatalf("%v: %s", err, res.Body.String())
	}
	return v
}

// Names lists the fields a problem names, in order.
func (p Problem) Names() []string {
	var out []string
	for _, ip := range p.InvalidParams {
		out = append(out, ip.Name)
	}
	return out
}
