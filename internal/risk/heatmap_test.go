package risk_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/risk"
)

func TestHeatmapCountsEveryVulnerabilityInItsCell(t *testing.T) {
	e := newEnv(t)
	permits, desk := e.team(t, e.a, "Vergunningen"), e.team(t, e.a, "Burgerzaken")
	horeca := e.process(t, e.a, permits, "Horeca")
	travel := e.process(t, e.a, desk, "Reisdocumenten")
	e.vulnerability(t, e.a, horeca, "Druk op de vergunningverlener", score{4, 5, 2, 5})
	e.vulnerability(t, e.a, horeca, "Bibob overgeslagen", score{4, 5, 4, 5})
	e.vulnerability(t, e.a, travel, "Inname en uitreiking", score{3, 4, 0, 0})
	e.vulnerability(t, e.a, travel, "Nog niet gescoord", score{})
	e.vulnerability(t, e.b, e.process(t, e.b, e.team(t, e.b, "B"), "B"), "Van B", score{4, 5, 4, 5})

	h, err := e.risk.Heatmap(e.ctx, e.a, risk.HeatmapFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Total != 4 {
		t.Errorf("total %d, want 4 (B's not counted)", h.Total)
	}
	for _, c := range []struct {
		g          risk.Grid
		l, i, want int
	}{
		{h.Inherent, 4, 5, 2}, {h.Inherent, 3, 4, 1}, {h.Inherent, 1, 1, 0},
		{h.Residual, 2, 5, 1}, {h.Residual, 4, 5, 1}, {h.Residual, 3, 4, 0},
	} {
		if got := c.g.Count(c.l, c.i); got != c.want {
			t.Errorf("cell %d×%d: %d, want %d", c.l, c.i, got, c.want)
		}
	}
	if h.Inherent.Unscored != 1 || h.Residual.Unscored != 2 {
		t.Errorf("unscored %d / %d, want 1 / 2", h.Inherent.Unscored, h.Residual.Unscored)
	}
	// Highest current (residual, else inherent) score first; unscored left out.
	var titles []string
	for _, it := range h.Top {
		titles = append(titles, it.Title)
	}
	if strings.Join(titles, "|") != "Bibob overgeslagen|Inname en uitreiking|Druk op de vergunningverlener" {
		t.Errorf("top risks %q", titles)
	}
	levels := h.Levels() // high, medium, low
	if levels[0].Inherent != 3 || levels[0].Residual != 1 || levels[1].Residual != 1 {
		t.Errorf("levels %+v", levels)
	}

	byTeam, err := e.risk.Heatmap(e.ctx, e.a, risk.HeatmapFilter{TeamID: desk})
	if err != nil || byTeam.Total != 2 || byTeam.Inherent.Count(3, 4) != 1 || byTeam.Inherent.Count(4, 5) != 0 {
		t.Errorf("team filter: %+v, %v", byTeam, err)
	}
	byProcess, err := e.risk.Heatmap(e.ctx, e.a, risk.HeatmapFilter{ProcessID: horeca})
	if err != nil || byProcess.Total != 2 {
		t.Errorf("process filter: total %d, %v", byProcess.Total, err)
	}
	// Another organisation's team filter gives nothing of A.
	if hb, _ := e.risk.Heatmap(e.ctx, e.b, risk.HeatmapFilter{TeamID: desk}); hb.Total != 0 {
		t.Errorf("B sees %d of A's vulnerabilities", hb.Total)
	}
}

func TestHeatmapSVGIsWellFormedAndDescribed(t *testing.T) {
	e := newEnv(t)
	p := e.process(t, e.a, e.team(t, e.a, "Financiën"), "Betalingen")
	e.vulnerability(t, e.a, p, "Eén persoon verplicht én betaalt", score{5, 5, 3, 3})
	h, err := e.risk.Heatmap(e.ctx, e.a, risk.HeatmapFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for side, want := range map[string]string{"inherent": "Hoog: 1, middel: 0", "residual": "Hoog: 0, middel: 1"} {
		var doc struct {
			XMLName xml.Name
			Role    string   `xml:"role,attr"`
			Title   string   `xml:"title"`
			Desc    string   `xml:"desc"`
			Cells   []string `xml:"g>title"`
		}
		svg := string(h.SVG(i18n.NL, side))
		if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
			t.Fatalf("%s: not well-formed: %v", side, err)
		}
		if doc.XMLName.Local != "svg" || doc.Role != "img" || doc.Title == "" || !strings.Contains(doc.Desc, want) {
			t.Errorf("%s: svg %q role %q title %q desc %q", side, doc.XMLName.Local, doc.Role, doc.Title, doc.Desc)
		}
		if len(doc.Cells) != 25 {
			t.Errorf("%s: %d cells, want 25", side, len(doc.Cells))
		}
	}
}
