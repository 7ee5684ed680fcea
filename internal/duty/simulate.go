package duty

import (
	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Change is a proposed change of assignments, not yet saved.
type Change struct {
	Add []Assignment // new assignments; their ID may be empty
	End []Ending     // existing assignments given a (new) end date
}

// Ending sets the last day (included) of an existing assignment.
type Ending struct {
	AssignmentID string
	End          Date
}

// Diff is what a change would do to the findings on the day.
type Diff struct {
	Added   []Finding // findings the change would create
	Removed []Finding // findings the change would resolve
	Before  Counts
	After   Counts
}

// Simulate shows which findings a proposed change of assignments would add
// and which it would remove on day on, before anything is saved. It runs the
// whole analysis before and after: for one organisation that costs a few
// milliseconds, and it cannot miss an effect (a new holder can end an
// eenpitter, start a dubbelzitter and extend a langzitter's tenure at once).
// A change that names an unknown employee or assignment, or has impossible
// dates, is refused with every problem listed: Field is "add.<column>" or
// "end.<column>" and Row the 1-based position in Add or End.
func Simulate(in Input, ch Change, on Date) (Diff, error) {
	if err := checkChange(&in, ch); err != nil {
		return Diff{}, err
	}
	ends := make(map[string]Date, len(ch.End))
	for _, e := range ch.End {
		ends[e.AssignmentID] = e.End
	}
	after := in
	after.Assignments = make([]Assignment, 0, len(in.Assignments)+len(ch.Add))
	for _, a := range in.Assignments {
		if end, ok := ends[a.ID]; ok {
			a.End = end
		}
		after.Assignments = append(after.Assignments, a)
	}
	after.Assignments = append(after.Assignments, ch.Add...)

	before, now := Analyse(in, on), Analyse(after, on)
	d := Diff{Before: before.Counts(), After: now.Counts()}
	d.Added = minus(now.Findings, before.Findings)
	d.Removed = minus(before.Findings, now.Findings)
	return d, nil
}

// minus returns the findings of a whose key is not in b, in a's order.
func minus(a, b []Finding) []Finding {
	keys := make(map[string]bool, len(b))
	for i := range b {
		keys[b[i].Key] = true
	}
	var out []Finding
	for _, f := range a {
		if !keys[f.Key] {
			out = append(out, f)
		}
	}
	return out
}

func checkChange(in *Input, ch Change) error {
	var errs apperr.List
	emps := make(map[string]bool, len(in.Employees))
	for _, e := range in.Employees {
		emps[e.ID] = true
	}
	for i, a := range ch.Add {
		row := i + 1
		if !emps[a.EmployeeID] {
			errs = append(errs, rowErr("add.employee", "duty.err.employee_unknown", row))
		}
		if a.FunctionID == "" {
			errs = append(errs, rowErr("add.function", "duty.err.function_required", row))
		}
		if a.Start == 0 {
			errs = append(errs, rowErr("add.start", "duty.err.start_required", row))
		} else if a.End != 0 && a.End < a.Start {
			errs = append(errs, rowErr("add.end", "duty.err.end_before_start", row))
		}
	}
	if len(ch.End) > 0 {
		starts := make(map[string]Date, len(in.Assignments))
		for _, a := range in.Assignments {
			if a.ID != "" {
				starts[a.ID] = a.Start
			}
		}
		for i, e := range ch.End {
			row := i + 1
			start, ok := starts[e.AssignmentID]
			switch {
			case !ok:
				errs = append(errs, rowErr("end.assignment", "duty.err.assignment_unknown", row))
			case e.End == 0:
				errs = append(errs, rowErr("end.end", "duty.err.end_required", row))
			case e.End < start:
				errs = append(errs, rowErr("end.end", "duty.err.end_before_start", row))
			}
		}
	}
	return errs.Err()
}

func rowErr(field, key string, row int) *apperr.Error {
	e := apperr.FieldErr(field, key)
	e.Row = row
	return e
}
