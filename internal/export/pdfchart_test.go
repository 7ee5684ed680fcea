package export

// council: issue 7 — prose sections and bar charts in the PDF.

import (
	"bytes"
	"strings"
	"testing"
)

// A table with Text and no columns is a section of prose, without the
// "no rows" message; a chart draws one filled bar per positive value,
// with every label and every value as text.
func TestPDFTextAndChart(t *testing.T) {
	_, pages := writePDF(t, Document{Title: "Raadsbrief", Tables: []Table{
		{Title: "Samenvatting", Text: []string{"Eerste alinea over weerbaarheid.", "Tweede alinea."}},
		{Title: "Volwassenheid", Chart: &Chart{Labels: []string{"Bewustwording", "Informatiepositie", "Communicatie"},
			Values: []float64{2.5, 4, -1}, Texts: []string{"2,5", "4", "—"}, Max: 5},
			Columns: []string{"Pijler", "Score"}, Rows: [][]string{{"Bewustwording", "2,5"}}},
	}})
	if len(pages) != 1 {
		t.Fatalf("%d pages", len(pages))
	}
	p := pages[0]
	for _, want := range []string{"Eerste alinea over weerbaarheid.", "Tweede alinea.", "Bewustwording", "Informatiepositie", "Communicatie", "2,5", "4"} {
		if countText(p, want) == 0 {
			t.Errorf("page lacks %q", want)
		}
	}
	if countText(p, "Geen rijen") != 0 || strings.Contains(string(p), "Geen gegevens") {
		t.Errorf("a prose section shows the no-rows message")
	}
	// Two bars (the third has no value): filled rectangles in the bars' colour.
	if n := bytes.Count(p, []byte("0.12 0.37 0.6 rg")); n != 2 {
		t.Errorf("%d bars, want 2", n)
	}
}
