package report

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Message is one message of a report: from the reporter, a reply or
// question of a handler, or an internal note the reporter never sees.
type Message struct {
	ID          string
	FromHandler bool
	AuthorName  string // handlers only; empty towards the reporter
	Internal    bool
	Body        string
	CreatedAt   time.Time
	Files       []Attachment
}

const maxMessage = 10000

func (s *Store) insertMessage(ctx context.Context, tx *sql.Tx, orgID, reportID, keyID, kind, authorID string, internal bool, body string, now time.Time) error {
	_, err := s.insertMessageID(ctx, tx, orgID, reportID, keyID, kind, authorID, internal, body, now)
	return err
}

func (s *Store) insertMessageID(ctx context.Context, tx *sql.Tx, orgID, reportID, keyID, kind, authorID string, internal bool, body string, now time.Time) (string, error) {
	id := store.NewID()
	sealed, err := s.vault.SealString(ctx, tx, orgID, keyID, body, "report_messages:"+id+":body")
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO report_messages (id, org_id, report_id, author_kind, author_id, internal, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, orgID, reportID, kind, authorID, internal, sealed, store.Millis(now)); err != nil {
		return "", apperr.Wrap(err, "store.tx_failed")
	}
	return id, nil
}

// messages lists a report's messages, opened; withInternal adds the
// internal notes (handlers only). Files hang under their message; files of
// the intake itself are not returned here.
func (s *Store) messages(ctx context.Context, orgID, reportID, keyID string, withInternal bool) ([]Message, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT m.id, m.author_kind, COALESCE(u.name, ''), m.internal, m.body, m.created_at FROM report_messages m
		LEFT JOIN users u ON u.id = m.author_id WHERE m.org_id = $1 AND m.report_id = $2 ORDER BY m.created_at, m.id`, orgID, reportID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	type row struct {
		m    Message
		body []byte
	}
	var list []row
	for rows.Next() {
		var x row
		var kind string
		var at int64
		if err := rows.Scan(&x.m.ID, &kind, &x.m.AuthorName, &x.m.Internal, &x.body, &at); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		x.m.FromHandler = kind == "handler"
		x.m.CreatedAt = store.Time(at)
		if x.m.Internal && !withInternal {
			continue
		}
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	files, err := s.attachments(ctx, orgID, reportID, keyID)
	if err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(list))
	for _, x := range list {
		b, err := s.vault.OpenString(ctx, s.db.Read, orgID, keyID, x.body, "report_messages:"+x.m.ID+":body")
		if err != nil {
			return nil, err
		}
		x.m.Body = b
		for _, f := range files {
			if f.MessageID == x.m.ID {
				x.m.Files = append(x.m.Files, f)
			}
		}
		out = append(out, x.m)
	}
	return out, nil
}

// addMessage writes a message with its files in one transaction. With
// feedback the message is the Wbk feedback to the reporter: it records
// when (the first time) and so meets the feedback term; a report without
// a feedback term refuses it.
func (s *Store) addMessage(ctx context.Context, orgID, reportID, kind, authorID, actorLabel, reqID string, internal, feedback bool, body string, files []Upload) error {
	body = strings.TrimSpace(body)
	var errs apperr.List
	switch {
	case body == "":
		errs = append(errs, apperr.FieldErr("intake_message", "field.required"))
	case utf8.RuneCountInString(body) > maxMessage:
		errs = append(errs, apperr.FieldErr("intake_message", "report.too_long", maxMessage))
	}
	var existing int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_attachments WHERE org_id = $1 AND report_id = $2`, orgID, reportID).Scan(&existing); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	prepared, ferrs := prepareFiles(files, existing)
	errs = append(errs, ferrs...)
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var keyID string
		var status Status
		var feedbackDue int64
		if err := tx.QueryRowContext(ctx, `SELECT key_id, status, feedback_due FROM reports WHERE org_id = $1 AND id = $2 AND destroyed_at = 0`,
			orgID, reportID).Scan(&keyID, &status, &feedbackDue); err != nil {
			return store.NotFound(err, "report.not_found")
		}
		if feedback && feedbackDue == 0 {
			return apperr.List{apperr.FieldErr("internal", "report.feedback.no_term")}
		}
		now := s.clk.Now()
		id, err := s.insertMessageID(ctx, tx, orgID, reportID, keyID, kind, authorID, internal, body, now)
		if err != nil {
			return err
		}
		if err := s.insertFiles(ctx, tx, orgID, reportID, keyID, id, prepared, now); err != nil {
			return err
		}
		ev := "message_" + kind
		switch {
		case internal:
			ev = "note"
		case feedback:
			ev = "feedback"
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET feedback_at = $1 WHERE org_id = $2 AND id = $3 AND feedback_at = 0`,
				store.Millis(now), orgID, reportID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		if err := s.event(ctx, tx, orgID, reportID, ev, "", "", authorID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET updated_at = $1 WHERE org_id = $2 AND id = $3`, store.Millis(now), orgID, reportID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: orgID, ActorID: authorID, ActorLabel: actorLabel, Action: area + ".message",
			ObjectType: ObjReport, ObjectID: reportID, Purpose: ev, Result: audit.ResultOK, RequestID: reqID})
	})
}

