package report

import "github.com/weerbaar/weerbaar/internal/web"

// intakeRoutes are intake on every channel, anonymous follow-up, handling
// of one report, identity protection and messages.
func (s *Store) intakeRoutes() []web.Route { return nil }

// intakeNav is the navigation of intake and handling.
func (s *Store) intakeNav() []web.NavItem { return nil }
