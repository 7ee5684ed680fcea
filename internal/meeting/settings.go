package meeting

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// DefaultCycleWeeks is the LOO cycle of DOMAIN.md §4: every 6 weeks.
const DefaultCycleWeeks = 6

// Settings are an organisation's LOO settings.
type Settings struct {
	CycleWeeks int
}

// Settings returns the organisation's LOO settings, the default when it
// has none.
func (s *Store) Settings(ctx context.Context, sc *auth.Scope) (Settings, error) {
	if err := canRead(sc); err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, s.db.Read, sc.OrgID)
}

func (s *Store) settings(ctx context.Context, q store.Querier, orgID string) (Settings, error) {
	st := Settings{CycleWeeks: DefaultCycleWeeks}
	err := q.QueryRowContext(ctx, `SELECT cycle_weeks FROM meeting_settings WHERE org_id = $1`, orgID).Scan(&st.CycleWeeks)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, apperr.Wrap(err, "store.query_failed")
	}
	return st, nil
}

// SaveSettings sets the organisation's LOO cycle from the form value
// (whole weeks, 1 to 26).
func (s *Store) SaveSettings(ctx context.Context, sc *auth.Scope, cycleWeeks string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(cycleWeeks))
	if strings.TrimSpace(cycleWeeks) == "" {
		return apperr.List{apperr.FieldErr("loo_cycle_weeks", "field.required")}
	}
	if err != nil || n < 1 || n > 26 {
		return apperr.List{apperr.FieldErr("loo_cycle_weeks", "loo.cycle_invalid", 1, 26)}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_settings (org_id, cycle_weeks, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (org_id) DO UPDATE SET cycle_weeks = $2, updated_at = $3`, sc.OrgID, n, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".settings.save", "meeting_settings", sc.OrgID, "")
	})
}

// ProposedDates returns the next n meeting dates the cycle proposes: one
// cycle after the latest meeting on record, then every cycle; without any
// meeting, one cycle from today. A proposal that falls on a weekend moves
// to the Monday after.
func ProposedDates(latest string, today time.Time, cycleWeeks, n int) []string {
	if cycleWeeks < 1 {
		cycleWeeks = DefaultCycleWeeks
	}
	base := today
	if d, err := time.Parse(time.DateOnly, latest); err == nil {
		base = d
	}
	day := time.Date(base.Year(), base.Month(), base.Day(), 0, 0, 0, 0, time.UTC)
	var out []string
	for len(out) < n {
		day = day.AddDate(0, 0, 7*cycleWeeks)
		d := day
		switch d.Weekday() {
		case time.Saturday:
			d = d.AddDate(0, 0, 2)
		case time.Sunday:
			d = d.AddDate(0, 0, 1)
		}
		if d.Format(time.DateOnly) <= today.Format(time.DateOnly) {
			continue
		}
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// Proposals are the next three dates on the organisation's cycle.
func (s *Store) Proposals(ctx context.Context, sc *auth.Scope) ([]string, error) {
	st, err := s.Settings(ctx, sc)
	if err != nil {
		return nil, err
	}
	var latest string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COALESCE(MAX(held_on), '') FROM meetings WHERE org_id = $1`, sc.OrgID).Scan(&latest); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return ProposedDates(latest, s.today(), st.CycleWeeks, 3), nil
}

// today is the calendar day in Amsterdam, as a UTC midnight.
func (s *Store) today() time.Time {
	t := s.clk.Now().In(clock.Amsterdam)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
