package plan

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

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
	if !slices.Contains(Units, n.Unit) {
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
