package auth_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
)

// delegationSetup is a municipality B that lends its action list to an
// analyst of the regional body R.
type delegationSetup struct {
	h          *apptest.Harness
	b, r       *auth.Organisation
	adminB     *auth.User
	admin      *apptest.Client
	analyst    *auth.User // regional role in R
	colleague  *auth.User // employee of R, not regional
	coordB     *auth.User
	coordBTask *plan.Action
}

func newDelegationSetup(t *testing.T) *delegationSetup {
	t.Helper()
	h := apptest.New(t)
	s := &delegationSetup{h: h, b: h.Org("achterstad"), r: h.Org("riec-zuid")}
	s.adminB = h.User(s.b, "beheer", auth.Admin)
	s.coordB = h.User(s.b, "coord", auth.Coordinator)
	s.analyst = h.User(s.r, "analist", auth.Regional)
	s.colleague = h.User(s.r, "collega", auth.Employee)
	a, err := h.App.Plan.Create(h.Ctx, h.Scope(s.b, s.coordB), plan.NewAction{Title: "Vergunningenproces doorlichten", DueDate: "2026-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	s.coordBTask = a
	s.admin = h.Login(s.adminB)
	return s
}

// delegate grants through the administration page and returns the response.
func (s *delegationSetup) delegate(email, capability, until string) *http.Response {
	return s.admin.PostForm("/beheer/delegaties", url.Values{"email": {email}, "capability": {capability},
		"valid_until": {until}, "reason": {"Casusoverleg RIEC week 10"}}).Result()
}

// switchToB signs the analyst in afresh and asks to work in B.
func (s *delegationSetup) switchToB(t *testing.T) (*apptest.Client, int) {
	t.Helper()
	c := s.h.Login(s.analyst)
	res := c.PostForm("/organisatie/wissel", url.Values{"org": {s.b.ID}})
	return c, res.Code
}

func (s *delegationSetup) delegationID(t *testing.T) string {
	t.Helper()
	ds, err := s.h.App.Auth.Delegations(s.h.Ctx, s.h.Scope(s.b, s.adminB))
	if err != nil || len(ds) == 0 {
		t.Fatalf("delegations: %v", err)
	}
	return ds[0].ID // newest first
}

func TestDelegationToRegionalUser(t *testing.T) {
	s := newDelegationSetup(t)
	h := s.h

	t.Run("without delegation the analyst cannot enter B", func(t *testing.T) {
		if _, code := s.switchToB(t); code != http.StatusNotFound {
			t.Fatalf("switch without delegation: %d", code)
		}
	})

	t.Run("with delegation the analyst works in B's action list only", func(t *testing.T) {
		if res := s.delegate(s.analyst.Email, "actions", "2026-03-06"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delegate: %d", res.StatusCode)
		}
		page := s.admin.Get("/beheer/delegaties")
		bodyHas(t, "delegations page", page, s.analyst.Name)
		bodyHas(t, "delegations page", page, "2026-03-06")

		c, code := s.switchToB(t)
		if code != http.StatusSeeOther {
			t.Fatalf("switch: %d", code)
		}
		list := c.Get("/acties")
		wantPage(t, "B's action list", list)
		bodyHas(t, "B's action list", list, "Gemeente achterstad")
		// What was not lent stays closed, and so do B's own members' items.
		for _, p := range []string{"/beheer/gebruikers", "/beheer/delegaties", "/audit"} {
			if res := c.Get(p); res.Code != http.StatusForbidden {
				t.Errorf("GET %s under delegation: %d", p, res.Code)
			}
		}
		if res := c.Get("/acties/" + s.coordBTask.ID); res.Code != http.StatusNotFound {
			t.Errorf("B's coordinator's action under delegation: %d", res.Code)
		}
		// Back home the analyst is a regional user of R again.
		if res := c.PostForm("/organisatie/wissel", url.Values{"org": {s.r.ID}}); res.Code != http.StatusSeeOther {
			t.Errorf("switch back to R: %d", res.Code)
		}
	})

	t.Run("revoking ends the delegation at once", func(t *testing.T) {
		c, code := s.switchToB(t)
		if code != http.StatusSeeOther {
			t.Fatalf("switch before revoking: %d", code)
		}
		res := s.admin.PostForm("/beheer/delegaties/"+s.delegationID(t)+"/intrekken", nil)
		if res.Code != http.StatusSeeOther {
			t.Fatalf("revoke: %d %s", res.Code, res.Body.String())
		}
		// The session that was already in B loses it on the next request.
		if res := c.Get("/acties"); res.Code == http.StatusOK {
			t.Error("B's action list still shown after revoking")
		}
		if _, code := s.switchToB(t); code != http.StatusNotFound {
			t.Errorf("switch after revoking: %d", code)
		}
		bodyHas(t, "delegations page", s.admin.Get("/beheer/delegaties"), "Ingetrokken")
	})

	t.Run("the delegation ends after its last day in Amsterdam", func(t *testing.T) {
		if res := s.delegate(s.analyst.Email, "actions", "2026-03-06"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delegate: %d", res.StatusCode)
		}
		// Late on the last day it still holds.
		advanceTo(t, h, 2026, time.March, 6, 23, 40)
		c, code := s.switchToB(t)
		if code != http.StatusSeeOther {
			t.Fatalf("switch on the last day: %d", code)
		}
		wantPage(t, "B's list on the last day", c.Get("/acties"))
		// Just after midnight in Amsterdam it is over, although it is still
		// 6 March in UTC.
		h.Clock.Advance(25 * time.Minute)
		if got := h.Clock.Now().UTC().Day(); got != 6 {
			t.Fatalf("test assumption: UTC day %d", got)
		}
		if res := c.Get("/acties"); res.Code == http.StatusOK {
			t.Error("B's action list still shown after the last day")
		}
		if _, code := s.switchToB(t); code != http.StatusNotFound {
			t.Errorf("switch after the last day: %d", code)
		}
	})

	t.Run("only regional users can be delegated to", func(t *testing.T) {
		before := count(t, h, `SELECT COUNT(*) FROM delegations`)
		s.admin = h.Login(s.adminB) // the clock moved past the administrator's session
		res := s.admin.PostForm("/beheer/delegaties", url.Values{"email": {s.colleague.Email}, "capability": {"actions"},
			"valid_until": {"2026-04-01"}, "reason": {"Casusoverleg"}})
		if res.Code != http.StatusUnprocessableEntity {
			t.Fatalf("delegate to an employee: %d", res.Code)
		}
		if !strings.Contains(res.Body.String(), `id="email-error">Er is geen actieve regionale medewerker met dit e-mailadres.`) {
			t.Errorf("delegate to an employee: no error at the e-mail field: %s", res.Body.String())
		}
		for _, tc := range []struct{ email, capability, until, reason, msg string }{
			{"onbekend@elders.test", "actions", "2026-04-01", "x", "Er is geen actieve regionale medewerker met dit e-mailadres."},
			{s.analyst.Email, "users", "2026-04-01", "x", "Kies een onderdeel uit de lijst."},
			{s.analyst.Email, "actions", "2026-03-01", "x", "De einddatum ligt in het verleden."},
			{s.analyst.Email, "actions", "1-4-2026", "x", "Vul een geldige datum in"},
			{s.analyst.Email, "actions", "2026-04-01", " ", "Vul dit veld in."},
		} {
			res := s.admin.PostForm("/beheer/delegaties", url.Values{"email": {tc.email}, "capability": {tc.capability},
				"valid_until": {tc.until}, "reason": {tc.reason}})
			if res.Code != http.StatusUnprocessableEntity {
				t.Errorf("%+v: %d", tc, res.Code)
			}
			bodyHas(t, tc.msg, res, tc.msg)
		}
		if n := count(t, h, `SELECT COUNT(*) FROM delegations`); n != before {
			t.Errorf("delegations written: %d → %d", before, n)
		}
	})

	t.Run("every grant and revocation is audited in B", func(t *testing.T) {
		entries, _, err := h.App.Audit.List(h.Ctx, audit.Filter{OrgID: s.b.ID, Action: "delegation"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			if e.Action == "delegation.access" {
				continue // the regional user's own accesses, tested separately
			}
			if e.ActorID != s.adminB.ID || e.ObjectType != "delegation" || e.ObjectID == "" {
				t.Errorf("entry %+v", e)
			}
			got = append(got, e.Action)
		}
		want := []string{"delegation.grant", "delegation.revoke", "delegation.grant"} // newest first
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("audit entries %v, want %v", got, want)
		}
	})
}

// The Scope type promises that every read under delegation is audited as a
// cross-organisation read, so that B can see what the region looked at.
func TestDelegatedReadsAreAudited(t *testing.T) {
	s := newDelegationSetup(t)
	if res := s.delegate(s.analyst.Email, "actions", "2026-03-06"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delegate: %d", res.StatusCode)
	}
	c, code := s.switchToB(t)
	if code != http.StatusSeeOther {
		t.Fatalf("switch: %d", code)
	}
	wantPage(t, "B's action list", c.Get("/acties"))
	entries, _, err := s.h.App.Audit.List(s.h.Ctx, audit.Filter{OrgID: s.b.ID, ActorID: s.analyst.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("B's audit log does not show that the analyst read its action list")
	}
}
