package app

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// The indicators of the programme (issue 7, point 4) come from the modules
// through plan.Measurer; these adapters translate each module's grouped
// counts into indicator values, so that package plan imports no other
// capability. Every adapter is given only organisations the caller may
// see (plan checks the scope) and returns counts only.

// reportMeasures provides meldingen.aantal, meldingen.doorlooptijd and
// meldingen.te_laat.
type reportMeasures struct{ r *report.Store }

func (m reportMeasures) Measure(ctx context.Context, orgIDs []string, p plan.Period, into plan.Measures) error {
	figs, err := m.r.YearFiguresFor(ctx, orgIDs, p.From, p.To, p.Now)
	if err != nil {
		return err
	}
	for org, f := range figs {
		into.Set(org, plan.KeyReports, float64(f.Received))
		if f.MedianDays >= 0 {
			into.Set(org, plan.KeyHandlingDays, float64(f.MedianDays))
		}
		if p.Snapshots {
			into.Set(org, plan.KeyReportsLate, float64(f.Overdue))
		}
	}
	return nil
}

// peopleMeasures provides training.dekking (a state: only for this year).
type peopleMeasures struct{ p *people.Store }

func (m peopleMeasures) Measure(ctx context.Context, orgIDs []string, p plan.Period, into plan.Measures) error {
	if !p.Snapshots {
		return nil
	}
	cov, err := m.p.CoverageFor(ctx, orgIDs)
	if err != nil {
		return err
	}
	for org, c := range cov {
		if c.Applicable > 0 {
			into.Set(org, plan.KeyTraining, percent(c.Covered, c.Applicable))
		}
	}
	return nil
}

// bibobMeasures provides bibob.screenings and bibob.interventies.
type bibobMeasures struct{ b *bibob.Store }

func (m bibobMeasures) Measure(ctx context.Context, orgIDs []string, p plan.Period, into plan.Measures) error {
	counts, err := m.b.YearCountsFor(ctx, orgIDs, p.Year, p.From, p.To)
	if err != nil {
		return err
	}
	for org, c := range counts {
		into.Set(org, plan.KeyScreenings, float64(c.Screenings))
		into.Set(org, plan.KeyInterventions, float64(c.Interventions))
	}
	return nil
}

// riskMeasures provides processen.teams_in_kaart and bevindingen.open
// (states: only for this year).
type riskMeasures struct{ r *risk.Store }

func (m riskMeasures) Measure(ctx context.Context, orgIDs []string, p plan.Period, into plan.Measures) error {
	if !p.Snapshots {
		return nil
	}
	maps, err := m.r.MappingFor(ctx, orgIDs)
	if err != nil {
		return err
	}
	for org, mp := range maps {
		if mp.Teams > 0 {
			into.Set(org, plan.KeyMappedTeams, percent(mp.MappedTeams, mp.Teams))
		}
		into.Set(org, plan.KeyOpenFindings, float64(mp.OpenFindings))
	}
	return nil
}

// percent is part of whole in percent, to one decimal.
func percent(part, whole int) float64 {
	return float64(part*1000/whole) / 10
}
