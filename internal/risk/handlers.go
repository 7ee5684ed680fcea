package risk

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

// Module returns the routes and navigation of the process register, the
// risk matrix and decisions, and the duty analysis. Each part declares its
// routes in its own file.
func (s *Store) Module() web.Module {
	var routes []web.Route
	routes = append(routes, s.registerRoutes()...)
	routes = append(routes, s.matrixRoutes()...)
	routes = append(routes, s.findingRoutes()...)
	return web.Module{
		Name:      "risk",
		Templates: Templates(),
		Routes:    routes,
		Nav: []web.NavItem{
			{Key: "nav.processes", Path: "/processen", Perm: auth.RiskRead, Order: 30},
			{Key: "nav.findings", Path: "/bevindingen", Perm: auth.RiskRead, Order: 31},
			{Key: "nav.risks", Path: "/risicos", Perm: auth.RiskRead, Order: 32},
		},
	}
}
