package people

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) confidantsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	list, err := s.Confidants(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"kind": {"internal"}}
	}
	return web.View{Name: "integrity_confidants", TitleKey: "integrity.confidant.title", Data: list, Form: form, Err: ferr}, nil
}

func (s *Store) confidantsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.confidantsView)(w, r)
}

func (s *Store) confidantsPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.confidantsView, "/mensen/vertrouwenspersonen", func(f url.Values) error {
		_, err := s.AddConfidant(r.Context(), web.ScopeOf(r), Confidant{Name: f.Get("name"), Kind: f.Get("kind"), Phone: f.Get("confidant_phone"),
			Email: f.Get("email"), Note: f.Get("confidant_note")})
		return err
	})
}

func (s *Store) confidantRemovePost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.confidantsView, "/mensen/vertrouwenspersonen", func(f url.Values) error {
		return s.RemoveConfidant(r.Context(), web.ScopeOf(r), f.Get("confidant"))
	})
}
