package people

import (
	"context"
	"database/sql"
	"net/http"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// PersonKinds are the kinds of person an employee record can be: staff, or
// a member of the college (wethouders) or the council (raadsleden), who
// fall under the duties and registers where the organisation includes
// them (Settings.IncludeCouncil).
var PersonKinds = []string{KindStaff, KindCollege, KindCouncil}

// ActionPersonKind is audited when HR changes the kind of a person.
const ActionPersonKind = area + ".person.kind"

// SetPersonKind records whether an employee record is staff, college or
// council. The HR import creates staff; HR marks bestuurders here.
func (s *Store) SetPersonKind(ctx context.Context, sc *auth.Scope, employeeID, kind string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE org_id = $1 AND id = $2`, sc.OrgID, employeeID).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if !slices.Contains(PersonKinds, kind) {
			return apperr.List{apperr.FieldErr("kind", "people.person_kind.invalid")}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE employees SET person_kind = $3 WHERE org_id = $1 AND id = $2`, sc.OrgID, employeeID, kind); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, ActionPersonKind, "employee", employeeID)
	})
}

func (s *Store) personKindPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("personID")
	if err := s.SetPersonKind(r.Context(), web.ScopeOf(r), id, r.PostForm.Get("kind")); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		return s.renderPerson(w, r, err)
	}
	return web.Redirect(w, r, "/mensen/training/personen/"+id, "flash.people_person_kind_saved")
}

type apiPersonKind struct {
	Soort string `json:"soort"`
}

func (s *Store) apiPersonKind(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	id := r.PathValue("personID")
	if _, err := s.Person(r.Context(), sc, id); err != nil {
		return err
	}
	var in apiPersonKind
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.SetPersonKind(r.Context(), sc, id, in.Soort); err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, in)
}
