package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newLog(t testing.TB) (*Log, *store.DB, *clock.Fake) {
	t.Helper()
	db := storetest.Open(t)
	clk := clock.NewFake(t0)
	return New(db, clk), db, clk
}

func entry(org, actor, action, objType, objID string) Entry {
	return Entry{
		OrgID: org, ActorID: actor, ActorLabel: "Medewerker " + actor, Action: action,
		ObjectType: objType, ObjectID: objID, Purpose: "behandeling", Result: ResultOK,
		RequestID: "req-" + objID, SpanID: NewSpanID(),
	}
}

// record appends n entries to org, one second apart, and fails the test on
// error.
func record(t testing.TB, l *Log, clk *clock.Fake, org string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		clk.Advance(time.Second)
		e := entry(org, fmt.Sprintf("u%d", i%3), "report.read", "report", fmt.Sprintf("r%d", i))
		if err := l.RecordTx(context.Background(), e); err != nil {
			t.Fatalf("record: %v", err)
		}
	}
}

// all returns every entry of a chain, oldest first, by walking List's pages.
func all(t testing.TB, l *Log, f Filter) []Entry {
	t.Helper()
	var out []Entry
	seen := map[int64]bool{}
	for {
		page, next, err := l.List(context.Background(), f)
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		for _, e := range page {
			if seen[e.Seq] {
				t.Fatalf("seq %d returned twice", e.Seq)
			}
			seen[e.Seq] = true
			out = append([]Entry{e}, out...)
		}
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

func TestRecordBuildsChainPerOrganisation(t *testing.T) {
	ctx := context.Background()
	l, _, clk := newLog(t)
	record(t, l, clk, "org-a", 5)
	record(t, l, clk, "org-b", 3)
	if err := l.RecordTx(ctx, Entry{ActorLabel: "systeem", Action: "system.start", Result: ResultOK}); err != nil {
		t.Fatal(err)
	}

	a := all(t, l, Filter{OrgID: "org-a"})
	if len(a) != 5 {
		t.Fatalf("org-a has %d entries, want 5", len(a))
	}
	prev := ""
	for i, e := range a {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash == "" || e.ID == "" {
			t.Fatalf("entry %d: seq %d prev %q hash %q", i, e.Seq, e.PrevHash, e.Hash)
		}
		if want := t0.Add(time.Duration(i+1) * time.Second); !e.At.Equal(want) {
			t.Errorf("entry %d at %v, want the clock's %v", i, e.At, want)
		}
		prev = e.Hash
	}
	if b := all(t, l, Filter{OrgID: "org-b"}); len(b) != 3 || b[0].Seq != 1 {
		t.Fatalf("org-b: %d entries, first seq %d; chains must count per organisation", len(b), b[0].Seq)
	}
	sys := all(t, l, Filter{System: true})
	if len(sys) != 1 || sys[0].Action != "system.start" {
		t.Fatalf("system chain = %+v", sys)
	}
	heads, err := l.Heads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != 3 || heads[1].Chain != "org-a" || heads[1].Seq != 5 || heads[1].Hash != a[4].Hash {
		t.Fatalf("heads = %+v", heads)
	}
	if b, err := l.Verify(ctx); err != nil || b != nil {
		t.Fatalf("Verify of an intact log = %+v, %v", b, err)
	}
}

func TestRecordInRolledBackTransactionLeavesNothing(t *testing.T) {
	ctx := context.Background()
	l, db, clk := newLog(t)
	record(t, l, clk, "org-a", 2)
	before, _ := l.Heads(ctx)

	failure := errors.New("the change itself failed")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if err := l.Record(ctx, tx, entry("org-a", "u1", "report.update", "report", "r9")); err != nil {
			return err
		}
		if err := l.Record(ctx, tx, entry("org-new", "u1", "report.create", "report", "r10")); err != nil {
			return err
		}
		return failure
	})
	if !errors.Is(err, failure) {
		t.Fatalf("Tx = %v", err)
	}
	after, _ := l.Heads(ctx)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("heads changed by a rolled-back transaction: %v → %v", before, after)
	}
	if got := all(t, l, Filter{OrgID: "org-a"}); len(got) != 2 {
		t.Fatalf("org-a has %d entries after rollback, want 2", len(got))
	}
	if got := all(t, l, Filter{OrgID: "org-new"}); len(got) != 0 {
		t.Fatalf("org-new has %d entries after rollback, want 0", len(got))
	}
	// The chain continues without a gap after the rollback.
	record(t, l, clk, "org-a", 1)
	if got := all(t, l, Filter{OrgID: "org-a"}); got[2].Seq != 3 {
		t.Fatalf("next seq = %d, want 3", got[2].Seq)
	}
	if b, err := l.Verify(ctx); err != nil || b != nil {
		t.Fatalf("Verify = %+v, %v", b, err)
	}
}

