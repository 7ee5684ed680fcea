package bibob

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/store"
)

// SoonDays is how far ahead the reminder and the terms page look.
const SoonDays = 7

// Outbox queues a notification in a transaction; *notify.Outbox is one.
type Outbox interface {
	Enqueue(ctx context.Context, q store.Querier, m notify.Message) error
}

// Remind sends every person who sees open screenings whose LBB advice or
// decision is overdue or due within SoonDays one content-free e-mail a
// day with the number — no case numbers, no names. It returns the number
// of e-mails queued; running it hourly is safe (bibob_reminders).
func (s *Store) Remind(ctx context.Context, out Outbox, baseURL string) (int, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT m.org_id, m.user_id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role IN ('bibob', 'executive', 'coordinator') AND EXISTS (SELECT 1 FROM bibob_screenings x WHERE x.org_id = m.org_id AND x.decided_on = '')
		ORDER BY m.org_id, m.user_id`)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	type rcpt struct{ org, user, email string }
	var list []rcpt
	for rows.Next() {
		var r rcpt
		if err := rows.Scan(&r.org, &r.user, &r.email); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "store.query_failed")
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	today := s.dayNow()
	sent := 0
	for _, r := range list {
		sc, err := s.recipientScope(ctx, r.org, r.user)
		if err != nil {
			return sent, err
		}
		due, err := s.Overdue(ctx, sc, SoonDays)
		if err != nil {
			return sent, err
		}
		if len(due) == 0 {
			continue
		}
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `INSERT INTO bibob_reminders (org_id, user_id, day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, r.org, r.user, today)
			if err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errReminded
			}
			subject, body := notify.Reminder(i18n.NL, baseURL+"/bibob/termijnen", len(due), notify.WhatScreenings)
			return out.Enqueue(ctx, tx, notify.Message{OrgID: r.org, To: r.email, Subject: subject, Body: body})
		})
		if err == errReminded {
			continue
		}
		if err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

var errReminded = apperr.New(apperr.Conflict, "bibob.err.reminded")

// recipientScope is the scope of a member in a background job: their
// roles in the organisation, so that the need-to-know lists apply.
func (s *Store) recipientScope(ctx context.Context, orgID, userID string) (*auth.Scope, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	sc := &auth.Scope{OrgID: orgID, UserID: userID, MFA: true}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		sc.Roles = append(sc.Roles, auth.Role(r))
	}
	return sc, rows.Err()
}
