package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

func TestAuditVerifyNamesTheChangedEntry(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testAuditVerify(t, sqliteDatabase(t)) })
	t.Run("postgres", func(t *testing.T) {
		if storetest.PostgresURL() == "" {
			t.Skip(storetest.EnvPostgres + " not set; the SQLite subtest covers this run")
		}
		testAuditVerify(t, storetest.NewURL(t))
	})
}

func testAuditVerify(t *testing.T, database string) {
	seedDemo(t, database)
	r := weerbaar(t, "audit", "verify", "--database", database)
	expect(t, r, 0, "Auditlog intact")
	db := rawDB(t, database)
	total := count(t, db, `SELECT COUNT(*) FROM audit_log`)
	if total == 0 || !strings.Contains(r.out, strconv.Itoa(total)+" regels") {
		t.Fatalf("verify should report all %d entries:\n%s", total, r)
	}

	// One byte of one entry in the middle of Voorbeeldstad's chain.
	var org string
	var seq int64
	err := db.QueryRow(`SELECT a.org_id, a.seq FROM audit_log a JOIN organisations o ON o.id = a.org_id
		WHERE o.slug = 'voorbeeldstad' AND a.action = 'user.create' ORDER BY a.seq DESC LIMIT 1`).Scan(&org, &seq)
	if err != nil {
		t.Fatalf("find an entry to change: %v", err)
	}
	res, err := db.Exec(`UPDATE audit_log SET action = 'user.creatf' WHERE org_id = $1 AND seq = $2`, org, seq)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("changed %d rows, want 1", n)
	}

	r = weerbaar(t, "audit", "verify", "--database", database)
	expect(t, r, 1, "Auditlog "+org+", regel "+strconv.FormatInt(seq, 10)+":", "gewijzigd")
	if strings.Contains(r.out, "intact") {
		t.Fatalf("a changed log is reported intact:\n%s", r)
	}
}

func TestAuditVerifyOfDatabaseWithoutSchema(t *testing.T) {
	database := sqliteDatabase(t)
	if _, err := rawDB(t, database).Exec(`CREATE TABLE notities (tekst TEXT)`); err != nil {
		t.Fatal(err)
	}
	r := weerbaar(t, "audit", "verify", "--database", database)
	expect(t, r, 1, "geen Weerbaar-schema", "weerbaar migrate")
}

func TestAuditExport(t *testing.T) {
	database := freshDatabase(t)
	seedDemo(t, database)
	dir := t.TempDir()

	file := filepath.Join(dir, "audit.csv")
	r := weerbaar(t, "audit", "export", "--database", database, "--org", "voorbeeldstad", "--format", "csv", "--output", file)
	expect(t, r, 0)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("export is not valid CSV: %v", err)
	}
	if len(records) < 2 {
		t.Fatalf("want a header and at least one entry, got %d lines", len(records))
	}
	header := strings.Join(records[0], ",")
	for _, col := range []string{"volgnummer", "actie", "hash"} {
		if !strings.Contains(strings.ToLower(header), col) {
			t.Fatalf("header %q lacks %q", header, col)
		}
	}
	// Only Voorbeeldstad's chain: as many rows as it has entries.
	db := rawDB(t, database)
	want := count(t, db, `SELECT COUNT(*) FROM audit_log a JOIN organisations o ON o.id = a.org_id WHERE o.slug = 'voorbeeldstad'`)
	if got := len(records) - 1; got != want {
		t.Fatalf("export has %d entries, Voorbeeldstad's chain %d", got, want)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("export file should be readable by the owner only: %v %v", info.Mode(), err)
	}

	t.Run("unknown organisation", func(t *testing.T) {
		out := filepath.Join(dir, "unknown.csv")
		r := weerbaar(t, "audit", "export", "--database", database, "--org", "nergenshuizen", "--output", out)
		expect(t, r, 1, "bestaat niet")
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("a failed export left %s behind", out)
		}
	})
	t.Run("missing org", func(t *testing.T) {
		expect(t, weerbaar(t, "audit", "export", "--database", database), 2, "--org is verplicht")
	})
	t.Run("unknown format", func(t *testing.T) {
		out := filepath.Join(dir, "export.xml")
		r := weerbaar(t, "audit", "export", "--database", database, "--org", "voorbeeldstad", "--format", "xml", "--output", out)
		expect(t, r, 1, `"xml"`, "csv of json")
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("a failed export left %s behind", out)
		}
	})
	t.Run("existing output file", func(t *testing.T) {
		before, _ := os.ReadFile(file)
		r := weerbaar(t, "audit", "export", "--database", database, "--org", "voorbeeldstad", "--output", file)
		expect(t, r, 1, file+" bestaat al; kies een nieuw bestand")
		after, _ := os.ReadFile(file)
		if string(before) != string(after) {
			t.Fatal("an existing export file was overwritten")
		}
	})
}
