package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

type jobRow struct {
	attempts  int
	runAt     int64
	lastError string
	owner     string
	done      bool
}

func readJob(t *testing.T, db *store.DB, id string) jobRow {
	t.Helper()
	var r jobRow
	var done sql.NullInt64
	err := db.Read.QueryRow(`SELECT attempts, run_at, last_error, lease_owner, done_at FROM jobs WHERE id = $1`, id).
		Scan(&r.attempts, &r.runAt, &r.lastError, &r.owner, &done)
	if err != nil {
		t.Fatal(err)
	}
	r.done = done.Valid
	return r
}

func enqueue(t *testing.T, db *store.DB, kind string, payload any, at time.Time) string {
	t.Helper()
	id, err := Enqueue(context.Background(), db.Write, kind, "org-1", payload, at)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestJobRunsWithItsPayloadOnlyInsideCommittedTx(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	q := NewQueue(db, clk, "instance-a")
	type reminder struct{ ActionID string }
	var got []reminder
	q.Handle("plan.reminder", func(_ context.Context, j Job) error {
		var r reminder
		if err := j.Decode(&r); err != nil {
			return err
		}
		if j.OrgID != "org-1" || j.Attempt != 1 {
			return fmt.Errorf("job %+v", j)
		}
		got = append(got, r)
		return nil
	})

	rollback := errors.New("user cancelled")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := Enqueue(ctx, tx, "plan.reminder", "org-1", reminder{"lost"}, start); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	later := enqueue(t, db, "plan.reminder", reminder{"later"}, start.Add(time.Hour))
	var id string
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		id, err = Enqueue(ctx, tx, "plan.reminder", "org-1", reminder{"a1"}, start)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	if n, err := q.Work(ctx, 10); err != nil || n != 1 {
		t.Fatalf("Work = %d, %v", n, err)
	}
	if len(got) != 1 || got[0].ActionID != "a1" {
		t.Fatalf("handled %v", got)
	}
	if r := readJob(t, db, id); !r.done || r.attempts != 1 || r.owner != "" {
		t.Errorf("done job = %+v", r)
	}
	if r := readJob(t, db, later); r.done {
		t.Error("job for later ran early")
	}
}

func TestQueueClaimsOnlyKindsItHandles(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	q := NewQueue(db, newClock(), "old-version")
	q.Handle("known", func(context.Context, Job) error { return nil })
	id := enqueue(t, db, "introduced.later", nil, start)
	if n, err := q.Work(ctx, 10); err != nil || n != 0 {
		t.Fatalf("Work = %d, %v", n, err)
	}
	if r := readJob(t, db, id); r.attempts != 0 || r.owner != "" {
		t.Errorf("unknown kind was claimed: %+v", r)
	}
}

// Two instances work the queue at once: every job is handled exactly once.
func TestWorkersClaimDisjointJobs(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	const jobs = 60
	ids := map[string]bool{}
	for i := range jobs {
		ids[enqueue(t, db, "count", map[string]int{"n": i}, start.Add(-time.Duration(i)*time.Second))] = true
	}

	var mu sync.Mutex
	handled := map[string]int{}
	byWorker := map[string]int{}
	var wg sync.WaitGroup
	for _, w := range []struct {
		owner string
		db    *store.DB
	}{{"instance-a", db}, {"instance-b", otherInstance(t, db)}} {
		q := NewQueue(w.db, clk, w.owner)
		q.Handle("count", func(_ context.Context, j Job) error {
			mu.Lock()
			handled[j.ID]++
			byWorker[w.owner]++
			mu.Unlock()
			return nil
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := q.Work(ctx, 4)
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()

	if len(handled) != jobs {
		t.Errorf("%d of %d jobs handled", len(handled), jobs)
	}
	for id, n := range handled {
		if n != 1 || !ids[id] {
			t.Errorf("job %s handled %d times", id, n)
		}
	}
	var open int
	if err := db.Read.QueryRow(`SELECT COUNT(*) FROM jobs WHERE done_at IS NULL`).Scan(&open); err != nil || open != 0 {
		t.Errorf("%d jobs not done (%v)", open, err)
	}
	t.Logf("%s: jobs per worker %v", db.Dialect, byWorker)
}

func TestFailingJobIsRetriedWithBackoffThenStaysFailed(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	q := NewQueue(db, clk, "instance-a")
	var attempts []int
	q.Handle("export.riec", func(_ context.Context, j Job) error {
		attempts = append(attempts, j.Attempt)
		return errors.New("riec endpoint: 503 Service Unavailable")
	})
	id := enqueue(t, db, "export.riec", nil, start)

	for try := 1; try <= DefaultMaxAttempts; try++ {
		if n, err := q.Work(ctx, 10); err != nil || n != 1 {
			t.Fatalf("try %d: Work = %d, %v", try, n, err)
		}
		r := readJob(t, db, id)
		if r.attempts != try || r.lastError != "riec endpoint: 503 Service Unavailable" || r.done || r.owner != "" {
			t.Fatalf("after try %d: %+v", try, r)
		}
		if try == DefaultMaxAttempts {
			break
		}
		if want := store.Millis(clk.Now().Add(Backoff(try))); r.runAt != want {
			t.Fatalf("after try %d: retry at %v, want %v", try, store.Time(r.runAt), store.Time(want))
		}
		// Not retried before the backoff has passed.
		clk.Advance(Backoff(try) - time.Millisecond)
		if n, _ := q.Work(ctx, 10); n != 0 {
			t.Fatalf("try %d retried before its backoff", try)
		}
		clk.Advance(time.Millisecond)
	}
	clk.Advance(30 * 24 * time.Hour)
	if n, err := q.Work(ctx, 10); err != nil || n != 0 {
		t.Fatalf("failed job ran again: %d, %v", n, err)
	}
	if len(attempts) != DefaultMaxAttempts || attempts[0] != 1 || attempts[len(attempts)-1] != DefaultMaxAttempts {
		t.Errorf("handler saw attempts %v", attempts)
	}
	if Backoff(1) != time.Minute || Backoff(2) != 2*time.Minute || Backoff(50) != 6*time.Hour {
		t.Errorf("backoff 1, 2, 50 = %v, %v, %v", Backoff(1), Backoff(2), Backoff(50))
	}
}

// An instance that crashed holding a job leaves it leased; once the lease
// has expired another instance takes it over, and the crashed run's late
// result cannot overwrite the outcome.
func TestExpiredLeaseIsTakenOver(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	crashed := NewQueue(db, clk, "instance-a")
	crashed.Lease = 5 * time.Minute
	survivor := NewQueue(otherInstance(t, db), clk, "instance-b")
	var handledBy []string
	for _, q := range []*Queue{crashed, survivor} {
		q.Handle("retention.warn", func(context.Context, Job) error {
			handledBy = append(handledBy, q.owner)
			return nil
		})
	}
	id := enqueue(t, db, "retention.warn", nil, start)

	claimed, until, err := crashed.claim(ctx, []string{"retention.warn"}, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim = %v, %v", claimed, err)
	}
	// ... and instance-a dies here.
	if n, _ := survivor.Work(ctx, 10); n != 0 {
		t.Fatal("a leased job was taken over before its lease expired")
	}
	clk.Advance(5*time.Minute - time.Millisecond)
	if n, _ := survivor.Work(ctx, 10); n != 0 {
		t.Fatal("a leased job was taken over a moment early")
	}
	clk.Advance(time.Millisecond)
	if n, err := survivor.Work(ctx, 10); err != nil || n != 1 {
		t.Fatalf("expired lease not taken over: %d, %v", n, err)
	}
	if len(handledBy) != 1 || handledBy[0] != "instance-b" {
		t.Fatalf("handled by %v", handledBy)
	}
	r := readJob(t, db, id)
	if !r.done || r.attempts != 2 {
		t.Fatalf("after takeover: %+v", r)
	}

	// The crashed run's result arrives late: it must not change anything.
	if err := crashed.finish(ctx, claimed[0], until, errors.New("late failure")); err != nil {
		t.Fatal(err)
	}
	if late := readJob(t, db, id); late != r {
		t.Errorf("late result changed the job: %+v, was %+v", late, r)
	}
}
