package plan

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// The kinds of goal: an effect goal says what should change in the
// municipality, a performance goal what the organisation does for it.
const (
	KindEffect      = "effect"
	KindPerformance = "prestatie"
)

// Kinds lists the kinds of goal.
var Kinds = []string{KindEffect, KindPerformance}

// Goal is a goal of the programme, measured by one indicator, with a target
// per year.
type Goal struct {
	ID             string
	Title          string
	Description    string
	Kind           string
	IndicatorKey   string
	HigherIsBetter bool
	Targets        map[int]float64
	CreatedAt      time.Time
}

// NewGoal is the input for a goal; Year and Target give its first target
// (optional).
type NewGoal struct {
	Title, Description, Kind, IndicatorKey string
	// Direction is "hoger" or "lager" (what is better); empty takes the
	// indicator's own.
	Direction string
	Year      int
	Target    string
}

// GoalProgress is a goal's indicator value against its target of a year.
type GoalProgress struct {
	GoalID, Title, Kind string // Kind: "effect" or "prestatie"
	Indicator           IndicatorValue
	Target              float64
	HasTarget           bool
	HigherIsBetter      bool
	Met                 bool
}

// met reports whether value reaches target in the goal's direction.
func met(v IndicatorValue, target float64, has, higher bool) bool {
	if !v.Known || !has {
		return false
	}
	if higher {
		return v.Value >= target
	}
	return v.Value <= target
}

