package org_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/org"
)

// checkBaseModel checks what the base file puts into an organisation, as
// the screens and the duty analysis will read it.
func checkBaseModel(t *testing.T, e *env) {
	t.Helper()
	teams, err := e.org.Teams(e.ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	var tree []string
	for _, root := range teams {
		for _, child := range root.Children {
			tree = append(tree, root.Name+" > "+child.Name+" ("+child.Code+")")
		}
	}
	if want := []string{"Dienstverlening > Burgerzaken (BZ)", "Ruimte > Vergunningen (VERG)"}; !slices.Equal(tree, want) {
		t.Errorf("team tree = %v, want %v", tree, want)
	}
	emps, err := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(emps) != 3 {
		t.Fatalf("want 3 employees, got %d", len(emps))
	}
	carla := emps[2]
	if carla.Number != "1003" || carla.TeamName != "Burgerzaken" || !carla.ClientContact || !carla.Hired || carla.StartDate != "2018-02-01" {
		t.Errorf("Carla = %+v", carla)
	}
	if bram := emps[1]; bram.StartDate != "2019-09-01" || !bram.ClientContact || bram.Hired {
		t.Errorf("Bram (dd-mm-jjjj dates) = %+v", bram)
	}
	byCode := map[string]string{}
	fns, err := e.org.Functions(e.ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fns {
		byCode[f.Code] = f.ID
	}
	holders := func(code, on string) []string {
		as, err := e.org.Assignments(e.ctx, e.a, org.AssignmentFilter{FunctionID: byCode[code], ActiveOn: on})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range as {
			names = append(names, a.EmployeeName)
		}
		return names
	}
	if got := holders("VV", "2026-03-02"); !slices.Equal(got, []string{"Anna de Boer", "Bram Jansen"}) {
		t.Errorf("VV holders = %v", got)
	}
	if got := holders("BAL", "2026-03-02"); len(got) != 0 {
		t.Errorf("BAL ended in 2023 but is held by %v", got)
	}
	if got := holders("BAL", "2023-12-31"); !slices.Equal(got, []string{"Carla Visser"}) {
		t.Errorf("BAL on its last day held by %v", got)
	}
}

func TestImportCSV(t *testing.T) {
	e := newEnv(t)
	rep := e.mustImport(t, e.a, baseFile)
	if rep.Rows != 5 || rep.DryRun {
		t.Errorf("report = %+v", rep)
	}
	wantCounts(t, "teams", rep.Teams, 4, 0, 0)
	wantCounts(t, "functions", rep.Functions, 4, 0, 0)
	wantCounts(t, "employees", rep.Employees, 3, 0, 0)
	wantCounts(t, "assignments", rep.Assignments, 5, 0, 0)
	checkBaseModel(t, e)

	// One audit entry for the whole import, with counts and no names.
	var action, purpose string
	if err := e.db.Read.QueryRowContext(e.ctx, `SELECT action, purpose FROM audit_log WHERE org_id = $1`, e.a.OrgID).Scan(&action, &purpose); err != nil {
		t.Fatalf("want exactly one audit entry: %v", err)
	}
	if action != org.ActionImport || !strings.Contains(purpose, "employees=3/0/0") || strings.Contains(purpose, "Anna") || strings.Contains(purpose, "1001") {
		t.Errorf("audit entry %q %q", action, purpose)
	}
	if label := i18n.T(i18n.NL, "audit.action."+action); label != "Medewerkers geïmporteerd" {
		t.Errorf("audit label = %q", label)
	}
}

func TestImportAcceptsCommasBOMAndHeadersInAnyOrderAndCase(t *testing.T) {
	e := newEnv(t)
	file := "\ufeffFunctiecode,Naam,Personeelsnummer,Team,Functie,Startdatum,Klantcontact,Inhuur,Functie vanaf,Salarisschaal\r\n" +
		"VV,Anna de Boer,1001,Vergunningen,Vergunningverlener,2015-04-01,Nee,NEE,2015-04-01,10\r\n" +
		"\r\n" +
		"VV,\"Jansen, Bram\",1002,Vergunningen,Vergunningverlener,1-9-2019,ja,nee,1-9-2019,9\r\n"
	rep := e.mustImport(t, e.a, file)
	wantCounts(t, "employees", rep.Employees, 2, 0, 0)
	if !slices.Equal(rep.IgnoredColumns, []string{"Salarisschaal"}) {
		t.Errorf("ignored columns = %v", rep.IgnoredColumns)
	}
	emps, _ := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{})
	if len(emps) != 2 || emps[1].Name != "Jansen, Bram" || emps[1].StartDate != "2019-09-01" {
		t.Errorf("employees = %+v", emps)
	}
}

func TestDryRunWritesNothingButCounts(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot(t)
	rep, err := e.importCSV(t, e.a, baseFile, true)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.DryRun || !rep.Changed() {
		t.Errorf("report = %+v", rep)
	}
	wantCounts(t, "employees", rep.Employees, 3, 0, 0)
	wantCounts(t, "assignments", rep.Assignments, 5, 0, 0)
	if e.snapshot(t) != before {
		t.Fatal("the dry run wrote to the database")
	}
	// After the real import, a dry run of a changed file predicts the change.
	e.mustImport(t, e.a, baseFile)
	before = e.snapshot(t)
	rep, err = e.importCSV(t, e.a, csvFile(rowAnnaVV, rowAnnaBT, strings.Replace(rowBram, "Vergunningen;VERG;Ruimte", "Burgerzaken;BZ;Dienstverlening", 1), rowCarlaBA, rowCarlaRD), true)
	if err != nil {
		t.Fatal(err)
	}
	wantCounts(t, "employees", rep.Employees, 0, 1, 2)
	if e.snapshot(t) != before {
		t.Fatal("the second dry run wrote to the database")
	}
}

func TestReimportChangesNothing(t *testing.T) {
	e := newEnv(t)
	e.mustImport(t, e.a, baseFile)
	e.clk.Advance(24 * 60 * 60 * 1e9)
	before := e.tableCounts(t)
	model := e.snapshotModel(t)
	rep := e.mustImport(t, e.a, baseFile)
	if rep.Changed() {
		t.Fatalf("re-import changes: %+v", rep)
	}
	wantCounts(t, "teams", rep.Teams, 0, 0, 4)
	wantCounts(t, "functions", rep.Functions, 0, 0, 4)
	wantCounts(t, "employees", rep.Employees, 0, 0, 3)
	wantCounts(t, "assignments", rep.Assignments, 0, 0, 5)
	if e.snapshotModel(t) != model {
		t.Fatal("re-importing the same file changed rows (updated_at included)")
	}
	after := e.tableCounts(t)
	if after["audit_log"] != before["audit_log"]+1 {
		t.Errorf("the import itself is audited once: %d → %d", before["audit_log"], after["audit_log"])
	}
}

// snapshotModel is the snapshot without the audit log, which records every
// import, changed or not.
func (e *env) snapshotModel(t *testing.T) string {
	s := e.snapshot(t)
	return s[:strings.Index(s, "SELECT org_id, seq, action")]
}

func TestSecondFileMovesOnePerson(t *testing.T) {
	e := newEnv(t)
	e.mustImport(t, e.a, baseFile)
	moved := strings.Replace(rowBram, "Vergunningen;VERG;Ruimte", "Burgerzaken;BZ;Dienstverlening", 1)
	rep := e.mustImport(t, e.a, csvFile(rowAnnaVV, rowAnnaBT, moved, rowCarlaBA, rowCarlaRD))
	wantCounts(t, "employees", rep.Employees, 0, 1, 2)
	wantCounts(t, "teams", rep.Teams, 0, 0, 4)
	wantCounts(t, "assignments", rep.Assignments, 0, 0, 5)
	teams, _ := e.org.Teams(e.ctx, e.a)
	var bz string
	for _, root := range teams {
		for _, c := range root.Children {
			if c.Code == "BZ" {
				bz = c.ID
			}
		}
	}
	in, err := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{TeamID: bz})
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 2 || in[0].Name != "Bram Jansen" {
		t.Fatalf("Burgerzaken has %+v", in)
	}
}

