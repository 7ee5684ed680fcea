package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
)

// --- Interventions register (issue 5, points 6–8): an intervention of A
// for {interventionID}, and two more regional actors. The register is the
// organisation's: for members of A the route's permission decides, a
// foreign user gets 404. ---

const sentinelIntervention = "Sentinel-interventie-A"

func init() { integritySentinels = append(integritySentinels, sentinelIntervention) }

func (m *matrix) bibobIVFixtures(t *testing.T, users map[string]*auth.User) {
	h := m.h
	id, err := h.App.Bibob.AddIntervention(h.Ctx, h.Scope(m.a, users[string(auth.Bibob)]), bibob.InterventionInput{Kind: "sluiting",
		LegalBasis: "opiumwet_13b", OccurredOn: "2025-05-01", ObjectAddress: sentinelIntervention, BusinessName: sentinelIntervention,
		Outcome: sentinelIntervention, ScreeningRef: "S-1", Note: sentinelIntervention})
	if err != nil {
		t.Fatal(err)
	}
	m.params["interventionID"] = id
	adminA := users[string(auth.Admin)]
	adminB := h.User(m.b, "b-beheer-iv", auth.Admin)

	// A regional Bibob adviser to whom A lent "bibob": sees A's register.
	rb := h.User(m.r, "bibob-adviseur", auth.Regional)
	if _, err := h.App.Auth.Delegate(h.Ctx, h.Scope(m.a, adminA), rb.Email, "bibob", "2026-12-31", "Regionaal Bibob-team"); err != nil {
		t.Fatal(err)
	}
	sc, err := h.App.Auth.ScopeFor(h.Ctx, rb.ID, m.a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	m.actors = append(m.actors, actor{name: "R/regional with bibob from A", user: rb, orgID: m.a.ID, scope: sc})

	// A regional adviser to whom B lent "bibob" and A only its action list:
	// acting in A, nothing of A's Bibob work.
	rx := h.User(m.r, "bibob-adviseur-b", auth.Regional)
	if _, err := h.App.Auth.Delegate(h.Ctx, h.Scope(m.b, adminB), rx.Email, "bibob", "2026-12-31", "Regionaal Bibob-team"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Auth.Delegate(h.Ctx, h.Scope(m.a, adminA), rx.Email, "actions", "2026-12-31", "Actielijst"); err != nil {
		t.Fatal(err)
	}
	inA, err := h.App.Auth.ScopeFor(h.Ctx, rx.ID, m.a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	// One to whom only B lent "bibob", working in B: A's objects are
	// foreign to them.
	ry := h.User(m.r, "bibob-adviseur-alleen-b", auth.Regional)
	if _, err := h.App.Auth.Delegate(h.Ctx, h.Scope(m.b, adminB), ry.Email, "bibob", "2026-12-31", "Regionaal Bibob-team"); err != nil {
		t.Fatal(err)
	}
	inB, err := h.App.Auth.ScopeFor(h.Ctx, ry.ID, m.b.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	m.actors = append(m.actors,
		actor{name: "R/regional with bibob from B, acting in A", user: rx, orgID: m.a.ID, scope: inA},
		actor{name: "R/regional with bibob from B only, acting in B", user: ry, orgID: m.b.ID, foreign: true, scope: inB})
}

// The delegation of B does not reach into A: the actor acting in A holds
// no Bibob permission there.
func TestBibobDelegationOfBDoesNotReachA(t *testing.T) {
	m := newMatrix(t)
	for _, ac := range m.actors {
		if ac.name == "R/regional with bibob from B, acting in A" {
			for _, p := range []auth.Permission{auth.BibobRead, auth.BibobInterventions, auth.BibobFigures} {
				if ac.scope.Can(p) {
					t.Errorf("acting in A it holds %s", p)
				}
			}
			return
		}
	}
	t.Fatal("actor missing")
}

// --- end of interventions register fixtures ---

// A regional Bibob team delegated by A and C, not B, lists exactly A's
// interventions in A and C's in C, cannot reach B's, and every
// cross-organisation read lands in the lending organisation's audit log.
func TestRegionalBibobTeamSeesExactlyTheDelegatedOrganisations(t *testing.T) {
	h := apptest.New(t)
	r := h.Org("riec")
	orgs := map[string]*auth.Organisation{"A": h.Org("almere-a"), "B": h.Org("breda-b"), "C": h.Org("capelle-c")}
	ids := map[string]string{}
	team := h.User(r, "bibob-team", auth.Regional)
	for name, o := range orgs {
		coord := h.User(o, "bibob-"+name, auth.Bibob)
		id, err := h.App.Bibob.AddIntervention(h.Ctx, h.Scope(o, coord), bibob.InterventionInput{Kind: "integrale_controle", LegalBasis: "apv",
			OccurredOn: "2026-02-0" + map[string]string{"A": "1", "B": "2", "C": "3"}[name], ObjectAddress: "Pand-van-" + name, Outcome: "afgerond",
			Note: "Toelichting-van-" + name})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
		admin := h.User(o, "beheer-"+name, auth.Admin)
		capability := "bibob"
		if name == "B" {
			capability = "actions" // B lends its action list, not its Bibob work
		}
		if _, err := h.App.Auth.Delegate(h.Ctx, h.Scope(o, admin), team.Email, capability, "2026-12-31", "Regionaal Bibob-team"); err != nil {
			t.Fatal(err)
		}
	}
	c := h.Login(team)
	page := c.Get("/bibob/regio").Body.String()
	if i := strings.Index(page, "data-regional"); i >= 0 {
		page = page[i:] // the table, not the organisation switcher
	}
	if !strings.Contains(page, orgs["A"].Name) || !strings.Contains(page, orgs["C"].Name) || strings.Contains(page, orgs["B"].Name) {
		t.Errorf("the page of delegating organisations should name A and C only:\n%s", page)
	}
	for _, name := range []string{"A", "C"} {
		if res := c.PostForm("/organisatie/wissel", url.Values{"org": {orgs[name].ID}}); res.Code != http.StatusSeeOther {
			t.Fatalf("switch to %s: %d", name, res.Code)
		}
		list := c.Get("/bibob/interventies")
		if list.Code != http.StatusOK {
			t.Fatalf("list in %s: %d", name, list.Code)
		}
		for other := range orgs {
			if has := strings.Contains(list.Body.String(), "Pand-van-"+other); has != (other == name) {
				t.Errorf("in %s the list shows Pand-van-%s: %v", name, other, has)
			}
		}
		detail := c.Get("/bibob/interventies/" + ids[name])
		if detail.Code != http.StatusOK || !strings.Contains(detail.Body.String(), "Toelichting-van-"+name) {
			t.Errorf("detail in %s: %d", name, detail.Code)
		}
		if res := c.Get("/bibob/interventies/" + ids["B"]); res.Code != http.StatusNotFound {
			t.Errorf("B's intervention while in %s: %d, want 404", name, res.Code)
		}
		var access, reads int
		h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND actor_id = $2 AND action = 'delegation.access'
			AND purpose = 'GET /bibob/interventies'`, orgs[name].ID, team.ID).Scan(&access)
		h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND actor_id = $2 AND action = 'bibob.intervention.read'
			AND object_id = $3`, orgs[name].ID, team.ID, ids[name]).Scan(&reads)
		if access != 1 || reads != 1 {
			t.Errorf("audit of %s: %d list accesses and %d reads, want 1 and 1", name, access, reads)
		}
	}
	// In B the team works on the action list only.
	if res := c.PostForm("/organisatie/wissel", url.Values{"org": {orgs["B"].ID}}); res.Code != http.StatusSeeOther {
		t.Fatalf("switch to B: %d", res.Code)
	}
	if res := c.Get("/bibob/interventies"); res.Code != http.StatusForbidden {
		t.Errorf("list in B: %d, want 403", res.Code)
	}
	if res := c.Get("/bibob/interventies/" + ids["B"]); res.Code != http.StatusForbidden && res.Code != http.StatusNotFound {
		t.Errorf("B's intervention in B: %d", res.Code)
	}
	var reads int
	h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'bibob.intervention.read'`, orgs["B"].ID).Scan(&reads)
	if reads != 0 {
		t.Errorf("%d reads of B's interventions", reads)
	}
}
