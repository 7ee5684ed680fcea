package app

// council: issue 7 — the adapters that feed package council from the other
// capabilities, without council importing them.

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/meeting"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/scan"
)

// councilEvidence gives the norm rules and the benchmark their counts: the
// latest Vijf pijlers scan, LOO meetings held, the Bibob policy date,
// interventions and aftercare on time. Every source returns counts or
// dates only; package council checks council.read before it asks.
type councilEvidence struct {
	scan    *scan.Store
	meeting *meeting.Store
	bibob   *bibob.Store
	report  *report.Store
}

func (e councilEvidence) Maturity(ctx context.Context, sc *auth.Scope) (*council.Maturity, error) {
	m, err := e.MaturityForOrgs(ctx, []string{sc.OrgID})
	if err != nil {
		return nil, err
	}
	return m[sc.OrgID], nil
}

func (e councilEvidence) MaturityForOrgs(ctx context.Context, orgIDs []string) (map[string]*council.Maturity, error) {
	list, err := e.scan.MaturityForOrgs(ctx, orgIDs, scan.KeyPillars)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*council.Maturity, len(list))
	for org, m := range list {
		cm := &council.Maturity{ScanTitle: m.Title, HeldOn: m.HeldOn, Gaps: m.Gaps, GapsWithAction: m.GapsWithAction}
		for _, s := range m.Scores {
			cm.Pillars = append(cm.Pillars, council.PillarScore{Key: s.PillarKey, Name: s.Pillar, Value: s.Value, Has: s.HasValue()})
		}
		cm.Overall, cm.HasOverall = scan.Overall(m.Scores)
		out[org] = cm
	}
	return out, nil
}

func (e councilEvidence) LOOMeetings(ctx context.Context, sc *auth.Scope, from, to string) (int, int, error) {
	return e.meeting.HeldCounts(ctx, sc, from, to)
}

func (e councilEvidence) BibobPolicyUpdatedOn(ctx context.Context, sc *auth.Scope) (string, error) {
	return e.bibob.PolicyUpdatedOn(ctx, sc)
}

func (e councilEvidence) Interventions(ctx context.Context, sc *auth.Scope, from, to string) (int, error) {
	return e.bibob.InterventionCount(ctx, sc, from, to)
}

func (e councilEvidence) Aftercare(ctx context.Context, sc *auth.Scope, from, to time.Time) (int, int, error) {
	return e.report.AftercareCounts(ctx, sc, from, to)
}

// newCouncil builds the council store with its evidence and the
// programme's indicators and goals from package plan.
func newCouncil(a *App) *council.Store {
	c := council.NewStore(a.DB, a.Clock, a.Audit)
	c.SetEvidence(councilEvidence{scan: a.Scan, meeting: a.Meeting, bibob: a.Bibob, report: a.Report})
	c.SetFigures(councilFigures{a.Plan})
	return c
}

// councilFigures gives the council report, the norm framework and the
// regional benchmark the programme's indicators and goals from package
// plan.
type councilFigures struct{ p *plan.Store }

func (f councilFigures) Indicators(ctx context.Context, sc *auth.Scope, year int) ([]council.Indicator, error) {
	vs, err := f.p.Indicators(ctx, sc, year)
	return councilIndicators(vs), err
}

func (f councilFigures) IndicatorsForOrgs(ctx context.Context, orgIDs []string, year int) (map[string][]council.Indicator, error) {
	byOrg, err := f.p.IndicatorsForOrgs(ctx, orgIDs, year)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]council.Indicator, len(byOrg))
	for org, vs := range byOrg {
		out[org] = councilIndicators(vs)
	}
	return out, nil
}

func (f councilFigures) Goals(ctx context.Context, sc *auth.Scope, year int) ([]council.Goal, error) {
	gs, err := f.p.GoalProgress(ctx, sc, year)
	if err != nil {
		return nil, err
	}
	out := make([]council.Goal, len(gs))
	for i, g := range gs {
		out[i] = council.Goal{ID: g.GoalID, Title: g.Title, Kind: g.Kind, Indicator: council.Indicator(g.Indicator),
			Target: g.Target, HasTarget: g.HasTarget, HigherIsBetter: g.HigherIsBetter, Met: g.Met}
	}
	return out, nil
}

// councilIndicators converts plan's indicator values; both packages
// describe a value with the same fields.
func councilIndicators(vs []plan.IndicatorValue) []council.Indicator {
	out := make([]council.Indicator, len(vs))
	for i, v := range vs {
		out[i] = council.Indicator(v)
	}
	return out
}
