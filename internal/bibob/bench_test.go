package bibob

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// BenchmarkNationalSplitting compares the splitting detection for every
// organisation (DetectAll: one scan of the applications, grouped per
// organisation, sorted by location, union-find over parties, sliding
// window) with a bare scan of the same columns of the applications table —
// the least any detection from the database must do. The data set is
// national: 342 organisations × 2,924 applications ≈ 1,000,000. It is
// opt-in because generating it takes minutes: WEERBAAR_BENCH_NATIONAL=1
// (and WEERBAAR_TEST_POSTGRES for PostgreSQL); WEERBAAR_BENCH_ORGS runs a
// fraction of the organisations. Both sub-benchmarks read the same data,
// generated once.
func BenchmarkNationalSplitting(b *testing.B) {
	if os.Getenv("WEERBAAR_BENCH_NATIONAL") == "" {
		b.Skip("set WEERBAAR_BENCH_NATIONAL=1 to generate the national data set")
	}
	orgs := 342
	if v, err := strconv.Atoi(os.Getenv("WEERBAAR_BENCH_ORGS")); err == nil && v > 0 {
		orgs = v
	}
	ctx := context.Background()
	db := storetest.Open(b)
	began := time.Now()
	for i := range orgs {
		if err := genBibobOrg(ctx, db, i); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.Write.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d organisations (%d applications) on %s in %s", orgs, orgs*bibobPerOrg, db.Dialect, time.Since(began).Round(time.Second))
	s := NewStore(db, nil, nil, nil)

	b.Run("bare-scan", func(b *testing.B) {
		rows := 0
		for b.Loop() {
			rows = 0
			r, err := db.Read.QueryContext(ctx, `SELECT org_id, id, app_type, address, plot, address_key, applicant_key, party_keys, amount_cents, received_on FROM bibob_applications`)
			if err != nil {
				b.Fatal(err)
			}
			var org, id, typ, address, plot, key, applicant, parties, received string
			var amount int64
			for r.Next() {
				if err := r.Scan(&org, &id, &typ, &address, &plot, &key, &applicant, &parties, &amount, &received); err != nil {
					b.Fatal(err)
				}
				rows++
			}
			if err := r.Err(); err != nil {
				b.Fatal(err)
			}
			r.Close()
		}
		b.ReportMetric(float64(rows), "rows/op")
	})
	b.Run("detect-all", func(b *testing.B) {
		groups, flagged := 0, 0
		for b.Loop() {
			var err error
			if groups, flagged, err = s.DetectAll(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if groups == 0 {
			b.Fatal("the generated data has no split groups; the detection did no work")
		}
		b.ReportMetric(float64(groups), "groups/op")
		b.ReportMetric(float64(flagged), "flagged/op")
	})
}

// bibobPerOrg applications per organisation: 342 × 2,924 ≈ 1,000,000.
const bibobPerOrg = 2924

// genBibobOrg writes one organisation with its policy and applications in
// multi-row INSERTs: 1,500 addresses, 800 applicants with KvK numbers, a
// related party on a third of the applications, amounts up to €900,000
// over four years; one application in ten comes back to the plot of an
// earlier applicant, so that groups cross the threshold.
func genBibobOrg(ctx context.Context, db *store.DB, seed int) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 5))
	orgID := store.NewID()
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`,
		orgID, fmt.Sprintf("bibob-%03d", seed), fmt.Sprintf("Gemeente %03d", seed)); err != nil {
		return err
	}
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO bibob_policies (org_id, types, threshold_cents, risk_threshold_cents, risk_areas, window_months, tranche, updated_on, changed_by, changed_at)
		VALUES ($1, $2, 50000000, 5000000, 'Havenkwartier', 12, 'tranche2_2022', '2023-01-01', 'bench', 0)`, orgID, strings.Join(Types, ",")); err != nil {
		return err
	}
	const cols = 19
	const perStmt = 2000 / cols
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		var sb strings.Builder
		sb.WriteString(`INSERT INTO bibob_applications (id, org_id, case_number, app_type, applicant, applicant_kvk, applicant_key, parties, party_keys,
			address, plot, address_key, amount_cents, received_on, decision_due, source, created_by, created_at, updated_at) VALUES `)
		for r := 0; r < len(args)/cols; r++ {
			if r > 0 {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for c := range cols {
				if c > 0 {
					sb.WriteByte(',')
				}
				fmt.Fprintf(&sb, "$%d", r*cols+c+1)
			}
			sb.WriteByte(')')
		}
		_, err := db.Write.ExecContext(ctx, sb.String(), args...)
		args = args[:0]
		return err
	}
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	type prev struct{ a, addr int }
	var seen []prev
	for i := range bibobPerOrg {
		typ := Types[rng.IntN(len(Types))]
		if rng.IntN(2) == 0 {
			typ = "omgevingsvergunning" // most Bibob work is building
		}
		a, addr := rng.IntN(800), rng.IntN(1500)
		if len(seen) > 0 && rng.IntN(10) == 0 { // the applicant comes back to the same plot
			p := seen[rng.IntN(len(seen))]
			a, addr = p.a, p.addr
		}
		seen = append(seen, prev{a, addr})
		applicant, kvk := fmt.Sprintf("Aanvrager %d B.V.", a), fmt.Sprintf("%08d", 10_000_000+seed*1000+a)
		address := fmt.Sprintf("Straat %d, %04d AB Gemeente %03d", addr, 1000+seed, seed)
		var parties, keys string
		if rng.IntN(3) == 0 {
			p := rng.IntN(800)
			pk := fmt.Sprintf("%08d", 10_000_000+seed*1000+p)
			parties, keys = fmt.Sprintf("Aanvrager %d B.V. (%s)", p, pk), "kvk:"+pk
		}
		amount := int64(rng.IntN(900_000)) * 100
		received := start.AddDate(0, 0, rng.IntN(4*365)).Format(time.DateOnly)
		args = append(args, store.NewID(), orgID, fmt.Sprintf("Z-%06d", i), typ, applicant, kvk, "kvk:"+kvk, parties, keys,
			address, "", addressKey(address, ""), amount, received, "", "import", "bench", 0, 0)
		if len(args)/cols >= perStmt {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
