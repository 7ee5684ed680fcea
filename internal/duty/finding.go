package duty

// Kind is the type of a finding.
type Kind string

// The finding kinds, with their Dutch names.
const (
	SoleHolder      Kind = "sole_holder"       // eenpitter
	Conflict        Kind = "conflict"          // dubbelzitter
	LongHolder      Kind = "long_holder"       // langzitter
	MissingFourEyes Kind = "missing_four_eyes" // vier-ogen ontbreekt
)

// Kinds lists the finding kinds in the order results are sorted and shown.
var Kinds = []Kind{SoleHolder, Conflict, LongHolder, MissingFourEyes}

func (k Kind) rank() int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// Finding is one thing the analysis found.
type Finding struct {
	// Key identifies the finding across runs, so that a mitigation keeps
	// applying to it: the kind and the ids involved, joined by "/" (see
	// the Key… functions). Steps added to a conflict do not change its key.
	Key  string
	Kind Kind
	Risk Risk
	// TeamID is the team that must act: the step's team for step findings,
	// the employee's team for person findings.
	TeamID  string
	StepIDs []string // sorted
	// EmployeeID is the person of a dubbelzitter or langzitter finding.
	EmployeeID string

	// For an eenpitter: the active holders there are (fewer than
	// MinHolders, sorted) and the minimum.
	Holders    []string
	MinHolders int

	// For a dubbelzitter: the rule that is broken, with its name and
	// rationale copied for display.
	RuleID    string
	RuleName  string
	Rationale string

	// For a langzitter: the first day of the continuous holding and the
	// step's norm.
	Since      Date
	NormMonths int

	// Mitigated is true while a mitigation for Key is in force on the day
	// of the analysis. Mitigation is that mitigation, or the most recent
	// expired one, in which case Reopened is true.
	Mitigated  bool
	Reopened   bool
	Mitigation *Mitigation
}

// KeySoleHolder is the key of the eenpitter finding of a step.
func KeySoleHolder(stepID string) string { return string(SoleHolder) + "/" + stepID }

// KeyConflict is the key of the dubbelzitter finding of an employee under a
// rule, whichever steps are involved.
func KeyConflict(ruleID, employeeID string) string {
	return string(Conflict) + "/" + ruleID + "/" + employeeID
}

// KeyLongHolder is the key of the langzitter finding of an employee in a
// step.
func KeyLongHolder(stepID, employeeID string) string {
	return string(LongHolder) + "/" + stepID + "/" + employeeID
}

// KeyMissingFourEyes is the key of the missing four-eyes finding of a step.
func KeyMissingFourEyes(stepID string) string { return string(MissingFourEyes) + "/" + stepID }

// Result is the outcome of one analysis.
type Result struct {
	On       Date
	Findings []Finding // sorted by kind (in Kinds order), then key
	// Stale lists mitigations still in force whose finding no longer
	// occurs, so that their owners can end them.
	Stale []Mitigation
}
