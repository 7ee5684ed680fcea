package plan

import (
	"context"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

const actionColumns = `a.id, a.org_id, a.title, a.description, a.owner_id, u.name, a.due_date, a.status,
	a.source_type, a.source_id, a.source_label, a.created_at, a.updated_at, a.done_at, a.team_id, COALESCE(t.name, ''), a.escalated_at`

// actionFrom joins what a listed action shows: its owner and its team.
const actionFrom = ` FROM actions a JOIN users u ON u.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id AND t.org_id = a.org_id`

func (s *Store) scan(row interface{ Scan(...any) error }) (*Action, error) {
	var a Action
	var status string
	var created, updated, done, escalated int64
	if err := row.Scan(&a.ID, &a.OrgID, &a.Title, &a.Description, &a.OwnerID, &a.OwnerName, &a.DueDate, &status,
		&a.Source.Type, &a.Source.ID, &a.Source.Label, &created, &updated, &done, &a.TeamID, &a.TeamName, &escalated); err != nil {
		return nil, err
	}
	if escalated != 0 {
		a.EscalatedAt = store.Time(escalated)
	}
	a.Status, a.CreatedAt, a.UpdatedAt = Status(status), store.Time(created), store.Time(updated)
	if done != 0 {
		a.DoneAt = store.Time(done)
	}
	a.Overdue = !a.Status.Closed() && a.DueDate < s.today()
	return &a, nil
}

// Get returns one action. Only its owner and holders of actions.manage see
// it; everyone else, and every other organisation, gets NotFound.
func (s *Store) Get(ctx context.Context, sc *auth.Scope, id string) (*Action, error) {
	a, err := s.scan(s.db.Read.QueryRowContext(ctx, `SELECT `+actionColumns+actionFrom+`
		WHERE a.id = $1 AND a.org_id = $2`, id, sc.OrgID))
	if err != nil {
		return nil, store.NotFound(err, "action.not_found")
	}
	if a.OwnerID != sc.UserID && !sc.Can(auth.ActionsManage) {
		return nil, apperr.New(apperr.NotFound, "action.not_found")
	}
	return a, nil
}

// Filter selects actions for a list.
type Filter struct {
	// Mine limits the list to the scope's own actions.
	Mine bool
	// OpenOnly leaves out done and cancelled actions.
	OpenOnly bool
	// OverdueOnly keeps open actions whose due date has passed.
	OverdueOnly bool
	// SourceType keeps actions from one source.
	SourceType string
	// OwnerID keeps the actions of one owner (for managers).
	OwnerID string
	// TeamID keeps the actions of one team; NoTeam those without a team.
	TeamID string
	// Due keeps open actions by due date: DueOverdue, DueThisMonth or
	// DueLater ('' for all).
	Due string
	// Escalated keeps actions escalated to the gemeentesecretaris.
	Escalated bool
	// After continues a list after the action with this id (cursor).
	After string
	// Limit caps the list; 0 means 500.
	Limit int
}

// The due-date buckets of the action plan, and the team filter for actions
// without a team.
const (
	DueOverdue   = "achterstallig"
	DueThisMonth = "deze_maand"
	DueLater     = "later"
	NoTeam       = "-"
)

// DueBuckets lists the due-date buckets in order.
var DueBuckets = []string{DueOverdue, DueThisMonth, DueLater}

// List returns actions of the scope's organisation ordered by due date.
// Without actions.manage only the scope's own actions are listed, whatever
// the filter says.
func (s *Store) List(ctx context.Context, sc *auth.Scope, f Filter) ([]Action, string, error) {
	if !sc.Can(auth.ActionsManage) {
		f.Mine = true
	}
	w := store.NewWhere("a.org_id = ?", sc.OrgID)
	if f.Mine {
		w.Add("a.owner_id = ?", sc.UserID)
	}
	if f.OpenOnly || f.OverdueOnly {
		w.Add("a.status IN ('open', 'in_progress')")
	}
	if f.OverdueOnly {
		w.Add("a.due_date < ?", s.today())
	}
	if f.SourceType != "" {
		w.Add("a.source_type = ?", f.SourceType)
	}
	if f.OwnerID != "" {
		w.Add("a.owner_id = ?", f.OwnerID)
	}
	switch f.TeamID {
	case "":
	case NoTeam:
		w.Add("a.team_id = ''")
	default:
		w.Add("a.team_id = ?", f.TeamID)
	}
	if f.Escalated {
		w.Add("a.escalated_at > 0")
	}
	if f.Due != "" {
		today := s.today()
		monthEnd := s.clk.Now().In(clock.Amsterdam).AddDate(0, 1, -s.clk.Now().In(clock.Amsterdam).Day()).Format(time.DateOnly)
		w.Add("a.status IN ('open', 'in_progress')")
		switch f.Due {
		case DueOverdue:
			w.Add("a.due_date < ?", today)
		case DueThisMonth:
			w.Add("a.due_date >= ? AND a.due_date <= ?", today, monthEnd)
		case DueLater:
			w.Add("a.due_date > ?", monthEnd)
		default:
			return nil, "", apperr.FieldErr("due", "goals.err.due")
		}
	}
	if f.After != "" {
		var due string
		if err := s.db.Read.QueryRowContext(ctx, `SELECT due_date FROM actions WHERE id = $1 AND org_id = $2`, f.After, sc.OrgID).Scan(&due); err != nil {
			return nil, "", apperr.FieldErr("cursor", "api.cursor_invalid")
		}
		w.Add("(a.due_date > ? OR (a.due_date = ? AND a.id > ?))", due, due, f.After)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	q := `SELECT ` + actionColumns + actionFrom + ` WHERE ` + w.SQL() +
		` ORDER BY a.due_date, a.id LIMIT ` + strconv.Itoa(limit+1)
	args := w.Args()
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		a, err := s.scan(rows)
		if err != nil {
			return nil, "", apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "store.query_failed")
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// Counts returns the number of open and of overdue actions, for the
// dashboard: the scope's own, or the organisation's for managers.
func (s *Store) Counts(ctx context.Context, sc *auth.Scope, mine bool) (open, overdue int, err error) {
	q := `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_date < $2 THEN 1 ELSE 0 END), 0) FROM actions
		WHERE org_id = $1 AND status IN ('open', 'in_progress')`
	args := []any{sc.OrgID, s.today()}
	if mine {
		q += ` AND owner_id = $3`
		args = append(args, sc.UserID)
	}
	if err := s.db.Read.QueryRowContext(ctx, q, args...).Scan(&open, &overdue); err != nil {
		return 0, 0, apperr.Wrap(err, "store.query_failed")
	}
	return open, overdue, nil
}

// Member is a colleague who can own an action.
type Member struct {
	ID   string
	Name string
}

// Members lists the active members of the scope's organisation, for the
// owner picker.
func (s *Store) Members(ctx context.Context, sc *auth.Scope) ([]Member, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 AND u.disabled = FALSE ORDER BY u.name`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
