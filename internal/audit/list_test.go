package audit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
)

// seedForList records a small, varied history in org-a and some noise in
// org-b, one minute apart starting at t0+1m.
func seedForList(t *testing.T, l *Log, clk *clock.Fake) {
	t.Helper()
	ctx := context.Background()
	rows := []struct{ actor, action, objType, objID string }{
		{"u1", "report.create", "report", "r1"},         // 1
		{"u2", "report.read", "report", "r1"},           // 2
		{"u1", "report.update", "report", "r1"},         // 3
		{"u3", "reporting.run", "council_report", "c1"}, // 4
		{"u2", "need_to_know.grant", "report", "r1"},    // 5
		{"u2", "needxto_know.grant", "report", "r2"},    // 6
		{"u1", "report.read", "report", "r2"},           // 7
		{"u3", "user.create", "user", "u9"},             // 8
	}
	for _, r := range rows {
		clk.Advance(time.Minute)
		if err := l.RecordTx(ctx, entry("org-a", r.actor, r.action, r.objType, r.objID)); err != nil {
			t.Fatal(err)
		}
		if err := l.RecordTx(ctx, entry("org-b", r.actor, r.action, r.objType, r.objID)); err != nil {
			t.Fatal(err)
		}
	}
}

func seqs(es []Entry) []int64 {
	out := []int64{}
	for _, e := range es {
		out = append(out, e.Seq)
	}
	return out
}

func TestListFilters(t *testing.T) {
	ctx := context.Background()
	l, _, clk := newLog(t)
	seedForList(t, l, clk)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	cases := []struct {
		name string
		f    Filter
		want []int64
	}{
		{"organisation only, newest first", Filter{OrgID: "org-a"}, []int64{8, 7, 6, 5, 4, 3, 2, 1}},
		{"actor", Filter{OrgID: "org-a", ActorID: "u1"}, []int64{7, 3, 1}},
		{"action prefix by whole segment", Filter{OrgID: "org-a", Action: "report"}, []int64{7, 3, 2, 1}},
		{"action prefix with trailing dot", Filter{OrgID: "org-a", Action: "report."}, []int64{7, 3, 2, 1}},
		{"exact action", Filter{OrgID: "org-a", Action: "report.read"}, []int64{7, 2}},
		{"underscore matches only itself", Filter{OrgID: "org-a", Action: "need_to_know"}, []int64{5}},
		{"object", Filter{OrgID: "org-a", ObjectType: "report", ObjectID: "r1"}, []int64{5, 3, 2, 1}},
		{"time range, From inclusive, To exclusive", Filter{OrgID: "org-a", From: at(3), To: at(6)}, []int64{5, 4, 3}},
		{"combined", Filter{OrgID: "org-a", ActorID: "u2", Action: "report", From: at(2)}, []int64{2}},
		{"nothing", Filter{OrgID: "org-a", ActorID: "nobody"}, []int64{}},
		{"other organisation", Filter{OrgID: "org-zz"}, []int64{}},
	}
	for _, c := range cases {
		got, next, err := l.List(ctx, c.f)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if fmt.Sprint(seqs(got)) != fmt.Sprint(c.want) || next != "" {
			t.Errorf("%s: seqs %v next %q, want %v", c.name, seqs(got), next, c.want)
		}
		for _, e := range got {
			if e.OrgID != c.f.OrgID {
				t.Errorf("%s: entry of %s in a list of %s", c.name, e.OrgID, c.f.OrgID)
			}
		}
	}
}

func TestListPagesWithoutDuplicates(t *testing.T) {
	ctx := context.Background()
	l, _, clk := newLog(t)
	record(t, l, clk, "org-a", 23)
	f := Filter{OrgID: "org-a", Limit: 5}
	seen := map[int64]bool{}
	pages, last := 0, int64(24)
	for {
		page, next, err := l.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page) > 5 {
			t.Fatalf("page of %d entries, limit 5", len(page))
		}
		for _, e := range page {
			if seen[e.Seq] || e.Seq >= last {
				t.Fatalf("seq %d out of order or repeated", e.Seq)
			}
			seen[e.Seq], last = true, e.Seq
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if len(seen) != 23 || pages != 5 {
		t.Fatalf("walked %d entries in %d pages, want 23 in 5", len(seen), pages)
	}
	// Limits: default and maximum.
	record(t, l, clk, "org-a", 40)
	if page, next, _ := l.List(ctx, Filter{OrgID: "org-a"}); len(page) != DefaultLimit || next == "" {
		t.Fatalf("default page has %d entries", len(page))
	}
	if page, _, _ := l.List(ctx, Filter{OrgID: "org-a", Limit: 10000}); len(page) != 63 {
		t.Fatalf("large limit gave %d entries, want all 63 (below the maximum)", len(page))
	}
}

func TestListRefusesUnscopedAndBadFilters(t *testing.T) {
	ctx := context.Background()
	l, _, clk := newLog(t)
	record(t, l, clk, "org-a", 2)
	cases := []struct {
		f     Filter
		field string
	}{
		{Filter{}, "org_id"},
		{Filter{ActorID: "u1"}, "org_id"},
		{Filter{OrgID: "org-a", System: true}, "org_id"},
		{Filter{OrgID: "org-a", Cursor: "not a cursor"}, "cursor"},
		{Filter{OrgID: "org-a", Cursor: encodeCursor(0)}, "cursor"},
		{Filter{OrgID: "org-a", Limit: -1}, "limit"},
		{Filter{OrgID: "org-a", Action: "report%"}, "action"},
		{Filter{OrgID: "org-a", From: t0.Add(time.Hour), To: t0}, "to"},
	}
	for _, c := range cases {
		_, _, err := l.List(ctx, c.f)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != c.field {
			t.Errorf("List(%+v) = %v, want Invalid on %s", c.f, err, c.field)
		}
	}
	if err := l.Export(ctx, &discard{}, FormatCSV, Filter{}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("Export without organisation = %v", err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
