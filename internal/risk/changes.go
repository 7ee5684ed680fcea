package risk

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Change is one line of a process's history: a change to its register
// entry or a periodic review, with the reason given.
type Change struct {
	At         time.Time
	ActorLabel string
	Action     string // the audit action code; its label is audit.action.<code>
	ObjectType string
	ObjectID   string
	Reason     string
}

// maxReason bounds a reason; a paragraph, not a report.
const maxReason = 1000

// checkReason requires a reason for a change to something that exists.
func checkReason(errs apperr.List, reason string) apperr.List {
	if reason == "" {
		return append(errs, apperr.FieldErr("reason", "risk.reason_required"))
	}
	return checkText(errs, "reason", reason, true, maxReason)
}

// logChange writes a line of the process's history and the audit entry of
// the change, in the caller's transaction.
func (s *Store) logChange(ctx context.Context, q store.Querier, sc *auth.Scope, processID, action, objType, objID, reason string) error {
	// Every change to the register passes here, in its transaction: the
	// one place that keeps a teamleider to the teams they lead.
	if err := s.mayEditProcess(ctx, q, sc, processID); err != nil {
		return err
	}
	label := sc.UserName
	if label == "" {
		label = sc.UserID
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO register_changes (id, org_id, process_id, seq, at, actor_id, actor_label, change,
		object_type, object_id, reason) VALUES ($1, $2, $3,
		(SELECT COALESCE(MAX(seq), 0) + 1 FROM register_changes WHERE org_id = $2 AND process_id = $3),
		$4, $5, $6, $7, $8, $9, $10)`,
		store.NewID(), sc.OrgID, processID, store.Millis(s.clk.Now()), sc.UserID, label, action, objType, objID, reason); err != nil {
		return writeErr(err)
	}
	return s.record(ctx, q, sc, action, objType, objID)
}

// Changes returns the history of a process, newest first.
func (s *Store) Changes(ctx context.Context, sc *auth.Scope, processID string) ([]Change, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT at, actor_label, change, object_type, object_id, reason
		FROM register_changes WHERE org_id = $1 AND process_id = $2 ORDER BY seq DESC LIMIT 200`, sc.OrgID, processID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at int64
		if err := rows.Scan(&at, &c.ActorLabel, &c.Action, &c.ObjectType, &c.ObjectID, &c.Reason); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		c.At = store.Time(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
