package bibob

import "github.com/weerbaar/weerbaar/internal/web"

// routes are the applications, the policy, the screenings and the splitting
// flags.
func (s *Store) routes() []web.Route { return nil }

// nav is the capability's navigation.
func (s *Store) nav() []web.NavItem { return nil }
