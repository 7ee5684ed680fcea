package web

import (
	"sync"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
)

// limiter is a fixed-window counter per key (a limit group and a client
// address) for the routes that attract guessing (sign-in, anonymous
// intake) or bursts (survey answers). It is per instance: with
// several instances the account throttle in the database still holds, and
// this one only caps the load one client can put on one instance.
type limiter struct {
	mu     sync.Mutex
	window time.Duration
	clk    clock.Clock
	hits   map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(w time.Duration, clk clock.Clock) *limiter {
	if clk == nil {
		clk = clock.System{}
	}
	return &limiter{window: w, clk: clk, hits: map[string]*window{}}
}

// allow counts a request under key and reports whether it is within max
// in the current window.
func (l *limiter) allow(key string, max int) bool {
	now := l.clk.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 100_000 {
		// Forget everything rather than grow without bound under a spray of
		// addresses; the account throttle still holds.
		l.hits = map[string]*window{}
	}
	w := l.hits[key]
	if w == nil || now.Sub(w.start) >= l.window {
		l.hits[key] = &window{start: now, n: 1}
		return true
	}
	w.n++
	return w.n <= max
}
