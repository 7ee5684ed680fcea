package people

import "github.com/weerbaar/weerbaar/internal/web"

func (s *Store) integrityRoutes() []web.Route {
	return nil
}
