package duty

import (
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Validate checks an Input for rows the analysis would have to ignore or
// could misread: missing or repeated ids, references to unknown employees
// or steps, periods that end before they start, unknown kinds and risks,
// negative norms, rules without two different codes, and mitigations
// without control, owner or end date. Each problem names the table and
// column as Field ("assignments.end") and the 1-based row; all problems
// are returned at once. Analyse does not need a valid Input, but its
// result is only as good as the rows.
func Validate(in Input) error {
	var errs apperr.List
	add := func(field, key string, row int) { errs = append(errs, rowErr(field, key, row)) }

	emps := make(map[string]bool, len(in.Employees))
	for i, e := range in.Employees {
		checkID(&errs, emps, "employees.id", e.ID, i+1)
		if e.End != 0 && e.End < e.Start {
			add("employees.end", "duty.err.end_before_start", i+1)
		}
	}
	steps := make(map[string]bool, len(in.Steps))
	for i, s := range in.Steps {
		row := i + 1
		checkID(&errs, steps, "steps.id", s.ID, row)
		if !slices.Contains(StepKinds, s.Kind) {
			add("steps.kind", "duty.err.kind_unknown", row)
		}
		if s.MinHolders < 0 {
			add("steps.min_holders", "duty.err.negative", row)
		}
		if s.RotationMonths < 0 {
			add("steps.rotation_months", "duty.err.negative", row)
		}
		if s.Risk != "" && s.Risk.Rank() == 0 {
			add("steps.risk", "duty.err.risk_unknown", row)
		}
	}
	for i, l := range in.StepFunctions {
		if !steps[l.StepID] {
			add("step_functions.step", "duty.err.step_unknown", i+1)
		}
		if l.FunctionID == "" {
			add("step_functions.function", "duty.err.function_required", i+1)
		}
	}
	for i, a := range in.Assignments {
		if !emps[a.EmployeeID] {
			add("assignments.employee", "duty.err.employee_unknown", i+1)
		}
		if a.FunctionID == "" {
			add("assignments.function", "duty.err.function_required", i+1)
		}
		if a.End != 0 && a.End < a.Start {
			add("assignments.end", "duty.err.end_before_start", i+1)
		}
	}
	rules := make(map[string]bool, len(in.Rules))
	for i, r := range in.Rules {
		row := i + 1
		checkID(&errs, rules, "rules.id", r.ID, row)
		switch {
		case r.CodeA == "" || r.CodeB == "":
			add("rules.code", "duty.err.code_required", row)
		case r.CodeA == r.CodeB:
			add("rules.code", "duty.err.rule_same_code", row)
		}
		if r.Risk.Rank() == 0 {
			add("rules.risk", "duty.err.risk_unknown", row)
		}
	}
	for i, m := range in.Mitigations {
		errs = append(errs, checkMitigation(m, "mitigations.", i+1)...)
	}
	return errs.Err()
}

// CheckMitigation checks a mitigation someone is about to record: it needs
// the finding it accepts, a described control, an owner and an end date.
// Fields are named as in a form: finding_key, control, owner, until.
func CheckMitigation(m Mitigation) error {
	return apperr.List(checkMitigation(m, "", 0)).Err()
}

func checkMitigation(m Mitigation, prefix string, row int) apperr.List {
	var errs apperr.List
	if m.FindingKey == "" {
		errs = append(errs, rowErr(prefix+"finding_key", "duty.err.finding_required", row))
	}
	if m.Control == "" {
		errs = append(errs, rowErr(prefix+"control", "duty.err.control_required", row))
	}
	if m.OwnerID == "" {
		errs = append(errs, rowErr(prefix+"owner", "duty.err.owner_required", row))
	}
	if m.Until == 0 {
		errs = append(errs, rowErr(prefix+"until", "duty.err.until_required", row))
	}
	return errs
}

func checkID(errs *apperr.List, seen map[string]bool, field, id string, row int) {
	switch {
	case id == "":
		*errs = append(*errs, rowErr(field, "duty.err.id_required", row))
	case seen[id]:
		*errs = append(*errs, rowErr(field, "duty.err.id_duplicate", row))
	default:
		seen[id] = true
	}
}
