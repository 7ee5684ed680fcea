package duty_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

func TestValidate(t *testing.T) {
	if err := duty.Validate(viewsOrg(t).in); err != nil {
		t.Fatalf("valid organisation refused: %v", err)
	}
	in := duty.Input{
		Employees: []duty.Employee{
			{ID: "a"}, {ID: "a"}, {ID: ""}, {ID: "b", Start: day(t, "2020-01-01"), End: day(t, "2019-12-31")},
		},
		Steps: []duty.Step{
			{ID: "s", Kind: duty.Decision},
			{ID: "t", Kind: "besluit", MinHolders: -1, RotationMonths: -5, Risk: "groot"},
		},
		StepFunctions: []duty.StepFunction{{StepID: "s", FunctionID: "f"}, {StepID: "x", FunctionID: ""}},
		Assignments: []duty.Assignment{
			{EmployeeID: "a", FunctionID: "f"},
			{EmployeeID: "zz", FunctionID: "", Start: day(t, "2024-01-02"), End: day(t, "2024-01-01")},
		},
		Rules: []duty.ConflictRule{
			{ID: "r", CodeA: "x", CodeB: "y", Risk: duty.Low},
			{ID: "r", CodeA: "x", CodeB: "x", Risk: "hoog"},
			{ID: "q", CodeA: "x", Risk: duty.High},
		},
		Mitigations: []duty.Mitigation{mitigation(t, "k", today), {FindingKey: "k", Control: "c", OwnerID: "o"}},
	}
	err := duty.Validate(in)
	var list apperr.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want a list", err)
	}
	type problem struct {
		Field, Key string
		Row        int
	}
	var got []problem
	for _, e := range list {
		got = append(got, problem{e.Field, e.Key, e.Row})
		if !i18n.Has(e.Key) || e.Code != apperr.Invalid {
			t.Errorf("%+v: want an Invalid error with a catalogue key", e)
		}
	}
	want := []problem{
		{"employees.id", "duty.err.id_duplicate", 2},
		{"employees.id", "duty.err.id_required", 3},
		{"employees.end", "duty.err.end_before_start", 4},
		{"steps.kind", "duty.err.kind_unknown", 2},
		{"steps.min_holders", "duty.err.negative", 2},
		{"steps.rotation_months", "duty.err.negative", 2},
		{"steps.risk", "duty.err.risk_unknown", 2},
		{"step_functions.step", "duty.err.step_unknown", 2},
		{"step_functions.function", "duty.err.function_required", 2},
		{"assignments.employee", "duty.err.employee_unknown", 2},
		{"assignments.function", "duty.err.function_required", 2},
		{"assignments.end", "duty.err.end_before_start", 2},
		{"rules.id", "duty.err.id_duplicate", 2},
		{"rules.code", "duty.err.rule_same_code", 2},
		{"rules.risk", "duty.err.risk_unknown", 2},
		{"rules.code", "duty.err.code_required", 3},
		{"mitigations.until", "duty.err.until_required", 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n%v\nwant\n%v", got, want)
	}
}

// Rows Validate refuses do not break the analysis: they are ignored.
func TestAnalyseIgnoresDanglingRows(t *testing.T) {
	o := newOrg(t).step("s", []string{"f"}).emp("a", "2020-01-01", "").emp("b", "2020-01-01", "")
	o.assign("a", "f", "2024-01-01", "").assign("b", "f", "2024-01-01", "")
	o.in.Assignments = append(o.in.Assignments,
		duty.Assignment{EmployeeID: "ghost", FunctionID: "f", Start: day(t, "2024-01-01")},
		duty.Assignment{EmployeeID: "a", FunctionID: "f", Start: day(t, "2024-01-01"), End: day(t, "2023-01-01")})
	o.in.StepFunctions = append(o.in.StepFunctions, duty.StepFunction{StepID: "gone", FunctionID: "f"},
		duty.StepFunction{StepID: "s", FunctionID: "f"})
	o.in.Rules = []duty.ConflictRule{{ID: "same", CodeA: "x", CodeB: "x", Risk: duty.High}}
	r := duty.Analyse(o.in, day(t, today))
	wantKeys(t, "findings", r.Findings)
}
