package org

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of the organisation pages.
//
// The chart of teams and the functions are for everyone who reads the
// organisation model, but the list of employees needs org.manage: it names
// people with their team and employment dates, personal data that only HR
// and the coordinator need (data minimisation); the chart shows counts only.
func (s *Store) Module() web.Module {
	return web.Module{
		Name:      "org",
		Templates: Templates(),
		Routes: []web.Route{
			{Pattern: "GET /organisatie", Perm: auth.OrgRead, Handle: s.chartPage},
			{Pattern: "GET /organisatie/medewerkers", Perm: auth.OrgManage, Handle: s.employeesPage},
			{Pattern: "GET /organisatie/import", Perm: auth.OrgManage, Handle: s.importForm},
			// The body limit leaves room for the multipart envelope around a
			// file of the largest size Import accepts.
			{Pattern: "POST /organisatie/import", Perm: auth.OrgManage, Handle: s.importPost, MaxBody: MaxImportBytes + 64<<10},
		},
		Nav: []web.NavItem{{Key: "nav.org", Path: "/organisatie", Perm: auth.OrgRead, Order: 20}},
	}
}

// teamNode is a team of the chart with the number of its employees.
type teamNode struct {
	Team  *Team
	Count int // employees working in this team today, sub-teams not included
	// CountLabel is Count in words, made here because the recursive
	// template of the tree has no access to the page's translations.
	CountLabel string
	Children   []teamNode
}

func nodes(lang i18n.Lang, teams []*Team, counts map[string]int) []teamNode {
	out := make([]teamNode, len(teams))
	for i, t := range teams {
		key := "org.team_count"
		if counts[t.ID] == 1 {
			key = "org.team_count_one"
		}
		out[i] = teamNode{Team: t, Count: counts[t.ID], CountLabel: i18n.T(lang, key, counts[t.ID]), Children: nodes(lang, t.Children, counts)}
	}
	return out
}

type chartData struct {
	Teams     []teamNode
	Functions []Function
}

func (s *Store) chartPage(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	teams, err := s.Teams(r.Context(), sc)
	if err != nil {
		return err
	}
	funcs, err := s.Functions(r.Context(), sc)
	if err != nil {
		return err
	}
	emps, err := s.Employees(r.Context(), sc, EmployeeFilter{ActiveOn: s.today()})
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, e := range emps {
		counts[e.TeamID]++
	}
	return web.Render(w, r, web.View{Name: "org_chart", TitleKey: "org.title", Data: chartData{Teams: nodes(web.LangOf(r), teams, counts), Functions: funcs}})
}

// teamOption is a team in the filter's list, indented by its depth.
type teamOption struct {
	ID, Label string
}

func options(teams []*Team, prefix string, out []teamOption) []teamOption {
	for _, t := range teams {
		out = append(out, teamOption{ID: t.ID, Label: prefix + t.Name})
		out = options(t.Children, prefix+"— ", out)
	}
	return out
}

type employeesData struct {
	Employees []*Employee
	Teams     []teamOption
	Team      string
	Today     string
}

func (s *Store) employeesPage(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	teams, err := s.Teams(r.Context(), sc)
	if err != nil {
		return err
	}
	team := r.URL.Query().Get("team")
	emps, err := s.Employees(r.Context(), sc, EmployeeFilter{TeamID: team})
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "org_employees", TitleKey: "org.employees.title",
		Data: employeesData{Employees: emps, Teams: options(teams, "", nil), Team: team, Today: s.today()}})
}
