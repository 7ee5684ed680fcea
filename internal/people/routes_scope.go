package people

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) scopeRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /mensen", Perm: auth.PeopleRead, Handle: s.overviewPage},
	}
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
