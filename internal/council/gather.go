package council

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Gather collects the evidence of the norm rules for the scope's
// organisation: the last 12 months up to today, the indicators and goals
// of the current year. A missing source leaves its values missing.
func (s *Store) Gather(ctx context.Context, sc *auth.Scope) (Inputs, error) {
	if err := need(sc, auth.CouncilRead); err != nil {
		return Inputs{}, err
	}
	today := s.today()
	in := Inputs{Today: today, Year: today.Year(), Indicators: map[string]Indicator{}}
	from := today.AddDate(-1, 0, 1)
	fromDay, toDay := from.Format(time.DateOnly), today.Format(time.DateOnly)
	if s.figures != nil {
		ind, err := s.figures.Indicators(ctx, sc, in.Year)
		if err != nil {
			return in, err
		}
		for _, i := range ind {
			in.Indicators[i.Key] = i
		}
		if in.Goals, err = s.figures.Goals(ctx, sc, in.Year); err != nil {
			return in, err
		}
		in.HasFigures = true
	}
	if e := s.evidence; e != nil {
		var err error
		if in.Maturity, err = e.Maturity(ctx, sc); err != nil {
			return in, err
		}
		if in.LOOHeld, in.LOOWithMinutes, err = e.LOOMeetings(ctx, sc, fromDay, toDay); err != nil {
			return in, err
		}
		if in.BibobPolicyOn, err = e.BibobPolicyUpdatedOn(ctx, sc); err != nil {
			return in, err
		}
		if in.Interventions, err = e.Interventions(ctx, sc, fromDay, toDay); err != nil {
			return in, err
		}
		// The window of the aftercare is in instants: midnight in the
		// Netherlands is near enough for a yearly share.
		if in.AftercareDue, in.AftercareOnTime, err = e.Aftercare(ctx, sc, from, today.AddDate(0, 0, 1)); err != nil {
			return in, err
		}
	}
	// Own data: council reports finalised and read by the council.
	since := store.Millis(from)
	var last int64
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN finalised_at >= $2 THEN 1 END), COALESCE(MAX(finalised_at), 0)
		FROM council_reports WHERE org_id = $1 AND status = 'definitief'`, sc.OrgID, since).Scan(&in.ReportsFinal12m, &last); err != nil {
		return in, apperr.Wrap(err, "store.query_failed")
	}
	if last > 0 {
		in.LastReportOn = store.Time(last).Format(time.DateOnly)
	}
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM council_report_views WHERE org_id = $1 AND viewed_at >= $2`,
		sc.OrgID, since).Scan(&in.AuditorViews12m); err != nil {
		return in, apperr.Wrap(err, "store.query_failed")
	}
	return in, nil
}
