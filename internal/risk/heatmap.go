package risk

import (
	"cmp"
	"context"
	"html/template"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/web"
)

// HeatmapFilter narrows a heatmap to one team's or one process's
// vulnerabilities; empty fields do not filter.
type HeatmapFilter struct {
	TeamID    string
	ProcessID string
}

// Heatmap is the organisation's vulnerabilities counted per cell of its
// matrix, once by inherent and once by residual score.
type Heatmap struct {
	Matrix Matrix
	// Inherent and Residual count vulnerabilities per cell, indexed
	// [likelihood-1][impact-1].
	Inherent, Residual Grid
	// Total is the number of vulnerabilities, scored or not.
	Total int
	// Top lists the highest risks, highest residual score first (the
	// inherent score where no residual one is given).
	Top []RiskItem
}

// Grid counts vulnerabilities per cell; Unscored counts those without a
// score on this side.
type Grid struct {
	Cells    [][]int
	Unscored int
}

// Count returns the count of a cell (1-based likelihood and impact).
func (g Grid) Count(likelihood, impact int) int { return g.Cells[likelihood-1][impact-1] }

// RiskItem is one vulnerability in the heatmap's list of top risks.
type RiskItem struct {
	VulnerabilityID string
	Title           string
	ProcessID       string
	ProcessName     string
	Inherent        Rating
	Residual        Rating
	Treatment       Treatment
}

// maxTop is how many risks the heatmap lists.
const maxTop = 10

// Heatmap counts the vulnerabilities of the scope's organisation, or of
// one team or process of it, on the organisation's matrix.
func (s *Store) Heatmap(ctx context.Context, sc *auth.Scope, f HeatmapFilter) (*Heatmap, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	m, err := loadMatrix(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	h := &Heatmap{Matrix: m, Inherent: newGrid(m), Residual: newGrid(m)}
	w := store.NewWhere("v.org_id = ?", sc.OrgID)
	if f.TeamID != "" {
		w.Add("p.team_id = ?", f.TeamID)
	}
	if f.ProcessID != "" {
		w.Add("v.process_id = ?", f.ProcessID)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT v.id, v.title, v.process_id, p.name, v.inherent_likelihood, v.inherent_impact,
		v.residual_likelihood, v.residual_impact, v.treatment
		FROM vulnerabilities v JOIN processes p ON p.org_id = v.org_id AND p.id = v.process_id
		WHERE `+w.SQL(), w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var all []RiskItem
	for rows.Next() {
		var it RiskItem
		var il, ii, rl, ri int
		if err := rows.Scan(&it.VulnerabilityID, &it.Title, &it.ProcessID, &it.ProcessName, &il, &ii, &rl, &ri, &it.Treatment); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		it.Inherent, it.Residual = m.Rate(il, ii), m.Rate(rl, ri)
		h.Inherent.add(it.Inherent)
		h.Residual.add(it.Residual)
		h.Total++
		if it.Inherent.Scored() || it.Residual.Scored() {
			all = append(all, it)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	slices.SortFunc(all, func(a, b RiskItem) int {
		return cmp.Or(cmp.Compare(b.current().Value, a.current().Value), cmp.Compare(b.Inherent.Value, a.Inherent.Value),
			strings.Compare(a.Title, b.Title), strings.Compare(a.VulnerabilityID, b.VulnerabilityID))
	})
	h.Top = all[:min(len(all), maxTop)]
	return h, nil
}

// current is the score that counts now: the residual one, or the
// inherent one while no residual score is given.
func (it RiskItem) current() Rating {
	if it.Residual.Scored() {
		return it.Residual
	}
	return it.Inherent
}

func newGrid(m Matrix) Grid {
	g := Grid{Cells: make([][]int, len(m.LikelihoodLabels))}
	for i := range g.Cells {
		g.Cells[i] = make([]int, len(m.ImpactLabels))
	}
	return g
}

func (g *Grid) add(s Rating) {
	if !s.Scored() {
		g.Unscored++
		return
	}
	g.Cells[s.Likelihood-1][s.Impact-1]++
}

// Level fills: light green and yellow carry black text, dark red white
// text (web.HeatmapChart picks the text colour by contrast).
var levelFill = map[duty.Risk]string{duty.Low: "#d4edc9", duty.Medium: "#ffd966", duty.High: "#a61b1b"}

// LevelCount is the number of vulnerabilities of one level, for the
// legend that tells the levels apart without colour.
type LevelCount struct {
	Level    duty.Risk
	Fill     string
	From, To int // the scores of the level
	Inherent int
	Residual int
}

// Levels returns the legend: each level with its scores, colour and
// counts, highest first.
func (h *Heatmap) Levels() []LevelCount {
	t := h.Matrix.Thresholds
	out := []LevelCount{
		{Level: duty.High, From: t[1], To: h.Matrix.Max()},
		{Level: duty.Medium, From: t[0], To: t[1] - 1},
		{Level: duty.Low, From: 1, To: t[0] - 1},
	}
	for i := range out {
		out[i].Fill = levelFill[out[i].Level]
		out[i].Inherent = h.Inherent.levelCount(h.Matrix, out[i].Level)
		out[i].Residual = h.Residual.levelCount(h.Matrix, out[i].Level)
	}
	return out
}

func (g Grid) levelCount(m Matrix, level duty.Risk) int {
	n := 0
	for l, row := range g.Cells {
		for i, c := range row {
			if m.Level(l+1, i+1) == level {
				n += c
			}
		}
	}
	return n
}

// Swatch draws the colour of a level for the legend.
func (lc LevelCount) Swatch() template.HTML {
	return template.HTML(`<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="15" height="15" fill="` +
		lc.Fill + `" stroke="#000000"/></svg>`) //nolint:gosec // Fill is a constant of this package
}

// SVG draws the heatmap of one side, "inherent" or "residual", with its
// text alternative in the given language.
func (h *Heatmap) SVG(lang i18n.Lang, side string) template.HTML {
	g, title := h.Residual, "risk.heatmap.title_residual"
	if side != "residual" {
		side, g, title = "inherent", h.Inherent, "risk.heatmap.title_inherent"
	}
	m := h.Matrix
	rows, cols := len(m.LikelihoodLabels), len(m.ImpactLabels)
	c := web.HeatmapChart{
		ID:        "heatmap-" + side,
		Title:     i18n.T(lang, title),
		RowAxis:   i18n.T(lang, "risk.heatmap.likelihood"),
		ColAxis:   i18n.T(lang, "risk.heatmap.impact"),
		ColLabels: m.ImpactLabels,
	}
	for l := rows; l >= 1; l-- {
		c.RowLabels = append(c.RowLabels, m.LikelihoodLabels[l-1])
		row := make([]web.HeatmapCell, cols)
		for i := 1; i <= cols; i++ {
			level := m.Level(l, i)
			n := g.Count(l, i)
			row[i-1] = web.HeatmapCell{Count: n, Fill: levelFill[level],
				Label: i18n.T(lang, "risk.heatmap.cell", m.LikelihoodLabels[l-1], m.ImpactLabels[i-1], n, i18n.T(lang, "duty.risk."+string(level)))}
		}
		c.Cells = append(c.Cells, row)
	}
	var high, medium, low int
	for _, lc := range h.Levels() {
		n := lc.Inherent
		if side == "residual" {
			n = lc.Residual
		}
		switch lc.Level {
		case duty.High:
			high = n
		case duty.Medium:
			medium = n
		default:
			low = n
		}
	}
	c.Desc = i18n.T(lang, "risk.heatmap.desc", rows, cols, high, medium, low, g.Unscored)
	return c.SVG()
}
