package risk

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Process is a process a team runs, such as "Exploitatievergunning horeca".
type Process struct {
	ID     string
	TeamID string
	Code   string // unique per organisation
	Name   string
	// CatalogueCode names the process in the shared catalogue; "" for a
	// process of the organisation's own.
	CatalogueCode string
}

// NewProcess is the input for creating a process.
type NewProcess struct {
	TeamID        string
	Code          string
	Name          string
	CatalogueCode string
}

// CreateProcess adds a process to a team of the scope's organisation.
func (s *Store) CreateProcess(ctx context.Context, sc *auth.Scope, n NewProcess) (*Process, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	p := &Process{ID: store.NewID(), TeamID: clean(n.TeamID), Code: clean(n.Code), Name: clean(n.Name), CatalogueCode: clean(n.CatalogueCode)}
	var errs apperr.List
	errs = checkText(errs, "code", p.Code, true, maxCode)
	errs = checkText(errs, "name", p.Name, true, maxName)
	errs = checkText(errs, "catalogue_code", p.CatalogueCode, false, maxCode)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := exists(ctx, tx, "teams", sc.OrgID, p.TeamID)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.FieldErr("team_id", "risk.process.team_unknown"))
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM processes WHERE org_id = $1 AND code = $2`, sc.OrgID, p.Code).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			errs = append(errs, apperr.FieldErr("code", "risk.process.code_taken", p.Code))
		}
		if len(errs) > 0 {
			return errs
		}
		now := store.Millis(s.clk.Now())
		_, err = tx.ExecContext(ctx, `INSERT INTO processes (id, org_id, team_id, code, name, catalogue_code, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, p.ID, sc.OrgID, p.TeamID, p.Code, p.Name, p.CatalogueCode, now)
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionProcessCreate, "process", p.ID)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Processes returns the processes of a team of the scope's organisation,
// sorted by name; another organisation's team gives none.
func (s *Store) Processes(ctx context.Context, sc *auth.Scope, teamID string) ([]Process, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, team_id, code, name, catalogue_code FROM processes
		WHERE org_id = $1 AND team_id = $2 ORDER BY lower(name), code`, sc.OrgID, teamID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Process
	for rows.Next() {
		var p Process
		if err := rows.Scan(&p.ID, &p.TeamID, &p.Code, &p.Name, &p.CatalogueCode); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
