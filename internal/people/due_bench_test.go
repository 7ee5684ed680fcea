package people

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// The national training benchmark compares computing every due and overdue
// item from the database — for all organisations, as the reminder job does
// — with the least any database-backed computation must do: read every
// attendance row once. It is opt-in because generating the data takes a
// while: WEERBAAR_BENCH_TRAINING=1 (and WEERBAAR_TEST_POSTGRES for
// PostgreSQL); WEERBAAR_BENCH_ORGS runs fewer than the 342 organisations.
//
// Per organisation: 585 employees in 20 teams (a tenth with an end date,
// half with client contact), two function assignments each, and 9 or 10
// attendance rows per person spread over four of the default requirements
// and the years — over 342 organisations ≈ 200,000 employees and 1,950,000
// attendance rows.
const (
	trainBenchEnv      = "WEERBAAR_BENCH_TRAINING"
	trainBenchTeams    = 20
	trainBenchPeople   = 585
	trainBenchPerHead  = 3 // attendance dates per person for each of three requirements
	trainBenchFunction = 12
)

var trainBenchDay = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

type benchKeep struct{ testing.TB }

var trainCleanups []func()

func (k benchKeep) Cleanup(f func()) { trainCleanups = append(trainCleanups, f) }

func (k benchKeep) TempDir() string {
	dir, err := os.MkdirTemp("", "weerbaar-training-bench")
	if err != nil {
		k.Fatal(err)
	}
	trainCleanups = append(trainCleanups, func() { os.RemoveAll(dir) })
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(trainCleanups) - 1; i >= 0; i-- {
		trainCleanups[i]()
	}
	os.Exit(code)
}

var trainNational struct {
	once sync.Once
	s    *Store
	orgs []string
	err  error
}

func trainingNational(b *testing.B) (*Store, []string) {
	b.Helper()
	if os.Getenv(trainBenchEnv) == "" {
		b.Skip("set " + trainBenchEnv + "=1 to generate the national training data set")
	}
	trainNational.once.Do(func() {
		n := 342
		if v, err := strconv.Atoi(os.Getenv("WEERBAAR_BENCH_ORGS")); err == nil && v > 0 {
			n = v
		}
		ctx := context.Background()
		db := storetest.Open(benchKeep{b})
		clk := clock.NewFake(trainBenchDay.Add(9 * time.Hour))
		s := NewStore(db, clk, audit.New(db, clk), nil, nil)
		began := time.Now()
		for i := range n {
			id, err := generateTrainingOrg(ctx, s, i)
			if err != nil {
				trainNational.err = err
				return
			}
			trainNational.orgs = append(trainNational.orgs, id)
		}
		if _, err := db.Write.ExecContext(ctx, `ANALYZE`); err != nil {
			trainNational.err = err
			return
		}
		trainNational.s = s
		b.Logf("generated %d organisations on %s in %s", n, db.Dialect, time.Since(began).Round(time.Second))
	})
	if trainNational.err != nil {
		b.Fatal(trainNational.err)
	}
	return trainNational.s, trainNational.orgs
}

