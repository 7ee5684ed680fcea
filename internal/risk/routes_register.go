package risk

import "github.com/weerbaar/weerbaar/internal/web"

func (s *Store) registerRoutes() []web.Route {
	return nil
}