func TestConcurrentRecordsMakeOneGapFreeChain(t *testing.T) {
	ctx := context.Background()
	l, db, _ := newLog(t)
	const workers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				e := entry("org-a", fmt.Sprintf("u%d", w), "report.read", "report", fmt.Sprintf("r%d-%d", w, i))
				var err error
				if i%2 == 0 {
					err = l.RecordTx(ctx, e)
				} else {
					// Half of them inside a caller's transaction, as changes do.
					err = db.Tx(ctx, func(tx *sql.Tx) error { return l.Record(ctx, tx, e) })
				}
				if err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent record: %v", err)
	}
	got := all(t, l, Filter{OrgID: "org-a", Limit: MaxLimit})
	if len(got) != workers*each {
		t.Fatalf("%d entries, want %d", len(got), workers*each)
	}
	for i, e := range got {
		if e.Seq != int64(i+1) {
			t.Fatalf("entry %d has seq %d: the chain has a gap or a duplicate", i, e.Seq)
		}
	}
	if b, err := l.Verify(ctx); err != nil || b != nil {
		t.Fatalf("Verify after concurrent appends = %+v, %v", b, err)
	}
}

func TestRecordRefusesBadEntries(t *testing.T) {
	ctx := context.Background()
	l, _, _ := newLog(t)
	good := entry("org-a", "u1", "report.read", "report", "r1")
	long := make([]byte, MaxPurpose+1)
	for i := range long {
		long[i] = 'x'
	}
	cases := []struct {
		field  string
		change func(*Entry)
	}{
		{"actor_id", func(e *Entry) { e.ActorID, e.ActorLabel = "", " " }},
		{"action", func(e *Entry) { e.Action = "" }},
		{"action", func(e *Entry) { e.Action = "read" }},
		{"action", func(e *Entry) { e.Action = "Report.Read" }},
		{"object_type", func(e *Entry) { e.ObjectType = "rapport met spaties" }},
		{"result", func(e *Entry) { e.Result = "success" }},
		{"span_id", func(e *Entry) { e.SpanID = "xyz" }},
		{"purpose", func(e *Entry) { e.Purpose = string(long) }},
		{"purpose", func(e *Entry) { e.Purpose = "regel 1\nregel 2" }},
		{"object_id", func(e *Entry) { e.ObjectID = "r1\r\nfake entry" }},
	}
	for _, c := range cases {
		e := good
		c.change(&e)
		err := l.RecordTx(ctx, e)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != c.field {
			t.Errorf("%s: err = %v, want Invalid on field %s", c.field, err, c.field)
		}
	}
	if heads, _ := l.Heads(ctx); len(heads) != 0 {
		t.Fatalf("refused entries changed the heads: %v", heads)
	}
}

func TestCleanPurpose(t *testing.T) {
	got, err := CleanPurpose("  controle\r\n  op verzoek   van\tteamleider ")
	if err != nil || got != "controle op verzoek van teamleider" {
		t.Fatalf("CleanPurpose = %q, %v", got, err)
	}
	long := fmt.Sprintf("%0*d", MaxPurpose+1, 0)
	if _, err := CleanPurpose(long); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("too long purpose: %v", err)
	}
}

// Moving a character from one field to the next must change the hash, or an
// edit could shift text between fields unnoticed.
func TestHashEncodingIsUnambiguous(t *testing.T) {
	a := Entry{Seq: 1, At: t0, ObjectType: "ab", ObjectID: "c"}
	b := Entry{Seq: 1, At: t0, ObjectType: "a", ObjectID: "bc"}
	if a.computeHash() == b.computeHash() {
		t.Fatal("different field splits give the same hash")
	}
}

// Entries recorded together take consecutive places in their chain, each
// linked to the one before, and the log still verifies.
func TestRecordSeveralEntriesAtOnce(t *testing.T) {
	ctx := context.Background()
	l, db, clk := newLog(t)
	record(t, l, clk, "org-a", 2)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return l.Record(ctx, tx, entry("org-a", "u1", "report.create", "report", "r9"),
			entry("org-a", "", "needtoknow.grant", "report", "r9"), entry("org-a", "", "needtoknow.grant", "report", "r9"))
	})
	if err != nil {
		t.Fatal(err)
	}
	record(t, l, clk, "org-a", 1)
	a := all(t, l, Filter{OrgID: "org-a"})
	if len(a) != 6 {
		t.Fatalf("org-a has %d entries, want 6", len(a))
	}
	prev := ""
	for i, e := range a {
		if e.Seq != int64(i+1) || e.PrevHash != prev {
			t.Fatalf("entry %d: seq %d prev %q, want seq %d prev %q", i, e.Seq, e.PrevHash, i+1, prev)
		}
		prev = e.Hash
	}
	if a[2].Action != "report.create" || a[3].Action != "needtoknow.grant" || a[4].Action != "needtoknow.grant" {
		t.Fatalf("entries 3–5 = %s, %s, %s", a[2].Action, a[3].Action, a[4].Action)
	}
	if b, err := l.Verify(ctx); err != nil || b != nil {
		t.Fatalf("Verify = %+v, %v", b, err)
	}
	// Entries of two organisations cannot be recorded together; nothing is
	// written.
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		return l.Record(ctx, tx, entry("org-a", "u1", "report.read", "report", "r1"), entry("org-b", "u1", "report.read", "report", "r1"))
	})
	if err == nil {
		t.Fatal("entries of two organisations were recorded together")
	}
	if n := len(all(t, l, Filter{OrgID: "org-a"})); n != 6 {
		t.Fatalf("org-a has %d entries after the refused append, want 6", n)
	}
}
