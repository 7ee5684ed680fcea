package web_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/web"
)

// svgNode is just enough of an SVG document to check its structure.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

func (n svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n svgNode) walk(f func(svgNode)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

func TestHeatmapChartIsWellFormedAndDescribed(t *testing.T) {
	c := web.HeatmapChart{
		ID: "hm", Title: "Risico's <bruto>", Desc: "3 kwetsbaarheden & 1 hoog",
		RowAxis: "Kans", ColAxis: "Impact",
		RowLabels: []string{"Hoog", "Laag"}, ColLabels: []string{"Klein", "Groot \"echt\""},
		Cells: [][]web.HeatmapCell{
			{{Count: 0, Fill: "#fff3b0", Label: "Hoog × Klein: 0"}, {Count: 1, Fill: "#8b0000", Label: "Hoog × Groot: 1"}},
			{{Count: 2, Fill: "#d8f0d2", Label: "Laag × Klein: 2"}, {Count: 0, Fill: "javascript:x", Label: "Laag × Groot: 0"}},
		},
	}
	out := string(c.SVG())
	var root svgNode
	dec := xml.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v\n%s", err, out)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Errorf("content after the svg element: %v", err)
	}
	if root.XMLName.Local != "svg" || root.attr("role") != "img" || root.attr("aria-labelledby") != "hm-title hm-desc" {
		t.Fatalf("root %v %v", root.XMLName, root.Attrs)
	}
	var title, desc string
	var rects int
	var counts []string
	root.walk(func(n svgNode) {
		switch {
		case n.XMLName.Local == "title" && n.attr("id") == "hm-title":
			title = n.Text
		case n.XMLName.Local == "desc":
			desc = n.Text
		case n.XMLName.Local == "rect":
			rects++
			if strings.Contains(n.attr("fill"), "javascript") {
				t.Errorf("fill not checked: %q", n.attr("fill"))
			}
		case n.XMLName.Local == "text" && n.attr("font-weight") == "bold" && n.attr("font-size") == "16":
			counts = append(counts, n.Text)
			if r := web.ContrastRatio(n.attr("fill"), map[string]string{"1": "#8b0000", "2": "#d8f0d2"}[n.Text]); r < 4.5 {
				t.Errorf("count %s has contrast %.2f", n.Text, r)
			}
		}
	})
	if title != "Risico's <bruto>" || desc != "3 kwetsbaarheden & 1 hoog" {
		t.Errorf("title %q desc %q", title, desc)
	}
	if rects != 4 {
		t.Errorf("%d cells, want 4", rects)
	}
	// Empty cells show no number; the others show their count.
	if strings.Join(counts, ",") != "1,2" {
		t.Errorf("counts %v", counts)
	}
}

func TestTextColourMeetsContrastOnAnyFill(t *testing.T) {
	for _, fill := range []string{"#ffffff", "#000000", "#777777", "#ff0000", "#ffd700", "#0000ff", "#2e7d32", "#c62828", "#f9a825"} {
		if r := web.ContrastRatio(fill, web.TextColourOn(fill)); r < 4.5 {
			t.Errorf("%s: text %s has contrast %.2f", fill, web.TextColourOn(fill), r)
		}
	}
	if r := web.ContrastRatio("#000000", "#ffffff"); r < 20.9 || r > 21.1 {
		t.Errorf("black on white %.2f, want 21", r)
	}
}

func TestColumnChartDrawsValuesAndSuppressedTexts(t *testing.T) {
	svg := string(web.ColumnChart{ID: "m", Title: "Meldingen per maand", Desc: "Aantal meldingen", Labels: []string{"2026-01", "2026-02<"},
		Values: []int{7, 3}, Texts: []string{"", "< 5"}, Hollow: []bool{false, true}}.SVG())
	for _, want := range []string{`<title id="m-title">Meldingen per maand</title>`, `>7</text>`, `>&lt; 5</text>`, `2026-02&lt;`, `stroke-dasharray`} {
		if !strings.Contains(svg, want) {
			t.Errorf("bar chart lacks %q", want)
		}
	}
	if strings.Contains(svg, ">3</text>") {
		t.Error("suppressed value drawn as its number")
	}
}
