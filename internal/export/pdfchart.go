package export

// Chart geometry, in points.
const (
	chartBarH     = 11.0
	chartBarGap   = 5.0
	chartLabelW   = 0.34 // share of the width for the labels
	chartValueW   = 60.0 // room right of the longest bar for its value
	chartFontSize = 8.5
)

// chart draws c: per label a line with the label on the left, a dark bar
// in proportion to its value against Max, and the value as text after
// the bar; a thin axis line marks zero. Labels that do not fit are
// shortened with an ellipsis. A chart is kept on one page.
func (l *layout) chart(c *Chart) {
	if c.Max <= 0 || len(c.Labels) == 0 {
		return
	}
	h := float64(len(c.Labels))*(chartBarH+chartBarGap) + chartBarGap
	if l.y-h < l.bottom() {
		l.newPage()
	}
	labelW := l.width() * chartLabelW
	x0 := margin + labelW
	barMax := l.width() - labelW - chartValueW
	top := l.y
	for i, label := range c.Labels {
		y := top - chartBarGap - float64(i+1)*(chartBarH+chartBarGap) + chartBarGap
		base := y + chartBarH*0.25
		l.text(regular, chartFontSize, 0, margin, base, fitLine(winAnsi(label), regular, chartFontSize, labelW-6))
		w := 0.0
		if i < len(c.Values) && c.Values[i] > 0 {
			w = min(c.Values[i], c.Max) / c.Max * barMax
		}
		if w > 0 {
			// A dark blue: 3:1 and more against white (WCAG 1.4.11).
			l.page = append(l.page, "0.12 0.37 0.6 rg "...)
			l.rect(x0, y, w, chartBarH, "f\n0 g\n")
		}
		if i < len(c.Texts) && c.Texts[i] != "" {
			l.text(regular, chartFontSize, 0, x0+w+4, base, winAnsi(c.Texts[i]))
		}
	}
	l.page = appendNum(l.page, x0)
	l.page = append(l.page, ' ')
	l.page = appendNum(l.page, top)
	l.page = append(l.page, " m "...)
	l.page = appendNum(l.page, x0)
	l.page = append(l.page, ' ')
	l.page = appendNum(l.page, top-h)
	l.page = append(l.page, " l S\n"...)
	l.y = top - h - 6
}
