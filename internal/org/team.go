package org

import (
	"context"
	"database/sql"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// NewTeam is the input for creating a team.
type NewTeam struct {
	Name     string
	Code     string // optional
	ParentID string // optional: the team this one belongs to
}

// Teams returns the organisation chart as a tree: the top-level teams,
// each with its sub-teams in Children, every level sorted by name.
func (s *Store) Teams(ctx context.Context, sc *auth.Scope) ([]*Team, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	all, err := loadTeams(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Team, len(all))
	for _, t := range all {
		byID[t.ID] = t
	}
	var roots []*Team
	for _, t := range all { // sorted by name, so children are too
		if p := byID[t.ParentID]; p != nil {
			p.Children = append(p.Children, t)
		} else {
			roots = append(roots, t)
		}
	}
	return roots, nil
}

// loadTeams reads every team of an organisation, sorted by name.
func loadTeams(ctx context.Context, q store.Querier, orgID string) ([]*Team, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, COALESCE(parent_id, ''), name, COALESCE(code, '')
		FROM teams WHERE org_id = $1 ORDER BY lower(name), id`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []*Team
	for rows.Next() {
		t := &Team{}
		if err := rows.Scan(&t.ID, &t.ParentID, &t.Name, &t.Code); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// CreateTeam adds a team, optionally below another team of the same
// organisation. Names are unique per organisation (ignoring case), and so
// are codes.
func (s *Store) CreateTeam(ctx context.Context, sc *auth.Scope, n NewTeam) (*Team, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	t := &Team{ID: store.NewID(), Name: clean(n.Name), Code: clean(n.Code), ParentID: strings.TrimSpace(n.ParentID)}
	var errs apperr.List
	switch {
	case t.Name == "":
		errs = append(errs, apperr.FieldErr("name", "field.required"))
	case tooLong(t.Name, maxName):
		errs = append(errs, apperr.FieldErr("name", "org.too_long", maxName))
	}
	if tooLong(t.Code, maxCode) {
		errs = append(errs, apperr.FieldErr("code", "org.too_long", maxCode))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if t.ParentID != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE org_id = $1 AND id = $2`, sc.OrgID, t.ParentID).Scan(&n); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			if n == 0 {
				errs = append(errs, apperr.FieldErr("parent", "org.team.parent_unknown"))
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE org_id = $1 AND lower(name) = lower($2)`, sc.OrgID, t.Name).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			errs = append(errs, apperr.FieldErr("name", "org.team.name_taken", t.Name))
		}
		if t.Code != "" {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE org_id = $1 AND code = $2`, sc.OrgID, t.Code).Scan(&n); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			if n > 0 {
				errs = append(errs, apperr.FieldErr("code", "org.team.code_taken", t.Code))
			}
		}
		if len(errs) > 0 {
			return errs
		}
		now := store.Millis(s.clk.Now())
		_, err := tx.ExecContext(ctx, `INSERT INTO teams (id, org_id, parent_id, name, code, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)`, t.ID, sc.OrgID, nullable(t.ParentID), t.Name, nullable(t.Code), now)
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionTeamCreate, "team", t.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// nullable stores "" as NULL, for optional references and codes.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// writeErr turns a failed write into an application error: a unique
// violation means someone else wrote the same key meanwhile.
func writeErr(err error) error {
	if store.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Key: "org.concurrent_change", Err: err}
	}
	return apperr.Wrap(err, "store.tx_failed")
}
