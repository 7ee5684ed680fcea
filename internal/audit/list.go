package audit

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Page sizes of List.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Filter selects audit entries of one chain. Every read names its scope: an
// organisation, or explicitly the system-wide chain; there is no read across
// organisations.
type Filter struct {
	OrgID string
	// System selects the system-wide chain (entries without organisation)
	// instead of an organisation's; OrgID must then be empty.
	System bool
	// ActorID, ObjectType and ObjectID match exactly when not empty.
	ActorID    string
	ObjectType string
	ObjectID   string
	// Action matches whole dotted segments: "report" selects "report.read"
	// and "report.update", but not "reporting.read".
	Action string
	// From and To bound the time, From inclusive and To exclusive; the zero
	// time leaves that side open.
	From, To time.Time
	// Cursor continues a List where the previous page ended.
	Cursor string
	// Limit is the page size of List: DefaultLimit when 0, at most MaxLimit.
	Limit int
}

// entryColumns lists audit_log's columns in the order scanEntry reads them.
const entryColumns = `org_id, seq, id, at, actor_id, actor_label, action, object_type, object_id,
	purpose, result, request_id, span_id, prev_hash, hash`

type scanner interface{ Scan(dest ...any) error }

func scanEntry(r scanner) (Entry, error) {
	var e Entry
	var at int64
	err := r.Scan(&e.OrgID, &e.Seq, &e.ID, &at, &e.ActorID, &e.ActorLabel, &e.Action, &e.ObjectType,
		&e.ObjectID, &e.Purpose, &e.Result, &e.RequestID, &e.SpanID, &e.PrevHash, &e.Hash)
	e.At = store.Time(at)
	return e, err
}

// List returns one page of entries, newest first, and the cursor of the next
// page ("" on the last page).
func (l *Log) List(ctx context.Context, f Filter) ([]Entry, string, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, "", err
	}
	limit := f.Limit
	switch {
	case limit < 0:
		return nil, "", apperr.FieldErr("limit", "audit.limit_invalid", MaxLimit)
	case limit == 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	if f.Cursor != "" {
		before, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		args = append(args, before)
		where += " AND seq < $" + strconv.Itoa(len(args))
	}
	// One row more than asked tells whether another page follows.
	args = append(args, limit+1)
	rows, err := l.db.Read.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log`+where+
		` ORDER BY seq DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, "", apperr.Wrap(err, "audit.read_failed")
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, "", apperr.Wrap(err, "audit.read_failed")
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", apperr.Wrap(err, "audit.read_failed")
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = encodeCursor(out[limit-1].Seq)
	}
	return out, next, nil
}

// where returns the WHERE clause and its arguments for the filter's scope
// and conditions, refusing a filter without scope.
func (f *Filter) where() (string, []any, error) {
	switch {
	case f.System && f.OrgID != "":
		return "", nil, apperr.FieldErr("org_id", "audit.scope_conflict")
	case !f.System && f.OrgID == "":
		return "", nil, apperr.FieldErr("org_id", "audit.org_required")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return "", nil, apperr.FieldErr("to", "audit.range_invalid")
	}
	args := []any{f.OrgID}
	var b strings.Builder
	b.WriteString(" WHERE org_id = $1")
	// add appends a condition whose one placeholder is written "$%d".
	add := func(cond string, v any) {
		args = append(args, v)
		fmt.Fprintf(&b, " AND "+cond, len(args))
	}
	if f.ActorID != "" {
		add("actor_id = $%d", f.ActorID)
	}
	if f.ObjectType != "" {
		add("object_type = $%d", f.ObjectType)
	}
	if f.ObjectID != "" {
		add("object_id = $%d", f.ObjectID)
	}
	if f.Action != "" {
		action := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(f.Action)), ".")
		if !isCode(action) {
			return "", nil, apperr.FieldErr("action", "audit.action_invalid", f.Action)
		}
		// Codes hold no "%"; "_" is escaped so that it matches only itself.
		args = append(args, action, strings.ReplaceAll(action, "_", `\_`)+".%")
		fmt.Fprintf(&b, ` AND (action = $%d OR action LIKE $%d ESCAPE '\')`, len(args)-1, len(args))
	}
	if !f.From.IsZero() {
		add("at >= $%d", store.Millis(f.From))
	}
	if !f.To.IsZero() {
		add("at < $%d", store.Millis(f.To))
	}
	return b.String(), args, nil
}

func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(seq, 10)))
}

func decodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		if seq, err := strconv.ParseInt(string(b), 10, 64); err == nil && seq > 0 {
			return seq, nil
		}
	}
	return 0, apperr.FieldErr("cursor", "audit.cursor_invalid")
}
