package risk

import "github.com/weerbaar/weerbaar/internal/web"

func (s *Store) matrixRoutes() []web.Route {
	return nil
}
