package auth

import (
	"context"
	"database/sql"
	"regexp"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Organisation is a tenant: a municipality or a regional body. Its teams,
// functions and employees belong to the org capability; the tenant itself is
// platform, because every policy decision needs it.
type Organisation struct {
	ID   string
	Slug string
	Name string
	Kind string // "gemeente" or "regio"
}

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)

// CreateOrganisation adds a tenant. It is an operator action (CLI, demo),
// recorded in the system audit chain.
func (s *Service) CreateOrganisation(ctx context.Context, slug, name, kind string) (*Organisation, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	name = strings.TrimSpace(name)
	if !slugPattern.MatchString(slug) {
		return nil, apperr.FieldErr("slug", "org.slug_invalid")
	}
	if name == "" {
		return nil, apperr.FieldErr("name", "field.required")
	}
	if kind != "regio" {
		kind = "gemeente"
	}
	o := &Organisation{ID: store.NewID(), Slug: slug, Name: name, Kind: kind}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)`,
			o.ID, o.Slug, o.Name, o.Kind, store.Millis(s.clk.Now()))
		if store.IsUniqueViolation(err) {
			return apperr.FieldErr("slug", "org.slug_taken", slug)
		}
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, System(o.ID), "organisation.create", "organisation", o.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// Organisation returns a tenant by id.
func (s *Service) Organisation(ctx context.Context, id string) (*Organisation, error) {
	o := &Organisation{}
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, slug, name, kind FROM organisations WHERE id = $1`, id).
		Scan(&o.ID, &o.Slug, &o.Name, &o.Kind)
	if err != nil {
		return nil, store.NotFound(err, "org.not_found")
	}
	return o, nil
}

// OrganisationBySlug returns a tenant by its short name.
func (s *Service) OrganisationBySlug(ctx context.Context, slug string) (*Organisation, error) {
	o := &Organisation{}
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, slug, name, kind FROM organisations WHERE slug = $1`, strings.ToLower(slug)).
		Scan(&o.ID, &o.Slug, &o.Name, &o.Kind)
	if err != nil {
		return nil, store.NotFound(err, "org.not_found")
	}
	return o, nil
}

// Organisations lists every tenant, for operators.
func (s *Service) Organisations(ctx context.Context) ([]Organisation, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, slug, name, kind FROM organisations ORDER BY name`)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		var o Organisation
		if err := rows.Scan(&o.ID, &o.Slug, &o.Name, &o.Kind); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
