package people_test

import (
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/people"
)

func statusOf(list []people.ScreeningStatus, id string) (people.ScreeningStatus, bool) {
	for _, s := range list {
		if s.ID == id {
			return s, true
		}
	}
	return people.ScreeningStatus{}, false
}

// The clock stands on 2 March 2026 (apptest.Start).
func TestScreeningDue(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	team := e.team(t, e.a, "Samenleving", "")
	plain := e.function(t, e.a, "baliemedewerker", "")
	vog := e.function(t, e.a, "vergunningverlener", "vog")
	oov := e.function(t, e.a, "adviseur_oov", "vog_p")
	boa := e.function(t, e.a, "boa", "vog_p")

	// Changed in January from a VOG function to a VOG-P function; the VOG
	// of 2018 does not cover it.
	changed := e.employee(t, e.a, team, "Wisselaar", "2018-01-01", "")
	e.assign(t, e.a, changed, vog, "2018-01-01", "2025-12-31")
	e.assign(t, e.a, changed, oov, "2026-01-01", "")
	e.screened(t, changed, "vog", "2018-01-10")
	// Screened for VOG-P in 2024, then a new VOG-P function in 2025.
	moved := e.employee(t, e.a, team, "Doorstromer", "2020-01-01", "")
	e.assign(t, e.a, moved, oov, "2020-01-01", "2025-05-31")
	e.assign(t, e.a, moved, boa, "2025-06-01", "")
	e.screened(t, moved, "vog_p", "2024-01-01")
	// Screened in May 2021: the five-year period ends in May 2026.
	periodic := e.employee(t, e.a, team, "Blijver", "2019-01-01", "")
	e.assign(t, e.a, periodic, vog, "2019-01-01", "")
	e.screened(t, periodic, "vog", "2021-05-01")
	// Left at the end of 2025, never screened: no longer counted.
	left := e.employee(t, e.a, team, "Vertrokken", "2019-01-01", "2025-12-31")
	e.assign(t, e.a, left, boa, "2019-01-01", "2025-12-31")
	// Holds no function that needs a VOG.
	clerk := e.employee(t, e.a, team, "Balie", "2019-01-01", "")
	e.assign(t, e.a, clerk, plain, "2019-01-01", "")
	// Never screened for a VOG-P function.
	never := e.employee(t, e.a, team, "Nooit", "2025-01-01", "")
	e.assign(t, e.a, never, boa, "2025-01-01", "")

	list, err := e.ps.ScreeningList(ctx, e.hr)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id, reason, required string
	}{
		{changed, people.DueLevel, "vog_p"},
		{moved, people.DueFunctionChange, "vog_p"},
		{never, people.DueNever, "vog_p"},
	} {
		s, ok := statusOf(list, c.id)
		if !ok || !s.Due || s.Reason != c.reason || s.Required != c.required {
			t.Errorf("%s: got %+v (listed %v), want due for %s needing %s", c.id, s, ok, c.reason, c.required)
		}
	}
	if s, ok := statusOf(list, periodic); !ok || s.Due || s.DueOn != "2026-05-01" {
		t.Errorf("periodic: got %+v, want not yet due, due on 2026-05-01", s)
	}
	for _, id := range []string{left, clerk} {
		if _, ok := statusOf(list, id); ok {
			t.Errorf("%s is listed; someone who left or needs no VOG must not be", id)
		}
	}
	if !list[0].Due || list[len(list)-1].Due {
		t.Errorf("those due must come first: %+v", list)
	}

	// Two months later the period has passed.
	e.h.Clock.Advance(61 * 24 * time.Hour)
	list, err = e.ps.ScreeningList(ctx, e.hr)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := statusOf(list, periodic); !s.Due || s.Reason != people.DuePeriodic {
		t.Errorf("periodic after the period: got %+v, want due", s)
	}
	// A rescreening clears it.
	e.screened(t, changed, "vog_p", "2026-05-01")
	list, _ = e.ps.ScreeningList(ctx, e.hr)
	if s, _ := statusOf(list, changed); s.Due {
		t.Errorf("after a VOG-P screening: still due %+v", s)
	}
}

func TestScreeningTeamScope(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	own := e.team(t, e.a, "Handhaving", "")
	sub := e.team(t, e.a, "Boa's", own)
	other := e.team(t, e.a, "Financiën", "")
	boa := e.function(t, e.a, "boa", "vog_p")
	var ids []string
	for _, tm := range []string{own, sub, other} {
		id := e.employee(t, e.a, tm, "Mw "+tm, "2020-01-01", "")
		e.assign(t, e.a, id, boa, "2020-01-01", "")
		ids = append(ids, id)
	}
	// A teamleider not yet recorded as leading a team sees nobody.
	list, err := e.ps.ScreeningList(ctx, e.lead)
	if err != nil || len(list) != 0 {
		t.Fatalf("teamleider without teams: %d people, %v", len(list), err)
	}
	e.exec(t, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, e.a.ID, e.leadUser.ID, own)
	list, err = e.ps.ScreeningList(ctx, e.lead)
	if err != nil {
		t.Fatal(err)
	}
	_, seesOwn := statusOf(list, ids[0])
	_, seesSub := statusOf(list, ids[1])
	_, seesOther := statusOf(list, ids[2])
	if !seesOwn || !seesSub || seesOther || len(list) != 2 {
		t.Errorf("teamleider: own %v, sub-team %v, other team %v (%d listed); want own team and sub-team only", seesOwn, seesSub, seesOther, len(list))
	}
	oaths, err := e.ps.OathRegister(ctx, e.lead)
	if err != nil || len(oaths) != 2 {
		t.Errorf("teamleider's oath register: %d people, %v; want 2", len(oaths), err)
	}
	if list, _ := e.ps.ScreeningList(ctx, e.hr); len(list) != 3 {
		t.Errorf("HR sees %d, want all 3", len(list))
	}
	if list, _ := e.ps.ScreeningList(ctx, e.coord); len(list) != 3 {
		t.Errorf("coordinator sees %d, want all 3", len(list))
	}
	if _, err := e.ps.ScreeningList(ctx, e.emp); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("employee: %v, want forbidden", err)
	}
	// Another organisation sees none of A's people.
	if list, _ := e.ps.ScreeningList(ctx, e.hrB); len(list) != 0 {
		t.Errorf("HR of B sees %d of A's people", len(list))
	}
}

