package audit

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// BenchmarkRecord measures one append inside a caller's transaction, the
// cost every audited change pays.
func BenchmarkRecord(b *testing.B) {
	ctx := context.Background()
	l, db, clk := newLog(b)
	e := entry("org-a", "u1", "report.update", "report", "r1")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clk.Advance(time.Millisecond)
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return l.Record(ctx, tx, e) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify walks a log of 5,000 entries in 5 chains and reports the
// cost per entry.
func BenchmarkVerify(b *testing.B) {
	ctx := context.Background()
	l, db, clk := newLog(b)
	const chains, per = 5, 1000
	for c := 0; c < chains; c++ {
		org := string(rune('a'+c)) + "-org"
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			for i := 0; i < per; i++ {
				clk.Advance(time.Millisecond)
				if err := l.Record(ctx, tx, entry(org, "u1", "report.read", "report", "r1")); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if br, err := l.Verify(ctx); err != nil || br != nil {
			b.Fatalf("Verify = %+v, %v", br, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*chains*per), "ns/entry")
}
