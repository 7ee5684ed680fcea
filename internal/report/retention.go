package report

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// closedReport is a closed, live report the retention job looks at.
type closedReport struct {
	id, orgID, ref, keyID, category string
	closedAt, retainUntil           int64
	dropped                         bool
}

// RetentionResult counts what one run of the retention job did.
type RetentionResult struct {
	Warned    int // reports whose handlers were warned
	Destroyed int // reports destroyed
}

// Retention is the daily job report.retention. For every closed report
// whose retention term (per category; shorter for dropped reports) ends
// within the organisation's warning period it mails the handlers once,
// content-free; when the term has passed it destroys the report:
// the record key is shredded (crypto-shredding), the sealed columns of the
// report, its messages, attachments and identity are cleared, and the row
// stays as a tombstone with reference, category, status and dates. The
// audit trail is kept.
func (s *Store) Retention(ctx context.Context, baseURL string) (RetentionResult, error) {
	var res RetentionResult
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.id, r.org_id, r.reference, r.key_id, r.category, r.closed_at, r.retain_until,
		(r.status = 'decided_drop' OR EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.to_status = 'decided_drop'))
		FROM reports r WHERE r.closed_at > 0 AND r.destroyed_at = 0 ORDER BY r.org_id, r.closed_at`)
	if err != nil {
		return res, apperr.Wrap(err, "store.query_failed")
	}
	var list []closedReport
	for rows.Next() {
		var c closedReport
		if err := rows.Scan(&c.id, &c.orgID, &c.ref, &c.keyID, &c.category, &c.closedAt, &c.retainUntil, &c.dropped); err != nil {
			rows.Close()
			return res, apperr.Wrap(err, "store.query_failed")
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, apperr.Wrap(err, "store.query_failed")
	}
	now := s.clk.Now()
	settings := map[string]Settings{}
	for _, c := range list {
		st, ok := settings[c.orgID]
		if !ok {
			if st, err = s.settings(ctx, s.db.Read, c.orgID); err != nil {
				return res, err
			}
			settings[c.orgID] = st
		}
		until := store.Time(c.retainUntil)
		if c.retainUntil == 0 {
			cs := DefaultSettings(Category(c.category))
			for _, x := range st.Categories {
				if x.Category == Category(c.category) {
					cs = x
				}
			}
			until = cs.RetainUntil(store.Time(c.closedAt), c.dropped)
			if _, err := s.db.Write.ExecContext(ctx, `UPDATE reports SET retain_until = $1 WHERE id = $2 AND org_id = $3 AND retain_until = 0`,
				store.Millis(until), c.id, c.orgID); err != nil {
				return res, apperr.Wrap(err, "store.tx_failed")
			}
		}
		switch {
		case !now.Before(until):
			if err := s.destroy(ctx, c); err != nil {
				return res, err
			}
			res.Destroyed++
		case !now.Before(until.AddDate(0, 0, -st.Org.RetentionWarnDays)):
			n, err := s.remindOnce(ctx, c.orgID, c.id, "retention", func(lang i18n.Lang) (string, string) {
				day := until.In(clock.Amsterdam).Format("02-01-2006")
				return i18n.T(lang, "report.ops.retention.warn_subject", c.ref),
					i18n.T(lang, "report.ops.retention.warn_body", c.ref, day, baseURL+"/meldingen/termijnen")
			})
			if err != nil {
				return res, err
			}
			if n > 0 {
				res.Warned++
			}
		}
	}
	return res, nil
}

// destroy shreds one report's key and clears its sealed columns, in one
// transaction with its audit entry.
func (s *Store) destroy(ctx context.Context, c closedReport) error {
	now := store.Millis(s.clk.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.vault.Shred(ctx, tx, c.orgID, c.keyID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET title = NULL, body = NULL, answers = NULL, destroyed_at = $3, updated_at = $3
			WHERE id = $1 AND org_id = $2`, c.id, c.orgID, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		for _, q := range []string{
			`UPDATE report_messages SET body = NULL WHERE report_id = $1 AND org_id = $2`,
			`UPDATE report_attachments SET data = NULL, name = NULL WHERE report_id = $1 AND org_id = $2`,
			// identity and motivation are NOT NULL: the identity row goes,
			// the requests keep their dates and outcome without the texts.
			`DELETE FROM report_identities WHERE report_id = $1 AND org_id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, c.id, c.orgID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE report_identity_requests SET motivation = $3, decision = NULL WHERE report_id = $1 AND org_id = $2`,
			c.id, c.orgID, []byte{}); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: c.orgID, ActorLabel: "systeem", Action: area + ".destroy",
			ObjectType: ObjReport, ObjectID: c.id, Purpose: "bewaartermijn verstreken", Result: audit.ResultOK})
	})
}

// Tombstone is what remains of a report and what the retention view
// shows: no content, only the reference, category, status and dates.
type Tombstone struct {
	ID          string
	Reference   string
	Category    Category
	Status      Status
	ReceivedAt  time.Time
	ClosedAt    time.Time
	RetainUntil time.Time
	DestroyedAt time.Time
}

// Retained returns the retention facts of one report for a handler on its
// need-to-know list; others get NotFound.
func (s *Store) Retained(ctx context.Context, sc *auth.Scope, id string) (*Tombstone, error) {
	if err := s.opsMayHandle(ctx, sc, id); err != nil {
		return nil, err
	}
	var t Tombstone
	var cat, st string
	var recv, closed, until, destroyed int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, reference, category, status, received_at, closed_at, retain_until, destroyed_at
		FROM reports WHERE id = $1 AND org_id = $2`, id, sc.OrgID).Scan(&t.ID, &t.Reference, &cat, &st, &recv, &closed, &until, &destroyed)
	if err != nil {
		return nil, store.NotFound(err, "report.ops.not_found")
	}
	t.Category, t.Status, t.ReceivedAt = Category(cat), Status(st), store.Time(recv)
	opt := func(ms int64) time.Time {
		if ms == 0 {
			return time.Time{}
		}
		return store.Time(ms)
	}
	t.ClosedAt, t.RetainUntil, t.DestroyedAt = opt(closed), opt(until), opt(destroyed)
	return &t, nil
}

// mayHandle answers NotFound unless the actor holds report.handle and is on
// the report's need-to-know list.
func (s *Store) opsMayHandle(ctx context.Context, sc *auth.Scope, id string) error {
	if !sc.Can(auth.ReportHandle) || s.access == nil {
		return apperr.New(apperr.NotFound, "report.ops.not_found")
	}
	ok, err := s.access.MayAccess(ctx, sc, auth.ObjectRef{Type: ObjReport, ID: id})
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.NotFound, "report.ops.not_found")
	}
	return nil
}