// AddHandlerMessage adds a reply or question to the reporter, or with
// internal an internal note (need-to-know), with any files: the reporter
// can open the files of replies, never those of internal notes.
func (s *Store) AddHandlerMessage(ctx context.Context, sc *auth.Scope, reportID string, internal bool, body string, files ...Upload) error {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return err
	}
	return s.addMessage(ctx, sc.OrgID, reportID, "handler", sc.UserID, sc.UserName, sc.RequestID, internal, false, body, files)
}

// SendFeedback sends the reporter the feedback on the assessment and
// follow-up of their report that the Wet bescherming klokkenluiders asks
// within the feedback term: a message the reporter reads like any reply,
// which also marks the term as met (need-to-know). Only reports with a
// feedback term take it.
func (s *Store) SendFeedback(ctx context.Context, sc *auth.Scope, reportID, body string, files ...Upload) error {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return err
	}
	return s.addMessage(ctx, sc.OrgID, reportID, "handler", sc.UserID, sc.UserName, sc.RequestID, false, true, body, files)
}

// Messages returns all messages of a report, internal notes included
// (need-to-know; audited as a read).
func (s *Store) Messages(ctx context.Context, sc *auth.Scope, reportID string) ([]Message, error) {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return nil, err
	}
	var keyID string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT key_id FROM reports WHERE org_id = $1 AND id = $2`, sc.OrgID, reportID).Scan(&keyID); err != nil {
		return nil, store.NotFound(err, "report.not_found")
	}
	return s.messages(ctx, sc.OrgID, reportID, keyID, true)
}

// ReporterView is what a reporter sees of their own report: status,
// what they wrote, and the messages that are not internal. Handlers'
// names are left out.
type ReporterView struct {
	ID        string
	Reference string
	Category  Category
	Status    Status
	Received  time.Time
	Title     string
	Body      string
	Messages  []Message
	Files     []Attachment // files sent with the report itself
}

// reporterView opens the reporter's view of a report; the read is audited
// without naming the reporter (label "anoniem" or "melder").
func (s *Store) reporterView(ctx context.Context, orgID, reportID, label, reqID string) (*ReporterView, error) {
	r, err := s.load(ctx, s.db.Read, orgID, reportID)
	if err != nil {
		return nil, err
	}
	if err := s.audit.RecordTx(ctx, audit.Entry{OrgID: orgID, ActorLabel: label, Action: area + ".reporter_read",
		ObjectType: ObjReport, ObjectID: reportID, Purpose: "melder", Result: audit.ResultOK, RequestID: reqID}); err != nil {
		return nil, err
	}
	msgs, err := s.messages(ctx, orgID, reportID, r.keyID, false)
	if err != nil {
		return nil, err
	}
	for i := range msgs {
		msgs[i].AuthorName = ""
	}
	files, err := s.attachments(ctx, orgID, reportID, r.keyID)
	if err != nil {
		return nil, err
	}
	v := &ReporterView{ID: r.ID, Reference: r.Reference, Category: r.Category, Status: r.Status, Received: r.ReceivedAt,
		Title: r.Title, Body: r.Body, Messages: msgs}
	for _, f := range files {
		if f.MessageID == "" {
			v.Files = append(v.Files, f)
		}
	}
	return v, nil
}

// FollowUp opens a report with its receipt code (anonymous reporter).
func (s *Store) FollowUp(ctx context.Context, code string) (*ReporterView, error) {
	ref, err := s.openReceipt(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.reporterView(ctx, ref.OrgID, ref.ReportID, "anoniem", "")
}

// FollowUpMessage adds a message (and files) of the anonymous reporter.
func (s *Store) FollowUpMessage(ctx context.Context, code, body string, files []Upload) (*ReporterView, error) {
	ref, err := s.openReceipt(ctx, code)
	if err != nil {
		return nil, err
	}
	if err := s.addMessage(ctx, ref.OrgID, ref.ReportID, "reporter", "", "anoniem", "", false, false, body, files); err != nil {
		return nil, err
	}
	return s.reporterView(ctx, ref.OrgID, ref.ReportID, "anoniem", "")
}

// FollowUpFile downloads a file of the reporter's own report, with the
// receipt code; the download is audited.
func (s *Store) FollowUpFile(ctx context.Context, code, attID string) (*File, error) {
	ref, err := s.openReceipt(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.openFile(ctx, ref.OrgID, ref.ReportID, attID, "", "anoniem", "", true)
}

// Mine lists the reports the signed-in user made (by reporter tag).
func (s *Store) Mine(ctx context.Context, sc *auth.Scope) ([]Summary, error) {
	if !sc.Can(auth.ReportSubmit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+summaryCols+` FROM reports r WHERE r.org_id = $1 AND r.reporter_tag = $2 AND r.destroyed_at = 0
		ORDER BY r.received_at DESC, r.id`, sc.OrgID, s.ReporterTag(sc.OrgID, sc.UserID))
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var x Summary
		if err := scanSummary(rows, &x); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// mine checks that the report is the signed-in user's own.
func (s *Store) mine(ctx context.Context, sc *auth.Scope, reportID string) error {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE org_id = $1 AND id = $2 AND reporter_tag = $3 AND destroyed_at = 0`,
		sc.OrgID, reportID, s.ReporterTag(sc.OrgID, sc.UserID)).Scan(&n); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	if n == 0 || !sc.Can(auth.ReportSubmit) {
		return apperr.New(apperr.NotFound, "report.not_found")
	}
	return nil
}

// MyReport returns the signed-in reporter's view of their own report.
func (s *Store) MyReport(ctx context.Context, sc *auth.Scope, reportID string) (*ReporterView, error) {
	if err := s.mine(ctx, sc, reportID); err != nil {
		return nil, err
	}
	return s.reporterView(ctx, sc.OrgID, reportID, "melder", sc.RequestID)
}

// MyMessage adds a message of the signed-in reporter to their report.
func (s *Store) MyMessage(ctx context.Context, sc *auth.Scope, reportID, body string, files []Upload) error {
	if err := s.mine(ctx, sc, reportID); err != nil {
		return err
	}
	return s.addMessage(ctx, sc.OrgID, reportID, "reporter", "", "melder", sc.RequestID, false, false, body, files)
}

// MyFile downloads a file of the signed-in reporter's own report.
func (s *Store) MyFile(ctx context.Context, sc *auth.Scope, reportID, attID string) (*File, error) {
	if err := s.mine(ctx, sc, reportID); err != nil {
		return nil, err
	}
	return s.openFile(ctx, sc.OrgID, reportID, attID, "", "melder", sc.RequestID, true)
}
