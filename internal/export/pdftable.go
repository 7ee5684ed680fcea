package export

import (
	"bytes"
	"strings"
)

// table writes t: its title, the header, the rows and the note.
func (l *layout) table(t Table) {
	titleLines := 0
	if t.Title != "" {
		titleLines = len(wrap(t.Title, bold, 12, l.width()))
	}
	var header [][][]byte
	if len(t.Columns) > 0 {
		l.widths = pdfColumnWidths(t, l.width())
		header = wrapRow(t.Columns, bold, l.widths)
	}
	// Keep the title with the header and a first line of the table,
	// unless the page has hardly begun.
	need := float64(titleLines)*15 + rowHeight(lineCount(header)) + rowHeight(1)
	if l.y-need < l.bottom() && l.y < l.pageH-margin-60 {
		l.newPage()
	}
	if t.Title != "" {
		l.paragraph(bold, 12, 15, 0, t.Title)
		l.y -= 3
	}
	for _, p := range t.Text {
		l.paragraph(regular, 10, 13, 0, p)
		l.y -= 4
	}
	if t.Chart != nil {
		l.chart(t.Chart)
	}
	l.header = header
	if l.header != nil {
		l.drawRow(l.header, 0, lineCount(l.header), true)
		for _, row := range t.Rows {
			l.row(wrapRow(row, regular, l.widths))
		}
	}
	l.header, l.widths = nil, nil
	l.y -= 4
	if len(t.Rows) == 0 && (len(t.Columns) > 0 || (len(t.Text) == 0 && t.Chart == nil)) {
		l.paragraph(regular, cellSize, cellLeading, 0.35, l.d.label("export.no_rows"))
	}
	if t.Note != "" {
		l.paragraph(regular, cellSize, cellLeading, 0.35, t.Note)
	}
	l.y -= tableGap
}

func rowHeight(lines int) float64 { return float64(lines)*cellLeading + 2*padY }

