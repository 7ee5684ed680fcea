package plan_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/store"
)

// The indicators benchmark puts a national load in one database: 342
// organisations, each with 100 reports over two years (40% decided, some
// open past a term), 30 actions, 10 teams of which 6 have a mapped process
// of two steps, 5 functions, 60 employees with an assignment each, two
// training duties with attendance for half the staff, 10 Bibob screenings
// and 10 interventions. The rows are written directly with multi-row
// INSERTs in one transaction (random bytes where the application keeps
// ciphertext). It compares computing all computed indicators for all
// organisations (IndicatorsForOrgs, through the application's wiring) with
// the bare grouped aggregate queries they rest on, for all organisations at
// once — target ≤ 3× (docs/performance.md, "Goals and indicators").
const benchOrgs = 342

type benchEnv struct {
	h    *apptest.Harness
	orgs []string
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// bulk inserts rows into table in multi-row INSERTs.
func bulk(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	per := max(1, 20000/len(cols)/10)
	for len(rows) > 0 {
		n := min(per, len(rows))
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
		args := make([]any, 0, n*len(cols))
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := range cols {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + strconv.Itoa(len(args)+j+1))
			}
			b.WriteString(")")
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	h := apptest.New(b)
	e := &benchEnv{h: h}
	ctx := h.Ctx
	first := h.Org("gemeente-0")
	owner := h.User(first, "coord", auth.Coordinator)
	now := h.Clock.Now()
	nowMs := store.Millis(now)
	day := int64(24 * time.Hour / time.Millisecond)
	blob := randomBytes(64)
	began := time.Now()
	err := h.App.DB.Tx(ctx, func(tx *sql.Tx) error {
		if h.App.DB.Dialect == store.SQLite {
			if _, err := tx.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
				return err
			}
		}
		e.orgs = append(e.orgs, first.ID)
		var orgRows [][]any
		for i := 1; i < benchOrgs; i++ {
			id := store.NewID()
			e.orgs = append(e.orgs, id)
			orgRows = append(orgRows, []any{id, fmt.Sprintf("gemeente-%d", i), fmt.Sprintf("Gemeente %d", i), 0})
		}
		if err := bulk(ctx, tx, "organisations", []string{"id", "slug", "name", "created_at"}, orgRows); err != nil {
			return err
		}
		var reports, actions, teams, processes, steps, functions, stepFns, employees, assigns, reqs, attend, apps, screens, ivs [][]any
		for oi, org := range e.orgs {
			for r := range 100 {
				received := nowMs - int64(r)*7*day // two years, a report a week
				status, decided, ackDue := "received", int64(0), received+5*day
				if r%5 < 2 {
					status, decided = "decided_local", received+int64(r%30+1)*day
				}
				reports = append(reports, []any{store.NewID(), org, fmt.Sprintf("M-%d", r), "undermining", "online", status, "k", blob,
					received, decided, ackDue, 0, 0, received, received})
			}
			for a := range 30 {
				due := now.AddDate(0, 0, a*7-100).Format(time.DateOnly)
				status, done := "open", int64(0)
				if a%3 == 0 {
					status, done = "done", nowMs-int64(a)*day
				}
				actions = append(actions, []any{store.NewID(), org, "Actie", owner.ID, due, status, done, owner.ID, nowMs, nowMs})
			}
			var teamIDs, fnIDs []string
			for t := range 10 {
				id := store.NewID()
				teamIDs = append(teamIDs, id)
				teams = append(teams, []any{id, org, fmt.Sprintf("Team %d", t), nowMs, nowMs})
			}
			for f := range 5 {
				id := store.NewID()
				fnIDs = append(fnIDs, id)
				functions = append(functions, []any{id, org, fmt.Sprintf("F%d", f), fmt.Sprintf("Functie %d", f), nowMs, nowMs})
			}
			for p := range 6 {
				pid := store.NewID()
				processes = append(processes, []any{pid, org, teamIDs[p], fmt.Sprintf("P%d", p), "Proces", nowMs, nowMs})
				for s := range 2 {
					sid := store.NewID()
					steps = append(steps, []any{sid, org, pid, "Stap", "decision", 2, nowMs, nowMs})
					stepFns = append(stepFns, []any{org, sid, fnIDs[(p+s)%5]})
				}
			}
			var reqIDs []string
			for q := range 2 {
				id := store.NewID()
				reqIDs = append(reqIDs, id)
				reqs = append(reqs, []any{id, org, fmt.Sprintf("T%d", q), "Training", "all", 3, 24, nowMs, nowMs})
			}
			for p := range 60 {
				id := store.NewID()
				employees = append(employees, []any{id, org, strconv.Itoa(p), "Medewerker", teamIDs[p%10], "2020-01-01", nowMs, nowMs})
				assigns = append(assigns, []any{store.NewID(), org, id, fnIDs[p%5], "2020-01-01", nowMs, nowMs})
				if p%2 == 0 {
					attend = append(attend, []any{store.NewID(), org, id, reqIDs[p%4/2], "2025-06-01", "hand", nowMs})
				}
			}
			for a := range 10 {
				aid := store.NewID()
				at := nowMs - int64(a)*40*day
				apps = append(apps, []any{aid, org, fmt.Sprintf("HV-%d-%d", oi, a), "drank_horecavergunning", "Aanvrager", "naam:x", "adres:y", "2026-01-01", "hand", owner.ID, at, at})
				screens = append(screens, []any{store.NewID(), org, aid, "2026-01-01", "k", blob, blob, owner.ID, at, at})
				occurred := now.AddDate(0, 0, -a*60)
				ivs = append(ivs, []any{store.NewID(), org, "sluiting", occurred.Format(time.DateOnly), occurred.Year(), "apv", "Adres", "k", blob, owner.ID, at, at})
			}
		}
		for _, t := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"reports", []string{"id", "org_id", "reference", "category", "channel", "status", "key_id", "title", "received_at", "decided_at", "ack_due", "triage_due", "feedback_due", "created_at", "updated_at"}, reports},
			{"actions", []string{"id", "org_id", "title", "owner_id", "due_date", "status", "done_at", "created_by", "created_at", "updated_at"}, actions},
			{"teams", []string{"id", "org_id", "name", "created_at", "updated_at"}, teams},
			{"functions", []string{"id", "org_id", "code", "name", "created_at", "updated_at"}, functions},
			{"processes", []string{"id", "org_id", "team_id", "code", "name", "created_at", "updated_at"}, processes},
			{"steps", []string{"id", "org_id", "process_id", "name", "kind", "min_holders", "created_at", "updated_at"}, steps},
			{"step_functions", []string{"org_id", "step_id", "function_id"}, stepFns},
			{"training_requirements", []string{"id", "org_id", "code", "name", "audience", "first_months", "refresh_months", "created_at", "updated_at"}, reqs},
			{"employees", []string{"id", "org_id", "number", "name", "team_id", "start_date", "created_at", "updated_at"}, employees},
			{"assignments", []string{"id", "org_id", "employee_id", "function_id", "start_date", "created_at", "updated_at"}, assigns},
			{"training_attendance", []string{"id", "org_id", "employee_id", "requirement_id", "date", "source", "created_at"}, attend},
			{"bibob_applications", []string{"id", "org_id", "case_number", "app_type", "applicant", "applicant_key", "address_key", "received_on", "source", "created_by", "created_at", "updated_at"}, apps},
			{"bibob_screenings", []string{"id", "org_id", "application_id", "questionnaire_on", "key_id", "findings", "motivation", "screened_by", "created_at", "updated_at"}, screens},
			{"interventions", []string{"id", "org_id", "kind", "occurred_on", "year", "legal_basis", "object_address", "key_id", "note", "created_by", "created_at", "updated_at"}, ivs},
		} {
			if err := bulk(ctx, tx, t.table, t.cols, t.rows); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if h.App.DB.Dialect == store.Postgres {
		if _, err := h.App.DB.Write.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: loaded %d organisations in %s", h.App.DB.Dialect, len(e.orgs), time.Since(began).Round(time.Millisecond))
	return e
}

// bare runs the grouped aggregate queries the indicators rest on, for all
// organisations at once: per organisation the reports received, the
// handling-time histogram, the open reports past a term, the screenings and
// interventions, the teams with a mapped process, the actions overdue and
// done, and the rows the training and duty computations count over
// (employees per team, attendance per person and duty, holders per step).
func bare(b *testing.B, e *benchEnv, year int) {
	ctx := e.h.Ctx
	from := store.Millis(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC))
	to := store.Millis(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	now := store.Millis(e.h.Clock.Now())
	today := e.h.Clock.Now().Format(time.DateOnly)
	queries := []struct {
		q    string
		args []any
	}{
		{`SELECT org_id, COUNT(*) FROM reports WHERE received_at >= $1 AND received_at < $2 GROUP BY org_id`, []any{from, to}},
		{`SELECT org_id, (decided_at - received_at) / 86400000 AS d, COUNT(*) FROM reports WHERE decided_at >= $1 AND decided_at < $2 AND decided_at > 0 GROUP BY org_id, d`, []any{from, to}},
		{`SELECT org_id, COUNT(*) FROM reports WHERE destroyed_at = 0 AND status = 'received' AND ack_due > 0 AND ack_due <= $1 GROUP BY org_id`, []any{now}},
		{`SELECT org_id, COUNT(*) FROM bibob_screenings WHERE created_at >= $1 AND created_at < $2 GROUP BY org_id`, []any{from, to}},
		{`SELECT org_id, COUNT(*) FROM interventions WHERE year = $1 GROUP BY org_id`, []any{year}},
		{`SELECT t.org_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM processes p WHERE p.org_id = t.org_id AND p.team_id = t.id) THEN 1 ELSE 0 END) FROM teams t GROUP BY t.org_id`, nil},
		{`SELECT org_id, COUNT(*) FROM actions WHERE status IN ('open', 'in_progress') AND due_date < $1 GROUP BY org_id`, []any{today}},
		{`SELECT org_id, COUNT(*) FROM actions WHERE status = 'done' AND done_at >= $1 AND done_at < $2 GROUP BY org_id`, []any{from, to}},
		{`SELECT org_id, team_id, COUNT(*) FROM employees WHERE start_date <= $1 AND (end_date = '' OR end_date >= $1) GROUP BY org_id, team_id`, []any{today}},
		{`SELECT org_id, employee_id, requirement_id, MAX(date) FROM training_attendance WHERE date <= $1 GROUP BY org_id, employee_id, requirement_id`, []any{today}},
		{`SELECT sf.org_id, sf.step_id, COUNT(*) FROM step_functions sf JOIN assignments a ON a.org_id = sf.org_id AND a.function_id = sf.function_id GROUP BY sf.org_id, sf.step_id`, nil},
	}
	for _, q := range queries {
		rows, err := e.h.App.DB.Read.QueryContext(ctx, q.q, q.args...)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
	}
}

func BenchmarkIndicators(b *testing.B) {
	e := newBenchEnv(b)
	year := e.h.Clock.Now().Year()
	// A sanity check that the load is what the indicators see.
	all, err := e.h.App.Plan.IndicatorsForOrgs(e.h.Ctx, e.orgs, year)
	if err != nil {
		b.Fatal(err)
	}
	for _, v := range all[e.orgs[1]] {
		if (v.Key == plan.KeyMappedTeams && v.Value != 60) || (v.Key == plan.KeyInterventions && v.Value == 0) || !v.Known && v.Key != plan.KeyHandlingDays {
			b.Fatalf("unexpected figure for the load: %+v", v)
		}
	}
	b.Run("all-orgs/IndicatorsForOrgs", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.h.App.Plan.IndicatorsForOrgs(e.h.Ctx, e.orgs, year); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all-orgs/bare-aggregates", func(b *testing.B) {
		for b.Loop() {
			bare(b, e, year)
		}
	})
	b.Run("one-org/Indicators", func(b *testing.B) {
		sc := &auth.Scope{OrgID: e.orgs[1], UserID: "bench", Roles: []auth.Role{auth.Coordinator}, MFA: true}
		for b.Loop() {
			if _, err := e.h.App.Plan.Indicators(e.h.Ctx, sc, year); err != nil {
				b.Fatal(err)
			}
		}
	})
}
