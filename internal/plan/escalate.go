package plan

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/store"
)

// EscalateAfter is how many days past its due date an open action is
// escalated to the gemeentesecretaris, unless configured otherwise.
const EscalateAfter = 60

// RoleNotifier mails every holder of a role in an organisation inside the
// caller's transaction; the outbox does this (notify.Outbox.EnqueueToRole),
// the same way the meldpunt informs the gemeentesecretaris of a serious
// incident.
type RoleNotifier interface {
	EnqueueToRole(ctx context.Context, q store.Querier, orgID, role, subject, body string) (int, error)
}

// Escalate marks every open action that is more than afterDays past its due
// date, and not escalated before, as escalated, and tells each
// organisation's gemeentesecretaris (every user with the role executive)
// in one content-free mail how many actions were escalated, with a link.
// Each escalation is audited. A second run — here or on another instance —
// escalates nothing twice: the marking is conditional on escalated_at = 0.
func (s *Store) Escalate(ctx context.Context, out RoleNotifier, baseURL string, afterDays int) (escalated int, err error) {
	if afterDays <= 0 {
		afterDays = EscalateAfter
	}
	now := s.clk.Now()
	limit := now.In(clock.Amsterdam).AddDate(0, 0, -afterDays).Format(time.DateOnly)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT org_id, id FROM actions WHERE status IN ('open', 'in_progress') AND escalated_at = 0 AND due_date < $1
		ORDER BY org_id, due_date, id`, limit)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	byOrg := map[string][]string{}
	var orgs []string
	for rows.Next() {
		var org, id string
		if err := rows.Scan(&org, &id); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "store.query_failed")
		}
		if byOrg[org] == nil {
			orgs = append(orgs, org)
		}
		byOrg[org] = append(byOrg[org], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	for _, org := range orgs {
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			n := 0
			for _, id := range byOrg[org] {
				res, err := tx.ExecContext(ctx, `UPDATE actions SET escalated_at = $1 WHERE id = $2 AND org_id = $3 AND escalated_at = 0
					AND status IN ('open', 'in_progress')`, store.Millis(now), id, org)
				if err != nil {
					return apperr.Wrap(err, "store.tx_failed")
				}
				if k, _ := res.RowsAffected(); k == 0 {
					continue // another instance got here first, or it was closed
				}
				n++
				if err := s.audit.Record(ctx, tx, audit.Entry{OrgID: org, ActorLabel: "systeem", Action: "action.escalate",
					ObjectType: "action", ObjectID: id, Purpose: "actie langer dan de termijn achterstallig", Result: audit.ResultOK}); err != nil {
					return err
				}
			}
			if n == 0 {
				return nil
			}
			subject, body := notify.Reminder(i18n.NL, baseURL+"/acties/achterstallig", n, notify.WhatEscalatedActions)
			if _, err := out.EnqueueToRole(ctx, tx, org, string(auth.Executive), subject, body); err != nil {
				return err
			}
			escalated += n
			return nil
		})
		if err != nil {
			return escalated, err
		}
	}
	return escalated, nil
}