func TestScreeningBadInputWritesNothing(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	team := e.team(t, e.a, "Advies", "")
	emp := e.employee(t, e.a, team, "Jansen", "2020-01-01", "")
	_, err := e.ps.AddScreening(ctx, e.hr, people.ScreeningInput{EmployeeID: emp, Kind: "vog-q", ScreenedOn: "31-02-2025"})
	wantFields(t, err, "kind", "screened_on")
	_, err = e.ps.AddScreening(ctx, e.hr, people.ScreeningInput{EmployeeID: "nobody", Kind: "vog", ScreenedOn: "2027-01-01"})
	wantFields(t, err, "employee", "screened_on")
	// An employee of another organisation is unknown here.
	otherTeam := e.team(t, e.b, "Advies", "")
	foreign := e.employee(t, e.b, otherTeam, "Buur", "2020-01-01", "")
	_, err = e.ps.AddScreening(ctx, e.hr, people.ScreeningInput{EmployeeID: foreign, Kind: "vog", ScreenedOn: "2025-01-01"})
	wantFields(t, err, "employee")
	_, err = e.ps.AddScreening(ctx, e.coord, people.ScreeningInput{EmployeeID: emp, Kind: "vog", ScreenedOn: "2025-01-01"})
	wantCode(t, "coordinator records a screening", err, apperr.Forbidden)
	if n := e.count(t, `SELECT COUNT(*) FROM screenings`); n != 0 {
		t.Errorf("%d screenings written by refused input", n)
	}
}

func TestFunctionLevel(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	fn := e.function(t, e.a, "informatiebeheerder", "")
	if err := e.ps.SetFunctionLevel(ctx, e.hr, fn, "vog_p"); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM functions WHERE id = $1 AND vog_level = 'vog_p'`, fn); n != 1 {
		t.Error("level not stored")
	}
	wantFields(t, e.ps.SetFunctionLevel(ctx, e.hr, fn, "hoog"), "vog_level")
	wantFields(t, e.ps.SetFunctionLevel(ctx, e.hrB, fn, "vog"), "function")
	if n := e.count(t, `SELECT COUNT(*) FROM functions WHERE id = $1 AND vog_level = 'vog_p'`, fn); n != 1 {
		t.Error("refused change was written")
	}
}

func TestScreeningHistorySealed(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	team := e.team(t, e.a, "Toezicht", "")
	emp := e.employee(t, e.a, team, "Toezichthouder", "2020-01-01", "")
	if _, err := e.ps.AddScreening(ctx, e.hr, people.ScreeningInput{EmployeeID: emp, Kind: "vog_p", ScreenedOn: "2025-03-01", Note: secretText}); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := e.h.App.DB.Read.QueryRowContext(ctx, `SELECT note FROM screenings`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), secretText) {
		t.Fatal("screening note stored in plain text")
	}
	p, list, err := e.ps.Screenings(ctx, e.hr, emp)
	if err != nil || p.Name != "Toezichthouder" || len(list) != 1 || list[0].Note != secretText {
		t.Fatalf("history: %+v %+v %v", p, list, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.screening.read' AND object_id = $1`, emp); n != 1 {
		t.Errorf("history read audited %d times", n)
	}
	_, _, err = e.ps.Screenings(ctx, e.coord, emp)
	wantCode(t, "coordinator reads notes", err, apperr.Forbidden)
	_, _, err = e.ps.Screenings(ctx, e.hrB, emp)
	wantCode(t, "HR of B reads A's screenings", err, apperr.NotFound)
}

func TestSuggestedLevels(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	boa := e.function(t, e.a, "boa", "")
	oov := e.function(t, e.a, "adviseur_oov", "")
	clerk := e.function(t, e.a, "baliemedewerker", "")
	kept := e.function(t, e.a, "toezichthouder_bouw", "vog")
	if _, err := e.ps.ApplySuggestedLevels(ctx, e.coord); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("coordinator applies defaults: %v", err)
	}
	n, err := e.ps.ApplySuggestedLevels(ctx, e.hr)
	if err != nil || n != 2 {
		t.Fatalf("applied %d, %v; want 2", n, err)
	}
	for id, want := range map[string]string{boa: "vog_p", oov: "vog_p", clerk: "", kept: "vog"} {
		if got := e.count(t, `SELECT COUNT(*) FROM functions WHERE id = $1 AND vog_level = $2`, id, want); got != 1 {
			t.Errorf("function %s: level is not %q", id, want)
		}
	}
}
