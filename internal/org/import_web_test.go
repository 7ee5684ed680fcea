package org_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/org"
)

// hrOffice is a municipality with an HR adviser (imports), an employee
// (reads the chart only) and a neighbouring municipality's HR adviser.
type hrOffice struct {
	h                *apptest.Harness
	org, neighbour   *auth.Organisation
	hr, emp, otherHR *apptest.Client
}

func newHROffice(t *testing.T) *hrOffice {
	t.Helper()
	h := apptest.New(t)
	o := &hrOffice{h: h, org: h.Org("voorbeeldstad"), neighbour: h.Org("buurdorp")}
	o.hr = h.Login(h.User(o.org, "hr", auth.HR))
	o.emp = h.Login(h.User(o.org, "emp", auth.Employee))
	o.otherHR = h.Login(h.User(o.neighbour, "hr", auth.HR))
	return o
}

// upload posts a file to the import form, as the browser does.
func upload(t *testing.T, c *apptest.Client, name string, content []byte, mode string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := mw.WriteField("mode", mode); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/organisatie/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func sample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("demo/hr-export-voorbeeld.csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// employees counts the stored employees of every organisation.
func (o *hrOffice) employees(t *testing.T) int {
	t.Helper()
	var n int
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT COUNT(*) FROM employees`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (o *hrOffice) store() *org.Store { return org.NewStore(o.h.App.DB, o.h.Clock, o.h.App.Audit) }

func page(res *httptest.ResponseRecorder) string { return html.UnescapeString(res.Body.String()) }

func wantCode(t *testing.T, what string, res *httptest.ResponseRecorder, status int) {
	t.Helper()
	if res.Code != status {
		t.Fatalf("%s: want %d, got %d: %s", what, status, res.Code, res.Body.String())
	}
}

func TestHRChecksThenImportsTheSampleFile(t *testing.T) {
	o := newHROffice(t)
	wantCode(t, "import form", o.hr.Get("/organisatie/import"), http.StatusOK)

	res := upload(t, o.hr, "hr-export-voorbeeld.csv", sample(t), "check")
	wantCode(t, "dry run", res, http.StatusOK)
	if p := page(res); !strings.Contains(p, "data-import-checked") || !strings.Contains(p, "Er is niets opgeslagen") {
		t.Fatalf("dry run page does not say it checked without storing: %s", p)
	}
	if n := o.employees(t); n != 0 {
		t.Fatalf("the dry run stored %d employees", n)
	}
	dryPage := page(res)

	res = upload(t, o.hr, "hr-export-voorbeeld.csv", sample(t), "import")
	wantCode(t, "import", res, http.StatusOK)
	if !strings.Contains(page(res), "data-import-done") {
		t.Fatalf("import page shows no confirmation: %s", page(res))
	}
	stored := o.employees(t)
	if stored < 20 {
		t.Fatalf("import stored %d employees", stored)
	}
	// The dry run announced what the import then did: as many new
	// employees as are now stored.
	if want := ">" + itoa(stored) + "<"; !strings.Contains(dryPage, want) {
		t.Errorf("dry run counts do not show %d new employees", stored)
	}

	chart := o.emp.Get("/organisatie")
	wantCode(t, "chart", chart, http.StatusOK)
	for _, s := range []string{"Handhaving", "Openbare Orde en Veiligheid", "Toezichthouder/boa", "medewerkers"} {
		if !strings.Contains(page(chart), s) {
			t.Errorf("chart lacks %q", s)
		}
	}
	if strings.Contains(page(chart), "Fatima el Amrani") {
		t.Error("the chart, open to every employee, names people")
	}

	teams, err := o.store().Teams(o.h.Ctx, o.h.Scope(o.org, o.h.User(o.org, "coord", auth.Coordinator)))
	if err != nil || len(teams) == 0 {
		t.Fatalf("teams: %v %v", teams, err)
	}
	list := o.hr.Get("/organisatie/medewerkers")
	wantCode(t, "employee list", list, http.StatusOK)
	if !strings.Contains(page(list), "Fatima el Amrani") {
		t.Error("employee list lacks an imported employee")
	}

	// Importing the same file again changes nothing, and says so.
	res = upload(t, o.hr, "hr-export-voorbeeld.csv", sample(t), "import")
	wantCode(t, "reimport", res, http.StatusOK)
	if o.employees(t) != stored {
		t.Fatal("reimport changed the number of employees")
	}
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

func TestBadRowsShowAnErrorTableAndWriteNothing(t *testing.T) {
	o := newHROffice(t)
	file := []byte(csvFile(rowAnnaVV,
		"1002;Bram Jansen;Vergunningen;VERG;Ruimte;Vergunningverlener;VV;31-02-2019;;ja;nee;01-09-2019;",
		"1003;;Burgerzaken;BZ;Dienstverlening;Baliemedewerker;BAL;2018-02-01;;ja;ja;2018-02-01;"))
	for _, mode := range []string{"check", "import"} {
		res := upload(t, o.hr, "export.csv", file, mode)
		wantCode(t, mode, res, http.StatusUnprocessableEntity)
		p := page(res)
		for _, want := range []string{"<td>3</td><td>startdatum</td>", "<td>4</td><td>naam</td>", "Er is niets opgeslagen"} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: error table lacks %q: %s", mode, want, p)
			}
		}
		if strings.Contains(p, "Anna de Boer") {
			t.Errorf("%s: the page echoes a good row of the file", mode)
		}
		if n := o.employees(t); n != 0 {
			t.Fatalf("%s: a file with errors stored %d employees", mode, n)
		}
	}
}

func TestUploadRefusals(t *testing.T) {
	o := newHROffice(t)
	res := upload(t, o.hr, "export.pdf", []byte("%PDF"), "check")
	wantCode(t, "pdf", res, http.StatusUnprocessableEntity)
	if !strings.Contains(page(res), "gebruik een CSV- of XLSX-bestand") {
		t.Errorf("pdf: no Dutch message: %s", page(res))
	}
	big := bytes.Repeat([]byte("x"), org.MaxImportBytes+128<<10)
	res = upload(t, o.hr, "groot.csv", big, "check")
	wantCode(t, "too large", res, http.StatusRequestEntityTooLarge)
	if !strings.Contains(page(res), "Het bestand is te groot") {
		t.Errorf("too large: no Dutch message: %s", page(res))
	}
	res = o.hr.PostForm("/organisatie/import", nil)
	if res.Code < 400 || res.Code >= 500 {
		t.Errorf("empty post: %d", res.Code)
	}
}

func TestOnlyHRImportsAndOrganisationsStayApart(t *testing.T) {
	o := newHROffice(t)
	wantCode(t, "employee import form", o.emp.Get("/organisatie/import"), http.StatusForbidden)
	wantCode(t, "employee import", upload(t, o.emp, "hr-export-voorbeeld.csv", sample(t), "import"), http.StatusForbidden)
	wantCode(t, "employee list for employee", o.emp.Get("/organisatie/medewerkers"), http.StatusForbidden)
	if n := o.employees(t); n != 0 {
		t.Fatalf("a refused import stored %d employees", n)
	}

	wantCode(t, "import", upload(t, o.hr, "hr-export-voorbeeld.csv", sample(t), "import"), http.StatusOK)
	for _, path := range []string{"/organisatie", "/organisatie/medewerkers"} {
		res := o.otherHR.Get(path)
		wantCode(t, "neighbour "+path, res, http.StatusOK)
		for _, s := range []string{"Handhaving", "Fatima el Amrani", "Toezichthouder/boa"} {
			if strings.Contains(page(res), s) {
				t.Errorf("neighbour sees %q on %s", s, path)
			}
		}
	}
}

func TestXLSXUploadIsCheckedByExtension(t *testing.T) {
	o := newHROffice(t)
	res := upload(t, o.hr, "Export.XLSX", baseWorkbook(t), "check")
	wantCode(t, "xlsx dry run", res, http.StatusOK)
	if !strings.Contains(page(res), "data-import-checked") {
		t.Fatalf("xlsx dry run not checked: %s", page(res))
	}
	// The same workbook named .csv is read as text and refused whole.
	res = upload(t, o.hr, "export.csv", baseWorkbook(t), "check")
	if res.Code != http.StatusUnprocessableEntity || strings.Contains(page(res), "data-import-checked") {
		t.Fatalf("a workbook named .csv: %d", res.Code)
	}
	if n := o.employees(t); n != 0 {
		t.Fatalf("checks stored %d employees", n)
	}
}
