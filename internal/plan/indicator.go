package plan

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// The units of an indicator.
const (
	UnitCount   = "aantal"
	UnitPercent = "%"
	UnitDays    = "dagen"
)

// Units lists the units in the order a form offers them.
var Units = []string{UnitCount, UnitPercent, UnitDays}

// IndicatorValue is an indicator's value for one organisation and year.
type IndicatorValue struct {
	Key, Label, Unit, Source string // Unit: "aantal", "%", "dagen"
	Value                    float64
	Known                    bool // false when there is no data for the year
}

// Definition describes an indicator: its stable key, how it reads and
// whether more is better. A snapshot indicator is a state at a moment (open
// reports past a term); a year indicator counts what happened in the year.
type Definition struct {
	Key            string
	LabelKey       string // catalogue key of the label; empty for a manual indicator
	Label          string // the label of a manual indicator
	Unit           string
	HigherIsBetter bool
	Snapshot       bool
	SourceKey      string // catalogue key of the module that provides it
	Manual         bool
}

// The stable keys of the computed indicators; the council report and the
// norm framework rely on them.
const (
	KeyReports         = "meldingen.aantal"
	KeyHandlingDays    = "meldingen.doorlooptijd"
	KeyReportsLate     = "meldingen.te_laat"
	KeyTraining        = "training.dekking"
	KeyScreenings      = "bibob.screenings"
	KeyInterventions   = "bibob.interventies"
	KeyMappedTeams     = "processen.teams_in_kaart"
	KeyOpenFindings    = "bevindingen.open"
	KeyActionsOverdue  = "acties.te_laat"
	KeyActionsFinished = "acties.afgerond"
)

// Computed lists the indicators the system computes from its own data.
var Computed = []Definition{
	{Key: KeyReports, LabelKey: "goals.ind.reports", Unit: UnitCount, HigherIsBetter: true, SourceKey: "goals.source.report"},
	{Key: KeyHandlingDays, LabelKey: "goals.ind.handling_days", Unit: UnitDays, SourceKey: "goals.source.report"},
	{Key: KeyReportsLate, LabelKey: "goals.ind.reports_late", Unit: UnitCount, Snapshot: true, SourceKey: "goals.source.report"},
	{Key: KeyTraining, LabelKey: "goals.ind.training", Unit: UnitPercent, HigherIsBetter: true, Snapshot: true, SourceKey: "goals.source.people"},
	{Key: KeyScreenings, LabelKey: "goals.ind.screenings", Unit: UnitCount, HigherIsBetter: true, SourceKey: "goals.source.bibob"},
	{Key: KeyInterventions, LabelKey: "goals.ind.interventions", Unit: UnitCount, HigherIsBetter: true, SourceKey: "goals.source.bibob"},
	{Key: KeyMappedTeams, LabelKey: "goals.ind.mapped_teams", Unit: UnitPercent, HigherIsBetter: true, Snapshot: true, SourceKey: "goals.source.risk"},
	{Key: KeyOpenFindings, LabelKey: "goals.ind.open_findings", Unit: UnitCount, Snapshot: true, SourceKey: "goals.source.risk"},
	{Key: KeyActionsOverdue, LabelKey: "goals.ind.actions_overdue", Unit: UnitCount, Snapshot: true, SourceKey: "goals.source.plan"},
	{Key: KeyActionsFinished, LabelKey: "goals.ind.actions_done", Unit: UnitCount, HigherIsBetter: true, SourceKey: "goals.source.plan"},
}

func computedDef(key string) (Definition, bool) {
	i := slices.IndexFunc(Computed, func(d Definition) bool { return d.Key == key })
	if i < 0 {
		return Definition{}, false
	}
	return Computed[i], true
}

// Period is what a Measurer computes for: a year in Amsterdam time as UTC
// bounds [From, To), and the moment of asking.
type Period struct {
	Year     int
	From, To time.Time
	Now      time.Time
	// Snapshots is false for a past year: the state at a moment cannot be
	// computed afterwards, so plan takes it from the recorded history and a
	// Measurer may skip it.
	Snapshots bool
}

// Measures collects computed values: organisation → indicator key → value.
// A key left out is unknown for that organisation.
type Measures map[string]map[string]float64

// Set records a value.
func (m Measures) Set(org, key string, v float64) {
	if m[org] == nil {
		m[org] = map[string]float64{}
	}
	m[org][key] = v
}

// Measurer computes some of the computed indicators for many organisations
// at once, with grouped queries, counts only. Package plan owns this small
// interface; internal/app wires adapters over the report, people, bibob and
// risk stores in. The organisations are ones the caller may see: the
// scope's own for a user, all for a system job.
type Measurer interface {
	Measure(ctx context.Context, orgIDs []string, p Period, into Measures) error
}