// CreateGoal adds a goal to the scope's organisation.
func (s *Store) CreateGoal(ctx context.Context, sc *auth.Scope, n NewGoal) (*Goal, error) {
	if !sc.Can(auth.GoalsEdit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var errs apperr.List
	n.Title, n.Description = strings.TrimSpace(n.Title), strings.TrimSpace(n.Description)
	switch {
	case n.Title == "":
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	case len([]rune(n.Title)) > maxTitle:
		errs = append(errs, apperr.FieldErr("title", "goals.err.too_long", maxTitle))
	}
	if len([]rune(n.Description)) > 4000 {
		errs = append(errs, apperr.FieldErr("description", "goals.err.too_long", 4000))
	}
	if !slices.Contains(Kinds, n.Kind) {
		errs = append(errs, apperr.FieldErr("kind", "goals.err.kind"))
	}
	g := &Goal{ID: store.NewID(), Title: n.Title, Description: n.Description, Kind: n.Kind, IndicatorKey: n.IndicatorKey,
		Targets: map[int]float64{}, CreatedAt: s.clk.Now()}
	d, err := s.Definition(ctx, sc, n.IndicatorKey)
	if err != nil {
		if !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		errs = append(errs, apperr.FieldErr("indicator", "goals.err.indicator"))
	}
	switch n.Direction {
	case "":
		g.HigherIsBetter = d.HigherIsBetter
	case "hoger", "lager":
		g.HigherIsBetter = n.Direction == "hoger"
	default:
		errs = append(errs, apperr.FieldErr("direction", "goals.err.direction"))
	}
	var target float64
	hasTarget := strings.TrimSpace(n.Target) != ""
	if hasTarget {
		var ok bool
		if target, ok = ParseNumber(n.Target); !ok {
			errs = append(errs, apperr.FieldErr("target", "goals.err.number"))
		} else if d.Unit == UnitPercent && (target < 0 || target > 100) {
			errs = append(errs, apperr.FieldErr("target", "goals.err.percent"))
		}
		if err := s.checkYear(n.Year); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	now := store.Millis(g.CreatedAt)
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_goals (id, org_id, title, description, kind, ind_key, higher_is_better, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, g.ID, sc.OrgID, g.Title, g.Description, g.Kind, g.IndicatorKey, g.HigherIsBetter, sc.UserID, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if hasTarget {
			if err := s.setTarget(ctx, tx, sc, g.ID, n.Year, target); err != nil {
				return err
			}
			g.Targets[n.Year] = target
		}
		return s.recordObj(ctx, tx, sc, auditAction("create"), "goal", g.ID)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

func (s *Store) setTarget(ctx context.Context, tx *sql.Tx, sc *auth.Scope, goalID string, year int, target float64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO plan_goal_targets (goal_id, org_id, year, target, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (goal_id, year) DO UPDATE SET target = $4, updated_by = $5, updated_at = $6`,
		goalID, sc.OrgID, year, target, sc.UserID, store.Millis(s.clk.Now()))
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return nil
}

// SetTarget sets (or replaces) a goal's target of a year.
func (s *Store) SetTarget(ctx context.Context, sc *auth.Scope, goalID string, year int, value string) (*Goal, error) {
	if !sc.Can(auth.GoalsEdit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	g, err := s.Goal(ctx, sc, goalID)
	if err != nil {
		return nil, err
	}
	d, err := s.Definition(ctx, sc, g.IndicatorKey)
	if err != nil {
		return nil, err
	}
	var errs apperr.List
	if err := s.checkYear(year); err != nil {
		errs = append(errs, err)
	}
	target, ok := ParseNumber(value)
	if !ok {
		errs = append(errs, apperr.FieldErr("target", "goals.err.number"))
	} else if d.Unit == UnitPercent && (target < 0 || target > 100) {
		errs = append(errs, apperr.FieldErr("target", "goals.err.percent"))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.setTarget(ctx, tx, sc, goalID, year, target); err != nil {
			return err
		}
		return s.recordObj(ctx, tx, sc, auditAction("target"), "goal", goalID)
	})
	if err != nil {
		return nil, err
	}
	return s.Goal(ctx, sc, goalID)
}

const goalColumns = `id, title, description, kind, ind_key, higher_is_better, created_at`

func scanGoal(row interface{ Scan(...any) error }) (*Goal, error) {
	g := &Goal{Targets: map[int]float64{}}
	var at int64
	if err := row.Scan(&g.ID, &g.Title, &g.Description, &g.Kind, &g.IndicatorKey, &g.HigherIsBetter, &at); err != nil {
		return nil, err
	}
	g.CreatedAt = store.Time(at)
	return g, nil
}

// Goal returns one goal of the scope's organisation with its targets.
func (s *Store) Goal(ctx context.Context, sc *auth.Scope, id string) (*Goal, error) {
	if !sc.Can(auth.GoalsRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	g, err := scanGoal(s.db.Read.QueryRowContext(ctx, `SELECT `+goalColumns+` FROM plan_goals WHERE id = $1 AND org_id = $2`, id, sc.OrgID))
	if err != nil {
		return nil, store.NotFound(err, "goals.err.not_found")
	}
	if err := s.loadTargets(ctx, sc.OrgID, map[string]*Goal{g.ID: g}); err != nil {
		return nil, err
	}
	return g, nil
}

// Goals lists the goals of the scope's organisation by title.
func (s *Store) Goals(ctx context.Context, sc *auth.Scope) ([]*Goal, error) {
	if !sc.Can(auth.GoalsRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+goalColumns+` FROM plan_goals WHERE org_id = $1 ORDER BY title, id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []*Goal
	byID := map[string]*Goal{}
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, g)
		byID[g.ID] = g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, s.loadTargets(ctx, sc.OrgID, byID)
}

func (s *Store) loadTargets(ctx context.Context, orgID string, goals map[string]*Goal) error {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT goal_id, year, target FROM plan_goal_targets WHERE org_id = $1`, orgID)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var year int
		var t float64
		if err := rows.Scan(&id, &year, &t); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if g := goals[id]; g != nil {
			g.Targets[year] = t
		}
	}
	return rows.Err()
}

// GoalProgress returns every goal of the scope's organisation with its
// indicator's value and target of year.
func (s *Store) GoalProgress(ctx context.Context, sc *auth.Scope, year int) ([]GoalProgress, error) {
	goals, err := s.Goals(ctx, sc)
	if err != nil {
		return nil, err
	}
	values, err := s.Indicators(ctx, sc, year)
	if err != nil {
		return nil, err
	}
	byKey := map[string]IndicatorValue{}
	for _, v := range values {
		byKey[v.Key] = v
	}
	out := make([]GoalProgress, 0, len(goals))
	for _, g := range goals {
		t, has := g.Targets[year]
		v, ok := byKey[g.IndicatorKey]
		if !ok {
			v = IndicatorValue{Key: g.IndicatorKey}
		}
		out = append(out, GoalProgress{GoalID: g.ID, Title: g.Title, Kind: g.Kind, Indicator: v, Target: t, HasTarget: has,
			HigherIsBetter: g.HigherIsBetter, Met: met(v, t, has, g.HigherIsBetter)})
	}
	return out, nil
}

// YearProgress is a goal's target and actual value of one year.
type YearProgress struct {
	Year      int
	Value     IndicatorValue
	Target    float64
	HasTarget bool
	Met       bool
}

// GoalYears returns a goal's target against the actual value for every
// year from its first target (or this year minus four) to its last target
// (or this year), for the goal page.
func (s *Store) GoalYears(ctx context.Context, sc *auth.Scope, g *Goal) ([]YearProgress, error) {
	first, last := s.thisYear()-4, s.thisYear()
	for y := range g.Targets {
		first, last = min(first, y), max(last, y)
	}
	first = max(first, last-9)
	var out []YearProgress
	for y := first; y <= last; y++ {
		values, err := s.Indicators(ctx, sc, y)
		if err != nil {
			return nil, err
		}
		yp := YearProgress{Year: y, Value: IndicatorValue{Key: g.IndicatorKey}}
		for _, v := range values {
			if v.Key == g.IndicatorKey {
				yp.Value = v
			}
		}
		yp.Target, yp.HasTarget = g.Targets[y]
		yp.Met = met(yp.Value, yp.Target, yp.HasTarget, g.HigherIsBetter)
		out = append(out, yp)
	}
	return out, nil
}
