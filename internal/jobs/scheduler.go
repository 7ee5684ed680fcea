package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Scheduler runs recurring tasks (retention, reminders, mail delivery) so
// that each due run happens on exactly one instance. Every instance
// registers the same tasks and calls RunDue; the job_schedule table decides
// who runs what.
type Scheduler struct {
	db    *store.DB
	clk   clock.Clock
	owner string
	// Lease bounds one run of a task; see DefaultLease.
	Lease time.Duration

	mu    sync.Mutex
	tasks []task
	known map[string]bool // tasks whose job_schedule row is in place
}

type task struct {
	name  string
	every time.Duration
	fn    func(context.Context) error
}

// NewScheduler returns a scheduler for one instance. owner names the instance
// (host name and process id, say) in leases, so an operator can see who
// holds a task.
func NewScheduler(db *store.DB, clk clock.Clock, owner string) *Scheduler {
	return &Scheduler{db: db, clk: clk, owner: owner, Lease: DefaultLease, known: map[string]bool{}}
}

// Every registers fn to run every interval, the first time as soon as RunDue
// sees it. A task that was run before keeps its schedule across restarts.
// Registering a name twice, or without a positive interval, is a wiring
// mistake and panics at start-up.
func (s *Scheduler) Every(name string, every time.Duration, fn func(ctx context.Context) error) {
	if name == "" || every <= 0 || fn == nil {
		panic("jobs: Every needs a name, a positive interval and a function")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tasks {
		if t.name == name {
			panic("jobs: task " + name + " registered twice")
		}
	}
	s.tasks = append(s.tasks, task{name: name, every: every, fn: fn})
}

// RunDue runs every registered task whose next run time has passed and that
// no other instance holds, one after another, and returns the names of the
// tasks it ran. A failing task is recorded in last_error and does not stop
// the others; err reports only database problems.
func (s *Scheduler) RunDue(ctx context.Context) (ran []string, err error) {
	s.mu.Lock()
	tasks := append([]task(nil), s.tasks...)
	s.mu.Unlock()
	var errs []error
	for _, t := range tasks {
		if ctx.Err() != nil {
			break
		}
		if err := s.register(ctx, t); err != nil {
			errs = append(errs, err)
			continue
		}
		until, ok, err := s.claim(ctx, t.name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok {
			continue
		}
		runErr := call(ctx, s.Lease, "task "+t.name, t.fn)
		if runErr != nil {
			slog.Warn("scheduled task failed", "task", t.name, "error", Describe(runErr))
		}
		ran = append(ran, t.name)
		if err := s.finish(ctx, t, until, runErr); err != nil {
			errs = append(errs, err)
		}
	}
	return ran, errors.Join(errs...)
}

// register makes sure the task's row exists, due now if it is new, and
// carries the interval the code asks for.
func (s *Scheduler) register(ctx context.Context, t task) error {
	s.mu.Lock()
	done := s.known[t.name]
	s.mu.Unlock()
	if done {
		return nil
	}
	_, err := s.db.Write.ExecContext(ctx, `INSERT INTO job_schedule (name, every_ms, next_run_at)
		VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET every_ms = excluded.every_ms
		WHERE job_schedule.every_ms <> excluded.every_ms`,
		t.name, t.every.Milliseconds(), store.Millis(s.clk.Now()))
	if err != nil {
		return apperr.Wrap(fmt.Errorf("register task %s: %w", t.name, err), "store.query_failed")
	}
	s.mu.Lock()
	s.known[t.name] = true
	s.mu.Unlock()
	return nil
}

// claim takes the lease on a due task. The conditional UPDATE is atomic in
// both databases: of several instances trying at once, exactly one sees a
// changed row.
func (s *Scheduler) claim(ctx context.Context, name string) (until int64, ok bool, err error) {
	now := s.clk.Now()
	until = store.Millis(now.Add(s.Lease))
	res, err := s.db.Write.ExecContext(ctx, `UPDATE job_schedule SET lease_owner = $2, lease_until = $3
		WHERE name = $1 AND next_run_at <= $4 AND lease_until <= $4`,
		name, s.owner, until, store.Millis(now))
	if err != nil {
		return 0, false, apperr.Wrap(fmt.Errorf("claim task %s: %w", name, err), "store.query_failed")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, false, apperr.Wrap(err, "store.query_failed")
	}
	return until, n == 1, nil
}

// finish schedules the next run and releases the lease, but only while this
// run still holds it: a run that overran its lease and was taken over must
// not overwrite its successor's bookkeeping.
func (s *Scheduler) finish(ctx context.Context, t task, until int64, runErr error) error {
	ctx, cancel := bookkeeping(ctx)
	defer cancel()
	now := s.clk.Now()
	res, err := s.db.Write.ExecContext(ctx, `UPDATE job_schedule
		SET next_run_at = $2, last_run_at = $3, last_error = $4, lease_owner = '', lease_until = 0
		WHERE name = $1 AND lease_owner = $5 AND lease_until = $6`,
		t.name, store.Millis(now.Add(t.every)), store.Millis(now), Describe(runErr), s.owner, until)
	if err != nil {
		return apperr.Wrap(fmt.Errorf("finish task %s: %w", t.name, err), "store.query_failed")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		slog.Warn("scheduled task outlived its lease", "task", t.name)
	}
	return nil
}

// Start calls RunDue now and then every tick until ctx is done. Run it in its
// own goroutine; the tick only bounds how late a due task starts.
func (s *Scheduler) Start(ctx context.Context, tick time.Duration) {
	Loop(ctx, tick, "scheduler", func(ctx context.Context) error {
		_, err := s.RunDue(ctx)
		return err
	})
}

// TaskStatus is the state of one recurring task, for operators.
type TaskStatus struct {
	Name      string
	Every     time.Duration
	NextRunAt time.Time
	LastRunAt time.Time // zero before the first run
	LastError string    // empty when the last run succeeded
	Owner     string    // instance running it now, empty when idle
}

// Status returns every task known to the database, by name.
func (s *Scheduler) Status(ctx context.Context) ([]TaskStatus, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT name, every_ms, next_run_at, last_run_at, last_error,
		lease_owner, lease_until FROM job_schedule ORDER BY name`)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	now := store.Millis(s.clk.Now())
	var out []TaskStatus
	for rows.Next() {
		var st TaskStatus
		var every, next, last, until int64
		if err := rows.Scan(&st.Name, &every, &next, &last, &st.LastError, &st.Owner, &until); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		st.Every = time.Duration(every) * time.Millisecond
		st.NextRunAt = store.Time(next)
		if last > 0 {
			st.LastRunAt = store.Time(last)
		}
		if until <= now {
			st.Owner = ""
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
