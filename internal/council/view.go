package council

import (
	"context"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// colourBar is the bars' colour: dark enough for 3:1 against white
// (WCAG 1.4.11); every bar also carries its value as text.
const colourBar = "#1f5f99"

// reportView is a report with its figures formatted for people, shared by
// the HTML page, the PDF and the draft summary.
type reportView struct {
	Report     *Report
	Snap       *Snapshot
	Previous   *Report
	PeriodName string
	Overall    string
	ScanOn     string
	Pillars    []row
	Indicators []row
	Goals      []goalRow
	Changes    []changeRow
	Verdicts   []row
	Chart      web.BarChart
	Draft      string
	Paragraphs []string // the summary, split at blank lines
}

type row struct{ Label, Value string }

type goalRow struct{ Title, Indicator, Value, Target, Met string }

type changeRow struct{ Label, Earlier, Now, Delta string }

func (s *Store) reportView(ctx context.Context, sc *auth.Scope, lang i18n.Lang, r *Report) (*reportView, error) {
	snap, err := s.Figures(ctx, sc, r)
	if err != nil {
		return nil, err
	}
	prev, err := s.Previous(ctx, sc, r)
	if err != nil {
		return nil, err
	}
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	v := &reportView{Report: r, Snap: snap, Previous: prev, PeriodName: PeriodLabel(lang, r.Period), Overall: "—"}
	v.Chart = web.BarChart{ID: "pijlers-" + r.ID, Title: t("council.report.chart_title"), Desc: t("council.report.chart_desc"), Max: 5}
	series := web.ChartSeries{Name: t("council.report.chart_series"), Colour: colourBar}
	if m := snap.Maturity; m != nil {
		v.ScanOn = dayNL(m.HeldOn)
		if m.HasOverall {
			v.Overall = num(m.Overall)
		}
		for _, p := range m.Pillars {
			val, bar := "—", -1.0
			if p.Has {
				val, bar = num(p.Value), p.Value
			}
			v.Pillars = append(v.Pillars, row{p.Name, val})
			v.Chart.Labels = append(v.Chart.Labels, p.Name)
			series.Values = append(series.Values, bar)
		}
	}
	v.Chart.Series = []web.ChartSeries{series}
	for _, f := range snap.Indicators {
		v.Indicators = append(v.Indicators, row{f.Label, showFigure(lang, f)})
	}
	for _, g := range snap.Goals {
		gr := goalRow{Title: g.Title, Indicator: g.Figure.Label, Value: showFigure(lang, g.Figure), Target: "—", Met: t("council.goal.no_target")}
		if g.HasTarget {
			gr.Target = showFigure(lang, Figure{Value: g.Target, Unit: g.Figure.Unit, Known: true})
			gr.Met = t("council.goal.not_met")
			if g.Met {
				gr.Met = t("council.goal.met")
			}
		}
		v.Goals = append(v.Goals, gr)
	}
	if prev != nil {
		for _, c := range Changes(prev.Snapshot, snap) {
			label := c.Label
			if label == "" {
				label = t("council.report.overall")
			}
			cr := changeRow{Label: label, Earlier: showFigure(lang, c.Earlier), Now: showFigure(lang, c.Now), Delta: "—"}
			if c.HasDelta {
				cr.Delta = num(c.Delta)
				if c.Delta > 0 {
					cr.Delta = "+" + cr.Delta
				}
			}
			v.Changes = append(v.Changes, cr)
		}
	}
	for _, vd := range []Verdict{Met, Partly, NotMet} {
		v.Verdicts = append(v.Verdicts, row{t("council.verdict." + string(vd)), strconv.Itoa(snap.Verdicts[vd])})
	}
	var prevSnap *Snapshot
	if prev != nil {
		prevSnap = prev.Snapshot
	}
	v.Draft = Draft(lang, sc.OrgName, r, snap, prevSnap)
	v.Paragraphs = paragraphsOf(r.Summary)
	return v, nil
}

// showFigure formats a figure: "—" without data, "minder dan 5" for a
// suppressed count, else the value with its unit.
func showFigure(lang i18n.Lang, f Figure) string {
	switch {
	case !f.Known:
		return "—"
	case f.Suppressed:
		return i18n.T(lang, "council.fewer_than_5")
	}
	s := num(f.Value)
	if lang == i18n.EN {
		s = strconv.FormatFloat(f.Value, 'f', -1, 64)
	}
	switch f.Unit {
	case "", "aantal":
		return s
	case "%":
		return s + "%"
	}
	return s + " " + f.Unit
}
