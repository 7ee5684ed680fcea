package main

import (
	"slices"
	"strings"
	"testing"
)

func TestDemoFillsAnEmptyDatabaseOnce(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)

	before := contentDigest(t, database)
	r := weerbaar(t, "demo", "--database", database, "--master-key-file", key)
	expect(t, r, 1, "bevat al organisaties", "alleen in een lege database")
	if contentDigest(t, database) != before {
		t.Fatal("a refused second demo changed the database")
	}

	r = weerbaar(t, "user", "list", "--org", "voorbeeldstad", "--database", database, "--master-key-file", key)
	expect(t, r, 0, "E-MAIL", "beheerder@voorbeeldstad.example")
	if !hasRow(r.out, "beheerder@voorbeeldstad.example", "Fatima Yilmaz", "admin", "actief") {
		t.Fatalf("the admin is not listed with role admin:\n%s", r.out)
	}
	if strings.Contains(r.out, "@buurdorp.example") {
		t.Fatalf("user list of voorbeeldstad shows Buurdorp's accounts:\n%s", r.out)
	}
}

// hasRow reports whether one line of a table has every word of fields as
// a column of its own.
func hasRow(table string, fields ...string) bool {
	for _, line := range strings.Split(table, "\n") {
		cols := strings.Fields(line)
		ok := true
		for _, f := range fields {
			for _, word := range strings.Fields(f) {
				ok = ok && slices.Contains(cols, word)
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func TestUserListOfUnknownOrganisation(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	r := weerbaar(t, "user", "list", "--org", "nergenshuizen", "--database", database, "--master-key-file", key)
	expect(t, r, 1, "bestaat niet")
}
