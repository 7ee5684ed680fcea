package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/auth/oidc/oidctest"
)

// oidcApp builds the application with the fake identity provider as the
// municipality's, mapping the group weerbaar-coord to the coordinator role.
func oidcApp(t *testing.T) (*apptest.Harness, *oidctest.Server, *auth.Organisation) {
	t.Helper()
	idp := oidctest.New(t)
	h := apptest.New(t, app.Config{BaseURL: "https://weerbaar.test", OIDCIssuer: idp.URL,
		OIDCClientID: idp.ClientID, OIDCClientSecret: idp.ClientSecret,
		OIDCRoleMap: "weerbaar-coord=voorbeeldstad:coordinator"})
	return h, idp, h.Org("voorbeeldstad")
}

// oidcStart follows "Inloggen met het account van uw organisatie" up to the
// provider: it returns the provider URL and the cookie that holds the
// login's state.
func oidcStart(t *testing.T, c *apptest.Client) (authURL string, state *http.Cookie) {
	t.Helper()
	res := c.Get("/inloggen/oidc")
	if res.Code != http.StatusFound {
		t.Fatalf("GET /inloggen/oidc: %d %s", res.Code, res.Body.String())
	}
	for _, ck := range res.Result().Cookies() {
		if strings.HasPrefix(ck.Name, "__Host-") && ck.Name != "__Host-weerbaar" {
			state = ck
		}
	}
	if state == nil || !state.Secure || !state.HttpOnly || state.MaxAge <= 0 {
		t.Fatalf("no proper state cookie: %+v", res.Result().Cookies())
	}
	return res.Header().Get("Location"), state
}

// oidcCallback brings the browser back from the provider.
func oidcCallback(c *apptest.Client, callback *url.URL, state *http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, callback.RequestURI(), nil)
	// The provider's redirect is a top-level navigation from another site.
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if state != nil {
		req.AddCookie(&http.Cookie{Name: state.Name, Value: state.Value})
	}
	return c.Do(req)
}

// oidcLogin runs a whole login for whoever the provider signs in now.
func oidcLogin(t *testing.T, h *apptest.Harness, idp *oidctest.Server) (*apptest.Client, *httptest.ResponseRecorder) {
	t.Helper()
	c := h.Anonymous()
	authURL, state := oidcStart(t, c)
	if !strings.HasPrefix(authURL, idp.URL+"/authorize?") {
		t.Fatalf("GET /inloggen/oidc sent the browser to %s", authURL)
	}
	cb, err := idp.Login(authURL)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://weerbaar.test/inloggen/oidc/terug"; !strings.HasPrefix(cb.String(), want+"?") {
		t.Fatalf("provider sent the browser to %s, want %s", cb, want)
	}
	res := oidcCallback(c, cb, state)
	h.Clock.Advance(time.Minute) // keep clear of the sign-in rate limit
	return c, res
}

