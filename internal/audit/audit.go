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
	"fmt"
	"strings"
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

// Record appends e, and then the entries in more, to e's organisation's
// chain using q, which should be the caller's transaction: the change and
// its audit entries then commit or fail together. Given the pool itself
// (*sql.DB), Record opens its own transaction, because the head update and
// the insert must be atomic. Entries recorded together share one move of
// the chain's head and one insert, so a change that needs several entries
// (a report and the grants of its routing) costs little more than one;
// they must all belong to the same organisation.
//
// Appends to one chain are serialised by the head row: on PostgreSQL the
// upsert takes its row lock until the transaction ends (callers must use the
// default READ COMMITTED isolation), on SQLite the single writer does.
func (l *Log) Record(ctx context.Context, q store.Querier, e Entry, more ...Entry) error {
	if _, isPool := q.(*sql.DB); isPool {
		return l.db.Tx(ctx, func(tx *sql.Tx) error { return l.Record(ctx, tx, e, more...) })
	}
	entries := append([]Entry{e}, more...)
	for i := range entries {
		if err := entries[i].validate(); err != nil {
			return err
		}
		if entries[i].OrgID != e.OrgID {
			return apperr.New(apperr.Internal, "audit.record_failed")
		}
	}
	n := int64(len(entries))
	// The upsert creates the head of a new chain or moves an existing one on
	// by n; RETURNING gives the new last seq and the still unchanged last
	// hash.
	var last int64
	var prev string
	err := l.db.QueryRow(ctx, q, `INSERT INTO audit_heads (chain, seq, hash, updated_at)
		VALUES ($1, $3, '', $2)
		ON CONFLICT (chain) DO UPDATE SET seq = audit_heads.seq + $3
		RETURNING seq, hash`, e.OrgID, store.Millis(l.clk.Now()), n).Scan(&last, &prev)
	if err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	// The time is taken after the head is locked so that times follow seq
	// within a chain as far as the clocks of the instances agree.
	at := store.Time(store.Millis(l.clk.Now()))
	args := make([]any, 0, len(entries)*logColumns)
	for i := range entries {
		x := &entries[i]
		x.ID = store.NewID()
		x.Seq = last - n + 1 + int64(i)
		x.At = at
		x.PrevHash = prev
		x.Hash = x.computeHash()
		prev = x.Hash
		args = append(args, x.OrgID, x.Seq, x.ID, store.Millis(x.At), x.ActorID, x.ActorLabel, x.Action, x.ObjectType,
			x.ObjectID, x.Purpose, x.Result, x.RequestID, x.SpanID, x.PrevHash, x.Hash)
	}
	if _, err = l.db.Exec(ctx, q, insertLog(len(entries)), args...); err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	_, err = l.db.Exec(ctx, q, `UPDATE audit_heads SET hash = $2, updated_at = $3 WHERE chain = $1`,
		e.OrgID, prev, store.Millis(at))
	if err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	return nil
}

// logColumns is the number of columns insertLog writes per entry.
const logColumns = 15

// insertLog is the INSERT of n audit entries. Its text depends on n only,
// so each count is one prepared statement.
func insertLog(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO audit_log (org_id, seq, id, at, actor_id, actor_label,
		action, object_type, object_id, purpose, result, request_id, span_id, prev_hash, hash) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for c := range logColumns {
			if c > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "$%d", i*logColumns+c+1)
		}
		b.WriteString(")")
	}
	return b.String()
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
