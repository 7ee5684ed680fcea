// Package council is reporting and accountability (issue 7, points 6, 7
// and 9): the council report (raadsinformatiebrief / factsheet) per period
// as HTML and PDF, the self-assessment against the norm framework of an
// audit office with a proposed verdict per norm from evidence in the
// system, and the regional benchmark of organisations that opt in.
//
// The package never reads case content. Its inputs are aggregate figures
// that come in through two small interfaces it owns: Figures (indicators
// and goals, from package plan) and Evidence (scan maturity and counts of
// the LOO, Bibob and the meldpunt), wired in internal/app.
package council

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/textclean"
)

// Indicator is one key figure of the programme for a year, as package
// plan computes it. Known is false when the system has no data for it.
type Indicator struct {
	Key, Label, Unit, Source string
	Value                    float64
	Known                    bool
}

// Goal is one goal of the programme with its progress against its target.
type Goal struct {
	ID, Title, Kind string
	Indicator       Indicator
	Target          float64
	HasTarget       bool
	HigherIsBetter  bool
	Met             bool
}

// Figures gives the indicators and goals of the programme. The consumer
// owns the interface; internal/app wires package plan in. IndicatorsForOrgs
// reads several organisations at once for the regional benchmark, which
// asks only for organisations that opted in.
type Figures interface {
	Indicators(ctx context.Context, sc *auth.Scope, year int) ([]Indicator, error)
	Goals(ctx context.Context, sc *auth.Scope, year int) ([]Goal, error)
	IndicatorsForOrgs(ctx context.Context, orgIDs []string, year int) (map[string][]Indicator, error)
}

// PillarScore is the maturity of one pillar of the Vijf pijlers scan.
type PillarScore struct {
	Key, Name string
	Value     float64
	Has       bool
}

// Maturity is the result of an organisation's latest finalised Vijf
// pijlers scan of the whole organisation.
type Maturity struct {
	ScanTitle  string
	HeldOn     string // YYYY-MM-DD
	Pillars    []PillarScore
	Overall    float64
	HasOverall bool
	// Gaps are questions answered below the scan's target; GapsWithAction
	// those of them that were turned into an action.
	Gaps, GapsWithAction int
}

// Pillar returns the score of the pillar with the key.
func (m *Maturity) Pillar(key string) (PillarScore, bool) {
	if m == nil {
		return PillarScore{}, false
	}
	for _, p := range m.Pillars {
		if p.Key == key && p.Has {
			return p, true
		}
	}
	return PillarScore{}, false
}

// Evidence gives the counts the norm rules rest on, each for the acting
// organisation: no case content, only dates and numbers. Dates are
// YYYY-MM-DD, from inclusive, to inclusive.
type Evidence interface {
	// Maturity is the latest finalised Vijf pijlers scan; nil without one.
	Maturity(ctx context.Context, sc *auth.Scope) (*Maturity, error)
	// MaturityForOrgs is the same for several organisations at once (the
	// regional benchmark); organisations without a scan are left out.
	MaturityForOrgs(ctx context.Context, orgIDs []string) (map[string]*Maturity, error)
	// LOOMeetings counts the LOO meetings held in the period and those of
	// them with minutes recorded.
	LOOMeetings(ctx context.Context, sc *auth.Scope, from, to string) (held, withMinutes int, err error)
	// BibobPolicyUpdatedOn is the date the Bibob policy was last set; ""
	// without a policy.
	BibobPolicyUpdatedOn(ctx context.Context, sc *auth.Scope) (string, error)
	// Interventions counts the administrative interventions in the period.
	Interventions(ctx context.Context, sc *auth.Scope, from, to string) (int, error)
	// Aftercare counts the aftercare contacts after aggression incidents
	// that fell due in the period and those made on time.
	Aftercare(ctx context.Context, sc *auth.Scope, from, to time.Time) (due, onTime int, err error)
}

// Store keeps the council reports, the norm verdicts and the benchmark
// setting of every organisation; each method acts in the organisation of
// the scope it is given.
type Store struct {
	db       *store.DB
	clk      clock.Clock
	audit    *audit.Log
	figures  Figures
	evidence Evidence
}

// NewStore returns a Store without figures or evidence: pages then say
// that there are no goals or indicators yet.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log) *Store {
	return &Store{db: db, clk: clk, audit: a}
}

// SetFigures connects the indicators and goals of the programme.
func (s *Store) SetFigures(f Figures) { s.figures = f }

// SetEvidence connects the counts of the other capabilities.
func (s *Store) SetEvidence(e Evidence) { s.evidence = e }

// Audit action codes, joined from the area so that the catalogue test does
// not take them for message keys.
const (
	area                = "council"
	ActionReportCreate  = area + ".report.create"
	ActionReportSummary = area + ".report.summary"
	ActionReportFinal   = area + ".report.finalise"
	ActionReportExport  = area + ".report.export"
	ActionNormVerdict   = area + ".norm.verdict"
	ActionNormExport    = area + ".norm.export"
	ActionBenchmarkOpt  = area + ".benchmark.setting"
)

func need(sc *auth.Scope, p auth.Permission) error {
	if !sc.Can(p) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
}

func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

var (
	clean     = textclean.Line
	cleanText = textclean.Text
)

func writeErr(err error) error {
	if store.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Key: "council.err.concurrent", Err: err}
	}
	return apperr.Wrap(err, "store.tx_failed")
}

func notFound() error { return apperr.New(apperr.NotFound, "council.err.not_found") }

// today is the calendar date in the Netherlands.
func (s *Store) today() time.Time {
	n := s.clk.Now().In(clock.Amsterdam)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func t(lang i18n.Lang, key string, args ...any) string { return i18n.T(lang, key, args...) }
