package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	v, err := db.Version(ctx)
	if err != nil || v == "" {
		t.Fatalf("version = %q, %v", v, err)
	}
	migs, _ := store.Migrations(db.Dialect)
	if want := migs[len(migs)-1].Version; v != want {
		t.Fatalf("version = %q, want %q", v, want)
	}
}

func TestTxRollsBackOnError(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, $4)`, store.NewID(), "x", "X", 1); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	var n int
	db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations`).Scan(&n)
	if n != 0 {
		t.Fatalf("rolled-back insert is visible: %d rows", n)
	}
}

func TestOpenRejectsBadURLs(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"mysql://x/y", "postgres://", "sqlite:"} {
		_, err := store.Open(ctx, u)
		if err == nil {
			t.Errorf("Open(%q) succeeded", u)
			continue
		}
		if apperr.CodeOf(err) == apperr.Internal && u != "postgres://" {
			t.Errorf("Open(%q) = %v, want an input error", u, err)
		}
	}
}

func TestBoolAndTimeRoundTrip(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	id := store.NewID()
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO users (id, email, name, disabled, created_at) VALUES ($1, $2, $3, $4, $5)`, id, "a@example.nl", "A", true, int64(1700000000123)); err != nil {
		t.Fatal(err)
	}
	var disabled bool
	var created int64
	if err := db.Read.QueryRowContext(ctx, `SELECT disabled, created_at FROM users WHERE id = $1 AND disabled = TRUE`, id).Scan(&disabled, &created); err != nil {
		t.Fatal(err)
	}
	if !disabled || store.Time(created).UnixMilli() != 1700000000123 {
		t.Fatalf("got %v %d", disabled, created)
	}
}

func TestMigrationsUseTheDialectsBinaryType(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		migs, err := store.Migrations(d)
		if err != nil || len(migs) < 5 {
			t.Fatalf("%s: %d migrations, %v", d, len(migs), err)
		}
		all := ""
		for _, m := range migs {
			all += m.SQL
		}
		want, other := "BLOB", "BYTEA"
		if d == store.Postgres {
			want, other = other, want
		}
		if strings.Contains(all, "BYTES") || strings.Contains(all, other) || !strings.Contains(all, want) {
			t.Errorf("%s migrations do not use %s throughout", d, want)
		}
	}
}

func TestNewSQLiteFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nieuw.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has permissions %v; others can read it", filepath.Base(p), perm)
		}
	}
}
