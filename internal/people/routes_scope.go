package people

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) scopeRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /mensen", Perm: auth.PeopleRead, Handle: s.overviewPage},
		{Pattern: "GET /mensen/teamleiders", Perm: auth.PeopleManage, Handle: s.teamLeadsPage},
		{Pattern: "POST /mensen/teamleiders/{userID}", Perm: auth.PeopleManage, Handle: s.teamLeadsPost},
		{Pattern: "POST /mensen/training/personen/{personID}/soort", Perm: auth.PeopleManage, Handle: s.personKindPost},
		{Pattern: "PUT /api/v1/medewerkers/{personID}/soort", Perm: auth.PeopleManage, Handle: s.apiPersonKind,
			Summary: "Vastleggen of een medewerker personeel is, lid van het college (wethouder) of van de raad (raadslid): {\"soort\": \"staff\"|\"college\"|\"council\"}"},

		// --- API for the write operations that were only web pages (issue 6); handlers in people_api_more.go ---
		{Pattern: "GET /api/v1/teamleiders", Perm: auth.PeopleManage, Handle: s.apiTeamLeads,
			Summary: "De teamleiders van de organisatie met de teams die zij leiden"},
		{Pattern: "PUT /api/v1/teamleiders/{userID}/teams", Perm: auth.PeopleManage, Handle: s.apiSetLedTeams,
			Summary: "De teams vervangen die een teamleider leidt (een lege lijst: geen teams)"},
		// --- end of the issue-6 API block ---
	}
}

type teamLeadsData struct {
	Leads []TeamLead
	Teams []Ref
}

func (s *Store) teamLeadsView(r *http.Request, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	leads, err := s.TeamLeads(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	teams, err := s.Teams(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "people_team_leads", TitleKey: "people.team_leads.title", Data: teamLeadsData{Leads: leads, Teams: teams}, Err: ferr}, nil
}

func (s *Store) teamLeadsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.teamLeadsView(r, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) teamLeadsPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	teams := r.PostForm["team"]
	if teams == nil {
		teams = []string{}
	}
	if err := s.SetLedTeams(r.Context(), web.ScopeOf(r), r.PathValue("userID"), teams); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.teamLeadsView(r, err)
		if verr != nil {
			return verr
		}
		v.Status = http.StatusUnprocessableEntity
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/mensen/teamleiders", "flash.people_team_leads_saved")
}

// overviewData is the landing page of the people registers; the parts add
// their sections.
type overviewData struct {
	Scope TeamScope
}

func (s *Store) overviewPage(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.TeamScope(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "people_overview", TitleKey: "people.title", Data: overviewData{Scope: ts}})
}
