// Package storetest opens a fresh, migrated database for one test: a SQLite
// file in the test's temporary directory by default, or a new PostgreSQL
// schema when WEERBAAR_TEST_POSTGRES holds a postgres:// URL. The whole suite
// is run once each way (see .ci/run); a configured PostgreSQL that cannot be
// reached fails the test instead of skipping it.
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/weerbaar/weerbaar/internal/store"
)

// EnvPostgres names the environment variable that switches the suite to
// PostgreSQL.
const EnvPostgres = "WEERBAAR_TEST_POSTGRES"

// Open returns a fresh migrated database that is removed when t ends.
func Open(t testing.TB) *store.DB {
	t.Helper()
	db := OpenEmpty(t)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// OpenEmpty returns a fresh database without migrations.
func OpenEmpty(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), NewURL(t))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NewURL returns the URL of a fresh, empty database that is removed when t
// ends: a file in t's temporary directory, or a new schema on the
// configured PostgreSQL. Tests that run the command-line binary pass it as
// --database.
func NewURL(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	if base == "" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	schema := "t_" + store.NewID()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("PostgreSQL from %s cannot be used: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			a.Close()
		}
	})
	return withSchema(t, base, schema)
}

// URLOf returns the URL that opens db once more, with pools of its own, as
// a second `weerbaar serve` instance would.
func URLOf(t testing.TB, db *store.DB) string {
	t.Helper()
	if db.Dialect == store.Postgres {
		return withSchema(t, PostgresURL(), db.Schema)
	}
	return db.Path
}

func withSchema(t testing.TB, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// PostgresURL returns the configured PostgreSQL test URL, or "".
func PostgresURL() string { return lookupEnv(EnvPostgres) }
