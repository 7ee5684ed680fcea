package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sampleExport copies the sample HR export to a temporary file named name.
func sampleExport(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "org", "demo", "hr-export-voorbeeld.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return writeExport(t, name, string(b))
}

func writeExport(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// importCounts reads one line of the counts table: created, updated,
// unchanged.
func importCounts(t *testing.T, out, name string) [3]int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + name + `\s+(\d+)\s+(\d+)\s+(\d+)\s*$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no counts for %s in:\n%s", name, out)
	}
	var c [3]int
	for i := range c {
		c[i], _ = strconv.Atoi(m[i+1])
	}
	return c
}

func TestImportEmployees(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	file := sampleExport(t, "hr-export.csv")
	imp := func(extra ...string) result {
		return weerbaar(t, append([]string{"import", "employees", "--database", database, "--master-key-file", key, "--org", "buurdorp"}, extra...)...)
	}

	before := contentDigest(t, database)
	dry := imp("--dry-run", file)
	expect(t, dry, 0, "Proefimport: er is niets opgeslagen", "295 regels gelezen uit hr-export.csv voor Gemeente Buurdorp",
		"Zonder --dry-run")
	if contentDigest(t, database) != before {
		t.Fatal("the dry run wrote to the database")
	}

	// The file may also come before the options.
	real := weerbaar(t, "import", "employees", file, "--org", "buurdorp", "--database", database, "--master-key-file", key)
	expect(t, real, 0, "295 regels gelezen", "Import voltooid.")
	for _, name := range []string{"Teams", "Functies", "Medewerkers", "Toewijzingen"} {
		if got, want := importCounts(t, real.out, name), importCounts(t, dry.out, name); got != want {
			t.Errorf("%s: the dry run predicted %v, the import did %v", name, want, got)
		}
	}
	if c := importCounts(t, real.out, "Medewerkers"); c[0] != 250 {
		t.Errorf("want the sample's 250 employees created, got %v", c)
	}
	db := rawDB(t, database)
	if n := count(t, db, `SELECT COUNT(*) FROM employees e JOIN organisations o ON o.id = e.org_id
		WHERE o.slug = 'buurdorp' AND e.number = '2013' AND e.name = 'Eline Dekker'`); n != 1 {
		t.Fatalf("employee 2013 not stored in buurdorp (%d)", n)
	}

	again := imp(file)
	expect(t, again, 0, "er was niets te veranderen")
	for _, name := range []string{"Teams", "Functies", "Medewerkers", "Toewijzingen"} {
		first, second := importCounts(t, real.out, name), importCounts(t, again.out, name)
		if second != [3]int{0, 0, first[0] + first[1] + first[2]} {
			t.Errorf("%s: re-import gives %v after %v", name, second, first)
		}
	}

	// A file of one department reports the others as not in the file.
	b, _ := os.ReadFile(file)
	var lines []string
	for i, l := range strings.Split(string(b), "\r\n") {
		if i == 0 || strings.Contains(l, ";Burgerzaken;") {
			lines = append(lines, l)
		}
	}
	part := imp(writeExport(t, "burgerzaken.csv", strings.Join(lines, "\r\n")))
	expect(t, part, 0, "Niet in bestand (blijven staan): 218 medewerkers: 2001, 2002")
}

func TestImportEmployeesNamesEveryBadRow(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	file := writeExport(t, "fouten.csv", "personeelsnummer;naam;team;functie;functiecode;startdatum;klantcontact;inhuur;functie vanaf\n"+
		"1001;Anna de Boer;Vergunningen;Vergunningverlener;VV;2015-04-01;nee;nee;2015-04-01\n"+
		"1002;Bram Jansen;Vergunningen;Vergunningverlener;VV;1 september 2019;ja;nee;2019-09-01\n"+
		"1003;Carla Visser;Burgerzaken;Baliemedewerker;BAL;2018-02-01;soms;ja;2018-02-01\n"+
		"1001;Anna de Boer;Vergunningen;Vergunningverlener;VV;2015-04-01;nee;nee;2016-01-01\n")
	before := contentDigest(t, database)
	for _, extra := range [][]string{{"--dry-run"}, nil} {
		args := append([]string{"import", "employees", "--database", database, "--master-key-file", key, "--org", "buurdorp"}, extra...)
		r := weerbaar(t, append(args, file)...)
		expect(t, r, 1,
			"rij 3, kolom startdatum: Dit is geen geldige datum",
			"rij 4, kolom klantcontact: Vul ja of nee in.",
			"rij 5, kolom functie vanaf: De periode overlapt met rij 2",
			"3 fouten in fouten.csv; er is niets opgeslagen")
		if r.out != "" {
			t.Errorf("counts printed despite errors:\n%s", r)
		}
	}
	if contentDigest(t, database) != before {
		t.Fatal("a file with errors changed the database")
	}
}

func TestImportRefusesBadInvocationsAndFiles(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	csv := sampleExport(t, "export.csv")
	base := []string{"--database", database, "--master-key-file", key}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no subcommand", []string{"import"}, 2, "Gebruik: weerbaar import employees"},
		{"unknown subcommand", []string{"import", "teams", csv}, 2, "Gebruik: weerbaar import employees"},
		{"no organisation", append([]string{"import", "employees", csv}, base...), 2, "--org is verplicht"},
		{"no file", append([]string{"import", "employees", "--org", "voorbeeldstad"}, base...), 2, "geef precies één bestand"},
		{"unknown organisation", append([]string{"import", "employees", "--org", "nergenshuizen", csv}, base...), 1, "bestaat niet"},
		{"old Excel format", append([]string{"import", "employees", "--org", "voorbeeldstad", writeExport(t, "export.xls", "x")}, base...), 1,
			"gebruik een CSV- of XLSX-bestand"},
		{"missing file", append([]string{"import", "employees", "--org", "voorbeeldstad", filepath.Join(t.TempDir(), "weg.csv")}, base...), 1,
			"kan niet worden geopend"},
		{"garbage workbook", append([]string{"import", "employees", "--org", "voorbeeldstad", writeExport(t, "export.xlsx", "PK\x03\x04 kapot")}, base...), 1,
			"geen leesbaar XLSX-bestand"},
	}
	before := contentDigest(t, database)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, weerbaar(t, c.args...), c.code, c.want)
		})
	}
	if contentDigest(t, database) != before {
		t.Fatal("a refused import changed the database")
	}
}
