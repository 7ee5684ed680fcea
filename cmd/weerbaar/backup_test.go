package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// busyWriter appends audit entries to database until stopped, like a
// server in use during a backup.
type busyWriter struct {
	written atomic.Int64
	stop    chan struct{}
	done    sync.WaitGroup
	err     error
}

func startWriter(t *testing.T, database string) *busyWriter {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, database)
	if err != nil {
		t.Fatal(err)
	}
	var org string
	if err := db.Read.QueryRowContext(ctx, `SELECT id FROM organisations WHERE slug = 'voorbeeldstad'`).Scan(&org); err != nil {
		t.Fatal(err)
	}
	log := audit.New(db, clock.System{})
	w := &busyWriter{stop: make(chan struct{})}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		defer db.Close()
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			err := log.RecordTx(ctx, audit.Entry{OrgID: org, ActorID: "tester", ActorLabel: "Tester", Action: "report.read",
				ObjectType: "report", ObjectID: fmt.Sprintf("r%d", i), Purpose: "behandeling", Result: audit.ResultOK,
				RequestID: fmt.Sprintf("req-%d", i), SpanID: audit.NewSpanID()})
			if err != nil {
				w.err = err
				return
			}
			w.written.Add(1)
		}
	}()
	t.Cleanup(w.halt)
	return w
}

// waitFor waits until the writer has written n entries.
func (w *busyWriter) waitFor(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for w.written.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the writer wrote only %d entries (%v)", w.written.Load(), w.err)
		}
		time.Sleep(time.Millisecond)
	}
}

func (w *busyWriter) halt() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	w.done.Wait()
}

// fileState is the content of a database file and its WAL, and the names
// in its folder, to tell that a refused restore touched nothing.
func fileState(t *testing.T, path string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fmt.Fprintln(h, e.Name())
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestBackupAndRestoreOfALiveDatabase(t *testing.T) {
	database := sqliteDatabase(t)
	key := seedDemo(t, database)
	w := startWriter(t, database)
	w.waitFor(t, 20)

	backup := filepath.Join(t.TempDir(), "weerbaar-backup.db")
	r := weerbaar(t, "backup", "--database", database, backup)
	expect(t, r, 0, "Back-up geschreven naar "+backup, "Bewaar de hoofdsleutel apart")
	w.waitFor(t, w.written.Load()+5) // the server kept writing
	w.halt()
	if w.err != nil {
		t.Fatalf("the writer failed during the backup: %v", w.err)
	}
	info, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("backup has permissions %v, want 0600", perm)
	}

	restored := filepath.Join(t.TempDir(), "restored.db")
	r = weerbaar(t, "restore", "--database", restored, backup)
	expect(t, r, 0, "teruggezet in "+restored)
	expect(t, weerbaar(t, "audit", "verify", "--database", restored), 0, "Auditlog intact")
	src, dst := rawDB(t, database), rawDB(t, restored)
	if a, b := count(t, src, `SELECT COUNT(*) FROM organisations`), count(t, dst, `SELECT COUNT(*) FROM organisations`); a != b || a == 0 {
		t.Fatalf("restored database has %d organisations, the original %d", b, a)
	}
	// A snapshot from the middle of the writing: some of it, not all.
	if n := count(t, dst, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.read'`); n < 20 || int64(n) > w.written.Load() {
		t.Fatalf("restored database has %d of the %d entries written", n, w.written.Load())
	}
	expect(t, weerbaar(t, "user", "list", "--org", "voorbeeldstad", "--database", restored, "--master-key-file", key), 0, "beheerder@voorbeeldstad.example")

	t.Run("over an existing database keeps the old one", func(t *testing.T) {
		other := sqliteDatabase(t)
		expect(t, weerbaar(t, "migrate", "--database", other), 0)
		r := weerbaar(t, "restore", "--database", other, backup)
		expect(t, r, 0, "De vorige database is bewaard als "+other+".voor-restore-")
		kept, _ := filepath.Glob(other + ".voor-restore-*")
		if len(kept) != 1 {
			t.Fatalf("want the previous database kept once, found %v", kept)
		}
		if n := count(t, rawDB(t, other), `SELECT COUNT(*) FROM organisations`); n == 0 {
			t.Fatal("the restored database is empty")
		}
	})
	t.Run("backup over an existing file", func(t *testing.T) {
		before := fileState(t, backup)
		r := weerbaar(t, "backup", "--database", database, backup)
		expect(t, r, 1, backup+" bestaat al")
		if fileState(t, backup) != before {
			t.Fatal("the existing backup was changed")
		}
	})
}

