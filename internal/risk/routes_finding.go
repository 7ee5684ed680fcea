package risk

import "github.com/weerbaar/weerbaar/internal/web"

func (s *Store) findingRoutes() []web.Route {
	return nil
}
