package council_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/scan"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

// scanMaturity is the benchmark's evidence: the scan store's
// MaturityForOrgs, converted as internal/app's councilEvidence does.
type scanMaturity struct {
	*fakeEvidence
	s *scan.Store
}

func (e scanMaturity) MaturityForOrgs(ctx context.Context, orgIDs []string) (map[string]*council.Maturity, error) {
	list, err := e.s.MaturityForOrgs(ctx, orgIDs, scan.KeyPillars)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*council.Maturity, len(list))
	for org, m := range list {
		cm := &council.Maturity{HeldOn: m.HeldOn}
		for _, s := range m.Scores {
			cm.Pillars = append(cm.Pillars, council.PillarScore{Key: s.PillarKey, Name: s.Pillar, Value: s.Value, Has: s.HasValue()})
		}
		cm.Overall, cm.HasOverall = scan.Overall(m.Scores)
		out[org] = cm
	}
	return out, nil
}

// BenchmarkNationalBenchmark computes the regional benchmark's maturity
// part for one organisation against all others at national scale — 342
// organisations, all opted in, each with two finalised Vijf pijlers scans
// a year apart and a concept — and compares it with the bare aggregate
// queries it rests on: the participants, their finalised scans and the
// answers of the latest ones, read and discarded. The indicator part is
// package plan's and measured in its own benchmark. Opt-in like the other
// national benchmarks: WEERBAAR_BENCH_NATIONAL=1 (and
// WEERBAAR_TEST_POSTGRES for PostgreSQL); WEERBAAR_BENCH_ORGS changes the
// number of organisations.
func BenchmarkNationalBenchmark(b *testing.B) {
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
	f, _ := scan.Default(scan.KeyPillars)
	def, err := json.Marshal(f)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for i := range orgs {
		id, err := genCouncilOrg(ctx, db, i, string(def), f)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := db.Write.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d organisations (%d scans) on %s in %s", orgs, 3*orgs, db.Dialect, time.Since(began).Round(time.Second))
	clk := &fixedClock{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	s := council.NewStore(db, clk, audit.New(db, clk))
	s.SetEvidence(scanMaturity{fakeEvidence: &fakeEvidence{}, s: scan.NewStore(db, clk, nil)})
	sc := &auth.Scope{OrgID: ids[0], UserID: "bench", Roles: []auth.Role{auth.Coordinator}, MFA: true}

	b.Run("bare-queries", func(b *testing.B) {
		rows := 0
		for b.Loop() {
			rows = bareBenchmarkQueries(ctx, b, db)
		}
		b.ReportMetric(float64(rows), "rows/op")
	})
	b.Run("benchmark", func(b *testing.B) {
		var res *council.Benchmark
		for b.Loop() {
			if res, err = s.Benchmark(ctx, sc, 2026); err != nil {
				b.Fatal(err)
			}
		}
		if len(res.Maturity) != 6 || !res.Maturity[0].Enough || res.Maturity[0].Others.N != orgs-1 {
			b.Fatalf("benchmark did not compare with every other organisation: %+v", res.Maturity[0])
		}
	})
}

// bareBenchmarkQueries runs the queries the benchmark rests on and only
// reads their rows: the participants, their finalised organisation-wide
// scans (newest first per organisation), and the answers of the newest.
func bareBenchmarkQueries(ctx context.Context, b *testing.B, db *store.DB) int {
	rows := 0
	var orgIDs []any
	r, err := db.Read.QueryContext(ctx, `SELECT org_id FROM council_settings WHERE benchmark = $1 ORDER BY org_id`, true)
	if err != nil {
		b.Fatal(err)
	}
	for r.Next() {
		var id string
		if err := r.Scan(&id); err != nil {
			b.Fatal(err)
		}
		orgIDs = append(orgIDs, id)
		rows++
	}
	r.Close()
	marks := make([]string, len(orgIDs))
	for i := range orgIDs {
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	r, err = db.Read.QueryContext(ctx, `SELECT id, org_id, definition, title, held_on, target_level FROM scans
		WHERE fw_key = $1 AND team_id = '' AND status = 'afgerond' AND org_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY org_id, held_on DESC, finalised_at DESC`, append([]any{scan.KeyPillars}, orgIDs...)...)
	if err != nil {
		b.Fatal(err)
	}
	var latest []any
	last := ""
	for r.Next() {
		var id, org, def, title, held string
		var target int
		if err := r.Scan(&id, &org, &def, &title, &held, &target); err != nil {
			b.Fatal(err)
		}
		if org != last {
			latest, last = append(latest, id), org
		}
		rows++
	}
	r.Close()
	marks = marks[:0]
	for i := range latest {
		marks = append(marks, "$"+strconv.Itoa(i+1))
	}
	r, err = db.Read.QueryContext(ctx, `SELECT scan_id, question_key, level, action_id FROM scan_answers WHERE level > 0 AND scan_id IN (`+strings.Join(marks, ", ")+`)`, latest...)
	if err != nil {
		b.Fatal(err)
	}
	for r.Next() {
		var id, key, action string
		var level int
		if err := r.Scan(&id, &key, &level, &action); err != nil {
			b.Fatal(err)
		}
		rows++
	}
	r.Close()
	return rows
}

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

// genCouncilOrg writes one organisation that takes part in the benchmark,
// with two finalised Vijf pijlers scans a year apart (every question
// answered 1–5) and a concept scan.
func genCouncilOrg(ctx context.Context, db *store.DB, seed int, def string, f scan.Framework) (string, error) {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	orgID := store.NewID()
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`,
		orgID, fmt.Sprintf("raad-%03d", seed), fmt.Sprintf("Gemeente %03d", seed)); err != nil {
		return "", err
	}
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO council_settings (org_id, benchmark, updated_by, updated_at) VALUES ($1, $2, 'bench', 0)`, orgID, true); err != nil {
		return "", err
	}
	for k, sc := range []struct{ on, status string }{{"2025-05-01", "afgerond"}, {"2026-05-01", "afgerond"}, {"2026-10-01", "concept"}} {
		id := store.NewID()
		final := int64(0)
		if sc.status == "afgerond" {
			final = int64(k + 1)
		}
		if _, err := db.Write.ExecContext(ctx, `INSERT INTO scans (id, org_id, fw_key, definition, team_id, title, target_level, status, held_on, created_by, created_at, updated_at, finalised_at)
			VALUES ($1, $2, $3, $4, '', $5, 3, $6, $7, 'bench', 0, 0, $8)`, id, orgID, scan.KeyPillars, def, "Scan "+sc.on, sc.status, sc.on, final); err != nil {
			return "", err
		}
		var sb strings.Builder
		var args []any
		sb.WriteString(`INSERT INTO scan_answers (id, org_id, scan_id, question_key, level, updated_at) VALUES `)
		n := 0
		for _, p := range f.Pillars {
			for _, q := range p.Questions {
				if n > 0 {
					sb.WriteByte(',')
				}
				b := len(args)
				fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, 0)", b+1, b+2, b+3, b+4, b+5)
				args = append(args, store.NewID(), orgID, id, q.Key, 1+rng.IntN(5))
				n++
			}
		}
		if _, err := db.Write.ExecContext(ctx, sb.String(), args...); err != nil {
			return "", err
		}
	}
	return orgID, nil
}
