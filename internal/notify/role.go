package notify // goals: issue 7

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// EnqueueToRole queues the same content-free message for every active user
// who holds role in the organisation, e.g. every gemeentesecretaris
// ("executive") for a serious aggression incident or a long-overdue action.
// It runs in the caller's transaction q, so the mail exists if and only if
// the change it announces was saved, and returns how many it queued.
func (o *Outbox) EnqueueToRole(ctx context.Context, q store.Querier, orgID, role, subject, body string) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.role = $2 AND u.disabled = FALSE ORDER BY u.email`, orgID, role)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	var to []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "store.query_failed")
		}
		to = append(to, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	for _, addr := range to {
		if err := o.Enqueue(ctx, q, Message{OrgID: orgID, To: addr, Subject: subject, Body: body}); err != nil {
			return 0, err
		}
	}
	return len(to), nil
}
