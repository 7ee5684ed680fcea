package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one embedded schema change.
type Migration struct {
	Version string // file name without .sql, e.g. "0001_core"
	SQL     string
}

// Migrations returns the embedded migrations for the dialect, in order.
//
// Most migrations are written once, in migrations/common, in the SQL both
// databases understand; the one type that differs is spelled BYTES and
// becomes BLOB for SQLite and BYTEA for PostgreSQL. A migration whose DDL
// differs further is written twice, under migrations/sqlite and
// migrations/postgres with the same file name, and that pair replaces the
// common file of that name.
func Migrations(d Dialect) ([]Migration, error) {
	byVersion := map[string]Migration{}
	for _, dir := range []string{"migrations/common", "migrations/" + d.String()} {
		entries, err := fs.ReadDir(migrationFS, dir)
		if err != nil {
			continue // a dialect folder is optional
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			b, err := migrationFS.ReadFile(dir + "/" + e.Name())
			if err != nil {
				return nil, err
			}
			v := strings.TrimSuffix(e.Name(), ".sql")
			byVersion[v] = Migration{Version: v, SQL: bytesType.ReplaceAllString(string(b), blobType(d))}
		}
	}
	out := make([]Migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

var bytesType = regexp.MustCompile(`\bBYTES\b`)

func blobType(d Dialect) string {
	if d == Postgres {
		return "BYTEA"
	}
	return "BLOB"
}

// Migrate applies every migration not yet recorded, each in its own
// transaction together with its record in schema_migrations, so that a failed
// migration leaves the schema as it was. On PostgreSQL an advisory lock keeps
// two instances that start together from migrating at once.
func (db *DB) Migrate(ctx context.Context) error {
	migs, err := Migrations(db.Dialect)
	if err != nil {
		return apperr.Wrap(err, "store.migrate_failed")
	}
	if _, err := db.Write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return apperr.Wrap(err, "store.migrate_failed")
	}
	for _, m := range migs {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if db.Dialect == Postgres {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(784512)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if err := execScript(ctx, tx, db.Dialect, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Version, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`, m.Version, time.Now().UnixMilli())
			return err
		})
		if err != nil {
			return apperr.Wrap(err, "store.migrate_failed")
		}
	}
	return nil
}

// execScript runs a migration file. PostgreSQL accepts several statements in
// one Exec; for SQLite the statements are split on ";" at line ends, which
// our migrations respect (no triggers with inner semicolons).
func execScript(ctx context.Context, tx *sql.Tx, d Dialect, script string) error {
	if d == Postgres {
		_, err := tx.ExecContext(ctx, script)
		return err
	}
	for _, stmt := range splitStatements(script) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%w in: %.80s", err, stmt)
		}
	}
	return nil
}

func splitStatements(script string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(script, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			if s := strings.TrimSpace(cur.String()); s != ";" {
				out = append(out, s)
			}
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// Version returns the newest applied migration, or "" for an empty database.
func (db *DB) Version(ctx context.Context) (string, error) {
	var v sql.NullString
	err := db.Read.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return "", err
	}
	return v.String, nil
}
