// Package audit keeps the tamper-evident audit log — who did what to which
// object, why, and with what result — and the processing log (Logboek
// Dataverwerkingen), which records which processing activity touched which
// data subject without naming the user.
//
// Audit entries form one hash chain per organisation: each entry's hash covers
// all its fields and the hash of the entry before it, and a head row per chain
// holds the last seq and hash. Verify walks the chains and names the first
// entry that was changed, removed or reordered. Entries are identified by
// (chain, seq), where the chain is the organisation id ("" for system-wide
// entries) and seq counts from 1 without gaps; each entry also carries a
// random ID for naming it outside its chain.
//
// Entries hold ids and codes only, never case content.
package audit

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// The results an entry can have.
const (
	ResultOK     = "ok"     // the action was carried out
	ResultDenied = "denied" // the policy refused it
	ResultFailed = "failed" // it was allowed but did not succeed
)

// Actions of this package itself: reading, exporting and verifying the audit
// log are audited like any other read of sensitive data.
const (
	ActionAuditRead   = "audit.read"
	ActionAuditExport = "audit.export"
	ActionAuditVerify = "audit.verify"
)

// Entry is one audit log entry. Record fills ID, Seq, At, PrevHash and Hash;
// the caller fills the rest. ActorID may be empty for anonymous or system
// actors, in which case ActorLabel says which ("anoniem", "systeem").
type Entry struct {
	ID         string    `json:"id"`
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	OrgID      string    `json:"org_id"`
	ActorID    string    `json:"actor_id"`
	ActorLabel string    `json:"actor_label"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Purpose    string    `json:"purpose"`
	Result     string    `json:"result"`
	RequestID  string    `json:"request_id"`
	SpanID     string    `json:"span_id"`
	Hash       string    `json:"hash"`
	PrevHash   string    `json:"prev_hash"`
}

// Log appends to and reads the audit and processing logs.
type Log struct {
	db  *store.DB
	clk clock.Clock
}

// New returns a Log on db that takes entry times from clk.
func New(db *store.DB, clk clock.Clock) *Log {
	return &Log{db: db, clk: clk}
}

// Record appends e to its organisation's chain using q, which should be the
// caller's transaction: the change and its audit entry then commit or fail
// together. Given the pool itself (*sql.DB), Record opens its own transaction,
// because the head update and the insert must be atomic.
//
// Appends to one chain are serialised by the head row: on PostgreSQL the
// upsert takes its row lock until the transaction ends (callers must use the
// default READ COMMITTED isolation), on SQLite the single writer does.
func (l *Log) Record(ctx context.Context, q store.Querier, e Entry) error {
	if _, isPool := q.(*sql.DB); isPool {
		return l.RecordTx(ctx, e)
	}
	if err := e.validate(); err != nil {
		return err
	}
	// The upsert creates the head of a new chain or moves an existing one on
	// by one; RETURNING gives the new seq and the still unchanged last hash.
	var seq int64
	var prev string
	err := q.QueryRowContext(ctx, `INSERT INTO audit_heads (chain, seq, hash, updated_at)
		VALUES ($1, 1, '', $2)
		ON CONFLICT (chain) DO UPDATE SET seq = audit_heads.seq + 1
		RETURNING seq, hash`, e.OrgID, store.Millis(l.clk.Now())).Scan(&seq, &prev)
	if err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	// The time is taken after the head is locked so that times follow seq
	// within a chain as far as the clocks of the instances agree.
	e.ID = store.NewID()
	e.Seq = seq
	e.At = store.Time(store.Millis(l.clk.Now()))
	e.PrevHash = prev
	e.Hash = e.computeHash()
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log (org_id, seq, id, at, actor_id, actor_label,
		action, object_type, object_id, purpose, result, request_id, span_id, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		e.OrgID, e.Seq, e.ID, store.Millis(e.At), e.ActorID, e.ActorLabel, e.Action, e.ObjectType,
		e.ObjectID, e.Purpose, e.Result, e.RequestID, e.SpanID, e.PrevHash, e.Hash)
	if err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	_, err = q.ExecContext(ctx, `UPDATE audit_heads SET hash = $2, updated_at = $3 WHERE chain = $1`,
		e.OrgID, e.Hash, store.Millis(e.At))
	if err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	return nil
}

// RecordTx appends e in a write transaction of its own. It is meant for reads
// of sensitive objects, which have no transaction to join.
func (l *Log) RecordTx(ctx context.Context, e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	return l.db.Tx(ctx, func(tx *sql.Tx) error { return l.Record(ctx, tx, e) })
}

// Head is the last entry of one chain as the head table records it.
type Head struct {
	Chain string
	Seq   int64
	Hash  string
}

// Heads returns the head of every chain, ordered by chain. Publishing these
// outside the database (the SIEM, a signed mail) anchors the chains: someone
// who can write to the database could rewrite a whole chain consistently, but
// not the copies of its head held elsewhere.
func (l *Log) Heads(ctx context.Context) ([]Head, error) {
	rows, err := l.db.Read.QueryContext(ctx, `SELECT chain, seq, hash FROM audit_heads ORDER BY chain`)
	if err != nil {
		return nil, apperr.Wrap(err, "audit.read_failed")
	}
	defer rows.Close()
	var out []Head
	for rows.Next() {
		var h Head
		if err := rows.Scan(&h.Chain, &h.Seq, &h.Hash); err != nil {
			return nil, apperr.Wrap(err, "audit.read_failed")
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "audit.read_failed")
	}
	return out, nil
}