// oidcRoles returns the roles the provisioned account holds in org.
func oidcRoles(t *testing.T, h *apptest.Harness, org *auth.Organisation, subject string) (string, []auth.Role) {
	t.Helper()
	var id string
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT id FROM users WHERE oidc_subject = $1`, subject).Scan(&id); err != nil {
		t.Fatalf("account for %s: %v", subject, err)
	}
	ms, err := h.App.Auth.Memberships(h.Ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.OrgID == org.ID {
			return id, m.Roles
		}
	}
	return id, nil
}

var mila = oidctest.User{Subject: "a1b2c3", Email: "m.jansen@voorbeeldstad.nl", Name: "Mila Jansen",
	Groups: []string{"weerbaar-coord", "iedereen"}, AMR: []string{"pwd", "mfa"}}

var piet = oidctest.User{Subject: "d4e5f6", Email: "p.bakker@voorbeeldstad.nl", Name: "Piet Bakker",
	Groups: []string{"weerbaar-coord"}, AMR: []string{"pwd"}}

func TestOIDCLogin(t *testing.T) {
	h, idp, org := oidcApp(t)

	t.Run("the login page offers the organisation's account", func(t *testing.T) {
		page := h.Anonymous().Get("/inloggen")
		if !strings.Contains(page.Body.String(), `href="/inloggen/oidc"`) {
			t.Errorf("no OIDC button on the login page")
		}
	})

	t.Run("first login provisions a coordinator, the provider's MFA counts", func(t *testing.T) {
		idp.SetUser(mila)
		c, res := oidcLogin(t, h, idp)
		if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/" || c.Cookie == "" {
			t.Fatalf("callback: %d → %q: %s", res.Code, res.Header().Get("Location"), res.Body.String())
		}
		dash := c.Get("/")
		if dash.Code != http.StatusOK || !strings.Contains(dash.Body.String(), "Welkom, Mila Jansen") {
			t.Fatalf("dashboard without TOTP: %d → %q", dash.Code, dash.Header().Get("Location"))
		}
		if res := c.Get("/audit"); res.Code != http.StatusOK {
			t.Errorf("coordinator's audit page: %d", res.Code)
		}
		if _, roles := oidcRoles(t, h, org, mila.Subject); !slices.Equal(roles, []auth.Role{auth.Coordinator}) {
			t.Errorf("roles %v", roles)
		}
	})

	t.Run("the same person signs in to the same account", func(t *testing.T) {
		idp.SetUser(mila)
		_, res := oidcLogin(t, h, idp)
		if res.Code != http.StatusSeeOther {
			t.Fatalf("callback: %d", res.Code)
		}
		if n := countOf(t, h, `SELECT COUNT(*) FROM users WHERE oidc_subject = $1`, mila.Subject); n != 1 {
			t.Errorf("%d accounts", n)
		}
	})

	t.Run("without MFA at the provider the coordinator enrols TOTP", func(t *testing.T) {
		idp.SetUser(piet)
		c, res := oidcLogin(t, h, idp)
		if loc, _ := url.Parse(res.Header().Get("Location")); res.Code != http.StatusSeeOther || loc.Path != "/tweede-factor/instellen" {
			t.Fatalf("callback: %d → %q", res.Code, res.Header().Get("Location"))
		}
		if res := c.Get("/"); res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/inloggen/tweede-factor") {
			t.Errorf("dashboard before TOTP: %d → %q", res.Code, res.Header().Get("Location"))
		}
		if res := c.Get("/tweede-factor/instellen"); !strings.Contains(res.Body.String(), "data-totp-secret") {
			t.Errorf("enrolment page: %d", res.Code)
		}
	})

	t.Run("leaving the group at the provider drops the role", func(t *testing.T) {
		id, _ := oidcRoles(t, h, org, mila.Subject)
		// A beheerder also gave her a local role; that one stays.
		if err := h.App.Auth.SetRoles(h.Ctx, auth.System(org.ID), id, []auth.Role{auth.Employee}); err != nil {
			t.Fatal(err)
		}
		left := mila
		left.Groups = []string{"iedereen"}
		idp.SetUser(left)
		c, res := oidcLogin(t, h, idp)
		if res.Code != http.StatusSeeOther {
			t.Fatalf("callback: %d %s", res.Code, res.Body.String())
		}
		if _, roles := oidcRoles(t, h, org, mila.Subject); !slices.Equal(roles, []auth.Role{auth.Employee}) {
			t.Errorf("roles after leaving the group: %v", roles)
		}
		if res := c.Get("/audit"); res.Code != http.StatusForbidden {
			t.Errorf("audit page without the coordinator role: %d", res.Code)
		}

		// Piet has no local role: leaving the group leaves him nothing to
		// sign in to.
		idp.SetUser(oidctest.User{Subject: piet.Subject, Email: piet.Email, Name: piet.Name, AMR: []string{"mfa"}})
		c, res = oidcLogin(t, h, idp)
		if res.Code != http.StatusForbidden || c.Cookie != "" {
			t.Fatalf("login without any role: %d, session: %v", res.Code, c.Cookie != "")
		}
		if !strings.Contains(res.Body.String(), "Uw account hoort bij geen enkele organisatie.") {
			t.Errorf("no explanation: %s", res.Body.String())
		}
		if _, roles := oidcRoles(t, h, org, piet.Subject); len(roles) != 0 {
			t.Errorf("Piet's roles after leaving the group: %v", roles)
		}
	})

	t.Run("nobody is provisioned without a mapped group", func(t *testing.T) {
		idp.SetUser(oidctest.User{Subject: "x9", Email: "x@voorbeeldstad.nl", Name: "X", Groups: []string{"iedereen"}, AMR: []string{"mfa"}})
		c, res := oidcLogin(t, h, idp)
		if res.Code != http.StatusForbidden || c.Cookie != "" {
			t.Fatalf("callback: %d, session: %v", res.Code, c.Cookie != "")
		}
		if n := countOf(t, h, `SELECT COUNT(*) FROM users WHERE oidc_subject = 'x9'`); n != 0 {
			t.Errorf("account created for an unmapped user")
		}
	})
}

func TestOIDCLoginRefusesForgeries(t *testing.T) {
	h, idp, _ := oidcApp(t)
	idp.SetUser(mila)
	sessions := func() int { return countOf(t, h, `SELECT COUNT(*) FROM sessions`) }

	refused := func(t *testing.T, what string, c *apptest.Client, res *httptest.ResponseRecorder) {
		t.Helper()
		if res.Code != http.StatusUnauthorized || c.Cookie != "" {
			t.Errorf("%s: %d, session: %v", what, res.Code, c.Cookie != "")
		}
		if !strings.Contains(res.Body.String(), "Inloggen via uw organisatie is niet gelukt.") {
			t.Errorf("%s: no explanation", what)
		}
		if n := sessions(); n != 0 {
			t.Errorf("%s: %d sessions", what, n)
		}
		if n := countOf(t, h, `SELECT COUNT(*) FROM users`); n != 0 {
			t.Errorf("%s: an account was provisioned", what)
		}
		h.Clock.Advance(time.Minute)
	}

	t.Run("wrong state", func(t *testing.T) {
		c := h.Anonymous()
		authURL, state := oidcStart(t, c)
		cb, err := idp.Login(authURL)
		if err != nil {
			t.Fatal(err)
		}
		q := cb.Query()
		q.Set("state", "aanvaller-"+q.Get("state"))
		cb.RawQuery = q.Encode()
		refused(t, "wrong state", c, oidcCallback(c, cb, state))
	})

	t.Run("callback in another browser", func(t *testing.T) {
		c := h.Anonymous()
		authURL, _ := oidcStart(t, c)
		cb, err := idp.Login(authURL)
		if err != nil {
			t.Fatal(err)
		}
		// The victim's browser has no state cookie of this login.
		victim := h.Anonymous()
		refused(t, "no state cookie", victim, oidcCallback(victim, cb, nil))
		// Nor does a state cookie of another login help.
		_, other := oidcStart(t, victim)
		refused(t, "state cookie of another login", victim, oidcCallback(victim, cb, other))
	})

	t.Run("the provider reports an error", func(t *testing.T) {
		c := h.Anonymous()
		_, state := oidcStart(t, c)
		cb, _ := url.Parse("https://weerbaar.test/inloggen/oidc/terug?error=access_denied&state=x")
		refused(t, "provider error", c, oidcCallback(c, cb, state))
	})

	t.Run("a code is used once", func(t *testing.T) {
		c := h.Anonymous()
		authURL, state := oidcStart(t, c)
		cb, err := idp.Login(authURL)
		if err != nil {
			t.Fatal(err)
		}
		if res := oidcCallback(c, cb, state); res.Code != http.StatusSeeOther {
			t.Fatalf("first use: %d", res.Code)
		}
		replay := h.Anonymous()
		res := oidcCallback(replay, cb, state)
		if res.Code != http.StatusUnauthorized || replay.Cookie != "" {
			t.Errorf("replayed callback: %d, session: %v", res.Code, replay.Cookie != "")
		}
	})
}

func countOf(t *testing.T, h *apptest.Harness, query string, args ...any) int {
	t.Helper()
	var n int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
