package council

import (
	"context"
	"database/sql"
	"math"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// MinOthers is the least number of other organisations with a value
// before their distribution is shown; with fewer, one organisation's
// figure could be read from it.
const MinOthers = 5

// Distribution summarises the values of the other organisations: no value
// is tied to an organisation. Quartiles by linear interpolation between
// the sorted values (the method of most spreadsheets).
type Distribution struct {
	N                          int
	Min, P25, Median, P75, Max float64
}

// Distribute summarises values; ok is false with fewer than MinOthers.
func Distribute(values []float64) (Distribution, bool) {
	if len(values) < MinOthers {
		return Distribution{N: len(values)}, false
	}
	v := slices.Clone(values)
	slices.Sort(v)
	q := func(p float64) float64 {
		pos := p * float64(len(v)-1)
		lo := int(math.Floor(pos))
		hi := min(lo+1, len(v)-1)
		return round1(v[lo] + (v[hi]-v[lo])*(pos-float64(lo)))
	}
	return Distribution{N: len(v), Min: v[0], P25: q(0.25), Median: q(0.5), P75: q(0.75), Max: v[len(v)-1]}, true
}

// Comparison is one figure of the organisation against the others.
type Comparison struct {
	Key, Label, Unit string
	Own              float64
	HasOwn           bool
	Others           Distribution
	Enough           bool // at least MinOthers others have a value
}

// Benchmark is what an opted-in organisation sees.
type Benchmark struct {
	OptedIn    bool
	Maturity   []Comparison // overall first, then per pillar
	Indicators []Comparison
	HasFigures bool
}

// benchmarkKeys are the indicators compared: shares and durations, which
// do not depend on an organisation's size and hold no small counts.
var benchmarkKeys = []string{IndTraining, IndTeamsMapped, IndReportDays}

// OptedIn reports whether the organisation takes part in the benchmark.
func (s *Store) OptedIn(ctx context.Context, sc *auth.Scope) (bool, error) {
	if err := need(sc, auth.CouncilBenchmark); err != nil {
		return false, err
	}
	var on bool
	err := s.db.Read.QueryRowContext(ctx, `SELECT benchmark FROM council_settings WHERE org_id = $1`, sc.OrgID).Scan(&on)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, apperr.Wrap(err, "store.query_failed")
	}
	return on, nil
}

// SetOptIn sets whether the organisation takes part: its figures are then
// shared, anonymised, with the other participants, and it sees theirs.
func (s *Store) SetOptIn(ctx context.Context, sc *auth.Scope, on bool) error {
	if err := need(sc, auth.CouncilEdit); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO council_settings (org_id, benchmark, updated_by, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id) DO UPDATE SET benchmark = $2, updated_by = $3, updated_at = $4`, sc.OrgID, on, sc.UserID, now); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionBenchmarkOpt, "council_settings", sc.OrgID)
	})
}

// participants lists the organisations that opted in.
func (s *Store) participants(ctx context.Context) ([]string, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT org_id FROM council_settings WHERE benchmark = $1 ORDER BY org_id`, true)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Benchmark compares the organisation's maturity per pillar (latest Vijf
// pijlers scan) and its key figures of the year with the distribution of
// the other participants. Only an organisation that opted in sees it; a
// figure is compared only when at least MinOthers others have a value.
func (s *Store) Benchmark(ctx context.Context, sc *auth.Scope, year int) (*Benchmark, error) {
	on, err := s.OptedIn(ctx, sc)
	if err != nil || !on {
		return &Benchmark{}, err
	}
	b := &Benchmark{OptedIn: true, HasFigures: s.figures != nil}
	orgs, err := s.participants(ctx)
	if err != nil {
		return nil, err
	}
	if s.evidence != nil {
		mat, err := s.evidence.MaturityForOrgs(ctx, orgs)
		if err != nil {
			return nil, err
		}
		b.Maturity = compareMaturity(sc.OrgID, mat)
	}
	if s.figures != nil {
		ind, err := s.figures.IndicatorsForOrgs(ctx, orgs, year)
		if err != nil {
			return nil, err
		}
		b.Indicators = compareIndicators(sc.OrgID, ind)
	}
	return b, nil
}

// compareMaturity builds the overall and per-pillar comparisons; the
// pillars are those of the own scan, or of any participant's without one.
func compareMaturity(own string, mat map[string]*Maturity) []Comparison {
	var pillars []PillarScore
	if m := mat[own]; m != nil {
		pillars = m.Pillars
	} else {
		for _, m := range mat {
			if len(m.Pillars) > len(pillars) {
				pillars = m.Pillars
			}
		}
	}
	overall := Comparison{Key: "overall"}
	if m := mat[own]; m != nil {
		overall.Own, overall.HasOwn = m.Overall, m.HasOverall
	}
	var vals []float64
	for org, m := range mat {
		if org != own && m.HasOverall {
			vals = append(vals, m.Overall)
		}
	}
	overall.Others, overall.Enough = Distribute(vals)
	out := []Comparison{overall}
	for _, p := range pillars {
		c := Comparison{Key: p.Key, Label: p.Name}
		if o, ok := mat[own].Pillar(p.Key); ok {
			c.Own, c.HasOwn = o.Value, true
		}
		var vals []float64
		for org, m := range mat {
			if x, ok := m.Pillar(p.Key); ok && org != own {
				vals = append(vals, x.Value)
			}
		}
		c.Others, c.Enough = Distribute(vals)
		out = append(out, c)
	}
	return out
}

func compareIndicators(own string, ind map[string][]Indicator) []Comparison {
	var out []Comparison
	for _, k := range benchmarkKeys {
		c := Comparison{Key: k}
		var vals []float64
		for org, list := range ind {
			for _, i := range list {
				if i.Key != k || !i.Known {
					continue
				}
				if c.Label == "" || org == own {
					c.Label, c.Unit = i.Label, i.Unit
				}
				if org == own {
					c.Own, c.HasOwn = i.Value, true
				} else {
					vals = append(vals, i.Value)
				}
			}
		}
		if c.Label == "" {
			continue
		}
		c.Others, c.Enough = Distribute(vals)
		out = append(out, c)
	}
	return out
}
