package risk

import (
	"context"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ProposedAssignment is a new assignment in a simulation, as typed:
// dates YYYY-MM-DD, End may be empty (open).
type ProposedAssignment struct {
	EmployeeID string
	FunctionID string
	Start      string
	End        string
}

// ProposedEnding gives an existing assignment a last day.
type ProposedEnding struct {
	AssignmentID string
	End          string
}

// Proposal is a change of assignments to try out before making it.
type Proposal struct {
	Add []ProposedAssignment
	End []ProposedEnding
}

// Simulation is what a proposal would do to today's findings.
type Simulation struct {
	Report *Report
	Diff   duty.Diff
}

// Simulate shows which findings a proposed change of assignments would add
// to and remove from today's analysis of the scope's organisation. It
// writes nothing. Problems are field errors named as duty.Simulate names
// them ("add.start", "end.assignment") with the 1-based row; a function of
// another organisation is unknown.
func (s *Store) Simulate(ctx context.Context, sc *auth.Scope, p Proposal) (*Simulation, error) {
	in, err := LoadDutyInput(ctx, sc, s.db)
	if err != nil {
		return nil, err
	}
	var ch duty.Change
	var errs apperr.List
	date := func(field, v string, row int) duty.Date {
		d, err := duty.ParseDate(strings.TrimSpace(v))
		if err != nil {
			e := apperr.FieldErr(field, "duty.err.date_invalid")
			e.Row = row
			errs = append(errs, e)
		}
		return d
	}
	fns, err := functionIDs(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	for i, a := range p.Add {
		fn := strings.TrimSpace(a.FunctionID)
		if fn != "" && !slices.Contains(fns, fn) {
			e := apperr.FieldErr("add.function", "risk.step.function_unknown")
			e.Row = i + 1
			errs = append(errs, e)
		}
		ch.Add = append(ch.Add, duty.Assignment{EmployeeID: strings.TrimSpace(a.EmployeeID), FunctionID: fn,
			Start: date("add.start", a.Start, i+1), End: date("add.end", a.End, i+1)})
	}
	for i, e := range p.End {
		ch.End = append(ch.End, duty.Ending{AssignmentID: strings.TrimSpace(e.AssignmentID), End: date("end.end", e.End, i+1)})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	d, err := duty.Simulate(in, ch, s.dutyToday())
	if err != nil {
		return nil, err
	}
	rep, err := s.report(ctx, sc, in)
	if err != nil {
		return nil, err
	}
	return &Simulation{Report: rep, Diff: d}, nil
}

func functionIDs(ctx context.Context, q store.Querier, orgID string) ([]string, error) {
	m, err := names(ctx, q, `SELECT id, name FROM functions WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	return out, nil
}

// Option is a choice in a simulation form.
type Option struct {
	ID    string
	Label string
}

// SimulationChoices are the employees, functions and current assignments
// the simulation form offers, sorted by label.
type SimulationChoices struct {
	Employees   []Option
	Functions   []Option
	Assignments []Option // assignments still running today
}

// Choices returns what the simulation form offers for the scope's
// organisation.
func (s *Store) Choices(ctx context.Context, sc *auth.Scope) (*SimulationChoices, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	q := s.db.Read
	emps, err := names(ctx, q, `SELECT id, name FROM employees WHERE org_id = $1`, sc.OrgID)
	if err != nil {
		return nil, err
	}
	fns, err := names(ctx, q, `SELECT id, name FROM functions WHERE org_id = $1`, sc.OrgID)
	if err != nil {
		return nil, err
	}
	c := &SimulationChoices{}
	for id, n := range emps {
		c.Employees = append(c.Employees, Option{ID: id, Label: n})
	}
	for id, n := range fns {
		c.Functions = append(c.Functions, Option{ID: id, Label: n})
	}
	today := s.dutyToday().String()
	rows, err := q.QueryContext(ctx, `SELECT a.id, e.name, f.name, a.start_date FROM assignments a
		JOIN employees e ON e.id = a.employee_id AND e.org_id = a.org_id
		JOIN functions f ON f.id = a.function_id AND f.org_id = a.org_id
		WHERE a.org_id = $1 AND (a.end_date = '' OR a.end_date >= $2)`, sc.OrgID, today)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var id, emp, fn, start string
		if err := rows.Scan(&id, &emp, &fn, &start); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		c.Assignments = append(c.Assignments, Option{ID: id, Label: emp + " – " + fn + " (" + displayDay(start) + ")"})
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for _, l := range [][]Option{c.Employees, c.Functions, c.Assignments} {
		slices.SortFunc(l, func(x, y Option) int { return strings.Compare(strings.ToLower(x.Label), strings.ToLower(y.Label)) })
	}
	return c, nil
}
