package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

// Exchange formats of a framework: the JSON of Framework, or a sheet (XLSX
// or CSV) with one row per question and these columns. Framework and
// pillar cells repeat on every row of the framework or pillar.
var sheetColumns = []string{"kader", "kadernaam", "soort", "pijler", "pijlernaam", "pijlergewicht",
	"vraag", "vraagtekst", "vraaggewicht", "stap1", "stap2", "stap3", "stap4", "stap5"}

// ImportFramework reads a framework from JSON, XLSX or CSV (format "json",
// "xlsx" or "csv") and saves it as the organisation's own version. Every
// problem is reported with its row (sheets) or place (JSON) and nothing
// is written unless the whole file is right; a dry run only checks.
func (s *Store) ImportFramework(ctx context.Context, sc *auth.Scope, r io.Reader, format string, dryRun bool) (*Framework, error) {
	if err := need(sc, auth.ScanEdit); err != nil {
		return nil, err
	}
	var f *Framework
	var err error
	switch format {
	case "json":
		f, err = ReadFrameworkJSON(r)
	case "xlsx", "csv":
		f, err = ReadFrameworkSheet(r, tabular.Format(format))
	default:
		err = apperr.FieldErr("file", "scan.import.format")
	}
	if err != nil {
		return nil, err
	}
	return s.SaveFramework(ctx, sc, *f, dryRun)
}

// ReadFrameworkJSON decodes the JSON exchange format.
func ReadFrameworkJSON(r io.Reader) (*Framework, error) {
	dec := json.NewDecoder(io.LimitReader(r, tabular.MaxBytes))
	dec.DisallowUnknownFields()
	var f Framework
	if err := dec.Decode(&f); err != nil {
		return nil, apperr.List{&apperr.Error{Code: apperr.Invalid, Key: "scan.import.json_invalid", Field: "file", Args: []any{err.Error()}}}
	}
	return &f, nil
}

// ReadFrameworkSheet reads the sheet exchange format; every bad cell is
// reported with its row number and column.
func ReadFrameworkSheet(r io.Reader, format tabular.Format) (*Framework, error) {
	sh, err := tabular.Read(r, format)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, h := range sh.Header {
		idx[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var errs apperr.List
	for _, c := range []string{"kader", "kadernaam", "soort", "pijler", "pijlernaam", "vraag", "vraagtekst"} {
		if _, ok := idx[c]; !ok {
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "scan.import.column_missing", Field: c, Row: sh.HeaderRow})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cell := func(row tabular.Row, col string) string {
		i, ok := idx[col]
		if !ok || i >= len(row.Cells) {
			return ""
		}
		return strings.TrimSpace(row.Cells[i])
	}
	rowErr := func(row tabular.Row, col, key string, args ...any) {
		errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: key, Field: col, Row: row.N, Args: args})
	}
	weight := func(row tabular.Row, col string) int {
		v := cell(row, col)
		if v == "" {
			return 1
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxWeight {
			rowErr(row, col, "scan.import.weight", v, maxWeight)
			return 0
		}
		return n
	}
	f := &Framework{}
	pillarAt := map[string]int{}
	seenQ := map[string]bool{}
	for k, row := range sh.Rows {
		fk, fn, kind := strings.ToLower(cell(row, "kader")), cell(row, "kadernaam"), Kind(strings.ToLower(cell(row, "soort")))
		if k == 0 {
			f.Key, f.Name, f.Kind = fk, fn, kind
			if !validKey(fk) {
				rowErr(row, "kader", "scan.err.key_invalid", fk)
			}
			if fn == "" {
				rowErr(row, "kadernaam", "field.required")
			}
			if !kind.Valid() {
				rowErr(row, "soort", "scan.err.kind_invalid", string(kind))
			}
		} else if fk != f.Key || fn != f.Name || kind != f.Kind {
			rowErr(row, "kader", "scan.import.framework_differs")
		}
		pk, pn := strings.ToLower(cell(row, "pijler")), cell(row, "pijlernaam")
		if !validKey(pk) {
			rowErr(row, "pijler", "scan.err.key_invalid", pk)
		}
		i, ok := pillarAt[pk]
		if !ok {
			if pn == "" {
				rowErr(row, "pijlernaam", "field.required")
			}
			p := Pillar{Key: pk, Name: pn, Weight: weight(row, "pijlergewicht")}
			for n := 1; n <= 5; n++ {
				if st := cell(row, "stap"+strconv.Itoa(n)); st != "" {
					p.Steps = append(p.Steps, st)
				}
			}
			if len(p.Steps) != 0 && len(p.Steps) != 5 {
				rowErr(row, "stap1", "scan.err.steps")
			}
			f.Pillars = append(f.Pillars, p)
			i = len(f.Pillars) - 1
			pillarAt[pk] = i
		} else if pn != f.Pillars[i].Name {
			rowErr(row, "pijlernaam", "scan.import.pillar_differs", pk)
		}
		qk, qt := strings.ToLower(cell(row, "vraag")), cell(row, "vraagtekst")
		switch {
		case !validKey(qk):
			rowErr(row, "vraag", "scan.err.key_invalid", qk)
		case seenQ[qk]:
			rowErr(row, "vraag", "scan.err.key_twice", qk)
		}
		seenQ[qk] = true
		if qt == "" {
			rowErr(row, "vraagtekst", "field.required")
		} else if tooLong(qt, maxTextLength) {
			rowErr(row, "vraagtekst", "scan.err.too_long", maxTextLength)
		}
		f.Pillars[i].Questions = append(f.Pillars[i].Questions, Question{Key: qk, Text: qt, Weight: weight(row, "vraaggewicht")})
	}
	if len(sh.Rows) == 0 {
		errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "org.import.empty"})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return f, nil
}

// FrameworkJSON writes the JSON exchange format.
func FrameworkJSON(f *Framework) ([]byte, error) {
	return json.MarshalIndent(f, "", "  ")
}

// FrameworkXLSX writes the sheet exchange format as an XLSX file that
// ReadFrameworkSheet reads back unchanged. Cells that a spreadsheet could
// take for a formula are written as text.
func FrameworkXLSX(f *Framework) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows := [][]string{sheetColumns}
	for _, p := range f.Pillars {
		for _, q := range p.Questions {
			row := []string{f.Key, f.Name, string(f.Kind), p.Key, p.Name, strconv.Itoa(p.Weight), q.Key, q.Text, strconv.Itoa(q.Weight)}
			for n := range 5 {
				st := ""
				if n < len(p.Steps) {
					st = p.Steps[n]
				}
				row = append(row, st)
			}
			rows = append(rows, row)
		}
	}
	for i, row := range rows {
		for j, v := range row {
			name, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := x.SetCellStr(sheet, name, v); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
