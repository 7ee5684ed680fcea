package people

import (
	"context"
	"database/sql"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// ActionTeamLeads is audited when HR changes which teams a teamleider
// leads.
const ActionTeamLeads = area + ".team_leads.set"

// Ref names a row of the organisation: a team or a user.
type Ref struct {
	ID   string
	Name string
}

// TeamLead is a user with the teamleider role and the teams they lead.
type TeamLead struct {
	UserID string
	Name   string
	Email  string
	Teams  []string // team ids
}

// TeamLeads lists the organisation's teamleiders with the teams they lead,
// by name. Only HR (people.manage) manages this.
func (s *Store) TeamLeads(ctx context.Context, sc *auth.Scope) ([]TeamLead, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT u.id, u.name, u.email FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 AND m.role = $2 AND u.disabled = FALSE ORDER BY lower(u.name), u.id`, sc.OrgID, string(auth.TeamLead))
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []TeamLead
	idx := map[string]int{}
	for rows.Next() {
		var tl TeamLead
		if err := rows.Scan(&tl.UserID, &tl.Name, &tl.Email); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		idx[tl.UserID] = len(out)
		out = append(out, tl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	led, err := s.db.Read.QueryContext(ctx, `SELECT user_id, team_id FROM team_leads WHERE org_id = $1`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer led.Close()
	for led.Next() {
		var u, t string
		if err := led.Scan(&u, &t); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if i, ok := idx[u]; ok {
			out[i].Teams = append(out[i].Teams, t)
		}
	}
	return out, led.Err()
}

// Teams lists the organisation's teams by name.
func (s *Store) Teams(ctx context.Context, sc *auth.Scope) ([]Ref, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name FROM teams WHERE org_id = $1 ORDER BY lower(name), id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Ref
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetLedTeams records the teams a teamleider leads (replacing the earlier
// set). The user must hold the teamleider role in the organisation and
// every team must be the organisation's; bad team ids are named by their
// 1-based position.
func (s *Store) SetLedTeams(ctx context.Context, sc *auth.Scope, userID string, teamIDs []string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND user_id = $2 AND role = $3`,
			sc.OrgID, userID, string(auth.TeamLead)).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		var errs apperr.List
		for i, id := range teamIDs {
			var k int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&k); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			if k == 0 {
				e := apperr.FieldErr("team", "people.team_unknown")
				e.Row = i + 1
				errs = append(errs, e)
			}
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_leads WHERE org_id = $1 AND user_id = $2`, sc.OrgID, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		seen := map[string]bool{}
		for _, id := range teamIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if _, err := tx.ExecContext(ctx, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, sc.OrgID, userID, id); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.record(ctx, tx, sc, ActionTeamLeads, "user", userID)
	})
}

// Leads reports whether tl leads team id, for the template.
func (tl TeamLead) Leads(id string) bool { return slices.Contains(tl.Teams, id) }
