package auth_test

import (
	"bytes"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/auth/totp"
)

func TestSessionIdleTimeout(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	c := h.Login(h.User(org, "coord", auth.Coordinator))

	// Use within the idle time keeps the session alive, however long the
	// pauses add up to.
	for i := 0; i < 4; i++ {
		h.Clock.Advance(29 * time.Minute)
		wantPage(t, "after 29 minutes idle", c.Get("/"))
	}
	h.Clock.Advance(30*time.Minute + time.Second)
	wantLoginPage(t, "after 30 minutes idle", c.Get("/acties"))
	if c.Cookie != "" {
		t.Error("the expired session's cookie was not cleared")
	}
}

func TestSessionAbsoluteTimeout(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	u := h.User(org, "coord", auth.Coordinator)
	signedIn := h.Clock.Now()
	c := h.Login(u)
	cookie := c.Cookie

	// Someone who keeps working is still signed out twelve hours after
	// signing in.
	for elapsed := time.Duration(0); elapsed < 13*time.Hour; elapsed = h.Clock.Now().Sub(signedIn) {
		h.Clock.Advance(10 * time.Minute)
		c = withCookie(h, cookie) // a refused session must stay refused
		res := c.Get("/")
		live := h.Clock.Now().Before(signedIn.Add(12 * time.Hour))
		if live {
			wantPage(t, "touched every 10 minutes, "+h.Clock.Now().Sub(signedIn).String()+" after sign-in", res)
		} else {
			wantLoginPage(t, "touched every 10 minutes, "+h.Clock.Now().Sub(signedIn).String()+" after sign-in", res)
		}
	}
}

