package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth/password"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// The tests call run in-process, one after another: they swap os.Stdin,
// change directory and set WEERBAAR_* variables, so none runs in parallel.

func TestMain(m *testing.M) {
	// Full-strength argon2id would make the demo's thirteen accounts slow.
	password.Default = password.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	// A developer's own configuration must not leak into the commands.
	for _, v := range []string{"DATABASE", "MASTER_KEY", "MASTER_KEY_FILE", "ADDR", "DEMO", "BASE_URL"} {
		os.Unsetenv("WEERBAAR_" + v)
	}
	os.Exit(m.Run())
}

// result is what a user of the command sees.
type result struct {
	code     int
	out, err string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.out, r.err)
}

// syncBuffer lets a running server write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// weerbaar runs the command line with args and returns what it printed.
func weerbaar(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var out, errw syncBuffer
	code := run(ctx, args, &out, &errw)
	return result{code: code, out: out.String(), err: errw.String()}
}

// expect fails the test unless r exited with code and every want appears in
// stderr (for a failure) or stdout (for success).
func expect(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("want exit %d, got:\n%s", code, r)
	}
	text := r.err
	if code == 0 {
		text = r.out
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Fatalf("want %q in the output, got:\n%s", w, r)
		}
	}
}

// newKeyFile writes a fresh master key file readable by the owner only.
func newKeyFile(t *testing.T) (string, *vault.MasterKey) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "master.key")
	mk, err := vault.GenerateKeyFile(path)
	if err != nil {
		t.Fatalf("generate key: %v", err)
	}
	return path, mk
}

// sqliteDatabase names a SQLite file that does not exist yet.
func sqliteDatabase(t *testing.T) string {
	return filepath.Join(t.TempDir(), "weerbaar.db")
}

// freshDatabase returns the --database value of a new, empty database: a
// SQLite file, or a new PostgreSQL schema when WEERBAAR_TEST_POSTGRES is set.
func freshDatabase(t *testing.T) string {
	t.Helper()
	if storetest.PostgresURL() == "" {
		return sqliteDatabase(t)
	}
	return storetest.NewURL(t)
}

// seedDemo runs `weerbaar demo` into a fresh database and returns it and
// its key file.
func seedDemo(t *testing.T, database string) (keyFile string) {
	t.Helper()
	keyFile, _ = newKeyFile(t)
	r := weerbaar(t, "demo", "--database", database, "--master-key-file", keyFile)
	expect(t, r, 0, "Demogegevens aangemaakt")
	return keyFile
}

// rawDB opens database directly, bypassing the application, to look at or
// damage its rows.
func rawDB(t *testing.T, database string) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if strings.HasPrefix(database, "postgres") {
		db, err = sql.Open("pgx", database)
	} else {
		db, err = sql.Open("sqlite", "file:"+database)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// contentDigest summarises every row of every table, so that a test can
// tell that a failed command wrote nothing at all.
func contentDigest(t *testing.T, database string) string {
	t.Helper()
	db := rawDB(t, database)
	list := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if strings.HasPrefix(database, "postgres") {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := db.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) == 0 {
		t.Fatalf("no tables in %s", database)
	}
	h := sha256.New()
	for _, table := range tables {
		fmt.Fprintf(h, "table %s\n", table)
		for _, line := range tableRows(t, db, table) {
			fmt.Fprintln(h, line)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// tableRows returns the rows of table as sorted text lines.
func tableRows(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			switch v := v.(type) {
			case []byte:
				fmt.Fprintf(&b, "x%x|", v)
			case string:
				fmt.Fprintf(&b, "%q|", v)
			default:
				fmt.Fprintf(&b, "%v|", v)
			}
		}
		lines = append(lines, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return lines
}

func TestUsageMistakesExitTwo(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Gebruik: weerbaar <opdracht>"},
		{"unknown command", []string{"verwijder-alles"}, `onbekende opdracht "verwijder-alles"`},
		{"user without subcommand", []string{"user"}, "Gebruik: weerbaar user add|list"},
		{"unknown user subcommand", []string{"user", "delete", "--org", "voorbeeldstad"}, `onbekende gebruikersopdracht "delete"`},
		{"user without org", []string{"user", "list"}, "--org is verplicht"},
		{"audit without subcommand", []string{"audit"}, "Gebruik: weerbaar audit verify|export"},
		{"keys without subcommand", []string{"keys"}, "Gebruik: weerbaar keys rotate"},
		{"unknown flag", []string{"migrate", "--databse", "x.db"}, "-databse"},
		{"demo with unknown scale", []string{"demo", "--scale", "europa"}, "--scale kent alleen 'national'"},
		{"backup without target", []string{"backup"}, "Gebruik: weerbaar backup"},
		{"restore without source", []string{"restore"}, "Gebruik: weerbaar restore"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, weerbaar(t, c.args...), 2, c.want)
		})
	}
}

func TestHelpExitsZero(t *testing.T) {
	r := weerbaar(t, "help")
	if r.code != 0 || !strings.Contains(r.err, "restore") || !strings.Contains(r.err, "Opdrachten:") {
		t.Fatalf("help should list the commands and exit 0:\n%s", r)
	}
}
