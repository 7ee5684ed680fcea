package people_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// team inserts a team, under parent when given.
func team(t *testing.T, h *apptest.Harness, org *auth.Organisation, name, parent string) string {
	t.Helper()
	id := store.NewID()
	var p any
	if parent != "" {
		p = parent
	}
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO teams (id, org_id, name, parent_id, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0)`,
		id, org.ID, name, p); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestTeamLeadSeesTheTeamsTheyLeadWithSubTeams(t *testing.T) {
	h := apptest.New(t)
	org, other := h.Org("voorbeeldstad"), h.Org("buurdorp")
	hr := h.User(org, "hr", auth.HR)
	lead := h.User(org, "teamleider", auth.TeamLead)
	emp := h.User(org, "medewerker", auth.Employee)
	klant := team(t, h, org, "Klant", "")
	balie := team(t, h, org, "Balie", klant)
	ruimte := team(t, h, org, "Ruimte", "")
	foreign := team(t, h, other, "Elders", "")
	ppl := h.App.People

	ts, err := ppl.TeamScope(h.Ctx, h.Scope(org, lead))
	if err != nil || ts.All || len(ts.Teams) != 0 {
		t.Fatalf("a teamleider without teams sees %+v, %v", ts, err)
	}
	// Bad team ids are named by position and change nothing.
	err = ppl.SetLedTeams(h.Ctx, h.Scope(org, hr), lead.ID, []string{klant, foreign, "geen"})
	var l apperr.List
	if !errors.As(err, &l) || len(l) != 2 || l[0].Row != 2 || l[1].Row != 3 {
		t.Fatalf("want rows 2 and 3 named, got %v", err)
	}
	if ts, _ := ppl.TeamScope(h.Ctx, h.Scope(org, lead)); len(ts.Teams) != 0 {
		t.Fatalf("a refused change was written: %+v", ts)
	}
	if err := ppl.SetLedTeams(h.Ctx, h.Scope(org, hr), lead.ID, []string{klant}); err != nil {
		t.Fatal(err)
	}
	ts, err = ppl.TeamScope(h.Ctx, h.Scope(org, lead))
	if err != nil || ts.All || !ts.Sees(klant) || !ts.Sees(balie) || ts.Sees(ruimte) || ts.Sees(foreign) {
		t.Errorf("teamleider of Klant sees %+v, %v", ts, err)
	}
	if ts, _ := ppl.TeamScope(h.Ctx, h.Scope(org, hr)); !ts.All {
		t.Errorf("HR does not see all teams")
	}
	if _, err := ppl.TeamScope(h.Ctx, h.Scope(org, emp)); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("an employee's team scope: %v", err)
	}
	// Only a teamleider of the organisation can be given teams.
	if err := ppl.SetLedTeams(h.Ctx, h.Scope(org, hr), emp.ID, []string{klant}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("teams for an employee: %v", err)
	}

	// Through the page: HR ticks Ruimte instead.
	c := h.Login(hr)
	res := c.Get("/mensen/teamleiders")
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "Balie") {
		t.Fatalf("team leads page: %d", res.Code)
	}
	if res := c.PostForm("/mensen/teamleiders/"+lead.ID, url.Values{"team": {ruimte}}); res.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Code, res.Body)
	}
	if ts, _ := ppl.TeamScope(h.Ctx, h.Scope(org, lead)); !ts.Sees(ruimte) || ts.Sees(klant) {
		t.Errorf("after the page: %+v", ts)
	}
	if res := h.Login(lead).Get("/mensen/teamleiders"); res.Code != http.StatusForbidden {
		t.Errorf("a teamleider manages team leads: %d", res.Code)
	}
}

func TestHRMarksABestuurderAsCollegeOrCouncil(t *testing.T) {
	h := apptest.New(t)
	org, other := h.Org("voorbeeldstad"), h.Org("buurdorp")
	hr := h.User(org, "hr", auth.HR)
	hrB := h.User(other, "hr", auth.HR)
	teamID := team(t, h, org, "Bestuur", "")
	empID := store.NewID()
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, created_at, updated_at)
		VALUES ($1, $2, 'W1', 'Wethouder Wit', $3, '2026-01-01', 0, 0)`, empID, org.ID, teamID); err != nil {
		t.Fatal(err)
	}
	kind := func() string {
		var k string
		if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT person_kind FROM employees WHERE id = $1`, empID).Scan(&k); err != nil {
			t.Fatal(err)
		}
		return k
	}
	c := h.Login(hr)
	if res := c.PostForm("/mensen/training/personen/"+empID+"/soort", url.Values{"kind": {"koning"}}); res.Code != http.StatusUnprocessableEntity || kind() != "staff" {
		t.Fatalf("bad kind: %d, stored %s", res.Code, kind())
	}
	if res := c.PostForm("/mensen/training/personen/"+empID+"/soort", url.Values{"kind": {"college"}}); res.Code != http.StatusSeeOther || kind() != "college" {
		t.Fatalf("college: %d, stored %s", res.Code, kind())
	}
	if res := c.Get("/mensen/training/personen/" + empID); !strings.Contains(res.Body.String(), "College (wethouder)") {
		t.Errorf("the person page does not show the kind")
	}
	tok := h.Token(other, hrB, auth.PeopleRead, auth.PeopleManage)
	if res := h.API(tok, "PUT", "/api/v1/medewerkers/"+empID+"/soort", strings.NewReader(`{"soort":"council"}`)); res.Code != http.StatusNotFound || kind() != "college" {
		t.Errorf("another organisation's HR: %d, stored %s", res.Code, kind())
	}
}
