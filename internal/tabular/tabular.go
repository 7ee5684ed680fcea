// Package tabular reads an uploaded CSV or XLSX file into rows of text
// cells, within limits that keep a hostile or mistaken upload from taking
// the server's memory. It knows nothing of what the columns mean: the
// importers of the capabilities (organisation model, training attendance)
// map and check them. Its messages are the org.import.* keys of the
// catalogue, which are worded for any import.
package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Format is the kind of file an import reads.
type Format string

// The import formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// FormatOf picks the format from a file name's extension.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return CSV, nil
	case ".xlsx":
		return XLSX, nil
	}
	return "", apperr.New(apperr.Invalid, "org.import.format_unknown")
}

// Limits on an import file. They keep a hostile or mistaken upload — a zip
// bomb disguised as a spreadsheet, a whole data warehouse — from taking the
// server's memory or disk: a municipality's HR export is far smaller.
const (
	MaxBytes   = 10 << 20 // the file as uploaded
	MaxRows    = 200_000  // rows of the sheet, header included
	MaxColumns = 50
	// maxUnzipped caps what the parts of an XLSX file may unpack to in all;
	// excelize refuses the file before unpacking anything bigger, and Go's
	// zip reader refuses parts that unpack to more than they declare.
	maxUnzipped = 128 << 20
	// maxUnzippedInMemory is the largest sheet excelize keeps in memory;
	// bigger ones are streamed from a temporary file.
	maxUnzippedInMemory = 16 << 20
)

// Sheet is an import file read into rows of text cells; rows that are
// entirely empty are left out, and the first row that is not is the header.
type Sheet struct {
	Header    []string
	HeaderRow int
	Rows      []Row
}

// Row is one data row with its row number in the file (1-based, the
// header counted), as a spreadsheet program shows it.
type Row struct {
	N     int
	Cells []string
}

// Read reads the whole file. A file that cannot be read as the format,
// or that exceeds the limits, is refused as a whole with a Dutch message.
func Read(r io.Reader, f Format) (*Sheet, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "org.import.unreadable", Err: err}
	}
	if len(b) > MaxBytes {
		return nil, apperr.New(apperr.TooLarge, "org.import.too_large", MaxBytes>>20)
	}
	sh := &Sheet{}
	switch f {
	case CSV:
		err = sh.readCSV(b)
	case XLSX:
		err = sh.readXLSX(b)
	default:
		err = apperr.New(apperr.Invalid, "org.import.format_unknown")
	}
	if err != nil {
		return nil, err
	}
	if sh.Header == nil {
		return nil, apperr.New(apperr.Invalid, "org.import.empty")
	}
	return sh, nil
}

// add takes one row of the file, checking the limits.
func (sh *Sheet) add(n int, cells []string) error {
	if n > MaxRows {
		return apperr.New(apperr.TooLarge, "org.import.too_many_rows", MaxRows)
	}
	// Trailing empty cells do not count: spreadsheets write them for
	// formatted but unused columns.
	last := -1
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	if last >= MaxColumns {
		return apperr.New(apperr.TooLarge, "org.import.too_many_columns", MaxColumns)
	}
	cells = cells[:last+1]
	if sh.Header == nil {
		sh.Header, sh.HeaderRow = cells, n
		return nil
	}
	sh.Rows = append(sh.Rows, Row{N: n, Cells: cells})
	return nil
}

// readCSV reads a CSV file separated by commas or semicolons (Dutch
// spreadsheet programs write the latter), UTF-8 with or without a byte
// order mark. Row numbers are line numbers.
func (sh *Sheet) readCSV(b []byte) error {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		bad := 0
		for len(b[bad:]) > 0 {
			r, size := utf8.DecodeRune(b[bad:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			bad += size
		}
		return &apperr.Error{Code: apperr.Invalid, Key: "org.import.not_utf8", Row: 1 + bytes.Count(b[:bad], []byte("\n"))}
	}
	// The header tells the separator: whichever of the two it has more of,
	// unless Excel's "sep=;" line names it.
	first, rest := []byte{}, b
	for len(bytes.TrimSpace(first)) == 0 && len(rest) > 0 {
		first, rest, _ = bytes.Cut(rest, []byte("\n"))
	}
	comma, skip := ',', 0
	if sep, ok := bytes.CutPrefix(bytes.TrimSpace(first), []byte("sep=")); ok && len(sep) == 1 && (sep[0] == ';' || sep[0] == ',') {
		// Blank the line out rather than cut it, so that line numbers
		// stay those of the file.
		comma, skip = rune(sep[0]), len(b)-len(rest)
		b = append(bytes.Repeat([]byte("\n"), bytes.Count(b[:skip], []byte("\n"))), rest...)
	} else if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		comma = ';'
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			row := 0
			if errors.As(err, &pe) {
				row = pe.StartLine
			}
			return &apperr.Error{Code: apperr.Invalid, Key: "org.import.csv_invalid", Row: row, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if err := sh.add(line, rec); err != nil {
			return err
		}
	}
}

// readXLSX reads the first sheet of a workbook. Cells are read raw, so a
// date cell arrives as its serial number, which the date columns accept.
func (sh *Sheet) readXLSX(b []byte) error {
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedInMemory})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return &apperr.Error{Code: apperr.TooLarge, Key: "org.import.unzip_too_large", Args: []any{maxUnzipped >> 20}, Err: err}
		}
		return &apperr.Error{Code: apperr.Invalid, Key: "org.import.not_xlsx", Err: err}
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) == 0 {
		return apperr.New(apperr.Invalid, "org.import.empty")
	}
	rows, err := f.Rows(names[0])
	if err != nil {
		return &apperr.Error{Code: apperr.Invalid, Key: "org.import.not_xlsx", Err: err}
	}
	defer rows.Close()
	// The iterator yields every row number in turn, empty rows included,
	// so counting calls gives the row number.
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return &apperr.Error{Code: apperr.Invalid, Key: "org.import.not_xlsx", Err: err}
		}
		if err := sh.add(n, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return &apperr.Error{Code: apperr.Invalid, Key: "org.import.not_xlsx", Err: err}
	}
	return nil
}
