// Package export writes a table, or a document of tables, as CSV, XLSX or
// PDF — the three formats every register offers (DESIGN.md §5). It knows
// nothing about registers: a capability turns its rows into strings and
// hands them over, and the HTTP handler calls Serve.
//
// Choices are recorded in docs/decisions/0011-exports.md: semicolon CSV
// with a byte-order mark for Dutch Excel, a quote in front of anything a
// spreadsheet could read as a formula, a row limit instead of unbounded
// memory, and a small PDF writer of our own instead of a dependency.
package export

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// Table is one table of an export: a header and rows of cells. Rows shorter
// than the header are padded with empty cells; longer rows are a
// programming error. An empty table is written with the "no rows" message.
type Table struct {
	Title   string // heading in the PDF, sheet name in the XLSX
	Columns []string
	Rows    [][]string
	Note    string // shown under the table, e.g. the filter that was applied
	// Text is paragraphs written under the title, before the rows (PDF
	// only); a Table with Text and no Columns is a section of prose.
	Text []string
	// Chart is a horizontal bar chart drawn under the title, before the
	// rows (PDF only); the rows carry the same figures as text.
	Chart *Chart
}

// Chart is a horizontal bar chart in a PDF: one bar per label, its value
// written next to it, so that nothing rests on the bar's length alone.
type Chart struct {
	Labels []string
	Values []float64 // below 0: no bar (no value), the label is still shown
	Texts  []string  // the value as shown next to the bar; "" = no text
	Max    float64   // the value of a full-width bar
}

// Document is what XLSX and PDF exports write: one or more tables with a
// title page header. Generated is shown in Europe/Amsterdam; a zero time
// is left out. Lang chooses the language of the few labels the writers add
// ("Pagina 1 van 3"); empty means Dutch.
type Document struct {
	Title     string
	Subtitle  string
	Org       string
	Generated time.Time
	Lang      i18n.Lang
	Tables    []Table
}

// Limits that keep one export from exhausting the server's memory. The row
// limit counts the rows of all tables together; the cell limit is Excel's.
const (
	MaxRows       = 200_000
	MaxColumns    = 100
	MaxTables     = 50
	MaxCellLength = 32_767 // characters
)

// check refuses a document beyond the limits, with a message a user can
// act on, before anything is written.
func check(d Document) error {
	if len(d.Tables) > MaxTables {
		return apperr.New(apperr.TooLarge, "export.too_many_tables", len(d.Tables), MaxTables)
	}
	rows := 0
	for _, t := range d.Tables {
		rows += len(t.Rows)
	}
	if rows > MaxRows {
		return apperr.New(apperr.TooLarge, "export.too_many_rows", rows, MaxRows)
	}
	for _, t := range d.Tables {
		if err := checkTable(t); err != nil {
			return err
		}
	}
	return nil
}

func checkTable(t Table) error {
	if len(t.Columns) > MaxColumns {
		return apperr.New(apperr.TooLarge, "export.too_many_columns", len(t.Columns), MaxColumns)
	}
	for i, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return fmt.Errorf("export: row %d has %d cells for %d columns", i+1, len(row), len(t.Columns))
		}
		for j, cell := range row {
			if len(cell) > MaxCellLength && utf8.RuneCountInString(cell) > MaxCellLength {
				return apperr.New(apperr.TooLarge, "export.cell_too_long", i+1, t.Columns[j], MaxCellLength)
			}
		}
	}
	return nil
}

// cell returns the j-th cell of row, empty when the row is short.
func cell(row []string, j int) string {
	if j < len(row) {
		return row[j]
	}
	return ""
}

// tables returns the document's tables, or one empty table when it has
// none, so that every file shows at least the "no rows" message.
func (d Document) tables() []Table {
	if len(d.Tables) == 0 {
		return []Table{{Title: d.Title}}
	}
	return d.Tables
}

// lang is the document's language: English when asked for, else Dutch.
func (d Document) lang() i18n.Lang {
	if d.Lang == i18n.EN {
		return i18n.EN
	}
	return i18n.NL
}

// label returns one of the writers' own labels in the document's language.
func (d Document) label(key string, args ...any) string {
	return i18n.T(d.lang(), key, args...)
}

// generated formats the generation time for people in the Netherlands.
func (d Document) generated() string {
	if d.Generated.IsZero() {
		return ""
	}
	return d.label("export.generated", d.Generated.In(clock.Amsterdam).Format("02-01-2006 15:04"))
}
