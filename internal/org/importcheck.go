package org

import (
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// column is a column of the HR export the import understands.
type column int

// The columns, in the order of the documentation.
const (
	colNumber column = iota
	colName
	colTeam
	colTeamCode
	colParent
	colFunction
	colFunctionCode
	colStart
	colEnd
	colClientContact
	colHired
	colFrom
	colTo
	numColumns
)

// columnSpecs names each column's accepted headers (compared without case
// and surrounding space; the first is the documented one) and whether the
// column must be present.
var columnSpecs = [numColumns]struct {
	headers  []string
	required bool
}{
	colNumber:        {[]string{"personeelsnummer", "personeelsnr", "medewerkernummer"}, true},
	colName:          {[]string{"naam", "volledige naam"}, true},
	colTeam:          {[]string{"team", "afdeling"}, true},
	colTeamCode:      {[]string{"teamcode", "afdelingscode"}, false},
	colParent:        {[]string{"bovenliggend team", "bovenliggende afdeling"}, false},
	colFunction:      {[]string{"functie", "functienaam"}, true},
	colFunctionCode:  {[]string{"functiecode"}, true},
	colStart:         {[]string{"startdatum", "startdatum (in dienst)", "in dienst", "datum in dienst"}, true},
	colEnd:           {[]string{"uitdienst", "uit dienst", "datum uit dienst"}, false},
	colClientContact: {[]string{"klantcontact"}, true},
	colHired:         {[]string{"inhuur"}, true},
	colFrom:          {[]string{"functie vanaf"}, true},
	colTo:            {[]string{"functie tot", "functie tot en met"}, false},
}

// columns maps the import's columns to the file's: the cell index of each
// column (-1 when absent) and the header as the file spells it, which error
// messages name so that users recognise it.
type columns struct {
	index  [numColumns]int
	header [numColumns]string
}

func (c *columns) has(col column) bool { return c.index[col] >= 0 }

func (c *columns) cell(r sheetRow, col column) string {
	i := c.index[col]
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

func normHeader(s string) string {
	return strings.TrimRight(strings.ToLower(clean(s)), "?* ")
}

// mapColumns finds the columns in the header row. Columns it does not know
// are ignored (HR exports carry many) and returned for the report.
func mapColumns(sh *sheet) (*columns, []string, apperr.List) {
	c := &columns{}
	for i := range c.index {
		c.index[i] = -1
	}
	var ignored []string
	var errs apperr.List
	for i, h := range sh.Header {
		norm, found := normHeader(h), false
		for col, spec := range columnSpecs {
			for _, name := range spec.headers {
				if norm != name {
					continue
				}
				found = true
				if c.index[col] >= 0 {
					errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "org.import.column_twice", Field: clean(h), Row: sh.HeaderRow})
				} else {
					c.index[col], c.header[col] = i, clean(h)
				}
			}
		}
		if !found && clean(h) != "" {
			ignored = append(ignored, clean(h))
		}
	}
	for col, spec := range columnSpecs {
		if spec.required && c.index[col] < 0 {
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "org.import.column_missing", Field: spec.headers[0], Row: sh.HeaderRow})
		}
	}
	return c, ignored, errs
}

// line is one data row, checked and in stored form.
type line struct {
	row                    int
	number, name           string
	team, teamCode, parent string
	function, functionCode string
	start, end             string
	clientContact, hired   bool
	from, to               string
	// bad marks a row with a problem of its own; the checks across rows
	// skip it so that one mistake is reported once.
	bad bool
}

// rowErr is a problem with one cell of the file.
func (c *columns) rowErr(row int, col column, key string, args ...any) *apperr.Error {
	return &apperr.Error{Code: apperr.Invalid, Key: key, Field: c.header[col], Row: row, Args: args}
}

// parseLines checks every cell of every row on its own — required values,
// lengths, dates, yes/no — and returns the rows in stored form with every
// problem found.
func parseLines(sh *sheet, c *columns, xlsx bool) ([]*line, apperr.List) {
	var errs apperr.List
	lines := make([]*line, 0, len(sh.Rows))
	for _, r := range sh.Rows {
		l := &line{row: r.N}
		before := len(errs)
		text := func(col column, max int, required bool) string {
			v := clean(c.cell(r, col))
			switch {
			case v == "" && required:
				errs = append(errs, c.rowErr(r.N, col, "org.import.required"))
			case tooLong(v, max):
				errs = append(errs, c.rowErr(r.N, col, "org.too_long", max))
			}
			return v
		}
		date := func(col column, required bool) string {
			raw := strings.TrimSpace(c.cell(r, col))
			if raw == "" {
				if required {
					errs = append(errs, c.rowErr(r.N, col, "org.import.required"))
				}
				return ""
			}
			d, ok := parseDate(raw)
			if !ok && xlsx {
				d, ok = parseSerialDate(raw)
			}
			if !ok {
				errs = append(errs, c.rowErr(r.N, col, "org.import.date_invalid"))
			}
			return d
		}
		yesNo := func(col column) bool {
			v, ok := parseYesNo(c.cell(r, col))
			if !ok {
				errs = append(errs, c.rowErr(r.N, col, "org.import.yes_no"))
			}
			return v
		}
		l.number = text(colNumber, maxCode, true)
		l.name = text(colName, maxName, true)
		l.team = text(colTeam, maxName, true)
		l.teamCode = text(colTeamCode, maxCode, false)
		l.parent = text(colParent, maxName, false)
		l.function = text(colFunction, maxName, true)
		l.functionCode = text(colFunctionCode, maxCode, true)
		l.start = date(colStart, true)
		l.end = date(colEnd, false)
		if l.start != "" && l.end != "" && l.end < l.start {
			errs = append(errs, c.rowErr(r.N, colEnd, "org.import.end_before_start", c.header[colStart]))
		}
		l.clientContact = yesNo(colClientContact)
		l.hired = yesNo(colHired)
		l.from = date(colFrom, true)
		l.to = date(colTo, false)
		if l.from != "" && l.to != "" && l.to < l.from {
			errs = append(errs, c.rowErr(r.N, colTo, "org.import.end_before_start", c.header[colFrom]))
		}
		l.bad = len(errs) > before
		lines = append(lines, l)
	}
	return lines, errs
}
