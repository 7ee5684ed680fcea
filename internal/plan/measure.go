package plan

import (
	"context"
	"database/sql"
	"regexp"
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

// NewIndicator defines a manual indicator.
type NewIndicator struct {
	Key            string // without the "eigen." prefix, which is added
	Label          string
	Unit           string
	HigherIsBetter bool
}

// ManualPrefix starts the key of every manual indicator, so that it never
// collides with a computed one.
const ManualPrefix = "eigen."

var manualKey = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// DefineIndicator adds a manual indicator to the scope's organisation.
func (s *Store) DefineIndicator(ctx context.Context, sc *auth.Scope, n NewIndicator) (Definition, error) {
	if !sc.Can(auth.GoalsEdit) {
		return Definition{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var errs apperr.List
	n.Key = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(n.Key)), ManualPrefix)
	n.Label = strings.TrimSpace(n.Label)
	if !manualKey.MatchString(n.Key) {
		errs = append(errs, apperr.FieldErr("key", "goals.err.key"))
	}
	switch {
	case n.Label == "":
		errs = append(errs, apperr.FieldErr("label", "field.required"))
	case len([]rune(n.Label)) > 120:
		errs = append(errs, apperr.FieldErr("label", "goals.err.too_long", 120))
	}
	if !slicesContains(Units, n.Unit) {
		errs = append(errs, apperr.FieldErr("unit", "goals.err.unit"))
	}
	if err := errs.Err(); err != nil {
		return Definition{}, err
	}
	d := Definition{Key: ManualPrefix + n.Key, Label: n.Label, Unit: n.Unit, HigherIsBetter: n.HigherIsBetter, Manual: true}
	now := store.Millis(s.clk.Now())
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		id := store.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_indicators (id, org_id, ind_key, label, unit, higher_is_better, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, id, sc.OrgID, d.Key, d.Label, d.Unit, d.HigherIsBetter, sc.UserID, now); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.FieldErr("key", "goals.err.key_taken")
			}
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.recordObj(ctx, tx, sc, auditAction("indicator.create"), "indicator", d.Key)
	})
	if err != nil {
		return Definition{}, err
	}
	return d, nil
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Store) recordObj(ctx context.Context, q store.Querier, sc *auth.Scope, action, typ, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: typ, ObjectID: id, Result: "ok", RequestID: sc.RequestID})
}

func (s *Store) manualDefinitions(ctx context.Context, orgID string) ([]Definition, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT ind_key, label, unit, higher_is_better FROM plan_indicators WHERE org_id = $1 ORDER BY label, ind_key`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		d := Definition{Manual: true}
		if err := rows.Scan(&d.Key, &d.Label, &d.Unit, &d.HigherIsBetter); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// manualValues returns the organisation's manual indicators with their
// value of year, if one was entered.
func (s *Store) manualValues(ctx context.Context, orgID string, year int) ([]IndicatorValue, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT i.ind_key, i.label, i.unit, COALESCE(m.value, 0), COALESCE(m.source, ''), m.period
		FROM plan_indicators i LEFT JOIN plan_measurements m ON m.org_id = i.org_id AND m.ind_key = i.ind_key AND m.period = $2
		WHERE i.org_id = $1 ORDER BY i.label, i.ind_key`, orgID, strconv.Itoa(year))
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []IndicatorValue
	for rows.Next() {
		var v IndicatorValue
		var period sql.NullString
		if err := rows.Scan(&v.Key, &v.Label, &v.Unit, &v.Value, &v.Source, &period); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		v.Known = period.Valid
		out = append(out, v)
	}
	return out, rows.Err()
}

// ParseNumber reads a number as people type it: "12", "12,5" or "12.5".
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v == v && v < 1e12 && v > -1e12
}

// EnterValue records a manual indicator's value for a year with its source
// (required); a second entry for the same year replaces the first.
func (s *Store) EnterValue(ctx context.Context, sc *auth.Scope, key string, year int, value, source string) error {
	if !sc.Can(auth.GoalsEdit) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	d, err := s.Definition(ctx, sc, key)
	if err != nil {
		return err
	}
	if !d.Manual {
		return apperr.New(apperr.Invalid, "goals.err.not_manual")
	}
	var errs apperr.List
	if err := s.checkYear(year); err != nil || year > s.thisYear() {
		errs = append(errs, apperr.FieldErr("year", "goals.err.year", MinYear, s.thisYear()))
	}
	v, ok := ParseNumber(value)
	if !ok {
		errs = append(errs, apperr.FieldErr("value", "goals.err.number"))
	} else if d.Unit == UnitPercent && (v < 0 || v > 100) {
		errs = append(errs, apperr.FieldErr("value", "goals.err.percent"))
	}
	source = strings.TrimSpace(source)
	switch {
	case source == "":
		errs = append(errs, apperr.FieldErr("source", "field.required"))
	case len([]rune(source)) > 200:
		errs = append(errs, apperr.FieldErr("source", "goals.err.too_long", 200))
	}
	if err := errs.Err(); err != nil {
		return err
	}
	now := store.Millis(s.clk.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan_measurements (org_id, ind_key, period, value, manual, source, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, TRUE, $5, $6, $7) ON CONFLICT (org_id, ind_key, period) DO UPDATE SET value = $4, source = $5, recorded_by = $6, recorded_at = $7`,
			sc.OrgID, key, strconv.Itoa(year), v, source, sc.UserID, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.recordObj(ctx, tx, sc, auditAction("indicator.value"), "indicator", key)
	})
}

// auditAction names an audit action of the goals area; the catalogue labels
// it as "audit.action.goals.<what>".
func auditAction(what string) string { return "goals." + what }

var monthPeriod = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)

// ImportMeasurement records a value of a computed indicator for a past
// month (YYYY-MM), for the history a municipality kept before it used
// Weerbaar (a monitor, an annual report); the source is required and
// shown with the value. A month the system recorded itself is not
// overwritten.
func (s *Store) ImportMeasurement(ctx context.Context, sc *auth.Scope, key, period, value, source string) error {
	if !sc.Can(auth.GoalsEdit) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	d, ok := computedDef(key)
	var errs apperr.List
	if !ok {
		errs = append(errs, apperr.FieldErr("indicator", "goals.err.indicator"))
	}
	if !monthPeriod.MatchString(period) || period >= s.clk.Now().In(clock.Amsterdam).Format("2006-01") {
		errs = append(errs, apperr.FieldErr("period", "goals.err.period"))
	}
	v, vok := ParseNumber(value)
	if !vok {
		errs = append(errs, apperr.FieldErr("value", "goals.err.number"))
	} else if d.Unit == UnitPercent && (v < 0 || v > 100) {
		errs = append(errs, apperr.FieldErr("value", "goals.err.percent"))
	}
	source = strings.TrimSpace(source)
	switch {
	case source == "":
		errs = append(errs, apperr.FieldErr("source", "field.required"))
	case len([]rune(source)) > 200:
		errs = append(errs, apperr.FieldErr("source", "goals.err.too_long", 200))
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO plan_measurements (org_id, ind_key, period, value, manual, source, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, TRUE, $5, $6, $7) ON CONFLICT (org_id, ind_key, period) DO UPDATE SET value = $4, source = $5, recorded_by = $6, recorded_at = $7
			WHERE plan_measurements.manual = TRUE`, sc.OrgID, key, period, v, source, sc.UserID, store.Millis(s.clk.Now()))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.FieldErr("period", "goals.err.period_recorded")
		}
		return s.recordObj(ctx, tx, sc, auditAction("indicator.import"), "indicator", key)
	})
}
