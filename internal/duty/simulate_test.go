package duty_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
)

// simOrg: Bibob research (held by a and b) and granting (held by c and d);
// step "kas" held only by e.
func simOrg(t *testing.T) *org {
	o := permits(t)
	o.step("kas", []string{"kassier"})
	for _, p := range []string{"a", "b", "c", "d", "e", "f"} {
		o.emp(p, "2020-01-01", "")
	}
	o.assign("a", "bibob", "2024-01-01", "").assign("b", "bibob", "2024-01-01", "")
	o.assign("c", "vergunning", "2024-01-01", "").assign("d", "vergunning", "2024-01-01", "")
	o.assign("e", "kassier", "2024-01-01", "")
	return o
}

func simulate(t *testing.T, o *org, ch duty.Change) duty.Diff {
	t.Helper()
	d, err := duty.Simulate(o.in, ch, day(t, today))
	if err != nil {
		t.Fatalf("simulate: %v", err)
	}
	return d
}

func TestSimulate(t *testing.T) {
	t.Run("a proposed assignment that creates a dubbelzitter", func(t *testing.T) {
		o := simOrg(t)
		d := simulate(t, o, duty.Change{Add: []duty.Assignment{
			{EmployeeID: "a", FunctionID: "vergunning", Start: day(t, "2026-07-01")},
			{EmployeeID: "a", FunctionID: "vergunning", Start: day(t, today)},
		}})
		wantKeys(t, "added", d.Added, duty.KeyConflict("bibob_vergunning", "a"))
		wantKeys(t, "removed", d.Removed)
		if d.After.Total != d.Before.Total+1 {
			t.Errorf("counts before %+v after %+v", d.Before, d.After)
		}
	})
	t.Run("a second holder removes an eenpitter", func(t *testing.T) {
		o := simOrg(t)
		d := simulate(t, o, duty.Change{Add: []duty.Assignment{{EmployeeID: "f", FunctionID: "kassier", Start: day(t, "2026-06-01")}}})
		wantKeys(t, "added", d.Added)
		wantKeys(t, "removed", d.Removed, duty.KeySoleHolder("kas"))
	})
	t.Run("ending an assignment creates an eenpitter and resolves a dubbelzitter", func(t *testing.T) {
		o := simOrg(t)
		o.assign("c", "bibob", "2025-01-01", "")
		d := simulate(t, o, duty.Change{End: []duty.Ending{{AssignmentID: "c:bibob:2025-01-01", End: day(t, "2026-06-14")}}})
		wantKeys(t, "removed", d.Removed, duty.KeyConflict("bibob_vergunning", "c"))
		wantKeys(t, "added", d.Added)
		d = simulate(t, o, duty.Change{End: []duty.Ending{{AssignmentID: "a:bibob:2024-01-01", End: day(t, "2026-06-01")}}})
		wantKeys(t, "added", d.Added)
		wantKeys(t, "removed", d.Removed)
		d = simulate(t, o, duty.Change{End: []duty.Ending{
			{AssignmentID: "a:bibob:2024-01-01", End: day(t, "2026-06-01")},
			{AssignmentID: "b:bibob:2024-01-01", End: day(t, "2026-06-01")},
		}})
		wantKeys(t, "added", d.Added, duty.KeySoleHolder("onderzoek"))
	})
	t.Run("nothing is changed in the input", func(t *testing.T) {
		o := simOrg(t)
		before := append([]duty.Assignment(nil), o.in.Assignments...)
		simulate(t, o, duty.Change{
			Add: []duty.Assignment{{EmployeeID: "f", FunctionID: "kassier", Start: day(t, "2026-06-01")}},
			End: []duty.Ending{{AssignmentID: "e:kassier:2024-01-01", End: day(t, "2026-06-14")}},
		})
		if !reflect.DeepEqual(o.in.Assignments, before) {
			t.Error("Simulate changed the organisation's assignments")
		}
	})
}

func TestSimulateRefusesBadChange(t *testing.T) {
	o := simOrg(t)
	_, err := duty.Simulate(o.in, duty.Change{
		Add: []duty.Assignment{
			{EmployeeID: "a", FunctionID: "kassier", Start: day(t, today)},
			{EmployeeID: "nobody", FunctionID: "", Start: 0},
			{EmployeeID: "a", FunctionID: "kassier", Start: day(t, today), End: day(t, "2026-01-01")},
		},
		End: []duty.Ending{
			{AssignmentID: "no-such-assignment", End: day(t, today)},
			{AssignmentID: "a:bibob:2024-01-01"},
			{AssignmentID: "a:bibob:2024-01-01", End: day(t, "2023-12-31")},
		},
	}, day(t, today))
	var list apperr.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want a list of field errors", err)
	}
	type problem struct {
		Field, Key string
		Row        int
	}
	var got []problem
	for _, e := range list {
		got = append(got, problem{e.Field, e.Key, e.Row})
	}
	want := []problem{
		{"add.employee", "duty.err.employee_unknown", 2},
		{"add.function", "duty.err.function_required", 2},
		{"add.start", "duty.err.start_required", 2},
		{"add.end", "duty.err.end_before_start", 3},
		{"end.assignment", "duty.err.assignment_unknown", 1},
		{"end.end", "duty.err.end_required", 2},
		{"end.end", "duty.err.end_before_start", 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n%v\nwant\n%v", got, want)
	}
}
