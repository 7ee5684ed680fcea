package risk_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// The national benchmarks compare the duty analysis straight from the
// database with the least any database-backed analysis must do: read every
// assignment row once. They are opt-in because generating the data takes a
// while: WEERBAAR_BENCH_NATIONAL=1 (and WEERBAAR_TEST_POSTGRES for
// PostgreSQL). WEERBAAR_BENCH_ORGS runs a fraction of the 342
// organisations.
const benchEnv = "WEERBAAR_BENCH_NATIONAL"

// cleanups run when the test binary ends: the national database outlives
// each single benchmark, as both benchmarks read the same one.
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// keep lends a benchmark's testing.TB to storetest but defers its clean-up
// (and its temporary directory) to the end of the binary.
type keep struct{ testing.TB }

func (k keep) Cleanup(f func()) { cleanups = append(cleanups, f) }

func (k keep) TempDir() string {
	dir, err := os.MkdirTemp("", "weerbaar-bench")
	if err != nil {
		k.Fatal(err)
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	return dir
}

var nationalDB struct {
	once sync.Once
	db   *store.DB
	orgs []string
	err  error
}

func national(b *testing.B) (*store.DB, []string) {
	b.Helper()
	if os.Getenv(benchEnv) == "" {
		b.Skip("set " + benchEnv + "=1 to generate the national data set")
	}
	nationalDB.once.Do(func() {
		n := 342
		if v, err := strconv.Atoi(os.Getenv("WEERBAAR_BENCH_ORGS")); err == nil && v > 0 {
			n = v
		}
		ctx := context.Background()
		db := storetest.Open(keep{b})
		began := time.Now()
		for i := range n {
			id, err := generateOrg(ctx, db, i)
			if err != nil {
				nationalDB.err = err
				return
			}
			nationalDB.orgs = append(nationalDB.orgs, id)
		}
		// Fresh statistics, as a database in use would have.
		_, nationalDB.err = db.Write.ExecContext(ctx, `ANALYZE`)
		nationalDB.db = db
		b.Logf("generated %d organisations on %s in %s", n, db.Dialect, time.Since(began).Round(time.Second))
	})
	if nationalDB.err != nil {
		b.Fatal(nationalDB.err)
	}
	return nationalDB.db, nationalDB.orgs
}

func BenchmarkReadAssignments(b *testing.B) {
	db, _ := national(b)
	ctx := context.Background()
	rows := 0
	for b.Loop() {
		rows = 0
		r, err := db.Read.QueryContext(ctx, `SELECT id, org_id, employee_id, function_id, start_date, end_date,
			created_at, updated_at FROM assignments`)
		if err != nil {
			b.Fatal(err)
		}
		var id, org, emp, fn, start, end string
		var created, updated int64
		for r.Next() {
			if err := r.Scan(&id, &org, &emp, &fn, &start, &end, &created, &updated); err != nil {
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
}

// BenchmarkDutyAnalysisFromDatabase runs the national analysis the way an
// operator job does: the batch loader, then the engine per organisation.
func BenchmarkDutyAnalysisFromDatabase(b *testing.B) {
	db, orgs := national(b)
	ctx := context.Background()
	on := duty.DateOf(2026, 3, 2)
	rows, findings := 0, 0
	for b.Loop() {
		rows, findings = 0, 0
		ins, err := risk.LoadDutyInputs(ctx, db, orgs)
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range ins {
			res := duty.Analyse(in, on)
			rows += len(in.Assignments)
			findings += len(res.Findings)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
	b.ReportMetric(float64(findings), "findings/op")
}

// BenchmarkDutyAnalysisPerOrganisation loads each organisation with its own
// scoped load, as a request does, for comparison with the batch loader.
func BenchmarkDutyAnalysisPerOrganisation(b *testing.B) {
	db, orgs := national(b)
	ctx := context.Background()
	on := duty.DateOf(2026, 3, 2)
	rows, findings := 0, 0
	for b.Loop() {
		rows, findings = 0, 0
		for _, org := range orgs {
			in, err := risk.LoadDutyInput(ctx, auth.System(org), db)
			if err != nil {
				b.Fatal(err)
			}
			res := duty.Analyse(in, on)
			rows += len(in.Assignments)
			findings += len(res.Findings)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
	b.ReportMetric(float64(findings), "findings/op")
}
