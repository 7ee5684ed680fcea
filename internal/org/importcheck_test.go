package org_test

import (
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/i18n"
)

func TestFileWithErrorsNamesEveryBadRowAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	before := e.tableCounts(t)
	file := csvFile(
		rowAnnaVV,
		strings.Replace(rowAnnaBT, "01-01-2020", "31-02-2020", 1), // row 3: no such date
		rowBram,
		strings.Replace(rowCarlaBA, ";ja;ja;", ";misschien;ja;", 1), // row 5: not yes or no
		rowCarlaRD,
		"1002;Bram Janssen;Vergunningen;VERG;Ruimte;Bibob-toetser;BT;01-09-2019;;ja;nee;2021-01-01;", // row 7: same number, other name
	)
	for _, dry := range []bool{true, false} {
		rep, err := e.importCSV(t, e.a, file, dry)
		list := wantRowErrors(t, err, "3:functie vanaf", "5:klantcontact", "7:naam")
		if rep == nil || len(rep.Errors) != 3 {
			t.Fatalf("the report does not carry the errors: %+v", rep)
		}
		if msg := i18n.T(i18n.NL, list[2].Key, list[2].Args...); !strings.Contains(msg, "rij 4") {
			t.Errorf("the conflict does not point at the earlier row: %q", msg)
		}
	}
	if after := e.tableCounts(t); !equalMaps(before, after) {
		t.Fatalf("a file with errors wrote: %v → %v", before, after)
	}
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRowChecks(t *testing.T) {
	cases := []struct {
		name string
		file string
		want []string
	}{
		{"missing required columns", "personeelsnummer;naam;team\n1001;Anna;Vergunningen\n",
			[]string{"1:functie", "1:functiecode", "1:startdatum", "1:klantcontact", "1:inhuur", "1:functie vanaf"}},
		{"column twice", strings.Replace(header, "naam", "personeelsnummer", 1) + "\n" + rowAnnaVV + "\n",
			[]string{"1:personeelsnummer", "1:naam"}},
		{"empty required cells", csvFile("1001;;Vergunningen;;;Vergunningverlener;;2015-04-01;;nee;;2015-04-01;"),
			[]string{"2:naam", "2:functiecode", "2:inhuur"}},
		{"end before start", csvFile(strings.Replace(rowCarlaBA, "2023-12-31", "2017-01-01", 1),
			"1004;Dirk;Burgerzaken;BZ;Dienstverlening;Baliemedewerker;BAL;2020-01-01;2019-12-31;ja;nee;2020-01-01;"),
			[]string{"2:functie tot", "3:uitdienst"}},
		{"overlap in the file", csvFile(rowAnnaVV, strings.Replace(rowAnnaVV, ";2015-04-01;\n", ";2016-01-01;", 1)+"2016-01-01"),
			[]string{"3:functie vanaf"}},
		{"same row twice", csvFile(rowBram, rowBram), []string{"3:functie vanaf"}},
		{"function code with two names", csvFile(rowAnnaVV, strings.Replace(rowBram, "Vergunningverlener", "Jurist", 1)),
			[]string{"3:functie"}},
		{"team code with two names", csvFile(rowAnnaVV, strings.Replace(rowBram, "Vergunningen;VERG", "Vergunning;VERG", 1)),
			[]string{"3:team"}},
		{"team with two parents", csvFile(rowAnnaVV, strings.Replace(rowBram, "VERG;Ruimte", "VERG;Dienstverlening", 1)),
			[]string{"3:bovenliggend team"}},
		{"team under itself", csvFile(strings.Replace(rowAnnaVV, "VERG;Ruimte", "VERG;VERG", 1)),
			[]string{"2:bovenliggend team"}},
		{"teams under each other", csvFile(rowAnnaVV,
			"1005;Eva;Ruimte;RU;Vergunningen;Vergunningverlener;VV;2015-04-01;;nee;nee;2015-04-01;"),
			[]string{"2:bovenliggend team", "3:bovenliggend team"}},
		{"same person with another team", csvFile(rowAnnaVV, strings.Replace(rowAnnaBT, "Vergunningen;VERG;Ruimte", "Burgerzaken;BZ;Dienstverlening", 1)),
			[]string{"3:team"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.importCSV(t, e.a, c.file, false)
			wantRowErrors(t, err, c.want...)
			if n := e.tableCounts(t); n["employees"]+n["teams"]+n["audit_log"] != 0 {
				t.Fatalf("wrote %v", n)
			}
		})
	}
}

func TestEndingAnAssignmentAndOverlapWithStoredOnes(t *testing.T) {
	e := newEnv(t)
	e.mustImport(t, e.a, baseFile)
	// Anna moves on from VV on 2025-12-31 and comes back in 2026: the new
	// period alone overlaps the stored open one …
	back := "1001;Anna de Boer;Vergunningen;VERG;Ruimte;Vergunningverlener;VV;2015-04-01;;nee;nee;2026-02-01;"
	_, err := e.importCSV(t, e.a, csvFile(rowAnnaBT, back), false)
	list := wantRowErrors(t, err, "3:functie vanaf")
	if msg := i18n.T(i18n.NL, list[0].Key, list[0].Args...); !strings.Contains(msg, "01-04-2015") {
		t.Errorf("message does not name the stored period: %q", msg)
	}
	// … and is fine when the same file closes the old one.
	closed := rowAnnaVV + "2025-12-31"
	rep := e.mustImport(t, e.a, csvFile(closed, rowAnnaBT, back))
	wantCounts(t, "assignments", rep.Assignments, 1, 1, 1)
}
