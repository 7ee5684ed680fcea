package org_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/org"
)

// baseWorkbook is the base file as a spreadsheet program would save it:
// headers in another order and case, dates as date cells (one typed as
// text), personnel numbers as numbers.
func baseWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	d := func(s string) any {
		if s == "" {
			return ""
		}
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	rows := [][]any{
		{"Naam", "PERSONEELSNUMMER", "Team", "Teamcode", "Bovenliggend team", "Functiecode", "Functie", "Startdatum",
			"Uitdienst", "Klantcontact", "Inhuur", "Functie vanaf", "Functie tot"},
		{"Anna de Boer", 1001, "Vergunningen", "VERG", "Ruimte", "VV", "Vergunningverlener", d("2015-04-01"), "", "nee", "nee", d("2015-04-01"), ""},
		{"Anna de Boer", 1001, "Vergunningen", "VERG", "Ruimte", "BT", "Bibob-toetser", d("2015-04-01"), "", "nee", "nee", d("2020-01-01"), ""},
		{},
		{"Bram Jansen", 1002, "Vergunningen", "VERG", "Ruimte", "VV", "Vergunningverlener", "01-09-2019", "", "ja", "nee", d("2019-09-01"), ""},
		{"Carla Visser", 1003, "Burgerzaken", "BZ", "Dienstverlening", "BAL", "Baliemedewerker", d("2018-02-01"), "", "ja", "ja", d("2018-02-01"), d("2023-12-31")},
		{"Carla Visser", 1003, "Burgerzaken", "BZ", "Dienstverlening", "RD", "Medewerker reisdocumenten", d("2018-02-01"), "", "ja", "ja", d("2024-01-01"), ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportXLSX(t *testing.T) {
	e := newEnv(t)
	rep, err := e.org.Import(e.ctx, e.a, bytes.NewReader(baseWorkbook(t)), org.XLSX, false)
	if err != nil {
		t.Fatalf("%v (%s)", err, describe(rep))
	}
	wantCounts(t, "employees", rep.Employees, 3, 0, 0)
	wantCounts(t, "assignments", rep.Assignments, 5, 0, 0)
	checkBaseModel(t, e)
	// The same data as CSV matches what the spreadsheet created.
	rep = e.mustImport(t, e.a, baseFile)
	if rep.Changed() {
		t.Fatalf("the CSV of the same data changes the spreadsheet's import: %+v", rep)
	}
}

func TestXLSXRowNumbersCountEmptyRows(t *testing.T) {
	e := newEnv(t)
	f, err := excelize.OpenReader(bytes.NewReader(baseWorkbook(t)))
	if err != nil {
		t.Fatal(err)
	}
	// Row 5 (after the empty row 4) gets a date that does not exist.
	if err := f.SetCellValue("Sheet1", "L5", "30-02-2019"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	before := e.snapshot(t)
	_, err = e.org.Import(e.ctx, e.a, &buf, org.XLSX, false)
	wantRowErrors(t, err, "5:Functie vanaf")
	if e.snapshot(t) != before {
		t.Fatal("wrote despite the error")
	}
}

// refused checks that a file is refused as a whole with a Dutch message
// containing want, and that nothing was written.
func refused(t *testing.T, e *env, r io.Reader, f org.Format, code apperr.Code, want string) {
	t.Helper()
	before := e.snapshot(t)
	rep, err := e.org.Import(e.ctx, e.a, r, f, false)
	if err == nil || rep != nil {
		t.Fatalf("accepted: %+v", rep)
	}
	ae := apperr.As(err)
	if ae.Code != code {
		t.Fatalf("want %s, got %v", code, err)
	}
	if msg := i18n.T(i18n.NL, ae.Key, ae.Args...); !strings.Contains(msg, want) {
		t.Fatalf("message %q does not say %q", msg, want)
	}
	if e.snapshot(t) != before {
		t.Fatal("a refused file wrote")
	}
}

func TestFilesRefusedAsAWhole(t *testing.T) {
	e := newEnv(t)
	t.Run("larger than 10 MiB", func(t *testing.T) {
		big := io.MultiReader(strings.NewReader(header+"\n"), bytes.NewReader(make([]byte, org.MaxImportBytes)))
		refused(t, e, big, org.CSV, apperr.TooLarge, "hooguit 10 MiB")
	})
	t.Run("garbage as XLSX", func(t *testing.T) {
		refused(t, e, strings.NewReader("dit is geen werkmap"), org.XLSX, apperr.Invalid, "geen leesbaar XLSX-bestand")
	})
	t.Run("CSV renamed to XLSX", func(t *testing.T) {
		refused(t, e, strings.NewReader(baseFile), org.XLSX, apperr.Invalid, "geen leesbaar XLSX-bestand")
	})
	t.Run("zip bomb", func(t *testing.T) {
		refused(t, e, bytes.NewReader(zipBomb(t, baseWorkbook(t))), org.XLSX, apperr.TooLarge, "pakt uit tot meer dan")
	})
	t.Run("sheet with too many rows", func(t *testing.T) {
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "personeelsnummer")
		f.SetCellValue("Sheet1", "A200001", "1001")
		var buf bytes.Buffer
		f.Write(&buf)
		refused(t, e, &buf, org.XLSX, apperr.TooLarge, "te veel rijen")
	})
	t.Run("CSV with too many rows", func(t *testing.T) {
		refused(t, e, strings.NewReader(header+"\n"+strings.Repeat("x\n", org.MaxImportRows)), org.CSV, apperr.TooLarge, "te veel rijen")
	})
	t.Run("too many columns", func(t *testing.T) {
		refused(t, e, strings.NewReader(header+strings.Repeat(";extra", 40)+"\n"+rowBram+"\n"), org.CSV, apperr.TooLarge, "te veel kolommen")
	})
	t.Run("not UTF-8", func(t *testing.T) {
		latin1 := csvFile(rowAnnaVV, strings.Replace(rowBram, "Bram", "Zo\xeb", 1))
		rep, err := e.org.Import(e.ctx, e.a, strings.NewReader(latin1), org.CSV, false)
		if ae := apperr.As(err); rep != nil || ae.Key != "org.import.not_utf8" || ae.Row != 3 {
			t.Fatalf("want not_utf8 at row 3, got %v", err)
		}
	})
	t.Run("only a header", func(t *testing.T) {
		refused(t, e, strings.NewReader(header+"\n"), org.CSV, apperr.Invalid, "geen medewerkers")
	})
	t.Run("empty", func(t *testing.T) {
		refused(t, e, strings.NewReader("\n;;\n"), org.CSV, apperr.Invalid, "leeg")
	})
}

// zipBomb adds to a workbook a part that claims to unpack to 8 GiB.
func zipBomb(t *testing.T, xlsx []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/media/image1.png", Method: zip.Deflate,
		CompressedSize64: 2, UncompressedSize64: 8 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte{0x03, 0x00})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]org.Format{"export.csv": org.CSV, "HR-EXPORT.XLSX": org.XLSX, "a/b.txt": org.CSV} {
		if got, err := org.FormatOf(name); err != nil || got != want {
			t.Errorf("%s: %v %v", name, got, err)
		}
	}
	for _, name := range []string{"export.xls", "export.ods", "export"} {
		if _, err := org.FormatOf(name); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestExcelSeparatorLineKeepsRowNumbers(t *testing.T) {
	e := newEnv(t)
	file := "sep=;\r\n" + header + "\r\n" + rowAnnaVV + "\r\n" + strings.Replace(rowBram, ";ja;nee;", ";ja;soms;", 1) + "\r\n"
	_, err := e.org.Import(e.ctx, e.a, strings.NewReader(file), org.CSV, true)
	wantRowErrors(t, err, "4:inhuur")
	rep, err := e.org.Import(e.ctx, e.a, strings.NewReader("sep=;\n"+header+"\n"+rowAnnaVV+"\n"), org.CSV, true)
	if err != nil || rep.Employees.Created != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
}
