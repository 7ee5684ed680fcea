package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// start is the fake clock's starting time in every test.
var start = time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)

func newClock() *clock.Fake { return clock.NewFake(start) }

// otherInstance opens a second handle on the test database, with its own
// pools, as a second `weerbaar serve` instance would.
func otherInstance(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	other, err := store.Open(context.Background(), storetest.URLOf(t, db))
	if err != nil {
		t.Fatalf("second instance: %v", err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}
