package org

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// NewFunction is the input for creating a function.
type NewFunction struct {
	Code      string
	Name      string
	Sensitive bool
	VOGLevel  VOGLevel
}

// Functions returns the organisation's functions sorted by name.
func (s *Store) Functions(ctx context.Context, sc *auth.Scope) ([]Function, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	return loadFunctions(ctx, s.db.Read, sc.OrgID)
}

func loadFunctions(ctx context.Context, q store.Querier, orgID string) ([]Function, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, sensitive, vog_level
		FROM functions WHERE org_id = $1 ORDER BY lower(name), code`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Function
	for rows.Next() {
		var f Function
		if err := rows.Scan(&f.ID, &f.Code, &f.Name, &f.Sensitive, &f.VOGLevel); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// CreateFunction adds a function. Codes are unique per organisation.
func (s *Store) CreateFunction(ctx context.Context, sc *auth.Scope, n NewFunction) (*Function, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	f := &Function{ID: store.NewID(), Code: clean(n.Code), Name: clean(n.Name), Sensitive: n.Sensitive, VOGLevel: n.VOGLevel}
	var errs apperr.List
	switch {
	case f.Code == "":
		errs = append(errs, apperr.FieldErr("code", "field.required"))
	case tooLong(f.Code, maxCode):
		errs = append(errs, apperr.FieldErr("code", "org.too_long", maxCode))
	}
	switch {
	case f.Name == "":
		errs = append(errs, apperr.FieldErr("name", "field.required"))
	case tooLong(f.Name, maxName):
		errs = append(errs, apperr.FieldErr("name", "org.too_long", maxName))
	}
	if !f.VOGLevel.valid() {
		errs = append(errs, apperr.FieldErr("vog_level", "org.function.vog_invalid"))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM functions WHERE org_id = $1 AND code = $2`, sc.OrgID, f.Code).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			errs = append(errs, apperr.FieldErr("code", "org.function.code_taken", f.Code))
		}
		if len(errs) > 0 {
			return errs
		}
		now := store.Millis(s.clk.Now())
		_, err := tx.ExecContext(ctx, `INSERT INTO functions (id, org_id, code, name, sensitive, vog_level, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, f.ID, sc.OrgID, f.Code, f.Name, f.Sensitive, string(f.VOGLevel), now)
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionFunctionCreate, "function", f.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}
