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

// Identity request statuses. Only approved shows an identity, and only to
// the one who asked (an allow-list: pending and denied hide it).
const (
	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestDenied   = "denied"
)

// IdentityState is what a handler's report page shows about the reporter.
type IdentityState struct {
	Exists   bool   // the report has a protected identity
	Status   string // the handler's latest request: "", pending, approved, denied
	Identity string // opened only when approved for this handler
	Decision string // the vertrouwenspersoon's reason, when decided
}

// RequestIdentity files a motivated request to see a report's reporter
// (need-to-know). It is audited; the motivation is sealed.
func (s *Store) RequestIdentity(ctx context.Context, sc *auth.Scope, reportID, motivation string) error {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return err
	}
	motivation = strings.TrimSpace(motivation)
	switch {
	case motivation == "":
		return apperr.List{apperr.FieldErr("motivation", "field.required")}
	case utf8.RuneCountInString(motivation) > maxAnswer:
		return apperr.List{apperr.FieldErr("motivation", "report.too_long", maxAnswer)}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var keyID string
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT r.key_id, (SELECT COUNT(*) FROM report_identities i WHERE i.report_id = r.id)
			FROM reports r WHERE r.org_id = $1 AND r.id = $2 AND r.destroyed_at = 0`, sc.OrgID, reportID).Scan(&keyID, &n); err != nil {
			return store.NotFound(err, "report.not_found")
		}
		if n == 0 {
			return apperr.List{apperr.FieldErr("motivation", "report.identity_none")}
		}
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_identity_requests WHERE org_id = $1 AND report_id = $2 AND requested_by = $3 AND status = 'pending'`,
			sc.OrgID, reportID, sc.UserID).Scan(&pending); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if pending > 0 {
			return apperr.List{apperr.FieldErr("motivation", "report.identity_pending")}
		}
		id := store.NewID()
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, motivation, "report_identity_requests:"+id+":motivation")
		if err != nil {
			return err
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_identity_requests (id, org_id, report_id, requested_by, motivation, status, requested_at)
			VALUES ($1, $2, $3, $4, $5, 'pending', $6)`, id, sc.OrgID, reportID, sc.UserID, sealed, store.Millis(now)); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if err := s.event(ctx, tx, sc.OrgID, reportID, "identity_request", "", "", sc.UserID, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: area + ".identity.request",
			ObjectType: ObjReport, ObjectID: reportID, Purpose: "verzoek:" + id, Result: audit.ResultOK, RequestID: sc.RequestID})
	})
}

// Identity returns what the handler may know of the reporter: nothing but
// "afgeschermd" unless the handler's own latest request was approved, in
// which case the identity is opened and the read audited.
func (s *Store) Identity(ctx context.Context, sc *auth.Scope, reportID string) (IdentityState, error) {
	if _, err := s.mayHandle(ctx, sc, reportID); err != nil {
		return IdentityState{}, err
	}
	var st IdentityState
	var keyID string
	var sealed []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT r.key_id, i.identity FROM report_identities i JOIN reports r ON r.id = i.report_id
		WHERE r.org_id = $1 AND r.id = $2 AND r.destroyed_at = 0`, sc.OrgID, reportID).Scan(&keyID, &sealed)
	if err == sql.ErrNoRows {
		return st, nil
	}
	if err != nil {
		return st, apperr.Wrap(err, "store.query_failed")
	}
	st.Exists = true
	var reqID string
	var decision []byte
	err = s.db.Read.QueryRowContext(ctx, `SELECT id, status, decision FROM report_identity_requests WHERE org_id = $1 AND report_id = $2 AND requested_by = $3
		ORDER BY requested_at DESC, id DESC LIMIT 1`, sc.OrgID, reportID, sc.UserID).Scan(&reqID, &st.Status, &decision)
	if err == sql.ErrNoRows {
		return st, nil
	}
	if err != nil {
		return st, apperr.Wrap(err, "store.query_failed")
	}
	if len(decision) > 0 {
		if st.Decision, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, decision, "report_identity_requests:"+reqID+":decision"); err != nil {
			return st, err
		}
	}
	if st.Status != RequestApproved {
		return st, nil
	}
	if st.Identity, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, sealed, "report_identities:"+reportID+":identity"); err != nil {
		return st, err
	}
	return st, s.audit.RecordTx(ctx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: area + ".identity.read",
		ObjectType: ObjReport, ObjectID: reportID, Purpose: "verzoek:" + reqID, Result: audit.ResultOK, RequestID: sc.RequestID})
}

