package people_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

func TestImportAttendanceDryRunAllOrNothingAndRepeatable(t *testing.T) {
	w := newWorld(t)
	good := "personeelsnummer;training;datum\n1001;AGRESSIE;2026-11-02\n1004;Bewustwordingssessie ondermijning;02-11-2026\n1004;bewust;2026-11-02\n"
	before := w.count(t, `SELECT COUNT(*) FROM training_attendance`)
	rep, err := w.s.ImportAttendance(w.ctx, w.hr, strings.NewReader(good), tabular.CSV, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.New != 2 || rep.Unchanged != 1 || rep.Rows != 3 {
		t.Fatalf("dry run %+v, want 2 new and 1 repeat", rep)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM training_attendance`); n != before {
		t.Fatal("a dry run wrote attendance")
	}
	// Bad rows: each named by row and column, nothing written.
	bad := "personeelsnummer;training;datum;sessie\n" +
		"1001;AGRESSIE;2026-11-02;\n" + // fine
		"9999;AGRESSIE;2026-11-02;\n" + // row 3: unknown person
		"1004;Koken;2026-11-02;\n" + // row 4: unknown training
		"1004;AGRESSIE;31-02-2026;\n" + // row 5: no such day
		"1004;AGRESSIE;2027-01-01;\n" + // row 6: in the future
		"1004;AGRESSIE;2026-11-02;Zaal 9\n" + // row 7: no such session
		";AGRESSIE;2026-11-02;\n" // row 8: no number
	_, err = w.s.ImportAttendance(w.ctx, w.hr, strings.NewReader(bad), tabular.CSV, false)
	list, ok := err.(apperr.List)
	if !ok {
		t.Fatalf("bad file: %v, want a list of row errors", err)
	}
	want := map[int]string{3: "personeelsnummer", 4: "training", 5: "datum", 6: "datum", 7: "sessie", 8: "personeelsnummer"}
	got := map[int]string{}
	for _, e := range list {
		got[e.Row] = e.Field
	}
	for row, col := range want {
		if got[row] != col {
			t.Errorf("row %d: error on %q, want column %q (all: %v)", row, got[row], col, got)
		}
	}
	if len(list) != len(want) {
		t.Errorf("%d errors, want %d: %v", len(list), len(want), list)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM training_attendance`); n != before {
		t.Fatal("a file with bad rows wrote attendance")
	}
	// The good file for real, twice: the second time changes nothing.
	if rep, err = w.s.ImportAttendance(w.ctx, w.hr, strings.NewReader(good), tabular.CSV, false); err != nil || rep.New != 2 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	audits := w.count(t, `SELECT COUNT(*) FROM audit_log`)
	if rep, err = w.s.ImportAttendance(w.ctx, w.hr, strings.NewReader(good), tabular.CSV, false); err != nil || rep.New != 0 || rep.Unchanged != 3 {
		t.Fatalf("second import: %+v %v, want nothing new", rep, err)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM training_attendance`); n != before+2 {
		t.Fatalf("%d rows after importing twice, want %d", n, before+2)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM audit_log`); n != audits {
		t.Fatal("an import that changed nothing was audited as a change")
	}
	pt, _ := w.s.Person(w.ctx, w.hr, w.late)
	if it := line(t, pt, "AGRESSIE"); it.Status != people.StatusOK {
		t.Fatalf("after the import Anna's aggression training: %+v", it)
	}
	// Missing columns are named; a teamleider may not import.
	if _, err := w.s.ImportAttendance(w.ctx, w.hr, strings.NewReader("nummer;wat\n1001;x\n"), tabular.CSV, false); err == nil || !strings.Contains(err.Error(), "column_missing") {
		t.Fatalf("file without training and date columns: %v", err)
	}
	if _, err := w.s.ImportAttendance(w.ctx, w.lead, strings.NewReader(good), tabular.CSV, false); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("teamleider imports: %v", err)
	}
}

func TestImportAttendanceXLSXWithDateCells(t *testing.T) {
	w := newWorld(t)
	f := excelize.NewFile()
	rows := [][]any{{"Personeelsnummer", "Training", "Datum"}, {"1001", "AGRESSIE", 46328}} // 2026-11-02 as a date serial
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
	rep, err := w.s.ImportAttendance(w.ctx, w.hr, &buf, tabular.XLSX, false)
	if err != nil || rep.New != 1 {
		t.Fatalf("XLSX import: %+v %v", rep, err)
	}
	if n := w.count(t, `SELECT COUNT(*) FROM training_attendance WHERE employee_id = $1 AND date = '2026-11-02'`, w.late); n != 1 {
		t.Fatal("the date cell was not read as 2 November 2026")
	}
}