func TestRestoreRefusesABadBackup(t *testing.T) {
	database := sqliteDatabase(t)
	seedDemo(t, database)
	dir := t.TempDir()
	backup := filepath.Join(dir, "good.db")
	expect(t, weerbaar(t, "backup", "--database", database, backup), 0)
	good, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	if len(good) < 8*page {
		t.Fatalf("backup of %d bytes is too small to damage in the middle", len(good))
	}
	garbage := func() []byte {
		b := append([]byte(nil), good...)
		mid := (len(b) / 2 / page) * page
		for i := mid; i < mid+page; i++ {
			b[i] = 0xA5
		}
		return b
	}
	future := filepath.Join(dir, "future.db")
	if err := os.WriteFile(future, good, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := rawDB(t, future).Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES ('9999_toekomst', 0)`); err != nil {
		t.Fatal(err)
	}
	noSchema := filepath.Join(dir, "other.db")
	if _, err := rawDB(t, noSchema).Exec(`CREATE TABLE notities (tekst TEXT)`); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name    string
		content []byte // written to the file, unless nil
		file    string // an existing file, when content is nil
		want    string
	}{
		{"truncated to half", good[:len(good)/2], "", "beschadigd"},
		{"a page overwritten", garbage(), "", "beschadigd"},
		{"text file", []byte("Dit is geen database.\n"), "", "geen SQLite-databasebestand"},
		{"empty file", []byte{}, "", "geen SQLite-databasebestand"},
		{"missing file", nil, filepath.Join(dir, "nergens.db"), "het bestand bestaat niet"},
		{"newer schema", nil, future, "nieuwer dan deze versie van Weerbaar"},
		{"other SQLite database", nil, noSchema, "geen Weerbaar-database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := c.file
			if c.content != nil {
				src = filepath.Join(t.TempDir(), "backup.db")
				if err := os.WriteFile(src, c.content, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			before := fileState(t, database)
			r := weerbaar(t, "restore", "--database", database, src)
			expect(t, r, 1, src+" kan niet worden teruggezet", c.want, "er is niets veranderd")
			if fileState(t, database) != before {
				t.Fatal("a refused restore changed the database or its folder")
			}
			if _, err := os.Stat(database + ".restore-tmp"); !os.IsNotExist(err) {
				t.Fatal("a refused restore left a .restore-tmp file")
			}
		})
	}
	// The database still works after all the refused attempts.
	expect(t, weerbaar(t, "audit", "verify", "--database", database), 0, "intact")
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	r := weerbaar(t, "backup", "--database", "postgres://weerbaar@db.example/weerbaar", filepath.Join(dir, "pg.db"))
	expect(t, r, 1, "pg_dump")
	r = weerbaar(t, "restore", "--database", "postgres://weerbaar@db.example/weerbaar", filepath.Join(dir, "pg.db"))
	expect(t, r, 1, "pg_restore")
	missing := filepath.Join(dir, "nergens.db")
	r = weerbaar(t, "backup", "--database", missing, filepath.Join(dir, "kopie.db"))
	expect(t, r, 1, "database "+missing+" niet gevonden")
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("backup of a missing database created it")
	}
	database := sqliteDatabase(t)
	seedDemo(t, database)
	r = weerbaar(t, "backup", "--database", database, filepath.Join(dir, "geen-map", "kopie.db"))
	expect(t, r, 1, "back-up mislukt")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("refused backups left files: %v", names(entries))
	}
}

func names(entries []os.DirEntry) string {
	var s []string
	for _, e := range entries {
		s = append(s, e.Name())
	}
	return strings.Join(s, ", ")
}
