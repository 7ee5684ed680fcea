package bibob_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
	"github.com/weerbaar/weerbaar/internal/vault/vaulttest"
)

// The national interventions benchmark builds the year × type table of
// every one of 342 organisations from about 200,000 interventions and
// compares it with the least any database-backed table must do: one
// grouped count over the whole table. It is opt-in because generating the
// data takes a while: WEERBAAR_BENCH_INTERVENTIONS=1 (and
// WEERBAAR_TEST_POSTGRES for PostgreSQL); WEERBAAR_BENCH_ORGS runs fewer
// organisations.
const ivBenchEnv = "WEERBAAR_BENCH_INTERVENTIONS"

const (
	ivBenchOrgs  = 342
	ivBenchTotal = 200_000
	ivFirstYear  = 2012
	ivLastYear   = 2026
)

func BenchmarkInterventionsTableNational(b *testing.B) {
	if os.Getenv(ivBenchEnv) == "" {
		b.Skip("set " + ivBenchEnv + "=1 to generate ~200,000 interventions in 342 organisations")
	}
	orgs := ivBenchOrgs
	if v, err := strconv.Atoi(os.Getenv("WEERBAAR_BENCH_ORGS")); err == nil && v > 0 && v < orgs {
		orgs = v
	}
	ctx := context.Background()
	db := storetest.Open(b)
	clk := clock.NewFake(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	s := bibob.NewStore(db, clk, audit.New(db, clk), vaulttest.New(b, db))
	start := time.Now()
	ids, n := ivGenerate(b, ctx, db, orgs, ivBenchTotal*orgs/ivBenchOrgs)
	b.Logf("generated %d interventions in %d organisations in %s", n, len(ids), time.Since(start).Round(time.Millisecond))

	b.Run("table-all-orgs", func(b *testing.B) {
		for b.Loop() {
			total := 0
			for _, id := range ids {
				f, err := s.Figures(ctx, auth.System(id), ivFirstYear, ivLastYear)
				if err != nil {
					b.Fatal(err)
				}
				total += f.Total
			}
			if total != n {
				b.Fatalf("tables count %d, want %d", total, n)
			}
		}
	})
	b.Run("bare-grouped-count", func(b *testing.B) {
		for b.Loop() {
			rows, err := db.Read.QueryContext(ctx, `SELECT org_id, kind, year, COUNT(*) FROM interventions GROUP BY org_id, kind, year`)
			if err != nil {
				b.Fatal(err)
			}
			total := 0
			for rows.Next() {
				var org, kind string
				var year, c int
				if err := rows.Scan(&org, &kind, &year, &c); err != nil {
					b.Fatal(err)
				}
				total += c
			}
			rows.Close()
			if total != n {
				b.Fatalf("count %d, want %d", total, n)
			}
		}
	})
}

// ivGenerate inserts organisations and total interventions spread over
// them, kinds and years, in batched multi-row inserts. Notes are empty:
// the table never opens them.
func ivGenerate(b *testing.B, ctx context.Context, db *store.DB, orgs, total int) ([]string, int) {
	rng := rand.New(rand.NewPCG(5, 342))
	ids := make([]string, orgs)
	for i := range ids {
		ids[i] = store.NewID()
		if _, err := db.Write.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`,
			ids[i], fmt.Sprintf("gemeente-%03d", i), fmt.Sprintf("Gemeente %03d", i)); err != nil {
			b.Fatal(err)
		}
	}
	const batch = 500
	const cols = 9
	var sb strings.Builder
	args := make([]any, 0, batch*cols)
	flush := func() {
		if len(args) == 0 {
			return
		}
		sb.Reset()
		sb.WriteString(`INSERT INTO interventions (id, org_id, kind, occurred_on, year, legal_basis, object_address, outcome, key_id,
			note, created_by, created_at, updated_at) VALUES `)
		for r := 0; r < len(args)/cols; r++ {
			if r > 0 {
				sb.WriteString(", ")
			}
			p := r*cols + 1
			fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, '', $%d, 'bench', 0, 0)", p, p+1, p+2, p+3, p+4, p+5, p+6, p+7, p+8)
		}
		if _, err := db.Write.ExecContext(ctx, sb.String(), args...); err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	for i := range total {
		kind := bibob.InterventionKinds[rng.IntN(len(bibob.InterventionKinds))]
		year := ivFirstYear + rng.IntN(ivLastYear-ivFirstYear+1)
		day := fmt.Sprintf("%04d-%02d-%02d", year, 1+rng.IntN(12), 1+rng.IntN(28))
		args = append(args, store.NewID(), ids[i%orgs], kind, day, year, "apv", "Adres "+strconv.Itoa(i), "uitgevoerd", []byte{})
		if len(args) == batch*cols {
			flush()
		}
	}
	flush()
	return ids, total
}
