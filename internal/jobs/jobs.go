// Package jobs runs background work safely when several `weerbaar serve`
// instances share one PostgreSQL database (DESIGN.md §6): recurring tasks
// through a Scheduler and one-off jobs through a Queue. Every piece of work is
// claimed in the database with a lease — an owner and an expiry time — so
// that exactly one instance runs it, and a crashed instance's work becomes
// claimable again once its lease has expired. On SQLite the single writer
// serialises the claims; the same code is correct for both.
//
// The injected clock decides what is due and when leases expire, so tests
// move time instead of sleeping.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// DefaultLease is how long a claimed task or job may run before another
// instance may take it over. The work's context is cancelled when the lease
// ends, so that a slow run never overlaps with its successor.
const DefaultLease = 10 * time.Minute

// Backoff returns how long to wait before retrying after the given failed
// attempt (1 for the first): one minute, doubling, at most six hours. It is
// deterministic so that tests can move the clock to exactly the retry time.
func Backoff(attempt int) time.Duration {
	const base, ceiling = time.Minute, 6 * time.Hour
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 20 {
		return ceiling
	}
	d := base << (attempt - 1)
	if d > ceiling {
		return ceiling
	}
	return d
}

// maxErrorText bounds the error text kept in last_error columns.
const maxErrorText = 500

// Describe turns an error into the text stored in last_error columns. Those
// columns are not encrypted, so for application errors only the kind, the
// catalogue key and the field are kept — their arguments may hold user input
// — plus, for internal errors, the system error that caused them. Other
// errors (network, SMTP, driver) are kept as text, shortened; work functions
// must not put case content into their errors.
func Describe(err error) string {
	if err == nil {
		return ""
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		s := string(ae.Code) + ": " + ae.Key
		if ae.Field != "" {
			s += " (" + ae.Field + ")"
		}
		if ae.Code == apperr.Internal && ae.Err != nil {
			s += ": " + ae.Err.Error()
		}
		return shorten(s)
	}
	s := err.Error()
	if s == "" {
		return "error"
	}
	return shorten(s)
}

func shorten(s string) string {
	if len(s) > maxErrorText {
		s = s[:maxErrorText]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// call runs fn with a context that ends with the lease, turning a panic
// into an error so that one broken task cannot stop the others or the server.
func call(ctx context.Context, lease time.Duration, what string, fn func(context.Context) error) (err error) {
	ctx, cancel := context.WithTimeout(ctx, lease)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			// The panic value may carry data; the stack shows where it happened.
			slog.Error("background work panicked", "work", what, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic in %s", what)
		}
	}()
	return fn(ctx)
}

// bookkeeping returns a context for recording a result: it survives the
// cancellation of ctx (shutdown while a task ran), so that a finished run is
// not forgotten and repeated, but it does not wait forever.
func bookkeeping(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}

// Loop calls fn at once and then every tick until ctx is done. Errors are
// logged and the loop goes on: a database that is unreachable for a minute
// must not stop background work for good.
func Loop(ctx context.Context, tick time.Duration, name string, fn func(context.Context) error) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if err := fn(ctx); err != nil && ctx.Err() == nil {
			slog.Warn("background work failed", "loop", name, "error", Describe(err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
