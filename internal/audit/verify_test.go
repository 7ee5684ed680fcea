package audit

import (
	"context"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/i18n"
)

// TestVerifyNamesTheTamperedEntry changes the database behind the log's back
// the way an intruder or a careless administrator would, and expects Verify
// to name exactly the entry (or head) that was touched.
func TestVerifyNamesTheTamperedEntry(t *testing.T) {
	cases := []struct {
		name   string
		org    string // chain that is tampered with
		sql    []string
		seq    int64
		reason string
		id     int64 // Break.EntryID is the ID this entry had before; 0: empty
	}{
		{"one byte of the action", "org-a",
			[]string{`UPDATE audit_log SET action = 'report.reae' WHERE org_id = $1 AND seq = 3`}, 3, ReasonChanged, 3},
		{"time moved by one millisecond", "org-b",
			[]string{`UPDATE audit_log SET at = at + 1 WHERE org_id = $1 AND seq = 2`}, 2, ReasonChanged, 2},
		{"purpose rewritten", "org-a",
			[]string{`UPDATE audit_log SET purpose = 'nieuwsgierig' WHERE org_id = $1 AND seq = 5`}, 5, ReasonChanged, 5},
		{"actor replaced", "org-b",
			[]string{`UPDATE audit_log SET actor_id = 'someone-else' WHERE org_id = $1 AND seq = 1`}, 1, ReasonChanged, 1},
		{"entry deleted in the middle", "org-a",
			[]string{`DELETE FROM audit_log WHERE org_id = $1 AND seq = 3`}, 3, ReasonMissing, 0},
		{"first entry deleted", "org-b",
			[]string{`DELETE FROM audit_log WHERE org_id = $1 AND seq = 1`}, 1, ReasonMissing, 0},
		{"last entry deleted", "org-a",
			[]string{`DELETE FROM audit_log WHERE org_id = $1 AND seq = 6`}, 6, ReasonMissing, 0},
		{"two entries swapped", "org-a", []string{
			`UPDATE audit_log SET seq = -4 WHERE org_id = $1 AND seq = 4`,
			`UPDATE audit_log SET seq = 4 WHERE org_id = $1 AND seq = 5`,
			`UPDATE audit_log SET seq = 5 WHERE org_id = $1 AND seq = -4`}, 4, ReasonChanged, 5},
		{"entry moved to another organisation", "org-b",
			[]string{`UPDATE audit_log SET org_id = 'org-c' WHERE org_id = $1 AND seq = 4`}, 4, ReasonMissing, 0},
		{"head hash changed", "org-b",
			[]string{`UPDATE audit_heads SET hash = CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END || substr(hash, 2) WHERE chain = $1`}, 4, ReasonHead, 4},
		{"head moved back", "org-a",
			[]string{`UPDATE audit_heads SET seq = seq - 1 WHERE chain = $1`}, 5, ReasonHead, 0},
		{"head deleted", "org-b",
			[]string{`DELETE FROM audit_heads WHERE chain = $1`}, 4, ReasonHeadMissing, 4},
		{"whole chain deleted but head kept", "org-b",
			[]string{`DELETE FROM audit_log WHERE org_id = $1`}, 1, ReasonMissing, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			l, db, clk := newLog(t)
			record(t, l, clk, "org-a", 6)
			record(t, l, clk, "org-b", 4)
			entries := map[int64]Entry{}
			for _, e := range all(t, l, Filter{OrgID: c.org}) {
				entries[e.Seq] = e
			}
			if b, err := l.Verify(ctx); err != nil || b != nil {
				t.Fatalf("before tampering: %+v, %v", b, err)
			}
			for _, s := range c.sql {
				if _, err := db.Write.ExecContext(ctx, s, c.org); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			b, err := l.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if b == nil {
				t.Fatal("Verify found nothing after tampering")
			}
			want := Break{Chain: c.org, Seq: c.seq, Reason: c.reason}
			if c.id != 0 {
				want.EntryID = entries[c.id].ID
			}
			if *b != want {
				t.Fatalf("Break = %+v, want %+v", *b, want)
			}
		})
	}
}

// Someone who edits an entry and recomputes its hash still breaks the link
// from the next entry.
func TestVerifyCatchesRehashedEntry(t *testing.T) {
	ctx := context.Background()
	l, db, clk := newLog(t)
	record(t, l, clk, "org-a", 5)
	e := all(t, l, Filter{OrgID: "org-a"})[2]
	e.Action = "report.create"
	e.Hash = e.computeHash()
	if _, err := db.Write.ExecContext(ctx, `UPDATE audit_log SET action = $1, hash = $2 WHERE org_id = 'org-a' AND seq = 3`,
		e.Action, e.Hash); err != nil {
		t.Fatal(err)
	}
	b, err := l.Verify(ctx)
	if err != nil || b == nil || b.Seq != 4 || b.Reason != ReasonLink {
		t.Fatalf("Verify = %+v, %v; want a broken link at entry 4", b, err)
	}
}

func TestVerifyOfEmptyLog(t *testing.T) {
	l, _, _ := newLog(t)
	if b, err := l.Verify(context.Background()); err != nil || b != nil {
		t.Fatalf("Verify = %+v, %v", b, err)
	}
}

func TestVerifyReportsProgress(t *testing.T) {
	l, _, clk := newLog(t)
	record(t, l, clk, "org-a", 3)
	record(t, l, clk, "org-b", 2)
	var last int64
	if _, err := l.VerifyProgress(context.Background(), func(n int64) { last = n }); err != nil {
		t.Fatal(err)
	}
	if last != 5 {
		t.Fatalf("progress ended at %d, want 5", last)
	}
}

func TestBreakMessage(t *testing.T) {
	b := &Break{Chain: "", Seq: 7, Reason: ReasonMissing}
	if got := b.Message(i18n.NL); !strings.Contains(got, "systeem") || !strings.Contains(got, "7") {
		t.Fatalf("message = %q", got)
	}
	for _, r := range []string{ReasonChanged, ReasonMissing, ReasonLink, ReasonOrder, ReasonHead, ReasonHeadMissing} {
		if !i18n.Has("audit.break." + r) {
			t.Errorf("no message for reason %s", r)
		}
	}
}

// Verify reads one snapshot: appends that run while it walks are neither
// reported as tampering nor blocked.
func TestVerifyDuringAppends(t *testing.T) {
	ctx := context.Background()
	l, _, clk := newLog(t)
	record(t, l, clk, "org-a", 20)
	done := make(chan error, 1)
	go func() {
		for i := 0; i < 20; i++ {
			if err := l.RecordTx(ctx, entry("org-a", "u1", "report.read", "report", "x")); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for i := 0; i < 5; i++ {
		if b, err := l.Verify(ctx); err != nil || b != nil {
			t.Fatalf("Verify during appends = %+v, %v", b, err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
