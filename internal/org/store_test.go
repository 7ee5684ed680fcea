package org_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/org"
)

// wantFields fails unless err is a list of field errors for exactly these
// fields, each with a Dutch message.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var list apperr.List
	if !errors.As(err, &list) {
		t.Fatalf("want field errors %v, got %v", fields, err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Field)
		if !i18n.Has(e.Key) {
			t.Errorf("field %s: key %q has no message", e.Field, e.Key)
		}
	}
	if !slices.Equal(got, fields) {
		t.Fatalf("want errors on %v, got %v", fields, got)
	}
}

func (e *env) team(t *testing.T, sc *auth.Scope, name, code, parent string) *org.Team {
	t.Helper()
	tm, err := e.org.CreateTeam(e.ctx, sc, org.NewTeam{Name: name, Code: code, ParentID: parent})
	if err != nil {
		t.Fatalf("create team %s: %v", name, err)
	}
	return tm
}

func TestTeamsAsTree(t *testing.T) {
	e := newEnv(t)
	ruimte := e.team(t, e.a, "Ruimte", "R", "")
	e.team(t, e.a, "Vergunningen", "VERG", ruimte.ID)
	bouwen := e.team(t, e.a, "Bouwen", "", ruimte.ID)
	e.team(t, e.a, "Bouwtoezicht", "", bouwen.ID)
	e.team(t, e.a, "Dienstverlening", "", "")
	teams, err := e.org.Teams(e.ctx, e.reader)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var walk func(ts []*org.Team, indent string)
	walk = func(ts []*org.Team, indent string) {
		for _, tm := range ts {
			lines = append(lines, indent+tm.Name)
			walk(tm.Children, indent+"  ")
		}
	}
	walk(teams, "")
	want := []string{"Dienstverlening", "Ruimte", "  Bouwen", "    Bouwtoezicht", "  Vergunningen"}
	if !slices.Equal(lines, want) {
		t.Fatalf("tree:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if other, _ := e.org.Teams(e.ctx, e.b); len(other) != 0 {
		t.Fatal("B sees A's teams")
	}
}

func TestCreateTeamChecksEverythingAtOnce(t *testing.T) {
	e := newEnv(t)
	e.team(t, e.a, "Ruimte", "R", "")
	foreign := e.team(t, e.b, "Elders", "", "")
	before := e.snapshot(t)
	_, err := e.org.CreateTeam(e.ctx, e.a, org.NewTeam{Name: "  ruimte ", Code: "R", ParentID: foreign.ID})
	wantFields(t, err, "parent", "name", "code")
	_, err = e.org.CreateTeam(e.ctx, e.a, org.NewTeam{Name: " ", Code: strings.Repeat("x", 51)})
	wantFields(t, err, "name", "code")
	if e.snapshot(t) != before {
		t.Fatal("a refused team was written")
	}
	// B may use the same name and code: uniqueness is per organisation.
	e.team(t, e.b, "Ruimte", "R", "")
}

func TestCreateFunction(t *testing.T) {
	e := newEnv(t)
	f, err := e.org.CreateFunction(e.ctx, e.a, org.NewFunction{Code: "BIB", Name: "Bibob-onderzoeker", Sensitive: true, VOGLevel: org.VOGP})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.org.CreateFunction(e.ctx, e.a, org.NewFunction{Code: "BIB", Name: "", VOGLevel: "vog-plus"})
	wantFields(t, err, "name", "vog_level", "code")
	fns, err := e.org.Functions(e.ctx, e.reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(fns) != 1 || fns[0] != *f || !fns[0].Sensitive || fns[0].VOGLevel != org.VOGP {
		t.Fatalf("functions = %+v", fns)
	}
}

func TestEmployeesAndAssignments(t *testing.T) {
	e := newEnv(t)
	verg := e.team(t, e.a, "Vergunningen", "", "")
	bz := e.team(t, e.a, "Burgerzaken", "", "")
	foreign := e.team(t, e.b, "Elders", "", "")
	vv, _ := e.org.CreateFunction(e.ctx, e.a, org.NewFunction{Code: "VV", Name: "Vergunningverlener", Sensitive: true})
	anna, err := e.org.CreateEmployee(e.ctx, e.a, org.NewEmployee{Number: "1001", Name: "Anna de Boer", TeamID: verg.ID, StartDate: "01-04-2015"})
	if err != nil {
		t.Fatal(err)
	}
	if anna.StartDate != "2015-04-01" || anna.TeamName != "Vergunningen" {
		t.Errorf("anna = %+v", anna)
	}
	henk, err := e.org.CreateEmployee(e.ctx, e.a, org.NewEmployee{Number: "1009", Name: "Henk Oud", TeamID: verg.ID,
		StartDate: "2001-01-01", EndDate: "2024-06-30", ClientContact: true, Hired: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.org.CreateEmployee(e.ctx, e.a, org.NewEmployee{Number: "1010", Name: "Carla", TeamID: bz.ID, StartDate: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.org.CreateEmployee(e.ctx, e.a, org.NewEmployee{Number: "1001", Name: "", TeamID: foreign.ID, StartDate: "2020-02-30"})
	wantFields(t, err, "name", "start_date", "team", "number")
	_, err = e.org.CreateEmployee(e.ctx, e.a, org.NewEmployee{Number: "1011", Name: "X", TeamID: bz.ID, StartDate: "2020-01-01", EndDate: "2019-01-01"})
	wantFields(t, err, "end_date")

	got, err := e.org.Employees(e.ctx, e.reader, org.EmployeeFilter{TeamID: verg.ID, ActiveOn: "2026-03-02"})
	if err != nil || len(got) != 1 || got[0].ID != anna.ID {
		t.Fatalf("active in Vergunningen = %+v %v", got, err)
	}
	if got, _ := e.org.Employee(e.ctx, e.reader, henk.ID); !got.Hired || !got.ClientContact || got.EndDate != "2024-06-30" || got.Active("2024-07-01") {
		t.Errorf("henk = %+v", got)
	}
	if _, err := e.org.Employees(e.ctx, e.reader, org.EmployeeFilter{ActiveOn: "gisteren"}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a bad date filters nothing: %v", err)
	}

	if _, err := e.org.Assign(e.ctx, e.a, org.NewAssignment{EmployeeID: anna.ID, FunctionID: vv.ID, StartDate: "2015-04-01", EndDate: "2019-12-31"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.org.Assign(e.ctx, e.a, org.NewAssignment{EmployeeID: anna.ID, FunctionID: vv.ID, StartDate: "2021-01-01"}); err != nil {
		t.Fatal(err)
	}
	// Henk's assignment was never closed, but he left: he holds nothing now.
	if _, err := e.org.Assign(e.ctx, e.a, org.NewAssignment{EmployeeID: henk.ID, FunctionID: vv.ID, StartDate: "2001-01-01"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.org.Assign(e.ctx, e.a, org.NewAssignment{EmployeeID: anna.ID, FunctionID: vv.ID, StartDate: "2019-06-01", EndDate: "2020-06-01"})
	wantFields(t, err, "start_date")
	if msg := i18n.T(i18n.NL, apperr.As(err.(apperr.List)[0]).Key, err.(apperr.List)[0].Args...); !strings.Contains(msg, "01-04-2015") {
		t.Errorf("overlap message = %q", msg)
	}
	holders := func(on string) []string {
		as, err := e.org.Assignments(e.ctx, e.reader, org.AssignmentFilter{FunctionID: vv.ID, ActiveOn: on})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range as {
			names = append(names, a.EmployeeName)
		}
		return names
	}
	for on, want := range map[string][]string{
		"2018-01-01": {"Anna de Boer", "Henk Oud"},
		"2020-06-01": {"Henk Oud"},
		"2026-03-02": {"Anna de Boer"},
	} {
		if got := holders(on); !slices.Equal(got, want) {
			t.Errorf("holders on %s = %v, want %v", on, got, want)
		}
	}
	mine, _ := e.org.Assignments(e.ctx, e.reader, org.AssignmentFilter{EmployeeID: anna.ID})
	if len(mine) != 2 || mine[0].StartDate != "2015-04-01" || mine[1].EndDate != "" || mine[0].FunctionCode != "VV" {
		t.Errorf("Anna's assignments = %+v", mine)
	}
	if other, _ := e.org.Assignments(e.ctx, e.b, org.AssignmentFilter{EmployeeID: anna.ID}); len(other) != 0 {
		t.Error("B sees A's assignments by employee id")
	}
	_, err = e.org.Assign(e.ctx, e.b, org.NewAssignment{EmployeeID: anna.ID, FunctionID: vv.ID, StartDate: "2030-01-01"})
	wantFields(t, err, "employee", "function")
}

func TestEveryChangeIsAudited(t *testing.T) {
	e := newEnv(t)
	tm := e.team(t, e.a, "Vergunningen", "", "")
	f, _ := e.org.CreateFunction(e.ctx, e.a, org.NewFunction{Code: "VV", Name: "Vergunningverlener"})
	emp, _ := e.org.CreateEmployee(e.ctx, e.a, org.NewEmployee{Number: "1", Name: "A", TeamID: tm.ID, StartDate: "2020-01-01"})
	if _, err := e.org.Assign(e.ctx, e.a, org.NewAssignment{EmployeeID: emp.ID, FunctionID: f.ID, StartDate: "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.Read.QueryContext(e.ctx, `SELECT action, object_type FROM audit_log WHERE org_id = $1 ORDER BY seq`, e.a.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var action, typ string
		rows.Scan(&action, &typ)
		got = append(got, action+" "+typ)
		if label := i18n.T(i18n.NL, "audit.action."+action); label == "audit.action."+action {
			t.Errorf("action %s has no Dutch label", action)
		}
	}
	want := []string{"org.team.create team", "org.function.create function", "org.employee.create employee", "org.assignment.create assignment"}
	if !slices.Equal(got, want) {
		t.Fatalf("audit = %v", got)
	}
}

func TestReadersReadAndOnlyManagersChange(t *testing.T) {
	e := newEnv(t)
	if _, err := e.org.Teams(e.ctx, e.reader); err != nil {
		t.Fatalf("an employee cannot read the chart: %v", err)
	}
	if _, err := e.org.CreateTeam(e.ctx, e.reader, org.NewTeam{Name: "Eigen team"}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an employee created a team: %v", err)
	}
	stranger := &auth.Scope{OrgID: e.a.OrgID, UserID: "iemand"}
	if _, err := e.org.Employees(e.ctx, stranger, org.EmployeeFilter{}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a scope without roles reads employees: %v", err)
	}
	if _, err := e.org.Teams(e.ctx, nil); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("no scope reads teams: %v", err)
	}
}
