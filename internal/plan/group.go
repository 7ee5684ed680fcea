package plan

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// SourceTypes lists the sources actions come from, in the order the filter
// offers them.
var SourceTypes = []string{"manual", "scan", "process", "finding", "report", "meeting", "training_gap", "audit"}

// Team is a team an action can be for.
type Team struct {
	ID   string
	Name string
}

// Teams lists the teams of the scope's organisation, for the action plan.
func (s *Store) Teams(ctx context.Context, sc *auth.Scope) ([]Team, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name FROM teams WHERE org_id = $1 ORDER BY lower(name)`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Group is one heading of the action plan with its actions.
type Group struct {
	Label   string
	Actions []Action
}

// The groupings of the action plan.
const (
	ByOwner  = "eigenaar"
	ByTeam   = "team"
	BySource = "bron"
	ByDue    = "termijn"
)

// Groupings lists them in the order the page offers them.
var Groupings = []string{ByOwner, ByTeam, BySource, ByDue}

// bucket says in which due-date bucket an open action falls.
func (s *Store) bucket(a Action) string {
	now := s.clk.Now().In(clock.Amsterdam)
	monthEnd := now.AddDate(0, 1, -now.Day()).Format(time.DateOnly)
	switch {
	case a.DueDate < s.today():
		return DueOverdue
	case a.DueDate <= monthEnd:
		return DueThisMonth
	}
	return DueLater
}

// group splits the actions (in due-date order) by owner, team, source or
// due-date bucket; any other grouping gives one group. Groups keep the
// order in which they first occur, so the due-date buckets come overdue
// first, as the list is in due-date order.
func (s *Store) group(actions []Action, by string, lang i18n.Lang) []Group {
	var out []Group
	index := map[string]int{}
	for _, a := range actions {
		var key, label string
		switch by {
		case ByOwner:
			key, label = a.OwnerID, a.OwnerName
		case ByTeam:
			key, label = a.TeamID, a.TeamName
			if key == "" {
				label = i18n.T(lang, "goals.plan.no_team")
			}
		case BySource:
			key = a.Source.Type
			label = i18n.T(lang, "action.source."+key)
		case ByDue:
			key = s.bucket(a)
			label = i18n.T(lang, "goals.plan.due."+key)
		default:
			key, label = "", i18n.T(lang, "goals.plan.all")
		}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Group{Label: label})
		}
		out[i].Actions = append(out[i].Actions, a)
	}
	return out
}
