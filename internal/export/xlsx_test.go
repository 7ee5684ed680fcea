package export

import (
	"archive/zip"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestXLSX(t *testing.T) {
	d := Document{
		Title: "Register", Subtitle: "Alle teams", Org: "Gemeente Voorbeeld",
		Generated: time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC),
		Tables: []Table{
			tricky,
			{Title: "processen", Columns: []string{"A"}, Rows: [][]string{{"x"}}},
			{Title: "Risico's: [intern/extern]?", Columns: []string{"A"}},
			{Title: "Een heel lange tabeltitel die niet in een bladnaam past", Columns: []string{"A"}, Note: "Filter: team X"},
			{Columns: []string{"A"}},
		},
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if app, err := f.GetAppProps(); err != nil || app.Company != "Gemeente Voorbeeld" {
		t.Errorf("organisation not in the workbook's properties: %+v, %v", app, err)
	}

	wantSheets := []string{"Processen", "processen (2)", "Risico's- -intern-extern--", "Een heel lange tabeltitel die n", "Blad 5"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
		t.Fatalf("sheets %q, want %q", got, wantSheets)
	}

	rows, err := f.GetRows("Processen")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Kenmerk", "Omschrijving", "Bedrag"},
		{"R1", `Zegt "ja"; of nee`, "€ 1.250,00"},
		{"R2", "twee\nregels", "'-5"},
		{"R3", "'=HYPERLINK(\"http://x\")", "'+31 6 1234"},
		{"R4", "'@SUM(A1)", "'\tTAB"},
		{"R5", "'\r=1+1", "café"},
		{"R6"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %q\nwant %q", rows, want)
	}
	for _, c := range []string{"B4", "C3", "B5"} {
		if formula, _ := f.GetCellFormula("Processen", c); formula != "" {
			t.Errorf("%s holds formula %q", c, formula)
		}
		if typ, _ := f.GetCellType("Processen", c); typ == excelize.CellTypeFormula || typ == excelize.CellTypeNumber {
			t.Errorf("%s is not a text cell (type %v)", c, typ)
		}
	}
	style, _ := f.GetCellStyle("Processen", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Error("header row is not bold")
	}
	if w, _ := f.GetColWidth("Processen", "B"); w < float64(len("Zegt \"ja\"; of nee")) {
		t.Errorf("column B is %.1f wide, narrower than its text", w)
	}

	if rows, _ := f.GetRows("Risico's- -intern-extern--"); !reflect.DeepEqual(rows, [][]string{{"A"}, nil, {"Geen rijen"}}) {
		t.Errorf("empty table: %q", rows)
	}
	if rows, _ := f.GetRows("Een heel lange tabeltitel die n"); !reflect.DeepEqual(rows, [][]string{{"A"}, nil, {"Geen rijen"}, {"Filter: team X"}}) {
		t.Errorf("empty table with note: %q", rows)
	}

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "Register" || props.Subject != "Alle teams" || props.Created != "2026-11-23T13:00:00Z" || props.Description != "Gegenereerd op 23-11-2026 14:00" {
		t.Errorf("document properties %+v", props)
	}

	// Frozen header and autofilter, as written in the sheet's XML.
	sheet := zipFile(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	for _, want := range []string{`<autoFilter ref="$A$1:$C$7"`, `<col min="1" max="1"`, `state="frozen"`, `ySplit="1"`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet1.xml lacks %s", want)
		}
	}
	if strings.Index(sheet, `<col min="1"`) > strings.Index(sheet, `<col min="2"`) {
		t.Error("column widths are not in ascending column order, which Excel calls a damaged file")
	}
}

func zipFile(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("%s not in the workbook", name)
	return ""
}

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("x", 40)
	d := Document{Lang: "en", Tables: []Table{{Title: long}, {Title: strings.ToUpper(long)}, {Title: "'quoted'"}, {Title: "  "}, {Title: "a\tb"}}}
	got := sheetNames(d)
	want := []string{strings.Repeat("x", 31), strings.Repeat("X", 27) + " (2)", "quoted", "Sheet 4", "a b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sheetNames = %q, want %q", got, want)
	}
}
