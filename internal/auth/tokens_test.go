package auth_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
)

var secretOnPage = regexp.MustCompile(`data-token-secret>([^<]+)<`)

// createToken makes a token through the account page, as a person would,
// and returns the response and the secret it shows ("" when none).
func createToken(c *apptest.Client, name, days string, scopes ...string) (*httptest.ResponseRecorder, string) {
	res := c.PostForm("/account/tokens", url.Values{"name": {name}, "scope": scopes, "days": {days}})
	if m := secretOnPage.FindStringSubmatch(res.Body.String()); m != nil {
		return res, m[1]
	}
	return res, ""
}

// tokenID finds the id of the user's token with the given name.
func tokenID(t *testing.T, h *apptest.Harness, org *auth.Organisation, u *auth.User, name string) string {
	t.Helper()
	toks, err := h.App.Auth.Tokens(h.Ctx, h.Scope(org, u))
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range toks {
		if tok.Name == name {
			return tok.ID
		}
	}
	t.Fatalf("no token %q", name)
	return ""
}

func TestAPITokens(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coord", auth.Coordinator)
	c := h.Login(coord)

	t.Run("the secret is shown once", func(t *testing.T) {
		res, secret := createToken(c, "koppeling zaaksysteem", "30", "org.read", "actions.own")
		if res.Code != http.StatusOK || !strings.HasPrefix(secret, auth.TokenPrefix) {
			t.Fatalf("create: %d, secret %q", res.Code, secret)
		}
		bodyHas(t, "create", res, "Kopieer het nu: het wordt maar één keer getoond.")
		page := c.Get("/account")
		wantPage(t, "account", page)
		if strings.Contains(page.Body.String(), secret) || strings.Contains(page.Body.String(), "data-token-secret") {
			t.Fatal("the account page shows the secret again")
		}
		bodyHas(t, "account", page, "koppeling zaaksysteem")

		api := h.API(secret, http.MethodGet, "/api/v1/organisatie", nil)
		if api.Code != http.StatusOK {
			t.Fatalf("/api/v1/organisatie: %d %s", api.Code, api.Body.String())
		}
		var o struct{ Code, Naam string }
		if err := json.Unmarshal(api.Body.Bytes(), &o); err != nil || o.Code != "voorbeeldstad" || o.Naam != org.Name {
			t.Fatalf("organisation %+v, %v", o, err)
		}
		if res := h.API(secret, http.MethodGet, "/api/v1/acties", nil); res.Code != http.StatusOK {
			t.Errorf("token with actions.own on /api/v1/acties: %d", res.Code)
		}
	})

	t.Run("scopes narrow what a token may do", func(t *testing.T) {
		_, secret := createToken(c, "alleen lezen", "30", "org.read")
		if secret == "" {
			t.Fatal("no token")
		}
		if res := h.API(secret, http.MethodGet, "/api/v1/organisatie", nil); res.Code != http.StatusOK {
			t.Fatalf("org.read token on /api/v1/organisatie: %d", res.Code)
		}
		// The coordinator may read actions, the token may not.
		wantProblem(t, "org.read token on /api/v1/acties", h.API(secret, http.MethodGet, "/api/v1/acties", nil), http.StatusForbidden)
		wantProblem(t, "org.read token creating an action", h.API(secret, http.MethodPost, "/api/v1/acties",
			strings.NewReader(`{"titel":"x","deadline":"2026-04-01"}`)), http.StatusForbidden)
		if n := count(t, h, `SELECT COUNT(*) FROM actions`); n != 0 {
			t.Errorf("%d actions written", n)
		}
	})

	t.Run("a scope the user does not hold is refused", func(t *testing.T) {
		emp := h.User(org, "emp", auth.Employee)
		e := h.Login(emp)
		res, secret := createToken(e, "te veel", "30", "org.read", "audit.read")
		if res.Code != http.StatusUnprocessableEntity || secret != "" {
			t.Fatalf("create: %d, secret shown: %v", res.Code, secret != "")
		}
		bodyHas(t, "create", res, "U heeft het recht audit.read zelf niet, dus een token ook niet.")
		if n := count(t, h, `SELECT COUNT(*) FROM api_tokens WHERE user_id = $1`, emp.ID); n != 0 {
			t.Errorf("%d tokens written", n)
		}
	})

	t.Run("the form is shown again with the problem at its field", func(t *testing.T) {
		res, _ := createToken(c, "", "30", "org.read")
		if res.Code != http.StatusUnprocessableEntity {
			t.Fatalf("create: %d", res.Code)
		}
		if !strings.Contains(res.Body.String(), `id="name-error">Vul dit veld in.`) {
			t.Errorf("no error at the name field: %s", res.Body.String())
		}
		res, _ = createToken(c, "koppeling", "30", "audit.read", "users.manage")
		if !strings.Contains(res.Body.String(), `<p class="field__error">U heeft het recht users.manage zelf niet`) ||
			!strings.Contains(res.Body.String(), `value="koppeling"`) {
			t.Errorf("the form is not shown again with the scopes error: %s", res.Body.String())
		}
	})

	t.Run("bad input names the field", func(t *testing.T) {
		before := count(t, h, `SELECT COUNT(*) FROM api_tokens`)
		for _, tc := range []struct{ name, days, msg string }{
			{"", "30", "Vul dit veld in."},
			{"naam", "0", "Kies een geldigheid van 1 tot en met 366 dagen."},
			{"naam", "367", "Kies een geldigheid van 1 tot en met 366 dagen."},
			{"naam", "veel", "Kies een geldigheid van 1 tot en met 366 dagen."},
		} {
			res, secret := createToken(c, tc.name, tc.days, "org.read")
			if res.Code != http.StatusUnprocessableEntity || secret != "" {
				t.Errorf("name %q days %q: %d", tc.name, tc.days, res.Code)
			}
			bodyHas(t, fmt.Sprintf("name %q days %q", tc.name, tc.days), res, tc.msg)
		}
		res, _ := createToken(c, "geen rechten", "30")
		bodyHas(t, "no scopes", res, "Kies ten minste één recht.")
		if n := count(t, h, `SELECT COUNT(*) FROM api_tokens`); n != before {
			t.Errorf("tokens written: %d → %d", before, n)
		}
	})

	t.Run("an expired token is refused", func(t *testing.T) {
		_, secret := createToken(c, "een dag", "1", "org.read")
		if secret == "" {
			t.Fatal("no token")
		}
		h.Clock.Advance(24*time.Hour - time.Minute)
		if res := h.API(secret, http.MethodGet, "/api/v1/organisatie", nil); res.Code != http.StatusOK {
			t.Fatalf("a minute before expiry: %d", res.Code)
		}
		h.Clock.Advance(time.Minute)
		wantProblem(t, "at expiry", h.API(secret, http.MethodGet, "/api/v1/organisatie", nil), http.StatusUnauthorized)
		c = h.Login(coord) // the day also ended the session
	})

	t.Run("a revoked token is refused", func(t *testing.T) {
		_, secret := createToken(c, "in te trekken", "30", "org.read")
		if res := h.API(secret, http.MethodGet, "/api/v1/organisatie", nil); res.Code != http.StatusOK {
			t.Fatalf("before revoking: %d", res.Code)
		}
		id := tokenID(t, h, org, coord, "in te trekken")
		if res := c.PostForm("/account/tokens/"+id+"/intrekken", nil); res.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", res.Code, res.Body.String())
		}
		wantProblem(t, "revoked", h.API(secret, http.MethodGet, "/api/v1/organisatie", nil), http.StatusUnauthorized)
		// Someone else cannot revoke (or learn about) the coordinator's tokens.
		other := h.Login(h.User(org, "coord2", auth.Coordinator))
		id2 := tokenID(t, h, org, coord, "alleen lezen")
		if res := other.PostForm("/account/tokens/"+id2+"/intrekken", nil); res.Code != http.StatusNotFound {
			t.Errorf("revoking another user's token: %d", res.Code)
		}
	})

	t.Run("a token cannot be used as a session", func(t *testing.T) {
		_, secret := createToken(c, "geen cookie", "30", "org.read", "dashboard.view")
		wantLoginPage(t, "token as cookie", withCookie(h, secret).Get("/"))
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		wantLoginPage(t, "token on a page", h.Anonymous().Do(req))
	})

	t.Run("only a hash is stored", func(t *testing.T) {
		_, secret := createToken(c, "opslag", "30", "org.read")
		if secret == "" {
			t.Fatal("no token")
		}
		raw := strings.TrimPrefix(secret, auth.TokenPrefix)
		rows, err := h.App.DB.Read.QueryContext(h.Ctx, `SELECT * FROM api_tokens`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			n++
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				if strings.Contains(s, raw) {
					t.Fatalf("column %s holds the token secret", cols[i])
				}
			}
		}
		if n == 0 {
			t.Fatal("no tokens stored at all")
		}
	})
}
