package risk

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// batchOrgs bounds the organisations one batch query names, well below
// both databases' parameter limits and small enough that PostgreSQL sorts a
// batch in memory.
const batchOrgs = 100

// LoadDutyInputs reads the duty-analysis input of many organisations at
// once, for operators and background jobs (the national benchmark, a
// nightly run): per batch of organisations it reads each of the six tables
// once instead of six queries per organisation, and splits the rows per
// organisation while they stream in. The result per organisation equals
// LoadDutyInput's, in the same order.
//
// It takes no user scope on purpose: it crosses organisations, so no
// request handler may call it; the web layer only ever calls the scoped
// LoadDutyInput and Store.Analyse. Organisations without rows get an input
// with only the rules; duplicate ids are read once.
func LoadDutyInputs(ctx context.Context, db *store.DB, orgIDs []string) (map[string]duty.Input, error) {
	out := make(map[string]duty.Input, len(orgIDs))
	var batch []string
	for _, id := range orgIDs {
		if _, seen := out[id]; seen || id == "" {
			continue
		}
		out[id] = duty.Input{}
		batch = append(batch, id)
	}
	for len(batch) > 0 {
		n := min(len(batch), batchOrgs)
		if err := loadBatch(ctx, db, batch[:n], out); err != nil {
			return nil, err
		}
		batch = batch[n:]
	}
	return out, nil
}

// AnalyseAll runs the duty analysis of many organisations on a day, for
// operators and background jobs only (see LoadDutyInputs).
func AnalyseAll(ctx context.Context, db *store.DB, orgIDs []string, on duty.Date) (map[string]duty.Result, error) {
	ins, err := LoadDutyInputs(ctx, db, orgIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[string]duty.Result, len(ins))
	for id, in := range ins {
		out[id] = duty.Analyse(in, on)
	}
	return out, nil
}

// loadBatch fills out for the organisations in orgs from one read-only
// transaction, so that the tables agree with each other.
func loadBatch(ctx context.Context, db *store.DB, orgs []string, out map[string]duty.Input) error {
	opts := &sql.TxOptions{ReadOnly: true}
	collate := ""
	if db.Dialect == store.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
		collate = ` COLLATE "C"`
	}
	tx, err := db.Read.BeginTx(ctx, opts)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer func() { _ = tx.Rollback() }()
	ins := make(map[string]*duty.Input, len(orgs))
	for _, id := range orgs {
		ins[id] = &duty.Input{}
	}
	b := batchLoader{ctx: ctx, q: tx, ins: ins, collate: collate}
	b.args = make([]any, len(orgs))
	marks := make([]string, len(orgs))
	for i, id := range orgs {
		b.args[i] = id
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	b.in = "(" + strings.Join(marks, ", ") + ")"
	for _, load := range []func() error{b.employees, b.assignments, b.steps, b.links, b.rules, b.mitigations} {
		if err := load(); err != nil {
			return err
		}
	}
	for id, in := range ins {
		out[id] = *in
	}
	return nil
}

// batchLoader reads the rows of several organisations and files them per
// organisation in LoadDutyInput's order (steps sorted by the database,
// employees, assignments and links sorted after reading), so each
// organisation's slice is built exactly as the single-organisation loader
// builds it.
type batchLoader struct {
	ctx     context.Context
	q       store.Querier
	ins     map[string]*duty.Input
	in      string // "($1, …, $n)"
	args    []any
	collate string
}

