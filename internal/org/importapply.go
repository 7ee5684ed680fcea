package org

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// apply writes a finished plan through q, the import's transaction. Only
// rows that are new or differ are written, so that an unchanged file
// changes nothing, updated_at included.
func (s *Store) apply(ctx context.Context, q store.Querier, p *planner) error {
	orgID := p.st.orgID
	now := store.Millis(s.clk.Now())
	written := 0
	exec := func(query string, args ...any) error {
		if _, err := q.ExecContext(ctx, query, args...); err != nil {
			return writeErr(err)
		}
		written++
		if s.afterWrite != nil {
			return s.afterWrite(written)
		}
		return nil
	}

	// New teams go in parents first, since a parent may itself be new.
	isNew := map[string]bool{}
	var pending []*teamPlan
	for _, t := range p.teams {
		if t.existing == nil {
			isNew[t.id] = true
			pending = append(pending, t)
		}
	}
	for len(pending) > 0 {
		var later []*teamPlan
		for _, t := range pending {
			if parent := t.finalParent(); isNew[parent] {
				later = append(later, t)
				continue
			}
			if err := exec(`INSERT INTO teams (id, org_id, parent_id, name, code, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, t.id, orgID, nullable(t.finalParent()), t.name, nullable(t.code), now); err != nil {
				return err
			}
			delete(isNew, t.id)
		}
		if len(later) == len(pending) {
			// checkCycles makes this unreachable.
			return apperr.New(apperr.Internal, "org.import.team_cycle")
		}
		pending = later
	}
	for _, t := range p.teams {
		if t.existing != nil && t.changed() {
			if err := exec(`UPDATE teams SET name = $3, code = $4, parent_id = $5, updated_at = $6 WHERE org_id = $1 AND id = $2`,
				orgID, t.id, t.name, nullable(t.code), nullable(t.finalParent()), now); err != nil {
				return err
			}
		}
	}

	for _, f := range p.funcs {
		var err error
		switch {
		case f.existing == nil:
			err = exec(`INSERT INTO functions (id, org_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
				f.id, orgID, f.code, f.name, now)
		case f.existing.Name != f.name:
			err = exec(`UPDATE functions SET name = $3, updated_at = $4 WHERE org_id = $1 AND id = $2`, orgID, f.id, f.name, now)
		}
		if err != nil {
			return err
		}
	}

	for _, e := range p.emps {
		var err error
		switch {
		case e.existing == nil:
			err = exec(`INSERT INTO employees (id, org_id, number, name, team_id, start_date, end_date, client_contact, hired, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
				e.id, orgID, e.number, e.name, e.teamID, e.start, e.end, e.clientContact, e.hired, now)
		case e.changed():
			err = exec(`UPDATE employees SET name = $3, team_id = $4, start_date = $5, end_date = $6, client_contact = $7, hired = $8, updated_at = $9
				WHERE org_id = $1 AND id = $2`, orgID, e.id, e.name, e.teamID, e.start, e.end, e.clientContact, e.hired, now)
		}
		if err != nil {
			return err
		}
	}

	for _, a := range p.assigns {
		var err error
		switch {
		case a.existing == nil:
			err = exec(`INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, a.id, orgID, a.employeeID, a.functionID, a.from, a.to, now)
		case a.existing.EndDate != a.to:
			err = exec(`UPDATE assignments SET end_date = $3, updated_at = $4 WHERE org_id = $1 AND id = $2`, orgID, a.id, a.to, now)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
