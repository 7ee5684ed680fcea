package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache holds the statements of hot write paths prepared once on the
// SQLite write connection. Parsing and planning a statement costs SQLite
// more than running a small INSERT, and its driver prepares every
// statement anew on each call; PostgreSQL's driver keeps a statement cache
// per connection of its own.
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[stmtKey]*sql.Stmt
	wanted map[string]bool // write statements to prepare once the connection is free
}

type stmtKey struct {
	pool  *sql.DB
	query string
}

// Prepared returns the statement for query prepared on pool, preparing it
// the first time and keeping it until Close; database/sql prepares it
// again by itself on each further connection of the pool. Call it outside
// a transaction on that pool: SQLite's write pool has one connection, which
// a transaction holds until it ends. The SQL text must be a constant, never
// built from input.
func (db *DB) Prepared(ctx context.Context, pool *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{pool, query}
	db.cache.mu.Lock()
	s, ok := db.cache.stmts[k]
	db.cache.mu.Unlock()
	if ok {
		return s, nil
	}
	// Prepare without holding the lock: the pool may have to wait for a
	// connection that another caller of the cache holds.
	s, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	db.cache.mu.Lock()
	defer db.cache.mu.Unlock()
	if have, ok := db.cache.stmts[k]; ok {
		s.Close() // prepared twice at the same time
		return have, nil
	}
	if db.cache.stmts == nil {
		db.cache.stmts = map[stmtKey]*sql.Stmt{}
	}
	db.cache.stmts[k] = s
	return s, nil
}

// txStmt returns the transaction's handle on the cached write statement for
// query, or nil when it has not been prepared yet; it is then noted and
// prepared when the transaction has ended (prepareWanted). The transaction
// reuses the statement prepared on the one write connection and closes
// only its own handle when it ends.
func (db *DB) txStmt(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	db.cache.mu.Lock()
	s := db.cache.stmts[stmtKey{db.Write, query}]
	if s == nil {
		if db.cache.wanted == nil {
			db.cache.wanted = map[string]bool{}
		}
		if _, noted := db.cache.wanted[query]; !noted {
			db.cache.wanted[query] = true
		}
	}
	db.cache.mu.Unlock()
	if s == nil {
		return nil
	}
	return tx.StmtContext(ctx, s)
}

// prepareWanted prepares the write statements noted during transactions.
// A statement that fails to prepare stays unprepared and is not tried
// again; it runs as a plain statement.
func (db *DB) prepareWanted(ctx context.Context) {
	db.cache.mu.Lock()
	var todo []string
	for q, want := range db.cache.wanted {
		if want {
			todo = append(todo, q)
			db.cache.wanted[q] = false
		}
	}
	db.cache.mu.Unlock()
	for _, q := range todo {
		db.Prepared(context.WithoutCancel(ctx), db.Write, q) //nolint:errcheck // runs unprepared
	}
}

// Exec runs query with args on q, like q.ExecContext. Use it on write
// paths that run often with the same SQL text (intake, audit, grants):
// when q is a write transaction (from Tx) on SQLite, the statement is
// prepared once and kept. The SQL text must be a single statement built
// from constants, never from input.
func (db *DB) Exec(ctx context.Context, q Querier, query string, args ...any) (sql.Result, error) {
	tx, ok := q.(*sql.Tx)
	if !ok || db.Dialect != SQLite {
		return q.ExecContext(ctx, query, args...)
	}
	if s := db.txStmt(ctx, tx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// QueryRow is Exec for a statement that returns one row (a SELECT or a
// write with RETURNING). Scan the row before the next statement on q.
func (db *DB) QueryRow(ctx context.Context, q Querier, query string, args ...any) *sql.Row {
	tx, ok := q.(*sql.Tx)
	if !ok || db.Dialect != SQLite {
		return q.QueryRowContext(ctx, query, args...)
	}
	if s := db.txStmt(ctx, tx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

func (db *DB) closeStmts() {
	db.cache.mu.Lock()
	defer db.cache.mu.Unlock()
	for _, s := range db.cache.stmts {
		s.Close()
	}
	db.cache.stmts, db.cache.wanted = nil, nil
}