func TestSessionTokenIsRenewed(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")

	t.Run("at sign-in", func(t *testing.T) {
		emp := h.User(org, "emp", auth.Employee)
		c := h.Login(emp)
		before := c.Cookie
		res := c.PostForm("/inloggen", url.Values{"email": {emp.Email}, "password": {apptest.Password}})
		if res.Code != http.StatusSeeOther || c.Cookie == "" || c.Cookie == before {
			t.Fatalf("second sign-in: %d, cookie renewed: %v", res.Code, c.Cookie != before)
		}
		wantPage(t, "new cookie", c.Get("/"))
		wantLoginPage(t, "cookie from before the sign-in", withCookie(h, before).Get("/"))
	})

	t.Run("a cookie planted before sign-in is worthless", func(t *testing.T) {
		emp := h.User(org, "emp2", auth.Employee)
		victim := h.Login(emp)
		// An attacker who knew the victim's earlier cookie gains nothing from
		// the victim signing in again in the same browser.
		planted := victim.Cookie
		victim.PostForm("/inloggen", url.Values{"email": {emp.Email}, "password": {apptest.Password}})
		wantLoginPage(t, "planted cookie", withCookie(h, planted).Get("/account"))
	})

	t.Run("after the second factor", func(t *testing.T) {
		coord := h.User(org, "coord", auth.Coordinator)
		c := h.Anonymous()
		c.PostForm("/inloggen", url.Values{"email": {coord.Email}, "password": {apptest.Password}})
		partial := c.Cookie
		if partial == "" {
			t.Fatal("no session after the password")
		}
		secret := apptest.SecretFrom(t, c.Get("/tweede-factor/instellen").Body.String())
		h.Clock.Advance(31 * time.Second)
		res := c.PostForm("/tweede-factor/instellen", url.Values{"code": {totp.Code(secret, h.Clock.Now())}})
		if res.Code != http.StatusSeeOther || c.Cookie == "" || c.Cookie == partial {
			t.Fatalf("second factor: %d, cookie renewed: %v", res.Code, c.Cookie != partial)
		}
		wantPage(t, "cookie after the second factor", c.Get("/"))
		// The half-signed-in cookie does not even reach the second-factor page
		// any more: it cannot be upgraded a second time.
		wantLoginPage(t, "cookie from before the second factor", withCookie(h, partial).Get("/inloggen/tweede-factor"))
	})

	t.Run("only a hash of the cookie is stored", func(t *testing.T) {
		c := h.Login(h.User(org, "coord2", auth.Coordinator))
		rows, err := h.App.DB.Read.QueryContext(h.Ctx, `SELECT token_hash FROM sessions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var hash []byte
			if err := rows.Scan(&hash); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(hash, []byte(c.Cookie)) {
				t.Fatal("the session cookie is stored as is")
			}
		}
	})
}

func TestLogoutEverywhere(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	u := h.User(org, "coord", auth.Coordinator)
	other := h.Login(h.User(org, "collega", auth.Coordinator))
	laptop := h.Login(u)
	phone := h.Login(u)
	wantPage(t, "laptop before", laptop.Get("/"))
	wantPage(t, "phone before", phone.Get("/"))

	res := phone.PostForm("/account/overal-uitloggen", nil)
	wantLoginPage(t, "overal uitloggen", res)
	wantLoginPage(t, "phone after overal uitloggen", phone.Get("/"))
	wantLoginPage(t, "laptop after overal uitloggen", laptop.Get("/"))
	wantPage(t, "a colleague's session", other.Get("/"))
	if n := count(t, h, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, u.ID); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	entries, _, err := h.App.Audit.List(h.Ctx, audit.Filter{OrgID: org.ID, Action: "session.end_all", ActorID: u.ID})
	if err != nil || len(entries) != 1 {
		t.Errorf("audit entries for overal uitloggen: %d, %v", len(entries), err)
	}
}

func TestAdministratorEndsSessions(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	admin := h.Login(h.User(org, "beheer", auth.Admin))

	t.Run("disabling ends sessions and revokes tokens", func(t *testing.T) {
		u := h.User(org, "coord", auth.Coordinator)
		c := h.Login(u)
		token := h.Token(org, u)
		if res := h.API(token, http.MethodGet, "/api/v1/organisatie", nil); res.Code != http.StatusOK {
			t.Fatalf("token before: %d", res.Code)
		}
		res := admin.PostForm("/beheer/gebruikers/"+u.ID+"/status", url.Values{"disabled": {"1"}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", res.Code, res.Body.String())
		}
		wantLoginPage(t, "session of a disabled user", c.Get("/"))
		wantProblem(t, "token of a disabled user", h.API(token, http.MethodGet, "/api/v1/organisatie", nil), http.StatusUnauthorized)
		login := h.Anonymous().PostForm("/inloggen", url.Values{"email": {u.Email}, "password": {apptest.Password}})
		if login.Code != http.StatusUnauthorized {
			t.Errorf("sign-in of a disabled user: %d", login.Code)
		}
		bodyHas(t, "sign-in of a disabled user", login, "Dit account is uitgeschakeld.")

		// Enabling the account again does not bring the old token back.
		if res := admin.PostForm("/beheer/gebruikers/"+u.ID+"/status", url.Values{"disabled": {"0"}}); res.Code != http.StatusSeeOther {
			t.Fatalf("enable: %d", res.Code)
		}
		wantProblem(t, "token after re-enabling", h.API(token, http.MethodGet, "/api/v1/organisatie", nil), http.StatusUnauthorized)
		wantLoginPage(t, "old session after re-enabling", c.Get("/"))
	})

	t.Run("a password reset ends sessions", func(t *testing.T) {
		u := h.User(org, "emp", auth.Employee)
		c := h.Login(u)
		wantPage(t, "before the reset", c.Get("/"))
		const newPassword = "een-heel-nieuw-wachtwoord-99"
		res := admin.PostForm("/beheer/gebruikers/"+u.ID+"/wachtwoord", url.Values{"password": {newPassword}})
		if res.Code != http.StatusSeeOther {
			t.Fatalf("reset: %d %s", res.Code, res.Body.String())
		}
		wantLoginPage(t, "session after a password reset", c.Get("/"))
		if res := h.Anonymous().PostForm("/inloggen", url.Values{"email": {u.Email}, "password": {apptest.Password}}); res.Code != http.StatusUnauthorized {
			t.Errorf("old password after reset: %d", res.Code)
		}
		if res := h.Anonymous().PostForm("/inloggen", url.Values{"email": {u.Email}, "password": {newPassword}}); res.Code != http.StatusSeeOther {
			t.Errorf("new password after reset: %d", res.Code)
		}
	})

	wantPage(t, "the administrator's own session", admin.Get("/beheer/gebruikers"))
}