// IdentityRequest is a request as the vertrouwenspersoon sees it: who
// asks, why, about which reference — not the report's content.
type IdentityRequest struct {
	ID          string
	Reference   string
	Category    Category
	Requester   string
	Motivation  string
	Status      string
	RequestedAt time.Time
	DecidedAt   time.Time
}

// IdentityRequests lists the organisation's requests, pending first, for
// the vertrouwenspersoon (report.identity). Reading the motivations is
// audited.
func (s *Store) IdentityRequests(ctx context.Context, sc *auth.Scope) ([]IdentityRequest, error) {
	if !sc.Can(auth.ReportIdentity) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT q.id, r.reference, r.category, COALESCE(u.name, ''), q.motivation, q.status, q.requested_at, q.decided_at, r.key_id
		FROM report_identity_requests q JOIN reports r ON r.id = q.report_id LEFT JOIN users u ON u.id = q.requested_by
		WHERE q.org_id = $1 AND r.destroyed_at = 0 ORDER BY CASE WHEN q.status = 'pending' THEN 0 ELSE 1 END, q.requested_at DESC, q.id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	type row struct {
		q     IdentityRequest
		mot   []byte
		keyID string
	}
	var list []row
	for rows.Next() {
		var x row
		var at, dec int64
		if err := rows.Scan(&x.q.ID, &x.q.Reference, &x.q.Category, &x.q.Requester, &x.mot, &x.q.Status, &at, &dec, &x.keyID); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		x.q.RequestedAt, x.q.DecidedAt = store.Time(at), zeroTime(dec)
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	out := make([]IdentityRequest, 0, len(list))
	for _, x := range list {
		m, err := s.vault.OpenString(ctx, s.db.Read, sc.OrgID, x.keyID, x.mot, "report_identity_requests:"+x.q.ID+":motivation")
		if err != nil {
			return nil, err
		}
		x.q.Motivation = m
		out = append(out, x.q)
	}
	if err := s.audit.RecordTx(ctx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: area + ".identity.requests",
		ObjectType: ObjReport, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return nil, err
	}
	return out, nil
}

// DecideIdentity approves or denies a pending request with a reason
// (report.identity). The vertrouwenspersoon need not be on the report's
// list and never sees its content.
func (s *Store) DecideIdentity(ctx context.Context, sc *auth.Scope, requestID string, approve bool, reason string) error {
	if !sc.Can(auth.ReportIdentity) {
		return apperr.New(apperr.NotFound, "report.request_not_found")
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return apperr.List{apperr.FieldErr("reason", "field.required")}
	case utf8.RuneCountInString(reason) > maxAnswer:
		return apperr.List{apperr.FieldErr("reason", "report.too_long", maxAnswer)}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var reportID, status, keyID, requester string
		if err := tx.QueryRowContext(ctx, `SELECT q.report_id, q.status, r.key_id, q.requested_by FROM report_identity_requests q JOIN reports r ON r.id = q.report_id
			WHERE q.org_id = $1 AND q.id = $2 AND r.destroyed_at = 0`, sc.OrgID, requestID).Scan(&reportID, &status, &keyID, &requester); err != nil {
			return store.NotFound(err, "report.request_not_found")
		}
		if status != RequestPending {
			return apperr.List{apperr.FieldErr("reason", "report.request_decided")}
		}
		if requester == sc.UserID {
			return apperr.List{apperr.FieldErr("reason", "report.request_own")}
		}
		to := RequestDenied
		if approve {
			to = RequestApproved
		}
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, reason, "report_identity_requests:"+requestID+":decision")
		if err != nil {
			return err
		}
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE report_identity_requests SET status = $1, decided_by = $2, decision = $3, decided_at = $4
			WHERE org_id = $5 AND id = $6 AND status = 'pending'`, to, sc.UserID, sealed, store.Millis(now), sc.OrgID, requestID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if err := s.event(ctx, tx, sc.OrgID, reportID, "identity_"+to, "", "", sc.UserID, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: area + ".identity.decide",
			ObjectType: ObjReport, ObjectID: reportID, Purpose: to + " verzoek:" + requestID, Result: audit.ResultOK, RequestID: sc.RequestID})
	})
}
