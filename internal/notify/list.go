package notify

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Status is where a message stands.
type Status string

// The states of a message.
const (
	StatusQueued Status = "queued" // waiting, possibly for a retry
	StatusSent   Status = "sent"
	StatusFailed Status = "failed" // out of attempts; see LastError
)

// Key names the status's label in the message catalogue.
func (s Status) Key() string { return "notify.status." + string(s) }

// Item is a queued or sent message as the outbox page shows it.
type Item struct {
	ID        string
	To        string
	Subject   string
	Body      string
	Status    Status
	CreatedAt time.Time
	SendAfter time.Time
	SentAt    time.Time // zero until sent
	Attempts  int
	LastError string
}

// List returns the newest messages of one organisation, for the demo-mode
// outbox page and for operators. orgID is required: there is no view
// across organisations.
func (o *Outbox) List(ctx context.Context, orgID string, limit int) ([]Item, error) {
	if orgID == "" {
		return nil, apperr.New(apperr.Invalid, "notify.org_required")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := o.db.Read.QueryContext(ctx, `SELECT id, to_addr, subject, body, created_at, send_after, sent_at,
		attempts, last_error FROM outbox WHERE org_id = $1 ORDER BY created_at DESC, id LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var created, after int64
		var sent sql.NullInt64
		if err := rows.Scan(&it.ID, &it.To, &it.Subject, &it.Body, &created, &after, &sent,
			&it.Attempts, &it.LastError); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		it.CreatedAt, it.SendAfter, it.SentAt = store.Time(created), store.Time(after), store.NullTime(sent)
		switch {
		case sent.Valid:
			it.Status = StatusSent
		case it.Attempts >= MaxAttempts && it.LastError != "":
			it.Status = StatusFailed
		default:
			it.Status = StatusQueued
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
