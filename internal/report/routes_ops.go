package report

import "github.com/weerbaar/weerbaar/internal/web"

// opsRoutes are deadlines and overdue views, aggression and aftercare, the
// trend dashboard, retention and the meldpunt's settings.
func (s *Store) opsRoutes() []web.Route { return nil }

// opsNav is the navigation of the overviews and settings.
func (s *Store) opsNav() []web.NavItem { return nil }
