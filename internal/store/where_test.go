package store_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/store"
)

func TestWhereNumbersPlaceholdersInOrder(t *testing.T) {
	w := store.NewWhere("org_id = ?", "o1")
	w.Add("status IN ('open', 'in_progress')")
	w.Add("(due > ? OR (due = ? AND id > ?))", "d", "d", "x")
	want := "org_id = $1 AND status IN ('open', 'in_progress') AND (due > $2 OR (due = $3 AND id > $4))"
	if got := w.SQL(); got != want {
		t.Errorf("SQL = %q, want %q", got, want)
	}
	if got := w.Args(); !slices.Equal(got, []any{"o1", "d", "d", "x"}) {
		t.Errorf("Args = %v", got)
	}
}
