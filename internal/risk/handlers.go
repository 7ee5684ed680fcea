package risk

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"

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
	s.guardTeams(routes)
	return web.Module{
		Name:      "risk",
		Templates: Templates(),
		Routes:    routes,
		Nav: []web.NavItem{
			{Key: "nav.processes", Path: "/processen", Perm: auth.RiskRead, Order: 30, Group: "nav.group.risk"},
			{Key: "nav.findings", Path: "/bevindingen", Perm: auth.RiskRead, Order: 31, Group: "nav.group.risk"},
			{Key: "nav.risks", Path: "/risicos", Perm: auth.RiskRead, Order: 32, Group: "nav.group.risk"},
		},
	}
}

// registerParams are the path parameters that name a part of one process.
var registerParams = []string{"processID", "stepID", "vulnerabilityID", "controlID"}

// guardTeams puts every route that changes a process, or a step,
// vulnerability or control of one (risk.edit), behind the team check: the
// coordinator changes every team's register, a teamleider only the teams
// they lead. The check runs before the handler reads the form, so a refusal
// is the same whatever was sent. logChange checks again in the change's
// transaction, for callers other than these routes.
func (s *Store) guardTeams(routes []web.Route) {
	for i, rt := range routes {
		if rt.Perm != auth.RiskEdit {
			continue
		}
		for _, param := range registerParams {
			if !strings.Contains(rt.Pattern, "{"+param+"}") {
				continue
			}
			next := rt.Handle
			routes[i].Handle = func(w http.ResponseWriter, r *http.Request) error {
				if err := s.mayEditObject(r.Context(), web.ScopeOf(r), param, r.PathValue(param)); err != nil {
					return err
				}
				return next(w, r)
			}
			break
		}
	}
}

// mayEditObject is mayEditProcess for the process that the object a path
// parameter names belongs to; NotFound when it is not the organisation's.
func (s *Store) mayEditObject(ctx context.Context, sc *auth.Scope, param, id string) error {
	pid := id
	var err error
	switch param {
	case "stepID":
		pid, err = stepProcess(ctx, s.db.Read, sc.OrgID, id)
	case "vulnerabilityID":
		pid, err = objectProcess(ctx, s.db.Read, "vulnerabilities", sc.OrgID, id)
	case "controlID":
		pid, err = objectProcess(ctx, s.db.Read, "controls", sc.OrgID, id)
	}
	if err != nil {
		return err
	}
	return s.mayEditProcess(ctx, s.db.Read, sc, pid)
}
