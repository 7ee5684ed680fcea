// Package store opens the database — SQLite by default, PostgreSQL when given
// a postgres:// URL — applies the embedded migrations and offers the few
// dialect helpers that the capabilities' hand-written SQL needs.
//
// Every SQL text uses $1…$n placeholders: modernc.org/sqlite binds them by
// number exactly like PostgreSQL, so one text serves both databases. Times are
// stored as BIGINT Unix milliseconds in UTC and calendar dates as 'YYYY-MM-DD'
// text; both compare and sort the same way in both dialects.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Dialect tells which database is behind a DB.
type Dialect int

// The supported dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Querier is what *sql.DB and *sql.Tx have in common; store methods of the
// capabilities accept it so that they work inside and outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database. Write is the pool for statements that change data;
// for SQLite it holds exactly one connection, because SQLite has one writer
// and letting several connections queue on the file lock only produces
// SQLITE_BUSY under load. Read is a larger pool for queries. For PostgreSQL
// both are the same pool.
type DB struct {
	Write   *sql.DB
	Read    *sql.DB
	Dialect Dialect
	// Path is the SQLite file (empty for PostgreSQL).
	Path string
	// Schema is the PostgreSQL schema in use (empty for the default).
	Schema string

	cache stmtCache // statements prepared once (Prepared, ExecTx)
}

// DefaultURL is the database used when none is configured.
const DefaultURL = "weerbaar.db"

// Open opens the database named by rawURL: a postgres:// or postgresql:// URL
// for PostgreSQL; otherwise a SQLite file path, optionally prefixed with
// "sqlite:" or "file:". It checks that the database answers.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	if rawURL == "" {
		rawURL = DefaultURL
	}
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return openPostgres(ctx, rawURL)
	case strings.Contains(rawURL, "://"):
		return nil, apperr.New(apperr.Invalid, "store.url_scheme", schemeOf(rawURL))
	default:
		path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if path == "" {
			return nil, apperr.New(apperr.Invalid, "store.url_empty")
		}
		return openSQLite(ctx, path)
	}
}

func schemeOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		return u[:i]
	}
	return u
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// busy_timeout must come first so that the other pragmas wait for a lock
	// instead of failing; WAL lets readers run beside the one writer;
	// synchronous=NORMAL is durable in WAL mode except across power loss of
	// the last transaction; foreign keys are off in SQLite unless asked for.
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)", "secure_delete(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	// A new database file is created readable by its owner only; SQLite
	// gives the -wal and -shm files the same permissions.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	}
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, apperr.Wrap(err, "store.open_failed")
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, apperr.Wrap(err, "store.open_failed")
	}
	read.SetMaxOpenConns(8)
	db := &DB{Write: write, Read: read, Dialect: SQLite, Path: path}
	if err := db.ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, apperr.New(apperr.Invalid, "store.url_malformed")
	}
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "store.url_malformed")
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{Write: pool, Read: pool, Dialect: Postgres, Schema: u.Query().Get("search_path")}
	if err := db.ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.Write.PingContext(ctx); err != nil {
		return &apperr.Error{Code: apperr.Internal, Key: "store.unreachable", Args: []any{db.Dialect.String()}, Err: err}
	}
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	db.closeStmts()
	err := db.Write.Close()
	if db.Read != db.Write {
		if e := db.Read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Tx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise, so that a failure leaves nothing half-written.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	if db.Dialect == SQLite {
		db.prepareWanted(ctx)
	}
	return nil
}

// SkipLocked returns the locking clause for claiming queue rows: on
// PostgreSQL "FOR UPDATE SKIP LOCKED", so that several instances never claim
// the same row; on SQLite nothing, since its one writer serialises claims.
func (db *DB) SkipLocked() string {
	if db.Dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// IsUniqueViolation reports whether err is a unique-constraint violation in
// either dialect.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// ErrNoRows is sql.ErrNoRows, re-exported so capabilities need not import
// database/sql just to compare.
var ErrNoRows = sql.ErrNoRows

// NotFound turns sql.ErrNoRows into an apperr NotFound and leaves other
// errors as internal ones.
func NotFound(err error, key string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, key)
	}
	if err == nil {
		return nil
	}
	return apperr.Wrap(err, "store.query_failed")
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random 128-bit identifier as 26 lower-case characters.
// Identifiers are random rather than sequential so that they reveal neither
// how many objects exist nor in which order they were made.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("store: no randomness: %v", err))
	}
	return idEncoding.EncodeToString(b[:])
}

// Millis converts t to stored form: Unix milliseconds.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// Time converts stored Unix milliseconds back to a UTC time.
func Time(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// NullTime converts a nullable stored time; the zero time stands for NULL.
func NullTime(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return Time(ms.Int64)
}

// NullMillis converts t to a nullable stored time; the zero time is NULL.
func NullMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}
