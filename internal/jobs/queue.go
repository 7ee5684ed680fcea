package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// DefaultMaxAttempts is how often a job is tried before it stays failed.
// With Backoff the tries span about eight and a half hours.
const DefaultMaxAttempts = 10

// maxPayload bounds a job's payload: it holds identifiers, not documents.
const maxPayload = 64 << 10

// Job is one claimed piece of one-off work as its handler sees it.
type Job struct {
	ID          string
	Kind        string
	OrgID       string          // empty for platform work
	Payload     json.RawMessage // identifiers only, never case content
	Attempt     int             // 1 on the first try
	MaxAttempts int
}

// Decode unmarshals the payload into v.
func (j Job) Decode(v any) error { return json.Unmarshal(j.Payload, v) }

// Enqueue adds a job to run at runAt (or as soon as possible when runAt has
// passed) and returns its id. It writes through q, so the job is queued if
// and only if the caller's transaction commits. The payload is stored as
// plain JSON: put identifiers in it, never case content.
func Enqueue(ctx context.Context, q store.Querier, kind, orgID string, payload any, runAt time.Time) (id string, err error) {
	if kind == "" {
		return "", apperr.Wrap(errors.New("jobs: enqueue without a kind"), "error.internal")
	}
	body := []byte("{}")
	if payload != nil {
		if body, err = json.Marshal(payload); err != nil {
			return "", apperr.Wrap(fmt.Errorf("jobs: payload of %s: %w", kind, err), "error.internal")
		}
	}
	if len(body) > maxPayload {
		return "", apperr.Wrap(fmt.Errorf("jobs: payload of %s is %d bytes", kind, len(body)), "error.internal")
	}
	id = store.NewID()
	// created_at is informational only, so the wall clock will do.
	_, err = q.ExecContext(ctx, `INSERT INTO jobs (id, kind, org_id, payload, run_at, max_attempts, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, kind, orgID, string(body), store.Millis(runAt), DefaultMaxAttempts, store.Millis(clock.System{}.Now()))
	if err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	return id, nil
}

// Queue works off the jobs table. Any number of instances may run Work at
// once: each claims a disjoint set of due jobs.
type Queue struct {
	db    *store.DB
	clk   clock.Clock
	owner string
	// Lease bounds one run of a job; see DefaultLease.
	Lease time.Duration

	mu       sync.RWMutex
	handlers map[string]func(context.Context, Job) error
}

// NewQueue returns a queue worker for one instance; owner names the instance
// in leases.
func NewQueue(db *store.DB, clk clock.Clock, owner string) *Queue {
	return &Queue{db: db, clk: clk, owner: owner, Lease: DefaultLease,
		handlers: map[string]func(context.Context, Job) error{}}
}

// Handle registers the handler for a kind of job. A queue only claims kinds
// it has a handler for, so an instance running older code leaves newer
// kinds to the others. Registering a kind twice panics at start-up.
func (q *Queue) Handle(kind string, fn func(ctx context.Context, j Job) error) {
	if kind == "" || fn == nil {
		panic("jobs: Handle needs a kind and a function")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.handlers[kind]; dup {
		panic("jobs: kind " + kind + " handled twice")
	}
	q.handlers[kind] = fn
}

// Work claims up to limit due jobs, oldest first, runs them one after another
// and returns how many it ran. A failed job is retried after Backoff until it
// has had MaxAttempts tries; then it stays failed with its last_error. err
// reports only database problems.
func (q *Queue) Work(ctx context.Context, limit int) (n int, err error) {
	if limit <= 0 {
		limit = 1
	}
	q.mu.RLock()
	kinds := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		kinds = append(kinds, k)
	}
	q.mu.RUnlock()
	if len(kinds) == 0 {
		return 0, nil
	}
	sort.Strings(kinds)
	claimed, until, err := q.claim(ctx, kinds, limit)
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, j := range claimed {
		q.mu.RLock()
		fn := q.handlers[j.Kind]
		q.mu.RUnlock()
		runErr := call(ctx, q.Lease, "job "+j.Kind, func(ctx context.Context) error { return fn(ctx, j) })
		if runErr != nil {
			slog.Warn("job failed", "kind", j.Kind, "job", j.ID, "attempt", j.Attempt, "error", Describe(runErr))
		}
		if err := q.finish(ctx, j, until, runErr); err != nil {
			errs = append(errs, err)
		}
	}
	return len(claimed), errors.Join(errs...)
}

// claim selects due, unleased jobs and leases them in one transaction. On
// PostgreSQL FOR UPDATE SKIP LOCKED makes concurrent claimers pass over each
// other's rows instead of waiting or taking them twice. The attempt is
// counted at claim time, so a job that crashes its instance still uses up
// its tries instead of crashing every instance in turn.
func (q *Queue) claim(ctx context.Context, kinds []string, limit int) ([]Job, int64, error) {
	now := q.clk.Now()
	until := store.Millis(now.Add(q.Lease))
	args := []any{store.Millis(now), limit}
	marks := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, k)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	var out []Job
	err := q.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, org_id, payload, attempts, max_attempts FROM jobs
			WHERE done_at IS NULL AND run_at <= $1 AND lease_until <= $1 AND attempts < max_attempts
			AND kind IN (`+strings.Join(marks, ", ")+`)
			ORDER BY run_at LIMIT $2`+q.db.SkipLocked(), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j Job
			var payload string
			if err := rows.Scan(&j.ID, &j.Kind, &j.OrgID, &payload, &j.Attempt, &j.MaxAttempts); err != nil {
				return err
			}
			j.Payload = json.RawMessage(payload)
			j.Attempt++
			out = append(out, j)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, j := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE jobs SET lease_owner = $2, lease_until = $3, attempts = $4
				WHERE id = $1`, j.ID, q.owner, until, j.Attempt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, apperr.Wrap(fmt.Errorf("claim jobs: %w", err), "store.query_failed")
	}
	return out, until, nil
}

// finish records the outcome while this run still holds the lease; a run
// that outlived its lease leaves the job to whoever took it over.
func (q *Queue) finish(ctx context.Context, j Job, until int64, runErr error) error {
	ctx, cancel := bookkeeping(ctx)
	defer cancel()
	now := q.clk.Now()
	var res sql.Result
	var err error
	switch {
	case runErr == nil:
		res, err = q.db.Write.ExecContext(ctx, `UPDATE jobs SET done_at = $2, last_error = '', lease_owner = '', lease_until = 0
			WHERE id = $1 AND lease_owner = $3 AND lease_until = $4`, j.ID, store.Millis(now), q.owner, until)
	case j.Attempt >= j.MaxAttempts:
		// Out of tries: the job stays, undone, with its error for an operator.
		res, err = q.db.Write.ExecContext(ctx, `UPDATE jobs SET last_error = $2, lease_owner = '', lease_until = 0
			WHERE id = $1 AND lease_owner = $3 AND lease_until = $4`, j.ID, Describe(runErr), q.owner, until)
	default:
		res, err = q.db.Write.ExecContext(ctx, `UPDATE jobs SET run_at = $2, last_error = $3, lease_owner = '', lease_until = 0
			WHERE id = $1 AND lease_owner = $4 AND lease_until = $5`,
			j.ID, store.Millis(now.Add(Backoff(j.Attempt))), Describe(runErr), q.owner, until)
	}
	if err != nil {
		return apperr.Wrap(fmt.Errorf("finish job %s: %w", j.ID, err), "store.query_failed")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		slog.Warn("job outlived its lease", "kind", j.Kind, "job", j.ID)
	}
	return nil
}

// Start calls Work every tick until ctx is done, working off everything due
// before it waits again. Run it in its own goroutine on every instance.
func (q *Queue) Start(ctx context.Context, tick time.Duration, limit int) {
	Loop(ctx, tick, "queue", func(ctx context.Context) error {
		for ctx.Err() == nil {
			n, err := q.Work(ctx, limit)
			if err != nil || n < limit {
				return err
			}
		}
		return nil
	})
}