// generateTrainingOrg writes one organisation with prepared single-row
// inserts in one transaction, and copies in the default requirements.
func generateTrainingOrg(ctx context.Context, s *Store, seed int) (string, error) {
	orgID := store.NewID()
	db := s.db
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`,
		orgID, fmt.Sprintf("gemeente-%d", seed), fmt.Sprintf("Gemeente %d", seed)); err != nil {
		return "", err
	}
	teams := make([]string, trainBenchTeams)
	fns := make([]string, trainBenchFunction)
	people := make([]string, trainBenchPeople)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range teams {
			teams[i] = store.NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, $3, 0, 0)`,
				teams[i], orgID, fmt.Sprintf("Team %d", i)); err != nil {
				return err
			}
		}
		names := []string{"Boa openbare ruimte", "Handhaver bouw", "Bibob-adviseur"}
		for i := range fns {
			fns[i] = store.NewID()
			name := fmt.Sprintf("Functie %d", i)
			if i < len(names) {
				name = names[i]
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO functions (id, org_id, code, name, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0)`,
				fns[i], orgID, fmt.Sprintf("F%d", i), name); err != nil {
				return err
			}
		}
		emp, err := tx.PrepareContext(ctx, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, end_date, client_contact, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0)`)
		if err != nil {
			return err
		}
		defer emp.Close()
		asg, err := tx.PrepareContext(ctx, `INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 0, 0)`)
		if err != nil {
			return err
		}
		defer asg.Close()
		for i := range people {
			people[i] = store.NewID()
			start := trainBenchDay.AddDate(-(i%25)-1, -(i % 12), -(seed % 28)).Format(time.DateOnly)
			end := ""
			if i%10 == 9 {
				end = trainBenchDay.AddDate(0, -(i % 7), 0).Format(time.DateOnly)
			}
			if _, err := emp.ExecContext(ctx, people[i], orgID, strconv.Itoa(10000+i), fmt.Sprintf("Medewerker %d", i), teams[i%trainBenchTeams], start, end, i%2 == 0); err != nil {
				return err
			}
			f1, f2 := fns[i%trainBenchFunction], fns[(i/3+seed)%trainBenchFunction]
			if _, err := asg.ExecContext(ctx, store.NewID(), orgID, people[i], f1, start, trainBenchDay.AddDate(-1, 0, 0).Format(time.DateOnly)); err != nil {
				return err
			}
			if _, err := asg.ExecContext(ctx, store.NewID(), orgID, people[i], f2, trainBenchDay.AddDate(-1, 0, 1).Format(time.DateOnly), ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sc := auth.System(orgID)
	if err := s.ensureDefaults(ctx, sc); err != nil {
		return "", err
	}
	reqs, err := requirementsOf(ctx, db.Read, orgID)
	if err != nil {
		return "", err
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		att, err := tx.PrepareContext(ctx, `INSERT INTO training_attendance (id, org_id, employee_id, requirement_id, date, source, created_at)
			VALUES ($1, $2, $3, $4, $5, 'import', 0)`)
		if err != nil {
			return err
		}
		defer att.Close()
		for i, p := range people {
			// Three requirements with a history of trainings, a fourth
			// once for every second person: 9 or 10 rows, some people
			// stale, some never trained on some requirements.
			for k, r := range reqs[:3] {
				for j := range trainBenchPerHead {
					d := trainBenchDay.AddDate(-j*3-(i+k)%5, -(i % 11), -(k * 3)).Format(time.DateOnly)
					if _, err := att.ExecContext(ctx, store.NewID(), orgID, p, r.ID, d); err != nil {
						return err
					}
				}
			}
			if i%2 == 0 {
				if _, err := att.ExecContext(ctx, store.NewID(), orgID, p, reqs[3].ID, trainBenchDay.AddDate(-(i%4), 0, 0).Format(time.DateOnly)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return orgID, err
}

// BenchmarkReadAttendance is the floor: every attendance row read once.
func BenchmarkReadAttendance(b *testing.B) {
	s, _ := trainingNational(b)
	ctx := context.Background()
	rows := 0
	for b.Loop() {
		rows = 0
		r, err := s.db.Read.QueryContext(ctx, `SELECT id, org_id, employee_id, requirement_id, date, COALESCE(session_id, ''), source, created_at FROM training_attendance`)
		if err != nil {
			b.Fatal(err)
		}
		var id, org, emp, req, date, sess, src string
		var created int64
		for r.Next() {
			if err := r.Scan(&id, &org, &emp, &req, &date, &sess, &src, &created); err != nil {
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

// BenchmarkDueFromDatabase computes every person's due and overdue items
// for every organisation, as the reminder job does: the loader, then the
// engine.
func BenchmarkDueFromDatabase(b *testing.B) {
	s, orgs := trainingNational(b)
	ctx := context.Background()
	people, items, overdue := 0, 0, 0
	for b.Loop() {
		people, items, overdue = 0, 0, 0
		for _, org := range orgs {
			d, err := s.loadDue(ctx, s.db.Read, org, trainBenchDay, "")
			if err != nil {
				b.Fatal(err)
			}
			people += len(d.in.People)
			for _, it := range ComputeDue(d.in) {
				if it.Applicable() {
					items++
				}
				if it.Status == StatusOverdue {
					overdue++
				}
			}
		}
	}
	b.ReportMetric(float64(people), "people/op")
	b.ReportMetric(float64(items), "items/op")
	b.ReportMetric(float64(overdue), "overdue/op")
}
