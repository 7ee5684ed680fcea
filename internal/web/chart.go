package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// HeatmapChart is a grid of counted cells drawn as an SVG picture, such as
// a risk matrix with the number of risks in each cell. It knows nothing of
// what the rows and columns mean: the caller gives the labels, the fills
// and the texts that describe the picture to those who cannot see it.
type HeatmapChart struct {
	// ID makes the ids of the title and description unique on the page.
	ID string
	// Title and Desc are the picture's text alternative (role="img" with
	// <title> and <desc>).
	Title string
	Desc  string
	// RowAxis and ColAxis name the axes; RowLabels are drawn from the top
	// row down, ColLabels from the left.
	RowAxis, ColAxis     string
	RowLabels, ColLabels []string
	// Cells holds one row per row label, one cell per column label.
	Cells [][]HeatmapCell
}

// HeatmapCell is one cell: its count, its fill colour (#rrggbb) and a
// short text for the cell's tooltip and for screen readers.
type HeatmapCell struct {
	Count int
	Fill  string
	Label string
	// Text, when set, is drawn instead of the count, for grids of shares
	// ("80%") or marks rather than counts.
	Text string
}

// Chart geometry in SVG user units; the picture scales with its width.
const (
	cellW      = 64
	cellH      = 44
	rowLabelW  = 170
	colLabelH  = 64
	axisMargin = 24
)