func TestEmployeesNotInFileAreKeptAndReported(t *testing.T) {
	e := newEnv(t)
	left := "1009;Henk Oud;Vergunningen;VERG;Ruimte;Vergunningverlener;VV;2001-01-01;2010-12-31;nee;nee;2001-01-01;2010-12-31"
	e.mustImport(t, e.a, csvFile(rowAnnaVV, rowAnnaBT, rowBram, rowCarlaBA, rowCarlaRD, left))
	rep := e.mustImport(t, e.a, csvFile(rowAnnaVV, rowAnnaBT))
	if !slices.Equal(rep.NotInFile, []string{"1002", "1003"}) {
		t.Errorf("not in file = %v (someone who left in 2010 is not news)", rep.NotInFile)
	}
	emps, _ := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{})
	if len(emps) != 4 {
		t.Errorf("employees absent from the file were deleted: %d left", len(emps))
	}
	active, _ := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{ActiveOn: "2026-03-02"})
	if len(active) != 3 {
		t.Errorf("active today: %d", len(active))
	}
}

func TestImportFailingHalfwayLeavesTheDatabaseAsBefore(t *testing.T) {
	e := newEnv(t)
	e.mustImport(t, e.a, csvFile(rowAnnaVV, rowBram))
	before := e.snapshot(t)
	changed := csvFile(rowAnnaVV, rowAnnaBT, strings.Replace(rowBram, "Vergunningen;VERG;Ruimte", "Burgerzaken;BZ;Dienstverlening", 1), rowCarlaBA, rowCarlaRD)

	// A failure after some rows are written (teams and functions in, the
	// employees not yet).
	org.SetAfterWrite(e.org, func(written int) error {
		if written == 5 {
			return errors.New("disk full")
		}
		return nil
	})
	if _, err := e.importCSV(t, e.a, changed, false); err == nil {
		t.Fatal("the failing import reported success")
	}
	if e.snapshot(t) != before {
		t.Fatal("a failed import left part of its writes behind")
	}

	// An interruption: the operator presses Ctrl-C halfway, and the
	// database refuses the next statement.
	ctx, cancel := context.WithCancel(e.ctx)
	org.SetAfterWrite(e.org, func(written int) error {
		if written == 7 {
			cancel()
		}
		return nil
	})
	if _, err := e.org.Import(ctx, e.a, strings.NewReader(changed), org.CSV, false); err == nil {
		t.Fatal("the interrupted import reported success")
	}
	if e.snapshot(t) != before {
		t.Fatal("an interrupted import left part of its writes behind")
	}

	// Without the failure the same file goes in whole.
	org.SetAfterWrite(e.org, nil)
	rep := e.mustImport(t, e.a, changed)
	wantCounts(t, "employees", rep.Employees, 1, 1, 1)
}

