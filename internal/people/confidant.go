package people

import (
	"context"
	"database/sql"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Confidant is a vertrouwenspersoon in the directory every member of
// staff can read.
type Confidant struct {
	ID    string
	Name  string
	Kind  string // internal or external
	Phone string
	Email string
	Note  string
}

// Confidants returns the directory of vertrouwenspersonen.
func (s *Store) Confidants(ctx context.Context, sc *auth.Scope) ([]Confidant, error) {
	if !sc.Allows(auth.PeopleDirectory) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name, kind, phone, email, note FROM confidants WHERE org_id = $1 ORDER BY kind, name`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Confidant
	for rows.Next() {
		var c Confidant
		if err := rows.Scan(&c.ID, &c.Name, &c.Kind, &c.Phone, &c.Email, &c.Note); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddConfidant adds a vertrouwenspersoon to the directory (HR).
func (s *Store) AddConfidant(ctx context.Context, sc *auth.Scope, c Confidant) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var errs apperr.List
	var e *apperr.Error
	if c.Name, e = checkText("name", c.Name, true, 200); e != nil {
		errs = append(errs, e)
	}
	if c.Kind != "internal" && c.Kind != "external" {
		errs = append(errs, apperr.FieldErr("kind", "integrity.confidant.kind_invalid"))
	}
	if c.Phone, e = checkText("confidant_phone", c.Phone, false, 50); e != nil {
		errs = append(errs, e)
	}
	if c.Email, e = checkText("email", c.Email, false, 200); e != nil {
		errs = append(errs, e)
	} else if c.Email != "" && !strings.Contains(c.Email, "@") {
		errs = append(errs, apperr.FieldErr("email", "integrity.confidant.email_invalid"))
	}
	if c.Phone == "" && c.Email == "" && e == nil {
		errs = append(errs, apperr.FieldErr("confidant_phone", "integrity.confidant.contact_required"))
	}
	if c.Note, e = checkText("confidant_note", c.Note, false, 500); e != nil {
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return "", errs
	}
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO confidants (id, org_id, name, kind, phone, email, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, sc.OrgID, c.Name, c.Kind, c.Phone, c.Email, c.Note, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".confidant.create", "confidant", id)
	})
	return id, err
}

// RemoveConfidant takes a vertrouwenspersoon out of the directory (HR).
func (s *Store) RemoveConfidant(ctx context.Context, sc *auth.Scope, id string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if strings.TrimSpace(id) == "" {
		return apperr.List{apperr.FieldErr("confidant", "field.required")}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM confidants WHERE org_id = $1 AND id = $2`, sc.OrgID, id)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "integrity.not_found")
		}
		return s.record(ctx, tx, sc, area+".confidant.delete", "confidant", id)
	})
}
