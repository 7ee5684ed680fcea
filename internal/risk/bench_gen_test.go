package risk_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/store"
)

// The national scale of DESIGN.md §6, per organisation: 585 employees with
// five assignments each (the current functions and a history), about 290
// steps in 30 processes, each performed by two of 150 functions. Over 342
// organisations that is ≈ 200,000 employees, 1,000,000 assignments and
// 100,000 steps.
const (
	genTeams      = 20
	genFunctions  = 150
	genEmployees  = 585
	genPerPerson  = 5
	genProcesses  = 30
	genSteps      = 292
	genBatchParam = 2000 // SQLite binds numbered parameters in time growing with their count
)

// batch collects rows for one multi-row INSERT and flushes when the next
// row would pass the parameter limit.
type batch struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string
	ncol  int
	args  []any
	err   error
	total int
}

func (b *batch) add(vals ...any) {
	if len(b.args)+len(vals) > genBatchParam {
		b.flush()
	}
	b.args = append(b.args, vals...)
}

func (b *batch) flush() {
	if len(b.args) == 0 || b.err != nil {
		b.args = b.args[:0]
		return
	}
	var sb strings.Builder
	sb.WriteString(b.head)
	sb.WriteString(" VALUES ")
	for r := 0; r < len(b.args)/b.ncol; r++ {
		if r > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for c := range b.ncol {
			if c > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "$%d", r*b.ncol+c+1)
		}
		sb.WriteByte(')')
	}
	_, b.err = b.tx.ExecContext(b.ctx, sb.String(), b.args...)
	b.total += len(b.args) / b.ncol
	b.args = b.args[:0]
}

func date(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

// generateOrg writes one organisation of national-scale shape. Two steps
// carry the codes of a default conflict rule so the analysis has work; the
// mix of ended and open periods gives eenpitters, dubbelzitters and
// langzitters in every organisation. seed varies the shape a little.
func generateOrg(ctx context.Context, db *store.DB, seed int) (string, error) {
	orgID := store.NewID()
	return orgID, db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, created_at) VALUES ($1, $2, $3, 0)`,
			orgID, fmt.Sprintf("gemeente-%d", seed), fmt.Sprintf("Gemeente %d", seed)); err != nil {
			return err
		}
		nb := func(head string, ncol int) *batch { return &batch{ctx: ctx, tx: tx, head: head, ncol: ncol} }
		teams := nb(`INSERT INTO teams (id, org_id, name, created_at, updated_at)`, 5)
		teamIDs := make([]string, genTeams)
		for i := range teamIDs {
			teamIDs[i] = store.NewID()
			teams.add(teamIDs[i], orgID, fmt.Sprintf("Team %d", i), 0, 0)
		}
		teams.flush()
		fns := nb(`INSERT INTO functions (id, org_id, code, name, created_at, updated_at)`, 6)
		fnIDs := make([]string, genFunctions)
		for i := range fnIDs {
			fnIDs[i] = store.NewID()
			fns.add(fnIDs[i], orgID, fmt.Sprintf("f%d", i), fmt.Sprintf("Functie %d", i), 0, 0)
		}
		fns.flush()
		emps := nb(`INSERT INTO employees (id, org_id, number, name, team_id, start_date, end_date, created_at, updated_at)`, 9)
		asg := nb(`INSERT INTO assignments (id, org_id, employee_id, function_id, start_date, end_date, created_at, updated_at)`, 8)
		empIDs := make([]string, genEmployees)
		for i := range empIDs {
			id := store.NewID()
			empIDs[i] = id
			end := ""
			if (i+seed)%31 == 0 {
				end = date(2025, 1+i%12, 1+i%28)
			}
			emps.add(id, orgID, fmt.Sprint(i), fmt.Sprintf("Medewerker %d", i), teamIDs[i%genTeams], date(2010+i%10, 1+i%12, 1), end, 0, 0)
		}
		emps.flush() // before the assignments that refer to them
		for i, id := range empIDs {
			for k := range genPerPerson {
				fn := fnIDs[(i*7+k*31+seed)%genFunctions]
				start, stop := date(2012+2*k, 1+(i+k)%12, 1+i%28), date(2013+2*k, 1+(i+k)%12, 1+i%28)
				if k >= 3 {
					// The current functions, held since 2021 to 2025: a
					// few holders pass the rotation norm.
					start, stop = date(2021+(i+k)%5, 1+(i*5+k)%12, 1+i%28), ""
				}
				asg.add(store.NewID(), orgID, id, fn, start, stop, 0, 0)
			}
		}
		procs := nb(`INSERT INTO processes (id, org_id, team_id, code, name, created_at, updated_at)`, 7)
		procIDs := make([]string, genProcesses)
		for i := range procIDs {
			procIDs[i] = store.NewID()
			procs.add(procIDs[i], orgID, teamIDs[i%genTeams], fmt.Sprintf("p%d", i), fmt.Sprintf("Proces %d", i), 0, 0)
		}
		procs.flush()
		steps := nb(`INSERT INTO steps (id, org_id, process_id, code, name, kind, min_holders, four_eyes,
			four_eyes_in_place, rotation_months, object, created_at, updated_at)`, 13)
		links := nb(`INSERT INTO step_functions (org_id, step_id, function_id)`, 3)
		stepIDs := make([]string, genSteps)
		for j := range stepIDs {
			id := store.NewID()
			stepIDs[j] = id
			kind := duty.StepKinds[j%len(duty.StepKinds)]
			code := ""
			switch j % 40 {
			case 0:
				code = duty.CodeBibobResearch
			case 1:
				code = duty.CodeGrantLicence
			}
			minH, rot := kind.Defaults()
			steps.add(id, orgID, procIDs[j%genProcesses], code, fmt.Sprintf("Stap %d", j), string(kind), minH,
				j%5 == 0, j%10 == 0, rot, "", 0, 0)
		}
		steps.flush() // before the links that refer to them
		for j, id := range stepIDs {
			f1, f2 := (j+seed)%genFunctions, (j*13+5+seed)%genFunctions
			links.add(orgID, id, fnIDs[f1])
			if f2 != f1 {
				links.add(orgID, id, fnIDs[f2])
			}
		}
		for _, b := range []*batch{emps, asg, steps, links} {
			b.flush()
			if b.err != nil {
				return b.err
			}
		}
		return nil
	})
}
