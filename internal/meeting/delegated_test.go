package meeting_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
)

// A regional analyst to whom A lent its LOO plans a meeting in A, reads the
// minutes as planner and sees A's other meetings' agendas but not their
// minutes; an analyst with only the action list on loan sees no LOO.
func TestDelegatedRegionalUser(t *testing.T) {
	e := newEnv(t, false)
	h := e.h
	r := h.Org("riec-r")
	analyst := h.User(r, "analist", auth.Regional)
	other := h.User(r, "analist2", auth.Regional)
	admin := h.Scope(e.a, h.User(e.a, "beheerder", auth.Admin))
	if _, err := h.App.Auth.Delegate(h.Ctx, admin, analyst.Email, "meeting", "2026-12-31", "Ondersteuning LOO"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Auth.Delegate(h.Ctx, admin, other.Email, "actions", "2026-12-31", "Acties"); err != nil {
		t.Fatal(err)
	}
	coordMeeting := e.plan(t, "2026-03-10")
	if err := e.ms.SaveMinutes(h.Ctx, e.coord, coordMeeting, "NOTULEN-COORD-1"); err != nil {
		t.Fatal(err)
	}

	c := h.Login(analyst)
	wantStatus(t, "switch to A", c.PostForm("/organisatie/wissel", url.Values{"org": {e.a.ID}}), http.StatusSeeOther)
	res := c.PostForm("/loo", url.Values{"loo_date": {"2026-04-21"}, "loo_participants": {"RIEC"}})
	wantStatus(t, "delegated plan", res, http.StatusSeeOther)
	id := strings.TrimPrefix(res.Header().Get("Location"), "/loo/")
	id, _, _ = strings.Cut(id, "?")
	wantStatus(t, "minutes by the planner", c.PostForm("/loo/"+id+"/notulen", url.Values{"loo_minutes": {"NOTULEN-REGIO-2"}}), http.StatusSeeOther)
	if !strings.Contains(c.Get("/loo/"+id+"/notulen").Body.String(), "NOTULEN-REGIO-2") {
		t.Error("delegated planner cannot read their own minutes")
	}
	body := html.UnescapeString(c.Get("/loo/" + coordMeeting + "/notulen").Body.String())
	if strings.Contains(body, "NOTULEN-COORD-1") || !strings.Contains(body, "Notulen afgeschermd.") {
		t.Error("delegated user reads the minutes of a meeting they are not on the list of")
	}
	o := h.Login(other)
	wantStatus(t, "switch to A (actions only)", o.PostForm("/organisatie/wissel", url.Values{"org": {e.a.ID}}), http.StatusSeeOther)
	wantStatus(t, "actions-only delegate opens the LOO", o.Get("/loo"), http.StatusForbidden)
}
