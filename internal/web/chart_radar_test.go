package web

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestRadarAndBarChartsAreAccessibleSVG(t *testing.T) {
	r := RadarChart{ID: "r1", Title: "Volwassenheid <scan>", Desc: "Per pijler", Max: 5,
		Axes:   []string{"Bewustwording", "Informatiepositie", "Beleid", "Werkomgeving", "Communicatie"},
		Series: []ChartSeries{{Name: "2026", Values: []float64{3, 2.5, -1, 4, 1}, Colour: "#1f5f99"}, {Name: "2025", Values: []float64{2, 2, 2, 2, 2}, Colour: "#5c5c5c"}}}
	b := BarChart{ID: "b1", Title: "Staven", Desc: "Per pijler", Max: 5, Labels: r.Axes, Series: r.Series}
	for name, svg := range map[string]string{"radar": string(r.SVG()), "bars": string(b.SVG())} {
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Errorf("%s: not well-formed: %v", name, err)
		}
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `aria-labelledby=`) || !strings.Contains(svg, "<desc id=") {
			t.Errorf("%s lacks its text alternative", name)
		}
		if strings.Contains(svg, "<scan>") {
			t.Errorf("%s does not escape its title", name)
		}
		if !strings.Contains(svg, ">2026<") || !strings.Contains(svg, ">2025<") {
			t.Errorf("%s lacks the legend", name)
		}
	}
	// The second series is dashed, so that it is told apart without colour.
	if !strings.Contains(string(r.SVG()), `stroke-dasharray="6 4"`) {
		t.Error("the series differ by colour only")
	}
	// A value of 2.5 on the bars is labelled with its number.
	if !strings.Contains(string(b.SVG()), ">2.5<") {
		t.Error("bars are not labelled with their values")
	}
}
