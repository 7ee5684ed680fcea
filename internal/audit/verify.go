package audit

import (
	"context"
	"database/sql"
	"sort"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Reasons why Verify reports a chain as broken.
const (
	// ReasonChanged: a field of the entry no longer matches its hash.
	ReasonChanged = "changed"
	// ReasonMissing: the entry with this seq is gone (Break.EntryID is empty).
	ReasonMissing = "missing"
	// ReasonLink: the entry matches its own hash but does not link to the
	// entry before it, so one of the two was rewritten and re-hashed.
	ReasonLink = "link"
	// ReasonOrder: the entry's seq is out of order.
	ReasonOrder = "order"
	// ReasonHead: the chain's head does not name its last entry.
	ReasonHead = "head"
	// ReasonHeadMissing: the chain has entries but no head.
	ReasonHeadMissing = "head_missing"
)

// Break names the first entry at which a chain stops being intact.
type Break struct {
	Chain   string // organisation id; "" is the system-wide chain
	Seq     int64
	EntryID string // empty when the entry is missing
	Reason  string // one of the Reason constants
}

// Message describes the break for a person, in lang.
func (b *Break) Message(lang i18n.Lang) string {
	chain := b.Chain
	if chain == "" {
		chain = i18n.T(lang, "audit.chain.system")
	}
	return i18n.T(lang, "audit.break."+b.Reason, chain, b.Seq)
}

// progressEvery is how many entries Verify checks between progress calls.
const progressEvery = 10000

// Verify walks every chain in order and recomputes each entry's hash and its
// link to the entry before it. It returns nil when all chains are intact and
// otherwise the first break it finds.
func (l *Log) Verify(ctx context.Context) (*Break, error) {
	return l.VerifyProgress(ctx, nil)
}

// VerifyProgress is Verify that calls progress, when not nil, with the number
// of entries checked so far every 10,000 entries and once at the end, for the
// command line to show on stderr.
//
// The entries are streamed in one query, never loaded at once. Heads and
// entries are read in one read-only snapshot (REPEATABLE READ on PostgreSQL, a
// read transaction on SQLite), so appends made meanwhile neither look like
// tampering nor block.
func (l *Log) VerifyProgress(ctx context.Context, progress func(checked int64)) (*Break, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if l.db.Dialect == store.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := l.db.Read.BeginTx(ctx, opts)
	if err != nil {
		return nil, apperr.Wrap(err, "audit.verify_failed")
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	w := walker{heads: map[string]Head{}}
	hrows, err := tx.QueryContext(ctx, `SELECT chain, seq, hash FROM audit_heads`)
	if err != nil {
		return nil, apperr.Wrap(err, "audit.verify_failed")
	}
	for hrows.Next() {
		var h Head
		if err := hrows.Scan(&h.Chain, &h.Seq, &h.Hash); err != nil {
			hrows.Close()
			return nil, apperr.Wrap(err, "audit.verify_failed")
		}
		w.heads[h.Chain] = h
	}
	hrows.Close()
	if err := hrows.Err(); err != nil {
		return nil, apperr.Wrap(err, "audit.verify_failed")
	}

	rows, err := tx.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log ORDER BY org_id, seq`)
	if err != nil {
		return nil, apperr.Wrap(err, "audit.verify_failed")
	}
	defer rows.Close()
	var checked int64
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "audit.verify_failed")
		}
		if b := w.next(&e); b != nil {
			return b, nil
		}
		checked++
		if progress != nil && checked%progressEvery == 0 {
			progress(checked)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "audit.verify_failed")
	}
	if progress != nil {
		progress(checked)
	}
	return w.end(), nil
}

// walker checks entries arriving in (chain, seq) order.
type walker struct {
	heads    map[string]Head // heads not yet matched to a walked chain
	started  bool
	chain    string
	lastSeq  int64
	lastID   string
	lastHash string
}

func (w *walker) next(e *Entry) *Break {
	if !w.started || e.OrgID != w.chain {
		if w.started {
			if b := w.closeChain(); b != nil {
				return b
			}
		}
		w.started, w.chain, w.lastSeq, w.lastID, w.lastHash = true, e.OrgID, 0, "", ""
	}
	switch want := w.lastSeq + 1; {
	case e.Seq > want:
		return &Break{Chain: w.chain, Seq: want, Reason: ReasonMissing}
	case e.Seq < want:
		return &Break{Chain: w.chain, Seq: e.Seq, EntryID: e.ID, Reason: ReasonOrder}
	}
	// The entry's own hash is checked before its link, so that a field
	// changed in place is blamed on exactly the entry that holds it.
	if e.computeHash() != e.Hash {
		return &Break{Chain: w.chain, Seq: e.Seq, EntryID: e.ID, Reason: ReasonChanged}
	}
	if e.PrevHash != w.lastHash {
		return &Break{Chain: w.chain, Seq: e.Seq, EntryID: e.ID, Reason: ReasonLink}
	}
	w.lastSeq, w.lastID, w.lastHash = e.Seq, e.ID, e.Hash
	return nil
}

// closeChain compares the walked chain's last entry with its head.
func (w *walker) closeChain() *Break {
	h, ok := w.heads[w.chain]
	delete(w.heads, w.chain)
	switch {
	case !ok:
		return &Break{Chain: w.chain, Seq: w.lastSeq, EntryID: w.lastID, Reason: ReasonHeadMissing}
	case h.Seq > w.lastSeq:
		// The last entries were removed: the first of them is missing.
		return &Break{Chain: w.chain, Seq: w.lastSeq + 1, Reason: ReasonMissing}
	case h.Seq < w.lastSeq:
		return &Break{Chain: w.chain, Seq: h.Seq, Reason: ReasonHead}
	case h.Hash != w.lastHash:
		return &Break{Chain: w.chain, Seq: h.Seq, EntryID: w.lastID, Reason: ReasonHead}
	}
	return nil
}

// end closes the last chain and reports heads whose chains have no entries
// left at all.
func (w *walker) end() *Break {
	if w.started {
		if b := w.closeChain(); b != nil {
			return b
		}
	}
	chains := make([]string, 0, len(w.heads))
	for c := range w.heads {
		chains = append(chains, c)
	}
	if len(chains) == 0 {
		return nil
	}
	sort.Strings(chains)
	h := w.heads[chains[0]]
	if h.Seq > 0 {
		return &Break{Chain: h.Chain, Seq: 1, Reason: ReasonMissing}
	}
	return &Break{Chain: h.Chain, Reason: ReasonHead}
}
