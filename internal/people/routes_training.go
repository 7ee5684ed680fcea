package people

import "github.com/weerbaar/weerbaar/internal/web"

func (s *Store) trainingRoutes() []web.Route {
	return nil
}