func TestImportKeepsOrganisationsApart(t *testing.T) {
	e := newEnv(t)
	e.mustImport(t, e.a, baseFile)
	a := e.snapshotModel(t)

	// B sees nothing of A's model …
	if teams, _ := e.org.Teams(e.ctx, e.b); len(teams) != 0 {
		t.Fatalf("B sees A's teams: %v", teams)
	}
	if emps, _ := e.org.Employees(e.ctx, e.b, org.EmployeeFilter{}); len(emps) != 0 {
		t.Fatalf("B sees A's employees")
	}
	if fns, _ := e.org.Functions(e.ctx, e.b); len(fns) != 0 {
		t.Fatalf("B sees A's functions")
	}
	if as, _ := e.org.Assignments(e.ctx, e.b, org.AssignmentFilter{}); len(as) != 0 {
		t.Fatalf("B sees A's assignments")
	}
	annaA, _ := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{})
	if _, err := e.org.Employee(e.ctx, e.b, annaA[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("B reads A's employee by id: %v", err)
	}

	// … and importing the same file into B creates B's own rows, matching
	// nothing of A's and reporting none of A's people as missing.
	rep := e.mustImport(t, e.b, csvFile(rowAnnaVV, rowBram))
	wantCounts(t, "teams", rep.Teams, 2, 0, 0)
	wantCounts(t, "employees", rep.Employees, 2, 0, 0)
	if len(rep.NotInFile) != 0 {
		t.Errorf("B's report lists A's employees: %v", rep.NotInFile)
	}
	if e.snapshotModel(t) == a {
		t.Fatal("B's import wrote nothing")
	}
	emps, _ := e.org.Employees(e.ctx, e.a, org.EmployeeFilter{})
	if len(emps) != 3 || emps[0].ID != annaA[0].ID {
		t.Fatalf("B's import changed A's employees")
	}
	bEmps, _ := e.org.Employees(e.ctx, e.b, org.EmployeeFilter{})
	if len(bEmps) != 2 || bEmps[0].ID == annaA[0].ID {
		t.Fatalf("B's employees = %+v", bEmps)
	}
}

func TestImportNeedsPermission(t *testing.T) {
	e := newEnv(t)
	before := e.snapshot(t)
	_, err := e.importCSV(t, e.reader, baseFile, false)
	if !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an employee imported: %v", err)
	}
	if e.snapshot(t) != before {
		t.Fatal("a refused import wrote")
	}
}

func TestSampleFileImports(t *testing.T) {
	e := newEnv(t)
	f, err := os.Open("demo/hr-export-voorbeeld.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := e.org.Import(e.ctx, e.a, f, org.CSV, false)
	if err != nil {
		t.Fatalf("the sample file does not import: %v (%s)", err, describe(rep))
	}
	if rep.Employees.Created < 20 || rep.Teams.Created < 9 {
		t.Errorf("the sample is thin: %+v", rep)
	}
}
