package export

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes d as a workbook with one sheet per table: a bold, frozen
// header row with an autofilter, columns sized to their contents, every
// cell a text cell (never a formula) with formula-like text defused as in
// CSV, and the note under the table after an empty row. The document's
// title, subtitle and organisation go into the workbook's properties.
func WriteXLSX(w io.Writer, d Document) error {
	if err := check(d); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	props := &excelize.DocProperties{
		Title:       d.Title,
		Subject:     d.Subtitle,
		Creator:     "Weerbaar",
		Description: d.generated(),
		Language:    string(d.lang()),
	}
	if !d.Generated.IsZero() {
		props.Created = d.Generated.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	if d.Org != "" {
		if err := f.SetAppProps(&excelize.AppProperties{Application: "Weerbaar", Company: d.Org}); err != nil {
			return err
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}}})
	if err != nil {
		return err
	}
	italic, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true}})
	if err != nil {
		return err
	}
	names := sheetNames(d)
	for i, t := range d.tables() {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), names[0])
		} else {
			_, err = f.NewSheet(names[i])
		}
		if err != nil {
			return err
		}
		if err := writeSheet(f, names[i], t, d, bold, italic); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// writeSheet streams one table into its sheet, so that a large export does
// not hold every cell as an object in memory.
func writeSheet(f *excelize.File, sheet string, t Table, d Document, bold, italic int) error {
	cols := len(t.Columns)
	if cols > 0 && len(t.Rows) > 0 {
		// Set before streaming: the stream writer writes the worksheet's
		// autofilter element when it is flushed.
		last, _ := excelize.CoordinatesToCellName(cols, len(t.Rows)+1)
		if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if cols > 0 {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		// Backwards: excelize puts each new column first, and Excel wants
		// the column list in ascending order.
		widths := sheetColumnWidths(t)
		for j := len(widths) - 1; j >= 0; j-- {
			if err := sw.SetColWidth(j+1, j+1, widths[j]); err != nil {
				return err
			}
		}
	}
	r := 1
	if cols > 0 {
		header := make([]any, cols)
		for j, c := range t.Columns {
			header[j] = excelize.Cell{StyleID: bold, Value: Safe(c)}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		r++
	}
	values := make([]any, cols)
	for _, row := range t.Rows {
		for j := range values {
			// A string value is written as a text cell; Safe keeps it text
			// when someone edits the cell later.
			values[j] = Safe(cell(row, j))
		}
		if err := sw.SetRow(cellName(r), values); err != nil {
			return err
		}
		r++
	}
	var notes []string
	if len(t.Rows) == 0 {
		notes = append(notes, d.label("export.no_rows"))
	}
	if t.Note != "" {
		notes = append(notes, t.Note)
	}
	r++ // an empty row keeps the note out of the autofilter range
	for _, n := range notes {
		if err := sw.SetRow(cellName(r), []any{excelize.Cell{StyleID: italic, Value: Safe(n)}}); err != nil {
			return err
		}
		r++
	}
	return sw.Flush()
}

func cellName(row int) string { return fmt.Sprintf("A%d", row) }

// sheetColumnWidths sizes each column to its longest line (in characters) among
// the header and the first rows, between 8 and 60 characters wide.
func sheetColumnWidths(t Table) []float64 {
	const sample = 1000
	widths := make([]float64, len(t.Columns))
	for j, c := range t.Columns {
		widths[j] = float64(longestLine(c)) + 2 // room for the filter button
	}
	for i, row := range t.Rows {
		if i == sample {
			break
		}
		for j := range widths {
			widths[j] = max(widths[j], float64(longestLine(cell(row, j))))
		}
	}
	for j := range widths {
		widths[j] = min(max(widths[j]+1, 8), 60)
	}
	return widths
}

func longestLine(s string) int {
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	return n
}

// sheetNames derives one sheet name per table from its title: at most 31
// characters, none of []:*?/\, not starting or ending with a quote, and
// unique regardless of case, as Excel requires.
func sheetNames(d Document) []string {
	tables := d.tables()
	names := make([]string, len(tables))
	used := map[string]bool{}
	for i, t := range tables {
		base := cleanSheetName(t.Title)
		if base == "" {
			base = d.label("export.sheet", i+1)
		}
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := fmt.Sprintf(" (%d)", n)
			name = truncateRunes(base, 31-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

func cleanSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			return '-'
		case r < ' ' || r == 0x7f:
			return ' '
		}
		return r
	}, s)
	s = strings.Trim(truncateRunes(strings.TrimSpace(s), 31), "' ")
	return s
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
