package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// A regional user to whom a municipality lent its action list lands on
// that list after switching, can take on an action there, and every request
// is in the municipality's audit log.
func TestRegionalUserWorksOnLentActionList(t *testing.T) {
	h := apptest.New(t)
	b := h.Org("buurdorp")
	r := h.Org("riec")
	adminB := h.User(b, "beheer", auth.Admin)
	analyst := h.User(r, "analist", auth.Regional)
	if _, err := h.App.Auth.Delegate(h.Ctx, h.Scope(b, adminB), analyst.Email, "actions", "2026-12-31", "Integrale aanpak"); err != nil {
		t.Fatal(err)
	}
	c := h.Login(analyst)
	res := c.PostForm("/organisatie/wissel", url.Values{"org": {b.ID}})
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/acties") {
		t.Fatalf("switch: %d → %q, want the action list", res.Code, res.Header().Get("Location"))
	}
	res = c.PostForm("/acties", url.Values{"title": {"Signalen bedrijventerrein bundelen"}, "due_date": {"2026-04-01"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("create action under delegation: %d %s", res.Code, res.Body.String())
	}
	if body := c.Get("/acties").Body.String(); !strings.Contains(body, "Signalen bedrijventerrein bundelen") {
		t.Error("the new action is not on the regional user's list in Buurdorp")
	}
	var n int
	h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'delegation.access' AND actor_id = $2`, b.ID, analyst.ID).Scan(&n)
	if n != 2 { // the POST that created the action and the GET of the list
		t.Errorf("%d delegated accesses audited in Buurdorp, want 2", n)
	}
}