// scan runs query and calls each with the input of the row's organisation,
// which is the first column; rows of an organisation come together, so the
// lookup happens once per organisation, not per row.
func (b *batchLoader) scan(query string, dest []any, each func(*duty.Input) error) error {
	rows, err := b.q.QueryContext(b.ctx, query, b.args...)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var org, last string
	var in *duty.Input
	dest = append([]any{&org}, dest...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if in == nil || org != last {
			if in = b.ins[org]; in == nil {
				// The query names only the batch's organisations.
				return apperr.New(apperr.Internal, "store.query_failed")
			}
			last = org
		}
		if err := each(in); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return nil
}

func (b *batchLoader) employees() error {
	var e duty.Employee
	var start, end string
	err := b.scan(`SELECT org_id, id, name, team_id, start_date, end_date FROM employees
		WHERE org_id IN `+b.in,
		[]any{&e.ID, &e.Name, &e.TeamID, &start, &end}, func(in *duty.Input) error {
			var err error
			if e.Start, e.End, err = dates(start, end); err != nil {
				return err
			}
			in.Employees = append(in.Employees, e)
			return nil
		})
	for _, in := range b.ins {
		slices.SortFunc(in.Employees, func(x, y duty.Employee) int { return strings.Compare(x.ID, y.ID) })
	}
	return err
}

func (b *batchLoader) assignments() error {
	var a duty.Assignment
	var start, end string
	// The big tables are read unordered and sorted here per organisation
	// (strings.Compare is bytewise, as COLLATE "C"): PostgreSQL sorting
	// all of a batch's rows costs more than reading them, sorting a few
	// thousand per organisation in Go almost nothing. Dates are ISO text,
	// so their order is Start's order.
	err := b.scan(`SELECT org_id, id, employee_id, function_id, start_date, end_date FROM assignments
		WHERE org_id IN `+b.in,
		[]any{&a.ID, &a.EmployeeID, &a.FunctionID, &start, &end}, func(in *duty.Input) error {
			var err error
			if a.Start, a.End, err = dates(start, end); err != nil {
				return err
			}
			in.Assignments = append(in.Assignments, a)
			return nil
		})
	for _, in := range b.ins {
		slices.SortFunc(in.Assignments, func(x, y duty.Assignment) int {
			if c := strings.Compare(x.EmployeeID, y.EmployeeID); c != 0 {
				return c
			}
			if c := cmp.Compare(x.Start, y.Start); c != 0 {
				return c
			}
			return strings.Compare(x.ID, y.ID)
		})
	}
	return err
}

func (b *batchLoader) steps() error {
	var s duty.Step
	return b.scan(`SELECT s.org_id, s.id, s.process_id, p.team_id, s.name, s.kind, s.code, s.object, s.min_holders,
		s.four_eyes, s.four_eyes_in_place, s.rotation_months
		FROM steps s JOIN processes p ON p.id = s.process_id AND p.org_id = s.org_id
		WHERE s.org_id IN `+b.in+` ORDER BY s.org_id`+b.collate+`, s.id`+b.collate,
		[]any{&s.ID, &s.ProcessID, &s.TeamID, &s.Name, &s.Kind, &s.Code, &s.Object, &s.MinHolders,
			&s.FourEyes, &s.FourEyesInPlace, &s.RotationMonths}, func(in *duty.Input) error {
			in.Steps = append(in.Steps, s)
			return nil
		})
}

func (b *batchLoader) links() error {
	var sf duty.StepFunction
	err := b.scan(`SELECT org_id, step_id, function_id FROM step_functions
		WHERE org_id IN `+b.in,
		[]any{&sf.StepID, &sf.FunctionID}, func(in *duty.Input) error {
			in.StepFunctions = append(in.StepFunctions, sf)
			return nil
		})
	for _, in := range b.ins {
		slices.SortFunc(in.StepFunctions, func(x, y duty.StepFunction) int {
			if c := strings.Compare(x.StepID, y.StepID); c != 0 {
				return c
			}
			return strings.Compare(x.FunctionID, y.FunctionID)
		})
	}
	return err
}

// rules files each organisation's active conflict rules, or the shipped
// defaults for an organisation that stored none, as LoadDutyInput does.
func (b *batchLoader) rules() error {
	var r duty.ConflictRule
	var active bool
	stored := make(map[*duty.Input]bool, len(b.ins))
	err := b.scan(`SELECT org_id, `+ruleColumns+` FROM conflict_rules
		WHERE org_id IN `+b.in+` ORDER BY org_id`+b.collate+`, rule_key`+b.collate,
		[]any{&r.ID, &r.CodeA, &r.CodeB, &r.SameObject, &r.Risk, &r.Name, &r.Rationale, &active}, func(in *duty.Input) error {
			stored[in] = true
			if active {
				in.Rules = append(in.Rules, r)
			}
			return nil
		})
	for _, in := range b.ins {
		if !stored[in] {
			in.Rules = duty.DefaultRules(i18n.NL)
		}
	}
	return err
}

// mitigations files each organisation's latest mitigation per finding key,
// as LoadDutyInput does: the rows are sorted per organisation after
// reading, newest first within a key, and the older ones dropped.
func (b *batchLoader) mitigations() error {
	type row struct {
		m       duty.Mitigation
		created int64
		id      string
	}
	all := make(map[*duty.Input][]row)
	var x row
	var until string
	err := b.scan(`SELECT org_id, finding_key, control, owner_id, valid_until, created_at, id FROM duty_mitigations
		WHERE org_id IN `+b.in,
		[]any{&x.m.FindingKey, &x.m.Control, &x.m.OwnerID, &until, &x.created, &x.id}, func(in *duty.Input) error {
			var err error
			if x.m.Until, err = duty.ParseDate(until); err != nil {
				return apperr.New(apperr.Internal, "risk.load.bad_date")
			}
			all[in] = append(all[in], x)
			return nil
		})
	if err != nil {
		return err
	}
	for in, rows := range all {
		slices.SortFunc(rows, func(p, q row) int {
			if c := strings.Compare(p.m.FindingKey, q.m.FindingKey); c != 0 {
				return c
			}
			if c := cmp.Compare(q.created, p.created); c != 0 {
				return c
			}
			return strings.Compare(q.id, p.id)
		})
		for _, r := range rows {
			if n := len(in.Mitigations); n > 0 && in.Mitigations[n-1].FindingKey == r.m.FindingKey {
				continue
			}
			in.Mitigations = append(in.Mitigations, r.m)
		}
	}
	return nil
}
