package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
)

// bom is the UTF-8 byte-order mark. Excel reads a CSV file without it in
// the Windows code page, which mangles every é and €.
const bom = "\uFEFF"

// WriteCSV writes t as CSV for Dutch spreadsheet users: UTF-8 with a
// byte-order mark, semicolons between fields (the list separator of Dutch
// Excel, which opens such a file in columns on a double click), CRLF line
// ends, a header row and fields quoted where needed. The title and note
// are not written: a CSV file is data only. Cells a spreadsheet would read
// as a formula get a quote in front (see Safe).
func WriteCSV(w io.Writer, t Table) error {
	if err := check(Document{Tables: []Table{t}}); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		rec[j] = csvField(c)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range t.Rows {
		for j := range rec {
			rec[j] = csvField(cell(row, j))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// csvField defuses formulas and turns every line break into LF, which
// encoding/csv writes as CRLF inside the quoted field; a lone CR would
// otherwise be dropped.
func csvField(s string) string {
	s = Safe(s)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return s
}

// Safe defuses spreadsheet formula injection: a cell that starts with
// = + - @, a tab or a carriage return could be run as a formula when the
// file is opened (=HYPERLINK(...), =cmd|...), so it gets a single quote in
// front, which spreadsheets show as plain text. This also applies to
// harmless values such as "-5" or "+31 6…": an export is for reading, and
// a visible quote is better than a formula that runs.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
