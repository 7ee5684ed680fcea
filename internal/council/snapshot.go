package council

import (
	"context"
	"slices"

	"github.com/weerbaar/weerbaar/internal/auth"
)

// Snapshot is every figure of a council report. A finalised report keeps
// it as JSON, so that it never changes and the next report can say what
// changed since; counts that could identify people are already replaced
// (Suppressed) before it is stored, so they are never in it.
type Snapshot struct {
	Year       int             `json:"jaar"`
	Maturity   *Maturity       `json:"volwassenheid,omitempty"`
	HasFigures bool            `json:"kengetallenBeschikbaar"`
	Indicators []Figure        `json:"kengetallen"`
	Goals      []GoalLine      `json:"doelen"`
	Verdicts   map[Verdict]int `json:"oordelen"`
}

// Figure is one key figure as a report shows it.
type Figure struct {
	Key        string  `json:"code"`
	Label      string  `json:"naam"`
	Unit       string  `json:"eenheid"`
	Value      float64 `json:"waarde"`
	Known      bool    `json:"bekend"`
	Suppressed bool    `json:"minderDanVijf"`
}

// GoalLine is one goal against its target.
type GoalLine struct {
	Title     string  `json:"titel"`
	Figure    Figure  `json:"kengetal"`
	Target    float64 `json:"streefwaarde"`
	HasTarget bool    `json:"heeftStreefwaarde"`
	Met       bool    `json:"gehaald"`
}

// countKeys are the indicators that count events or objects; their values
// 1–4 could point at people and are shown as "minder dan 5".
var countKeys = []string{IndReports, IndReportsLate, IndScreenings, IndInterventions, IndFindingsOpen, IndActionsLate, IndActionsDone}

// smallCount is the largest count that is suppressed.
const smallCount = 4

// isCount reports whether the figure is a count.
func isCount(key, unit string) bool { return slices.Contains(countKeys, key) || unit == "aantal" }

// figureOf converts an indicator, suppressing a small count.
func figureOf(i Indicator) Figure {
	f := Figure{Key: i.Key, Label: i.Label, Unit: i.Unit, Value: i.Value, Known: i.Known}
	if f.Known && isCount(i.Key, i.Unit) && f.Value >= 1 && f.Value <= smallCount {
		f.Value, f.Suppressed = 0, true
	}
	return f
}

// Build computes the figures of a report for the year now: the latest
// scan, the indicators and goals of the year and the norm verdicts that
// count (decision, else proposal).
func (s *Store) Build(ctx context.Context, sc *auth.Scope, year int) (*Snapshot, error) {
	as, in, err := s.Assess(ctx, sc)
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Year: year, Maturity: in.Maturity, Verdicts: map[Verdict]int{}}
	if snap.Maturity != nil {
		// The gap counts are for the norm rules, not for the council.
		m := *snap.Maturity
		m.Gaps, m.GapsWithAction = 0, 0
		snap.Maturity = &m
	}
	for i := range as {
		snap.Verdicts[as[i].Final()]++
	}
	if s.figures == nil {
		return snap, nil
	}
	snap.HasFigures = true
	ind, err := s.figures.Indicators(ctx, sc, year)
	if err != nil {
		return nil, err
	}
	byKey := map[string]Indicator{}
	for _, i := range ind {
		byKey[i.Key] = i
	}
	for _, k := range IndicatorKeys {
		if i, ok := byKey[k]; ok {
			snap.Indicators = append(snap.Indicators, figureOf(i))
		}
	}
	goals, err := s.figures.Goals(ctx, sc, year)
	if err != nil {
		return nil, err
	}
	for _, g := range goals {
		snap.Goals = append(snap.Goals, GoalLine{Title: g.Title, Figure: figureOf(g.Indicator), Target: g.Target, HasTarget: g.HasTarget, Met: g.Met})
	}
	return snap, nil
}

// Change is one figure compared with the previous finalised report.
type Change struct {
	Label        string
	Unit         string
	Earlier, Now Figure
	Delta        float64
	HasDelta     bool
}

// Changes compares two snapshots: the overall maturity and every pillar,
// then every key figure both have. A suppressed or unknown value has no
// difference.
func Changes(prev, cur *Snapshot) []Change {
	if prev == nil || cur == nil {
		return nil
	}
	var out []Change
	add := func(label, unit string, a, b Figure) {
		c := Change{Label: label, Unit: unit, Earlier: a, Now: b}
		if a.Known && b.Known && !a.Suppressed && !b.Suppressed {
			c.Delta, c.HasDelta = round1(b.Value-a.Value), true
		}
		out = append(out, c)
	}
	if pm, cm := prev.Maturity, cur.Maturity; pm != nil && cm != nil {
		add("", "", Figure{Value: pm.Overall, Known: pm.HasOverall}, Figure{Value: cm.Overall, Known: cm.HasOverall})
		for _, p := range cm.Pillars {
			if e, ok := pm.Pillar(p.Key); ok {
				add(p.Name, "", Figure{Value: e.Value, Known: true}, Figure{Value: p.Value, Known: p.Has})
			}
		}
	}
	for _, f := range cur.Indicators {
		if i := slices.IndexFunc(prev.Indicators, func(e Figure) bool { return e.Key == f.Key }); i >= 0 {
			add(f.Label, f.Unit, prev.Indicators[i], f)
		}
	}
	return out
}
