package bibob_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxOf turns a CSV text into the bytes of a workbook with one sheet, as a
// case system's export would arrive.
func xlsxOf(t *testing.T, text string) string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The import page takes an XLSX export like a CSV one: a sheet with a bad
// row is refused as a whole, the table names the row and the column, and
// nothing is written; the corrected sheet is checked, then imported.
func TestImportApplicationsFromXLSXThroughThePage(t *testing.T) {
	e := newEnv(t)
	c := e.h.Login(e.bibobU)
	bad := goodCSV + "Z-5,kermisvergunning,X,123,,Dorpsstraat 9,,veel,2026-13-01\n"
	res := c.Do(uploadRequest(t, "/bibob/aanvragen/import", "aanvragen.xlsx", xlsxOf(t, bad), "import"))
	status(t, "XLSX with a bad row", res, http.StatusUnprocessableEntity)
	page := body(res)
	for _, want := range []string{"data-import-errors", "<td>6</td>", "datum ontvangst", "bedrag"} {
		if !strings.Contains(page, want) {
			t.Errorf("error table lacks %q", want)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_applications`); n != 0 {
		t.Fatalf("a refused sheet wrote %d applications", n)
	}
	res = c.Do(uploadRequest(t, "/bibob/aanvragen/import", "aanvragen.xlsx", xlsxOf(t, goodCSV), "check"))
	status(t, "XLSX check", res, http.StatusOK)
	if page := body(res); !strings.Contains(page, "data-import-checked") || e.count(t, `SELECT COUNT(*) FROM bibob_applications`) != 0 {
		t.Fatal("the check did not report, or it wrote")
	}
	res = c.Do(uploadRequest(t, "/bibob/aanvragen/import", "aanvragen.xlsx", xlsxOf(t, goodCSV), "import"))
	status(t, "XLSX import", res, http.StatusOK)
	if page := body(res); !strings.Contains(page, "data-import-done") {
		t.Error("the import did not say it was done")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_applications WHERE org_id = $1`, e.a.ID); n != 4 {
		t.Fatalf("%d applications after the XLSX import, want 4", n)
	}
}
