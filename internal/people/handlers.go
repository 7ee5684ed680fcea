package people

import (
	"embed"
	"io/fs"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of the people registers. Each
// part declares its routes in its own file.
func (s *Store) Module() web.Module {
	var routes []web.Route
	routes = append(routes, s.scopeRoutes()...)
	routes = append(routes, s.trainingRoutes()...)
	routes = append(routes, s.integrityRoutes()...)
	return web.Module{
		Name:      "people",
		Templates: Templates(),
		Routes:    routes,
		Nav: []web.NavItem{
			{Key: "nav.people", Path: "/mensen", Perm: auth.PeopleRead, Order: 40, Group: "nav.group.people"},
			{Key: "nav.confidants", Path: "/mensen/vertrouwenspersonen", Perm: auth.PeopleDirectory, Order: 41, Group: "nav.group.people"},
			{Key: "nav.candidates", Path: "/mensen/kandidaten", Perm: auth.PeopleCandidates, Order: 42, Group: "nav.group.people"},
		},
	}
}
