package bibob

import (
	"context"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// RegisterScreeningZaak creates a zaak in Open Zaak for a screening
// (bibob.screen) and keeps its URL in zaak_links. A screening the scope may
// not see is not found. The description names only the kind and the
// application's case number ("Bibob-toets H-1"): no applicant, findings or
// outcome leave Weerbaar.
func (s *Store) RegisterScreeningZaak(ctx context.Context, sc *auth.Scope, id string) (string, error) {
	if !sc.Allows(auth.BibobScreen) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden")
	}
	x, _, err := s.loadScreening(ctx, sc, id)
	if err != nil {
		return "", err
	}
	return s.RegisterZaak(ctx, sc, ObjScreening, id, "Bibob-toets "+x.Application.CaseNumber)
}

func (s *Store) screeningZaakPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("screeningID")
	if _, err := s.RegisterScreeningZaak(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	return web.Redirect(w, r, "/bibob/screenings/"+id, "flash.bibob_zaak_created")
}

func (s *Store) apiScreeningZaak(w http.ResponseWriter, r *http.Request) error {
	u, err := s.RegisterScreeningZaak(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, map[string]string{"zaak": u})
}
