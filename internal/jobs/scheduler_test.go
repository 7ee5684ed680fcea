package jobs

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

func TestTaskRunsWhenDueAndNotBefore(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	s := NewScheduler(db, clk, "instance-a")
	runs := 0
	s.Every("retention", time.Hour, func(context.Context) error { runs++; return nil })

	steps := []struct {
		advance time.Duration
		runs    int
	}{
		{0, 1},                            // a new task is due at once
		{0, 1},                            // not again at the same moment
		{time.Hour - time.Millisecond, 1}, // not a moment early
		{time.Millisecond, 2},             // due after one interval
		{30 * time.Minute, 2},             // the next interval counts from that run
	}
	for _, st := range steps {
		before := runs
		clk.Advance(st.advance)
		ran, err := s.RunDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if runs != st.runs {
			t.Fatalf("at +%v: task ran %d times, want %d", clk.Now().Sub(start), runs, st.runs)
		}
		if reported := slices.Contains(ran, "retention"); reported != (runs > before) {
			t.Errorf("at +%v: RunDue reported %v", clk.Now().Sub(start), ran)
		}
	}

	st, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Name != "retention" || st[0].Every != time.Hour ||
		!st[0].LastRunAt.Equal(start.Add(time.Hour)) || !st[0].NextRunAt.Equal(start.Add(2*time.Hour)) ||
		st[0].LastError != "" || st[0].Owner != "" {
		t.Errorf("status = %+v", st)
	}

	// A restarted instance keeps the schedule instead of running at once.
	again := NewScheduler(db, clk, "instance-a")
	again.Every("retention", time.Hour, func(context.Context) error { runs++; return nil })
	if ran, err := again.RunDue(ctx); err != nil || len(ran) != 0 || runs != 2 {
		t.Errorf("after restart ran %v (%v), runs = %d", ran, err, runs)
	}
}

// Two instances reach a due task at the same moment: exactly one runs it,
// and the other gives up while the first still holds the lease.
func TestTaskRunsOnceAcrossInstances(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	a := NewScheduler(db, clk, "instance-a")
	b := NewScheduler(otherInstance(t, db), clk, "instance-b")

	var runs atomic.Int32
	release := make(chan struct{})
	task := func(context.Context) error {
		// The first run holds its lease until the other instance has given
		// up; a wrongly granted second run returns at once and is caught below.
		if runs.Add(1) == 1 {
			<-release
		}
		return nil
	}
	a.Every("reminders", time.Hour, task)
	b.Every("reminders", time.Hour, task)

	type result struct {
		ran []string
		err error
	}
	results := make(chan result, 2)
	for _, s := range []*Scheduler{a, b} {
		go func() {
			ran, err := s.RunDue(ctx)
			results <- result{ran, err}
		}()
	}
	first := <-results
	close(release)
	second := <-results
	for _, r := range []result{first, second} {
		if r.err != nil {
			t.Fatal(r.err)
		}
	}
	if len(first.ran) != 0 || !slices.Equal(second.ran, []string{"reminders"}) || runs.Load() != 1 {
		t.Fatalf("runs = %d; first instance ran %v, second %v", runs.Load(), first.ran, second.ran)
	}
}

func TestFailingTaskIsRecordedAndOthersStillRun(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := newClock()
	s := NewScheduler(db, clk, "instance-a")
	var okRuns int
	s.Every("mail", time.Minute, func(context.Context) error { return errors.New("dial tcp: connection refused") })
	s.Every("validation", time.Minute, func(context.Context) error {
		// Arguments of an application error may be user input: not stored.
		return apperr.FieldErr("title", "report.title_too_long", "Vermoeden omkoping afdeling Vergunningen")
	})
	s.Every("broken", time.Minute, func(context.Context) error { panic("nil map") })
	s.Every("retention", time.Minute, func(context.Context) error { okRuns++; return nil })

	ran, err := s.RunDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ran, []string{"mail", "validation", "broken", "retention"}) || okRuns != 1 {
		t.Fatalf("ran %v, retention ran %d times", ran, okRuns)
	}
	status, err := s.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"broken":     "panic in task broken",
		"mail":       "dial tcp: connection refused",
		"retention":  "",
		"validation": "invalid: report.title_too_long (title)",
	}
	for _, st := range status {
		if st.LastError != want[st.Name] {
			t.Errorf("%s: last error %q, want %q", st.Name, st.LastError, want[st.Name])
		}
		if strings.Contains(st.LastError, "omkoping") {
			t.Errorf("%s: case content stored in last_error", st.Name)
		}
		// A failing task waits for its next interval rather than being retried
		// in a tight loop.
		if !st.NextRunAt.Equal(start.Add(time.Minute)) {
			t.Errorf("%s: next run %v", st.Name, st.NextRunAt)
		}
	}
	if len(status) != 4 {
		t.Errorf("status has %d tasks", len(status))
	}

	// Success on the next run clears the error.
	clk.Advance(time.Minute)
	s2 := NewScheduler(db, clk, "instance-b")
	s2.Every("retention", time.Minute, func(context.Context) error { return nil })
	s2.Every("mail", time.Minute, func(context.Context) error { return nil })
	if _, err := s2.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	status, _ = s2.Status(ctx)
	for _, st := range status {
		if st.Name == "mail" && st.LastError != "" {
			t.Errorf("mail: error kept after a successful run: %q", st.LastError)
		}
	}
}

func TestEveryRefusesWiringMistakes(t *testing.T) {
	s := NewScheduler(nil, newClock(), "x")
	s.Every("a", time.Minute, func(context.Context) error { return nil })
	for name, f := range map[string]func(){
		"twice":       func() { s.Every("a", time.Hour, func(context.Context) error { return nil }) },
		"no interval": func() { s.Every("b", 0, func(context.Context) error { return nil }) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
