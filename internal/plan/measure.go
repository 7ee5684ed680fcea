package plan

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// orgArgs returns "$first, …" for the organisations and them as arguments.
func orgArgs(first int, orgIDs []string) (string, []any) {
	var b strings.Builder
	args := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(first+i))
		args[i] = id
	}
	return b.String(), args
}

// measureActions computes plan's own indicators: actions overdue now and
// actions done in the year.
func (s *Store) measureActions(ctx context.Context, orgIDs []string, p Period, m Measures) error {
	in, orgs := orgArgs(3, orgIDs)
	for _, org := range orgIDs {
		m.Set(org, KeyActionsFinished, 0)
		if p.Snapshots {
			m.Set(org, KeyActionsOverdue, 0)
		}
	}
	q := `SELECT org_id, COUNT(*) FROM actions WHERE status = 'done' AND done_at >= $1 AND done_at < $2 AND org_id IN (` + in + `) GROUP BY org_id`
	if err := s.eachCount(ctx, q, append([]any{store.Millis(p.From), store.Millis(p.To)}, orgs...), func(org string, n int) {
		m.Set(org, KeyActionsFinished, float64(n))
	}); err != nil {
		return err
	}
	if !p.Snapshots {
		return nil
	}
	today := p.Now.In(clock.Amsterdam).Format(time.DateOnly)
	q = `SELECT org_id, COUNT(*) FROM actions WHERE status IN ('open', 'in_progress') AND due_date < $1 AND $2 = 0 AND org_id IN (` + in + `) GROUP BY org_id`
	return s.eachCount(ctx, q, append([]any{today, 0}, orgs...), func(org string, n int) {
		m.Set(org, KeyActionsOverdue, float64(n))
	})
}

func (s *Store) eachCount(ctx context.Context, q string, args []any, fn func(org string, n int)) error {
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var n int
		if err := rows.Scan(&org, &n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		fn(org, n)
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return nil
}

// recordedSnapshots fills in the snapshot indicators of a past year from
// the last monthly value of that year: recorded by Record, or imported
// from before Weerbaar with its source (ImportMeasurement).
func (s *Store) recordedSnapshots(ctx context.Context, orgIDs []string, year int, m Measures) error {
	in, orgs := orgArgs(3, orgIDs)
	y := strconv.Itoa(year)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT org_id, ind_key, period, value FROM plan_measurements
		WHERE period >= $1 AND period <= $2 AND org_id IN (`+in+`) ORDER BY org_id, ind_key, period`,
		append([]any{y + "-01", y + "-12"}, orgs...)...)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var org, key, period string
		var v float64
		if err := rows.Scan(&org, &key, &period, &v); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if d, ok := computedDef(key); ok && d.Snapshot {
			m.Set(org, key, v) // ordered by period: the last one wins
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return nil
}

// Record stores this month's values of the computed indicators of every
// organisation (period YYYY-MM), so that the history shows how they moved.
// Run daily: a later run in the month overwrites the month's values, so
// that a month ends with its last state. Any number of instances may run
// it; the write is an upsert.
func (s *Store) Record(ctx context.Context) (int, error) {
	var orgIDs []string
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id FROM organisations ORDER BY id`)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "store.query_failed")
		}
		orgIDs = append(orgIDs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	now := s.clk.Now()
	period := now.In(clock.Amsterdam).Format("2006-01")
	n := 0
	for len(orgIDs) > 0 {
		batch := orgIDs[:min(len(orgIDs), 200)]
		orgIDs = orgIDs[len(batch):]
		m, err := s.compute(ctx, batch, s.thisYear())
		if err != nil {
			return n, err
		}
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			for _, org := range batch {
				for key, v := range m[org] {
					if _, err := tx.ExecContext(ctx, `INSERT INTO plan_measurements (org_id, ind_key, period, value, manual, recorded_at)
						VALUES ($1, $2, $3, $4, FALSE, $5) ON CONFLICT (org_id, ind_key, period) DO UPDATE SET value = $4, recorded_at = $5`,
						org, key, period, v, store.Millis(now)); err != nil {
						return apperr.Wrap(err, "store.tx_failed")
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Measurement is one recorded value of an indicator.
type Measurement struct {
	Period     string // YYYY-MM or YYYY
	Value      float64
	Manual     bool
	Source     string
	RecordedAt time.Time
}

// History lists the recorded values of one indicator of the scope's
// organisation, oldest first.
func (s *Store) History(ctx context.Context, sc *auth.Scope, key string) ([]Measurement, error) {
	if _, err := s.Definition(ctx, sc, key); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT period, value, manual, source, recorded_at FROM plan_measurements
		WHERE org_id = $1 AND ind_key = $2 ORDER BY period`, sc.OrgID, key)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Measurement
	for rows.Next() {
		var ms Measurement
		var at int64
		if err := rows.Scan(&ms.Period, &ms.Value, &ms.Manual, &ms.Source, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		ms.RecordedAt = store.Time(at)
		out = append(out, ms)
	}
	return out, rows.Err()
}

func (s *Store) recordObj(ctx context.Context, q store.Querier, sc *auth.Scope, action, typ, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: typ, ObjectID: id, Result: "ok", RequestID: sc.RequestID})
}

// auditAction names an audit action of the goals area; the catalogue labels
// it as "audit.action.goals.<what>".
func auditAction(what string) string { return "goals." + what }