// SetMeasurers wires the modules that provide indicators.
func (s *Store) SetMeasurers(ms ...Measurer) { s.measurers = ms }

// period returns the Period of year as the store's clock sees it.
func (s *Store) period(year int) Period {
	now := s.clk.Now()
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Amsterdam).UTC()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, clock.Amsterdam).UTC()
	return Period{Year: year, From: from, To: to, Now: now, Snapshots: year == now.In(clock.Amsterdam).Year()}
}

func (s *Store) thisYear() int { return s.clk.Now().In(clock.Amsterdam).Year() }

// MinYear is the first year the goals and indicators accept.
const MinYear = 2000

func (s *Store) checkYear(year int) *apperr.Error {
	if year < MinYear || year > s.thisYear()+10 {
		return apperr.FieldErr("year", "goals.err.year", MinYear, s.thisYear()+10)
	}
	return nil
}

// compute runs every measurer and plan's own counts for orgIDs and year, and
// fills in the snapshot indicators of a past year from the history.
func (s *Store) compute(ctx context.Context, orgIDs []string, year int) (Measures, error) {
	m := Measures{}
	if year > s.thisYear() || len(orgIDs) == 0 {
		return m, nil
	}
	p := s.period(year)
	// The measurers read different tables and do not depend on each other:
	// they run side by side on the read pool, each into its own Measures.
	parts := make([]Measures, len(s.measurers)+1)
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i := range parts {
		parts[i] = Measures{}
		wg.Go(func() {
			if i == len(s.measurers) {
				errs[i] = s.measureActions(ctx, orgIDs, p, parts[i])
				return
			}
			errs[i] = s.measurers[i].Measure(ctx, orgIDs, p, parts[i])
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, part := range parts {
		for org, keys := range part {
			for k, v := range keys {
				m.Set(org, k, v)
			}
		}
	}
	if !p.Snapshots {
		for org, keys := range m {
			for _, d := range Computed {
				if d.Snapshot {
					delete(keys, d.Key)
				}
			}
			m[org] = keys
		}
		if err := s.recordedSnapshots(ctx, orgIDs, year, m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// values turns one organisation's measures into the computed indicators in
// their fixed order.
func computedValues(m map[string]float64, lang i18n.Lang) []IndicatorValue {
	out := make([]IndicatorValue, 0, len(Computed))
	for _, d := range Computed {
		v, ok := m[d.Key]
		out = append(out, IndicatorValue{Key: d.Key, Label: i18n.T(lang, d.LabelKey), Unit: d.Unit,
			Source: i18n.T(lang, d.SourceKey), Value: v, Known: ok})
	}
	return out
}

// IndicatorsForOrgs computes the computed (not manual) indicators for many
// organisations at once with grouped queries; system use (regional
// benchmark, benchmarks), no scope; counts only.
func (s *Store) IndicatorsForOrgs(ctx context.Context, orgIDs []string, year int) (map[string][]IndicatorValue, error) {
	m, err := s.compute(ctx, orgIDs, year)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]IndicatorValue, len(orgIDs))
	for _, org := range orgIDs {
		out[org] = computedValues(m[org], i18n.NL)
	}
	return out, nil
}

// Indicators returns the scope's organisation's indicators of a year: the
// computed ones, then its manual ones. Figures only; goals.read.
func (s *Store) Indicators(ctx context.Context, sc *auth.Scope, year int) ([]IndicatorValue, error) {
	if !sc.Can(auth.GoalsRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if err := s.checkYear(year); err != nil {
		return nil, apperr.List{err}.Err()
	}
	m, err := s.compute(ctx, []string{sc.OrgID}, year)
	if err != nil {
		return nil, err
	}
	out := computedValues(m[sc.OrgID], i18n.NL)
	manual, err := s.manualValues(ctx, sc.OrgID, year)
	if err != nil {
		return nil, err
	}
	return append(out, manual...), nil
}

// Definitions lists the computed and the organisation's manual indicators.
func (s *Store) Definitions(ctx context.Context, sc *auth.Scope) ([]Definition, error) {
	if !sc.Can(auth.GoalsRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	manual, err := s.manualDefinitions(ctx, sc.OrgID)
	if err != nil {
		return nil, err
	}
	return append(slices.Clone(Computed), manual...), nil
}

// Definition returns one indicator's definition, computed or manual.
func (s *Store) Definition(ctx context.Context, sc *auth.Scope, key string) (Definition, error) {
	defs, err := s.Definitions(ctx, sc)
	if err != nil {
		return Definition{}, err
	}
	for _, d := range defs {
		if d.Key == key {
			return d, nil
		}
	}
	return Definition{}, apperr.New(apperr.NotFound, "goals.err.indicator_not_found")
}
