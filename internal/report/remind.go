package report

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Remind is the job report.remind: for every term of a live report that
// has passed or ends within SoonWorkingDays it mails the handlers on the
// report's need-to-know list once — per report and term, never again. The
// mail names the reference, the term and the date, never the title or
// the text. It returns the number of mails queued.
func (s *Store) Remind(ctx context.Context, baseURL string) (int, error) {
	orgs, err := s.orgsWithReports(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	now := s.clk.Now()
	for _, org := range orgs {
		items, err := s.dueItems(ctx, s.db.Read, org, "", now)
		if err != nil {
			return sent, err
		}
		for _, it := range items {
			n, err := s.remindOnce(ctx, org, it.ReportID, string(it.Term), func(lang i18n.Lang) (string, string) {
				return termMail(lang, baseURL, it)
			})
			sent += n
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}

// termMail is the content-free reminder of one term.
func termMail(lang i18n.Lang, baseURL string, it DueItem) (subject, body string) {
	term := i18n.T(lang, "report.ops.term_mail."+string(it.Term))
	due := it.Due.In(clock.Amsterdam).Format("02-01-2006 15:04")
	key := "report.ops.remind.body_soon"
	if it.Overdue {
		key = "report.ops.remind.body_overdue"
	}
	return i18n.T(lang, "report.ops.remind.subject", it.Reference), i18n.T(lang, key, term, it.Reference, due, baseURL+"/meldingen/termijnen")
}

// orgsWithReports lists the organisations that have live reports.
func (s *Store) orgsWithReports(ctx context.Context) ([]string, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT org_id FROM reports WHERE destroyed_at = 0 ORDER BY org_id`)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// handlerAddresses are the e-mail addresses of the active users on the
// report's need-to-know list.
func handlerAddresses(ctx context.Context, q store.Querier, orgID, reportID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.email FROM need_to_know n JOIN users u ON u.id = n.user_id
		WHERE n.org_id = $1 AND n.object_type = $2 AND n.object_id = $3 AND u.disabled = FALSE ORDER BY u.email`, orgID, ObjReport, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// remindOnce claims (report, term) in report_reminders and, when this is the
// first claim, queues the mail to the report's handlers in the same
// transaction — so a reminder exists once, also with two instances racing.
func (s *Store) remindOnce(ctx context.Context, orgID, reportID, term string, mail func(i18n.Lang) (string, string)) (int, error) {
	sent := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO report_reminders (org_id, report_id, term, sent_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, orgID, reportID, term, store.Millis(s.clk.Now()))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		to, err := handlerAddresses(ctx, tx, orgID, reportID)
		if err != nil {
			return err
		}
		subject, body := mail(i18n.NL)
		for _, addr := range to {
			if err := s.outbox.Enqueue(ctx, tx, notify.Message{OrgID: orgID, To: addr, Subject: subject, Body: body}); err != nil {
				return err
			}
			sent++
		}
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: orgID, ActorLabel: "systeem", Action: area + ".remind",
			ObjectType: ObjReport, ObjectID: reportID, Purpose: term, Result: audit.ResultOK})
	})
	if err != nil {
		return 0, err
	}
	return sent, nil
}
