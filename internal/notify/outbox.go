// Package notify is the e-mail outbox. Notifications are content-free
// (DESIGN.md §4): a mail says that something needs attention and links to
// the application, never what a case is about, because mail leaves the
// municipality's control. Callers queue mail in their own transaction, so a
// notification exists if and only if the change it announces was saved; any
// instance may deliver it, exactly one does.
package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/jobs"
	"github.com/weerbaar/weerbaar/internal/store"
)

// MaxAttempts is how often delivery of one message is tried before it stays
// failed. With jobs.Backoff the tries span about a day and a half, enough to
// ride out a mail server's weekend-night outage.
const MaxAttempts = 12

// Limits on a message; ours are a sentence and a short paragraph.
const (
	maxSubject = 200      // characters
	maxBody    = 16 << 10 // bytes
)

// Message is a notification to queue. Build Subject and Body with Reminder
// (or another content-free builder), never from case data.
type Message struct {
	OrgID   string
	To      string
	Subject string
	Body    string
}

// Sender delivers one mail. SMTPSender talks to a mail server; LogSender
// only notes that a mail went out (demo mode).
type Sender interface {
	Send(ctx context.Context, from, to, subject, body string) error
}

// Outbox queues and delivers notifications.
type Outbox struct {
	db     *store.DB
	clk    clock.Clock
	sender Sender
	from   string
	owner  string
	// Lease bounds one delivery round; see jobs.DefaultLease.
	Lease time.Duration
}

// New returns the outbox. from is the sender address, e.g.
// "Weerbaar <noreply@voorbeeldstad.nl>".
func New(db *store.DB, clk clock.Clock, sender Sender, from string) *Outbox {
	host, _ := os.Hostname()
	// The owner must differ between outboxes, also within one process, since
	// it fences a delivery round's bookkeeping against its successor's.
	return &Outbox{db: db, clk: clk, sender: sender, from: from,
		owner: host + "/" + store.NewID()[:8], Lease: jobs.DefaultLease}
}

// Enqueue validates m and queues it through q, normally the caller's
// transaction. Mistakes are reported per field ("to", "subject", "body").
func (o *Outbox) Enqueue(ctx context.Context, q store.Querier, m Message) error {
	if m.OrgID == "" {
		return apperr.New(apperr.Invalid, "notify.org_required")
	}
	addr, err := mail.ParseAddress(strings.TrimSpace(m.To))
	if err != nil {
		return apperr.FieldErr("to", "notify.to_invalid")
	}
	if s := strings.TrimSpace(m.Subject); s == "" || strings.ContainsAny(s, "\r\n") || utf8.RuneCountInString(s) > maxSubject {
		return apperr.FieldErr("subject", "notify.subject_invalid", maxSubject)
	}
	if strings.TrimSpace(m.Body) == "" || len(m.Body) > maxBody {
		return apperr.FieldErr("body", "notify.body_invalid")
	}
	now := store.Millis(o.clk.Now())
	_, err = q.ExecContext(ctx, `INSERT INTO outbox (id, org_id, to_addr, subject, body, created_at, send_after)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`,
		store.NewID(), m.OrgID, addr.Address, strings.TrimSpace(m.Subject), m.Body, now)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return nil
}

type claimed struct {
	id, to, subject, body string
	attempt               int
}

// Deliver claims up to limit messages that are due, sends them one after
// another and returns how many were sent. A failed message is tried again
// after jobs.Backoff; err reports only database problems, the send error is
// kept with the message.
func (o *Outbox) Deliver(ctx context.Context, limit int) (sent int, err error) {
	if limit <= 0 {
		limit = 1
	}
	batch, until, err := o.claim(ctx, limit)
	if err != nil {
		return 0, err
	}
	// Stop sending when the lease ends, so that no other instance sends the
	// same message while this one still might.
	sendCtx, cancel := context.WithTimeout(ctx, o.Lease)
	defer cancel()
	var errs []error
	for _, m := range batch {
		sendErr := o.sender.Send(sendCtx, o.from, m.to, m.subject, m.body)
		if sendErr == nil {
			sent++
		}
		if err := o.finish(ctx, m, until, sendErr); err != nil {
			errs = append(errs, err)
		}
	}
	return sent, errors.Join(errs...)
}

// claim leases due messages in one transaction; on PostgreSQL FOR UPDATE
// SKIP LOCKED keeps racing instances on disjoint messages. The attempt is
// counted when claimed, so a message that crashes its sender still runs out.
func (o *Outbox) claim(ctx context.Context, limit int) ([]claimed, int64, error) {
	now := o.clk.Now()
	until := store.Millis(now.Add(o.Lease))
	var out []claimed
	err := o.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, to_addr, subject, body, attempts FROM outbox
			WHERE sent_at IS NULL AND send_after <= $1 AND lease_until <= $1 AND attempts < $2
			ORDER BY send_after LIMIT $3`+o.db.SkipLocked(), store.Millis(now), MaxAttempts, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m claimed
			if err := rows.Scan(&m.id, &m.to, &m.subject, &m.body, &m.attempt); err != nil {
				return err
			}
			m.attempt++
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, m := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_owner = $2, lease_until = $3, attempts = $4
				WHERE id = $1`, m.id, o.owner, until, m.attempt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, apperr.Wrap(fmt.Errorf("claim outbox: %w", err), "store.query_failed")
	}
	return out, until, nil
}

// finish records the outcome while this round still holds the lease.
func (o *Outbox) finish(ctx context.Context, m claimed, until int64, sendErr error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	now := o.clk.Now()
	var err error
	switch {
	case sendErr == nil:
		_, err = o.db.Write.ExecContext(ctx, `UPDATE outbox SET sent_at = $2, last_error = '', lease_owner = '', lease_until = 0
			WHERE id = $1 AND lease_owner = $3 AND lease_until = $4`, m.id, store.Millis(now), o.owner, until)
	case m.attempt >= MaxAttempts:
		_, err = o.db.Write.ExecContext(ctx, `UPDATE outbox SET last_error = $2, lease_owner = '', lease_until = 0
			WHERE id = $1 AND lease_owner = $3 AND lease_until = $4`, m.id, jobs.Describe(sendErr), o.owner, until)
	default:
		_, err = o.db.Write.ExecContext(ctx, `UPDATE outbox SET send_after = $2, last_error = $3, lease_owner = '', lease_until = 0
			WHERE id = $1 AND lease_owner = $4 AND lease_until = $5`,
			m.id, store.Millis(now.Add(jobs.Backoff(m.attempt))), jobs.Describe(sendErr), o.owner, until)
	}
	if err != nil {
		return apperr.Wrap(fmt.Errorf("finish outbox message: %w", err), "store.query_failed")
	}
	return nil
}

// Start delivers due mail every tick until ctx is done. Run it in its own
// goroutine on any number of instances.
func (o *Outbox) Start(ctx context.Context, tick time.Duration, limit int) {
	jobs.Loop(ctx, tick, "outbox", func(ctx context.Context) error {
		_, err := o.Deliver(ctx, limit)
		return err
	})
}
