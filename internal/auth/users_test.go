package auth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/auth/totp"
)

// crossTenant is two municipalities, each with its own administrator; the
// administrator of A has added B's administrator's e-mail address as a
// "new user" of A. The form refuses that now ("al in gebruik"); the steps
// below check that even so nothing of B's account can be reached from A.
type crossTenant struct {
	h             *apptest.Harness
	a, b          *auth.Organisation
	attacker      *apptest.Client
	victim        *auth.User
	victimSession *apptest.Client
}

func newCrossTenant(t *testing.T) *crossTenant {
	t.Helper()
	h := apptest.New(t)
	x := &crossTenant{h: h, a: h.Org("aadorp"), b: h.Org("beestad")}
	x.attacker = h.Login(h.User(x.a, "beheer", auth.Admin))
	x.victim = h.User(x.b, "beheer", auth.Admin)
	x.victimSession = h.Login(x.victim)
	res := x.attacker.PostForm("/beheer/gebruikers", url.Values{"email": {x.victim.Email}, "name": {"Nieuwe collega"},
		"role": {string(auth.Employee)}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Dit e-mailadres is al in gebruik.") {
		t.Errorf("linking another organisation's account from the web form: %d", res.Code)
	}
	return x
}

// An administrator of one municipality manages that municipality's
// accounts only. Adding another municipality's administrator as a member
// must not hand over that account's password, second factor or status.
func TestAdministratorCannotTakeOverAnotherOrganisationsAccount(t *testing.T) {

	t.Run("password and second factor", func(t *testing.T) {
		x := newCrossTenant(t)
		h := x.h
		const stolen = "overgenomen-account-wachtwoord-1"
		x.attacker.PostForm("/beheer/gebruikers/"+x.victim.ID+"/wachtwoord", url.Values{"password": {stolen}})
		x.attacker.PostForm("/beheer/gebruikers/"+x.victim.ID+"/tweede-factor", nil)

		// The attacker tries the account: password, fresh second factor,
		// switch to B, B's user administration.
		c := h.Anonymous()
		res := c.PostForm("/inloggen", url.Values{"email": {x.victim.Email}, "password": {stolen}})
		if res.Code == http.StatusSeeOther {
			if page := c.Get("/tweede-factor/instellen"); page.Code == http.StatusOK {
				secret := apptest.SecretFrom(t, page.Body.String())
				h.Clock.Advance(31 * time.Second)
				c.PostForm("/tweede-factor/instellen", url.Values{"code": {totp.Code(secret, h.Clock.Now())}})
			}
			c.PostForm("/organisatie/wissel", url.Values{"org": {x.b.ID}})
			if res := c.Get("/beheer/gebruikers"); res.Code == http.StatusOK {
				t.Fatalf("the administrator of %s administers %s as its administrator", x.a.Slug, x.b.Slug)
			}
			t.Errorf("the administrator of %s signed in with the password they set for %s's administrator", x.a.Slug, x.b.Slug)
		}
		if res := h.Anonymous().PostForm("/inloggen", url.Values{"email": {x.victim.Email}, "password": {apptest.Password}}); res.Code != http.StatusSeeOther {
			t.Errorf("the victim's own password stopped working: %d", res.Code)
		}
		if enabled, err := h.App.Auth.TOTPEnabled(h.Ctx, x.victim.ID); err != nil || !enabled {
			t.Errorf("the victim's second factor was removed by %s (%v)", x.a.Slug, err)
		}
	})

	t.Run("disabling", func(t *testing.T) {
		x := newCrossTenant(t)
		x.attacker.PostForm("/beheer/gebruikers/"+x.victim.ID+"/status", url.Values{"disabled": {"1"}})
		wantPage(t, "the victim's session after the attempt to disable", x.victimSession.Get("/beheer/gebruikers"))
	})
}
