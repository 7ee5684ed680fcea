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
	ctx := context.Background()
	base := PostgresURL()
	if base == "" {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatalf("open sqlite: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	schema := "t_" + store.NewID()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("PostgreSQL from %s cannot be used: %v", EnvPostgres, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			a.Close()
		}
	})
	return db
}

// PostgresURL returns the configured PostgreSQL test URL, or "".
func PostgresURL() string { return lookupEnv(EnvPostgres) }
