package audit

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Statuses of a processing record.
const (
	StatusOK    = "ok"
	StatusError = "error"
)

// Processing is one record of the processing log (Logboek
// Dataverwerkingen): which processing activity touched which data subject,
// when, in which trace. It deliberately has no field for the user who did
// it; the audit entry with the same SpanID holds that, under the stricter
// access of the audit log.
type Processing struct {
	ID           string // set by Process
	TraceID      string // 32 hex digits, shared by the spans of one request
	SpanID       string // 16 hex digits, shared with the audit entry
	ParentSpanID string // 16 hex digits or empty
	OrgID        string // the controller (verwerkingsverantwoordelijke)
	// Activity is the code of the processing activity in the organisation's
	// register of processing activities, e.g. "meldpunt.behandeling".
	Activity string
	// DataSubjectRef is an opaque reference to the data subject as made by
	// SubjectRef — never a BSN, name or other direct identifier.
	DataSubjectRef string
	StartedAt      time.Time // defaults to now
	EndedAt        time.Time // defaults to now
	Status         string    // StatusOK or StatusError
}

// NewSpanID returns a random span id: 16 lower-case hex digits, never all
// zero (which W3C Trace Context reserves as invalid).
func NewSpanID() string { return randomHex(8) }

// NewTraceID returns a random trace id: 32 lower-case hex digits, never all
// zero.
func NewTraceID() string { return randomHex(16) }

func randomHex(n int) string {
	b := make([]byte, n)
	for {
		if _, err := rand.Read(b); err != nil {
			panic(fmt.Sprintf("audit: no randomness: %v", err))
		}
		for _, c := range b {
			if c != 0 {
				return hex.EncodeToString(b)
			}
		}
	}
}

// SubjectRef returns the opaque reference of a data subject for the
// processing log: HMAC-SHA256 under key of the subject's type and id, as 64
// hex digits. With a key per organisation (from the vault), the same person
// gets unrelated references in different organisations, and a reference
// cannot be turned back into the id without the key.
func SubjectRef(key []byte, subjectType, subjectID string) string {
	m := hmac.New(sha256.New, key)
	writeString(m, subjectType)
	writeString(m, subjectID)
	return hex.EncodeToString(m.Sum(nil))
}

// Process appends a processing record using q, normally the transaction of
// the processing itself.
func (l *Log) Process(ctx context.Context, q store.Querier, p Processing) error {
	now := store.Time(store.Millis(l.clk.Now()))
	if p.StartedAt.IsZero() {
		p.StartedAt = now
	}
	if p.EndedAt.IsZero() {
		p.EndedAt = now
	}
	if err := p.validate(); err != nil {
		return err
	}
	p.ID = store.NewID()
	_, err := q.ExecContext(ctx, `INSERT INTO processing_log (id, trace_id, span_id, parent_span_id,
		org_id, activity, data_subject_ref, started_at, ended_at, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.ID, p.TraceID, p.SpanID, p.ParentSpanID, p.OrgID, p.Activity, p.DataSubjectRef,
		store.Millis(p.StartedAt), store.Millis(p.EndedAt), p.Status)
	if err != nil {
		return apperr.Wrap(err, "audit.record_failed")
	}
	return nil
}

// RecordProcessing appends an audit entry and its processing record together,
// sharing one span id (a new one when both leave it empty) and one
// organisation, so that the two logs stay linkable. Given the pool rather
// than a transaction, it opens one so that both or neither are written.
func (l *Log) RecordProcessing(ctx context.Context, q store.Querier, e Entry, p Processing) error {
	switch {
	case e.SpanID == "" && p.SpanID == "":
		e.SpanID = NewSpanID()
		p.SpanID = e.SpanID
	case e.SpanID == "":
		e.SpanID = p.SpanID
	case p.SpanID == "":
		p.SpanID = e.SpanID
	case e.SpanID != p.SpanID:
		return apperr.FieldErr("span_id", "audit.span_mismatch")
	}
	if p.OrgID == "" {
		p.OrgID = e.OrgID
	} else if p.OrgID != e.OrgID {
		return apperr.FieldErr("org_id", "audit.org_mismatch")
	}
	if p.TraceID == "" {
		p.TraceID = NewTraceID()
	}
	if _, isPool := q.(*sql.DB); isPool {
		return l.db.Tx(ctx, func(tx *sql.Tx) error { return l.RecordProcessing(ctx, tx, e, p) })
	}
	if err := l.Record(ctx, q, e); err != nil {
		return err
	}
	return l.Process(ctx, q, p)
}

func (p *Processing) validate() error {
	switch {
	case p.OrgID == "":
		return apperr.FieldErr("org_id", "audit.org_required")
	case !isPlainText(p.OrgID, maxID):
		return apperr.FieldErr("org_id", "audit.text_invalid", maxID)
	case !isHex(p.TraceID, 32) || p.TraceID == zeroHex(32):
		return apperr.FieldErr("trace_id", "audit.trace_invalid")
	case !isHex(p.SpanID, 16) || p.SpanID == zeroHex(16):
		return apperr.FieldErr("span_id", "audit.span_invalid")
	case p.ParentSpanID != "" && !isHex(p.ParentSpanID, 16):
		return apperr.FieldErr("parent_span_id", "audit.span_invalid")
	case !isCode(p.Activity):
		return apperr.FieldErr("activity", "audit.code_invalid")
	case !isHex(p.DataSubjectRef, 64):
		// A fixed form keeps a BSN or a name out of this column by mistake.
		return apperr.FieldErr("data_subject_ref", "audit.subject_ref_invalid")
	case p.EndedAt.Before(p.StartedAt):
		return apperr.FieldErr("ended_at", "audit.times_invalid")
	case p.Status != StatusOK && p.Status != StatusError:
		return apperr.FieldErr("status", "audit.status_invalid", p.Status)
	}
	return nil
}

func zeroHex(n int) string { return strings.Repeat("0", n) }

// SubjectProcessing calls fn with every processing record of one data
// subject in one organisation, oldest first, streaming them: this answers a
// person's request to see how their data was processed, without revealing
// by whom.
func (l *Log) SubjectProcessing(ctx context.Context, orgID, subjectRef string, fn func(Processing) error) error {
	if orgID == "" {
		return apperr.FieldErr("org_id", "audit.org_required")
	}
	if !isHex(subjectRef, 64) {
		return apperr.FieldErr("data_subject_ref", "audit.subject_ref_invalid")
	}
	rows, err := l.db.Read.QueryContext(ctx, `SELECT id, trace_id, span_id, parent_span_id, org_id,
		activity, data_subject_ref, started_at, ended_at, status
		FROM processing_log WHERE org_id = $1 AND data_subject_ref = $2 ORDER BY started_at, id`,
		orgID, subjectRef)
	if err != nil {
		return apperr.Wrap(err, "audit.read_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var p Processing
		var started, ended int64
		if err := rows.Scan(&p.ID, &p.TraceID, &p.SpanID, &p.ParentSpanID, &p.OrgID, &p.Activity,
			&p.DataSubjectRef, &started, &ended, &p.Status); err != nil {
			return apperr.Wrap(err, "audit.read_failed")
		}
		p.StartedAt, p.EndedAt = store.Time(started), store.Time(ended)
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "audit.read_failed")
	}
	return nil
}
