package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"

	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// The statements Exec and QueryRow keep must behave exactly like plain
// ones: across transactions, beside each other, and when they fail.
func TestExecAndQueryRowAcrossTransactions(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	const insert = `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, $4)`
	const count = `SELECT COUNT(*) FROM organisations WHERE slug LIKE $1`
	countNow := func() int {
		var n int
		if err := db.Read.QueryRowContext(ctx, count, "stmt-%").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := range 3 {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := db.Exec(ctx, tx, insert, store.NewID(), fmt.Sprintf("stmt-%d", i), "Gemeente", 1); err != nil {
				return err
			}
			var n int
			if err := db.QueryRow(ctx, tx, count, "stmt-%").Scan(&n); err != nil {
				return err
			}
			if n != i+1 {
				t.Errorf("transaction %d sees %d of its own rows, want %d", i, n, i+1)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("transaction %d: %v", i, err)
		}
	}
	// A failing statement (a duplicate slug) fails its transaction, which
	// leaves nothing behind, and the statement stays usable.
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := db.Exec(ctx, tx, insert, store.NewID(), "stmt-new", "Gemeente", 1); err != nil {
			return err
		}
		_, err := db.Exec(ctx, tx, insert, store.NewID(), "stmt-0", "Gemeente", 1)
		return err
	})
	if !store.IsUniqueViolation(err) {
		t.Fatalf("duplicate slug: err = %v, want a unique violation", err)
	}
	if n := countNow(); n != 3 {
		t.Fatalf("%d rows after the failed transaction, want 3", n)
	}
	// A statement that cannot be prepared reports its error every time.
	for range 2 {
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := db.Exec(ctx, tx, `INSERT INTO no_such_table (id) VALUES ($1)`, "x")
			return err
		})
		if err == nil {
			t.Fatal("insert into a missing table succeeded")
		}
	}
	// Writers beside each other neither block for good nor lose rows.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				errs <- db.Tx(ctx, func(tx *sql.Tx) error {
					_, err := db.Exec(ctx, tx, insert, store.NewID(), fmt.Sprintf("stmt-w%d-%d", w, i), "Gemeente", 1)
					return err
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := countNow(); n != 43 {
		t.Fatalf("%d rows, want 43", n)
	}
}
