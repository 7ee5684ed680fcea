package plan

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/store"
)

// RemindAhead is how many days before its due date an action is included in
// a reminder.
const RemindAhead = 3

// Enqueuer queues a notification inside the caller's transaction.
type Enqueuer interface {
	Enqueue(ctx context.Context, q store.Querier, m notify.Message) error
}

// Remind sends each owner of actions that are overdue or due within
// RemindAhead days one content-free e-mail a day: how many actions need
// attention and a link, never their titles. It marks the actions as reminded
// today in the same transaction, so that a second run — on this instance or
// another — sends nothing twice, also when more actions fall due later that
// day.
func (s *Store) Remind(ctx context.Context, out Enqueuer, baseURL string) (sent int, err error) {
	now := s.clk.Now().In(clock.Amsterdam)
	today := now.Format(time.DateOnly)
	horizon := now.AddDate(0, 0, RemindAhead).Format(time.DateOnly)
	type owner struct{ org, user, email string }
	rows, err := s.db.Read.QueryContext(ctx, `SELECT a.org_id, a.owner_id, u.email, COUNT(*) FROM actions a JOIN users u ON u.id = a.owner_id
		WHERE a.status IN ('open', 'in_progress') AND a.due_date <= $1 AND u.disabled = FALSE
		AND NOT EXISTS (SELECT 1 FROM actions b WHERE b.org_id = a.org_id AND b.owner_id = a.owner_id AND b.reminded_on = $2)
		GROUP BY a.org_id, a.owner_id, u.email ORDER BY a.org_id, a.owner_id`, horizon, today)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	var owners []owner
	var counts []int
	for rows.Next() {
		var o owner
		var n int
		if err := rows.Scan(&o.org, &o.user, &o.email, &n); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "store.query_failed")
		}
		owners, counts = append(owners, o), append(counts, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	for i, o := range owners {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			// The owner counts as reminded today once any of their actions
			// carries today's date, so an action that falls due later in
			// the day waits for tomorrow's mail instead of causing a second.
			res, err := tx.ExecContext(ctx, `UPDATE actions SET reminded_on = $1 WHERE org_id = $2 AND owner_id = $3
				AND status IN ('open', 'in_progress') AND due_date <= $4
				AND NOT EXISTS (SELECT 1 FROM actions b WHERE b.org_id = $2 AND b.owner_id = $3 AND b.reminded_on = $1)`, today, o.org, o.user, horizon)
			if err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance got here first
			}
			subject, body := notify.Reminder(i18n.NL, baseURL+"/acties", counts[i], notify.WhatActions)
			return out.Enqueue(ctx, tx, notify.Message{OrgID: o.org, To: o.email, Subject: subject, Body: body})
		})
		if err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