// SVG renders the chart. The count in every cell is drawn in black or
// white, whichever contrasts more with the fill, so that the text meets
// WCAG 2.1 contrast (4.5:1) on any fill the caller chooses.
func (c HeatmapChart) SVG() template.HTML {
	esc := template.HTMLEscapeString
	rows, cols := len(c.RowLabels), len(c.ColLabels)
	x0, y0 := axisMargin+rowLabelW, 8
	w := x0 + cols*cellW + 8
	h := y0 + rows*cellH + colLabelH + axisMargin
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-title %s-desc">`,
		w, h, w, h, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	for r := range rows {
		y := y0 + r*cellH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle" font-size="12" fill="#1a1a1a">%s</text>`,
			x0-6, y+cellH/2, esc(shorten(c.RowLabels[r], 26)))
		for col := range cols {
			var cell HeatmapCell
			if r < len(c.Cells) && col < len(c.Cells[r]) {
				cell = c.Cells[r][col]
			}
			fill := cell.Fill
			if !isHexColour(fill) {
				fill = "#ffffff"
			}
			x := x0 + col*cellW
			fmt.Fprintf(&b, `<g><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#1a1a1a" stroke-width="1"/>`,
				esc(cell.Label), x, y, cellW, cellH, fill)
			if cell.Text != "" {
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" dominant-baseline="middle" font-size="14" font-weight="bold" fill="%s">%s</text>`,
					x+cellW/2, y+cellH/2, TextColourOn(fill), esc(shorten(cell.Text, 6)))
			} else if cell.Count > 0 {
				fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" dominant-baseline="middle" font-size="16" font-weight="bold" fill="%s">%d</text>`,
					x+cellW/2, y+cellH/2, TextColourOn(fill), cell.Count)
			}
			b.WriteString(`</g>`)
		}
	}
	yLabels := y0 + rows*cellH
	for col := range cols {
		x := x0 + col*cellW + cellW/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12" fill="#1a1a1a" transform="rotate(-35 %d %d)">%s</text>`,
			x, yLabels+14, x, yLabels+14, esc(shorten(c.ColLabels[col], 18)))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13" font-weight="bold" fill="#1a1a1a">%s</text>`,
		x0+cols*cellW/2, h-6, esc(c.ColAxis))
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="13" font-weight="bold" fill="#1a1a1a" transform="rotate(-90 %d %d)">%s</text>`,
		14, y0+rows*cellH/2, 14, y0+rows*cellH/2, esc(c.RowAxis))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text above is escaped
}

// shorten cuts a label to n characters with an ellipsis; the full label
// is in the caller's table.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func isHexColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	_, err := strconv.ParseUint(s[1:], 16, 32)
	return err == nil
}

// TextColourOn returns black or white, whichever has the higher contrast
// ratio against the fill (#rrggbb). One of the two always reaches at least
// 4.58:1 (the square root of 21), so any fill passes WCAG AA for text.
func TextColourOn(fill string) string {
	const dark, light = "#000000", "#ffffff"
	if ContrastRatio(fill, dark) >= ContrastRatio(fill, light) {
		return dark
	}
	return light
}

// ContrastRatio is the WCAG 2.1 contrast ratio of two #rrggbb colours,
// from 1 (none) to 21 (black on white); 0 when a colour is not #rrggbb.
func ContrastRatio(a, b string) float64 {
	if !isHexColour(a) || !isHexColour(b) {
		return 0
	}
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the relative luminance of WCAG 2.1.
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	channel := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(v>>16&0xff) + 0.7152*channel(v>>8&0xff) + 0.0722*channel(v&0xff)
}

// RadarChart draws one or more series of values on spokes, such as the
// maturity per pillar of a scan beside an earlier scan or a survey. The
// caller shows the same figures in a table next to it; series are told
// apart by line style as well as colour, and named in a legend.
type RadarChart struct {
	ID, Title, Desc string
	Axes            []string // one label per spoke, clockwise from the top
	Max             float64  // the value at the outer ring; rings at every whole number
	Series          []ChartSeries
}

// ChartSeries is one named series of a radar or bar chart; Values holds
// one value per axis or bar, a negative value meaning "no value".
type ChartSeries struct {
	Name   string
	Values []float64
	Colour string // #rrggbb
}

// seriesDash gives each series its own line style, so that they can be
// told apart without colour.
var seriesDash = []string{"", "6 4", "2 3", "10 3 2 3"}

// SVG renders the radar chart.
func (c RadarChart) SVG() template.HTML {
	esc := template.HTMLEscapeString
	// The width leaves room for a label of 22 characters on either side of
	// the spokes, so that no axis name is cut off.
	const size, r, pad = 640, 130.0, 80.0
	cx, cy := size/2.0, pad+r
	h := int(cy + r + pad + float64(len(c.Series))*18)
	n := len(c.Axes)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="radar" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-title %s-desc">`,
		size, h, size, h, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	if n < 3 || c.Max <= 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String()) //nolint:gosec // escaped above
	}
	point := func(i int, v float64) (float64, float64) {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		return cx + r*v/c.Max*math.Cos(a), cy + r*v/c.Max*math.Sin(a)
	}
	for ring := 1.0; ring <= c.Max; ring++ {
		var pts []string
		for i := range n {
			x, y := point(i, ring)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		}
		fmt.Fprintf(&b, `<polygon points="%s" fill="none" stroke="#b0b0b0" stroke-width="1"/>`, strings.Join(pts, " "))
		x, y := point(0, ring)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" fill="#1a1a1a">%g</text>`, x+3, y+3, ring)
	}
	for i, label := range c.Axes {
		x, y := point(i, c.Max)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#b0b0b0" stroke-width="1"/>`, cx, cy, x, y)
		lx, ly := point(i, c.Max*1.12)
		anchor := "middle"
		switch {
		case lx < cx-5:
			anchor = "end"
		case lx > cx+5:
			anchor = "start"
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" dominant-baseline="middle" font-size="12" fill="#1a1a1a">%s</text>`, lx, ly, anchor, esc(shorten(label, 22)))
	}
	for k, s := range c.Series {
		colour := s.Colour
		if !isHexColour(colour) {
			colour = "#1a1a1a"
		}
		var pts []string
		for i := range n {
			v := 0.0
			if i < len(s.Values) && s.Values[i] > 0 {
				v = s.Values[i]
			}
			x, y := point(i, v)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
		}
		dash := seriesDash[k%len(seriesDash)]
		fmt.Fprintf(&b, `<polygon points="%s" fill="%s" fill-opacity="0.12" stroke="%s" stroke-width="2"%s/>`, strings.Join(pts, " "), colour, colour, dashAttr(dash))
		ly := cy + r + pad/2 + float64(k)*18
		fmt.Fprintf(&b, `<line x1="20" y1="%.1f" x2="50" y2="%.1f" stroke="%s" stroke-width="2"%s/><text x="58" y="%.1f" dominant-baseline="middle" font-size="12" fill="#1a1a1a">%s</text>`,
			ly, ly, colour, dashAttr(dash), ly, esc(shorten(s.Name, 50)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text above is escaped
}

func dashAttr(d string) string {
	if d == "" {
		return ""
	}
	return ` stroke-dasharray="` + d + `"`
}

// BarChart draws horizontal bars, one group per label with a bar per
// series, each bar labelled with its value so that no meaning rests on
// colour alone.
type BarChart struct {
	ID, Title, Desc string
	Labels          []string
	Max             float64
	Series          []ChartSeries
}

// SVG renders the bar chart.
func (c BarChart) SVG() template.HTML {
	esc := template.HTMLEscapeString
	const labelW, barW, barH, gap = 190, 300, 14, 10
	ns := max(len(c.Series), 1)
	groupH := ns*barH + gap
	w := labelW + barW + 60
	h := 10 + len(c.Labels)*groupH + 10 + ns*18
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="bars" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-title %s-desc">`,
		w, h, w, h, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	if c.Max > 0 {
		for i, label := range c.Labels {
			y := 10 + i*groupH
			fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" dominant-baseline="middle" font-size="12" fill="#1a1a1a">%s</text>`,
				labelW-6, y+ns*barH/2, esc(shorten(label, 28)))
			for k, s := range c.Series {
				if i >= len(s.Values) || s.Values[i] < 0 {
					continue
				}
				colour := s.Colour
				if !isHexColour(colour) {
					colour = "#1a1a1a"
				}
				bw := s.Values[i] / c.Max * barW
				by := y + k*barH
				fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/><text x="%.1f" y="%d" dominant-baseline="middle" font-size="11" fill="#1a1a1a">%g</text>`,
					labelW, by, bw, barH-2, colour, float64(labelW)+bw+4, by+barH/2, s.Values[i])
			}
		}
		ly := 10 + len(c.Labels)*groupH + 8
		for k, s := range c.Series {
			colour := s.Colour
			if !isHexColour(colour) {
				colour = "#1a1a1a"
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="10" fill="%s"/><text x="%d" y="%d" dominant-baseline="middle" font-size="12" fill="#1a1a1a">%s</text>`,
				labelW, ly+k*18, colour, labelW+20, ly+k*18+5, esc(shorten(s.Name, 50)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text above is escaped
}

// ColumnChart is a simple vertical bar chart, such as a count per month. Like
// HeatmapChart it draws only what the caller gives it; every bar carries
// its value as text above it, so no meaning rests on colour or height
// alone, and the caller shows the same figures in a table.
type ColumnChart struct {
	ID, Title, Desc string
	// Labels name the bars from left to right; Values are their heights.
	Labels []string
	Values []int
	// Texts, when set, are drawn above the bars instead of the values, for
	// suppressed counts ("< 5"); such a bar is drawn outlined, without fill.
	Texts []string
	// Hollow marks bars to draw outlined only.
	Hollow []bool
	Fill   string // #rrggbb, default a dark blue
}

// Column chart geometry in SVG user units.
const (
	barW     = 40
	barGap   = 12
	barMaxH  = 160
	barLabel = 56
	barTop   = 24
)

// SVG renders the bar chart.
func (c ColumnChart) SVG() template.HTML {
	esc := template.HTMLEscapeString
	fill := c.Fill
	if !isHexColour(fill) {
		fill = "#1f4e79"
	}
	peak := 1
	for _, v := range c.Values {
		peak = max(peak, v)
	}
	n := len(c.Labels)
	w := axisMargin + n*(barW+barGap) + barGap
	h := barTop + barMaxH + barLabel
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="barchart" role="img" viewBox="0 0 %d %d" width="%d" height="%d" aria-labelledby="%s-title %s-desc">`,
		w, h, w, h, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	base := barTop + barMaxH
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#1a1a1a" stroke-width="1"/>`, axisMargin, base, w-barGap/2, base)
	for i := range n {
		v := 0
		if i < len(c.Values) {
			v = c.Values[i]
		}
		text := strconv.Itoa(v)
		if i < len(c.Texts) && c.Texts[i] != "" {
			text = c.Texts[i]
		}
		hollow := i < len(c.Hollow) && c.Hollow[i]
		bh := int(math.Round(float64(v) / float64(peak) * barMaxH))
		x := axisMargin + barGap + i*(barW+barGap)
		if hollow {
			bh = max(bh, 8)
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="4 3"/>`, x, base-bh, barW, bh, fill)
		} else if bh > 0 {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>`, x, base-bh, barW, bh, fill)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle" font-size="12" fill="#1a1a1a">%s</text>`, x+barW/2, base-bh-6, esc(text))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="12" fill="#1a1a1a" transform="rotate(-45 %d %d)">%s</text>`,
			x+barW/2, base+14, x+barW/2, base+14, esc(shorten(c.Labels[i], 12)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text above is escaped
}