func lineCount(cells [][][]byte) int {
	n := 0
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

// row places one body row. A row that does not fit below the previous
// rows moves to the next page; a row taller than a whole page is split
// over pages, line by line, starting where it is, so that nothing is lost.
func (l *layout) row(cells [][][]byte) {
	n, from := lineCount(cells), 0
	fullPage := int((l.pageH - 2*margin - rowHeight(lineCount(l.header)) - 2*padY) / cellLeading)
	for from < n {
		room := int((l.y - l.bottom() - 2*padY) / cellLeading)
		if room >= n-from {
			l.drawRow(cells, from, n, false)
			return
		}
		atTop := !l.rowsHere && l.y >= l.pageH-margin-rowHeight(lineCount(l.header))-0.01
		if !atTop && (room < 1 || (l.rowsHere && n-from <= fullPage)) {
			l.newPage()
			continue
		}
		// Only a header taller than the page leaves no room at the top;
		// then one line overflows rather than the loop never ending.
		room = max(room, 1)
		l.drawRow(cells, from, from+room, false)
		from += room
		l.newPage()
	}
}

// drawRow draws lines [from, to) of a row's cells with their borders;
// header rows get a grey background and bold text.
func (l *layout) drawRow(cells [][][]byte, from, to int, header bool) {
	h := rowHeight(to - from)
	top := l.y
	f := regular
	if header {
		f = bold
		l.page = append(l.page, "0.92 g "...)
		l.rect(margin, top-h, l.width(), h, "f\n0 g\n")
	}
	x := margin
	for j, w := range l.widths {
		l.rect(x, top-h, w, h, "S\n")
		for k := from; k < to && k < len(cells[j]); k++ {
			if len(cells[j][k]) == 0 {
				continue
			}
			base := top - padY - float64(k-from+1)*cellLeading + cellLeading*0.25
			l.text(f, cellSize, 0, x+padX, base, cells[j][k])
		}
		x += w
	}
	l.y -= h
	if !header {
		l.rowsHere = true
	}
}

// rect appends a rectangle followed by the painting operator op.
func (l *layout) rect(x, y, w, h float64, op string) {
	for _, v := range [4]float64{x, y, w, h} {
		l.page = appendNum(l.page, v)
		l.page = append(l.page, ' ')
	}
	l.page = append(l.page, "re "...)
	l.page = append(l.page, op...)
}

// wrapRow wraps every cell of a row to its column.
func wrapRow(row []string, f *font, widths []float64) [][][]byte {
	cells := make([][][]byte, len(widths))
	for j, w := range widths {
		cells[j] = wrap(cell(row, j), f, cellSize, w-2*padX)
	}
	return cells
}

// pdfColumnWidths shares the page width among the columns. Each column
// wants its longest line (natural width) and needs at least its longest
// word, up to minCap. When everything fits, the spare room is shared in
// proportion to the natural widths; otherwise each column gets its
// minimum plus a share of what is left in proportion to how much more it
// wants, and when even the minimums do not fit, a share in proportion to
// them. Long words are then broken inside the cell.
func pdfColumnWidths(t Table, avail float64) []float64 {
	const minCap = 110.0
	n := len(t.Columns)
	natural, least := make([]float64, n), make([]float64, n)
	measure := func(j int, s string, f *font) {
		line, word := measureText(s, f, cellSize)
		natural[j] = max(natural[j], line+2*padX)
		least[j] = max(least[j], min(word, minCap)+2*padX)
	}
	for j, c := range t.Columns {
		measure(j, c, bold)
	}
	for _, row := range t.Rows {
		for j := range n {
			measure(j, cell(row, j), regular)
		}
	}
	var sumNat, sumMin float64
	for j := range n {
		natural[j] = max(natural[j], least[j], 2*padX+cellSize)
		sumNat += natural[j]
		sumMin += least[j]
	}
	widths := make([]float64, n)
	for j := range n {
		switch {
		case sumNat <= avail:
			widths[j] = natural[j] * avail / sumNat
		case sumMin >= avail:
			widths[j] = least[j] * avail / sumMin
		default:
			widths[j] = least[j] + (natural[j]-least[j])*(avail-sumMin)/(sumNat-sumMin)
		}
	}
	return widths
}

// measureText returns the widths of the longest line and the longest word
// of s.
func measureText(s string, f *font, size float64) (line, word float64) {
	for _, par := range paragraphs(s) {
		enc := winAnsi(par)
		line = max(line, f.width(enc, size))
		for w := range bytes.FieldsSeq(enc) {
			word = max(word, f.width(w, size))
		}
	}
	return line, word
}

func paragraphs(s string) []string {
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return strings.Split(s, "\n")
}

// wrap breaks s into lines no wider than maxW: at line breaks in s, then
// between words, and inside a word that alone is too wide. Runs of spaces
// become one. Every line holds at least one character, so a very narrow
// column still makes progress. Empty text is one empty line.
func wrap(s string, f *font, size, maxW float64) [][]byte {
	var lines [][]byte
	space := f.width([]byte{' '}, size)
	for _, par := range paragraphs(s) {
		var line []byte
		lineW := 0.0
		for word := range bytes.FieldsSeq(winAnsi(par)) {
			w := f.width(word, size)
			if len(line) > 0 && lineW+space+w <= maxW {
				line = append(append(line, ' '), word...)
				lineW += space + w
				continue
			}
			if len(line) > 0 {
				lines = append(lines, line)
				line, lineW = nil, 0
			}
			for w > maxW && len(word) > 1 {
				cut, cutW := 1, f.width(word[:1], size)
				for cut < len(word) {
					next := f.width(word[cut:cut+1], size)
					if cutW+next > maxW {
						break
					}
					cut, cutW = cut+1, cutW+next
				}
				lines = append(lines, word[:cut:cut])
				word = word[cut:]
				w = f.width(word, size)
			}
			line, lineW = append([]byte(nil), word...), w
		}
		lines = append(lines, line)
	}
	return lines
}
