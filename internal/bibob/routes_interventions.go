package bibob

import "github.com/weerbaar/weerbaar/internal/web"

// interventionRoutes are the interventions register and the Open Zaak link.
func (s *Store) interventionRoutes() []web.Route { return nil }
