// Package duty is the duty analysis engine (functiescheiding): from who holds
// which function when, and which functions perform which process steps, it
// finds eenpitters (steps with too few holders), dubbelzitters (one person
// holding two steps that must be separated), langzitters (one person in a
// sensitive step longer than its rotation norm) and steps that lack a
// required four-eyes control, and tells which findings are covered by a
// mitigating control that is still in force.
//
// The engine is pure Go over in-memory rows: no database, no HTTP, no
// clock. A loader fills an Input by scanning tables row by row; the
// analysis then runs in time linear in the rows (see docs/decisions/0008).
// Everything is for one organisation at a time.
package duty

// StepKind says what a process step does, which sets its default minimum
// of holders and its rotation norm.
type StepKind string

// The step kinds. Decisions and cash and information gates are where
// undermining gets its grip; other steps are not checked by default.
const (
	Decision    StepKind = "decision"
	Cash        StepKind = "cash"
	Information StepKind = "information"
	Other       StepKind = "other"
)

// StepKinds lists the kinds in display order.
var StepKinds = []StepKind{Decision, Cash, Information, Other}

// Defaults from DOMAIN.md §3; every one is configuration per step.
const (
	// DefaultMinHolders is the minimum of active holders of a decision,
	// cash or information step.
	DefaultMinHolders = 2
	// DefaultRotationMonths is the rotation norm of a sensitive step: five
	// years.
	DefaultRotationMonths = 60
	// DefaultMaxGapDays is the longest break in holding a step that still
	// counts as one continuous period for the rotation norm.
	DefaultMaxGapDays = 30
)

// Defaults returns the minimum of holders and the rotation norm in months
// that a new step of kind k starts with: 2 and 60 for gates, 0 and 0 (not
// checked) for other steps.
func (k StepKind) Defaults() (minHolders, rotationMonths int) {
	if k == Other {
		return 0, 0
	}
	return DefaultMinHolders, DefaultRotationMonths
}

// Risk is the weight of a finding.
type Risk string

// The risk levels, shown as laag, midden and hoog.
const (
	Low    Risk = "low"
	Medium Risk = "medium"
	High   Risk = "high"
)

// Risks lists the levels from low to high.
var Risks = []Risk{Low, Medium, High}

// Rank orders risks: 1 for low up to 3 for high, 0 for an unknown value.
func (r Risk) Rank() int {
	switch r {
	case Low:
		return 1
	case Medium:
		return 2
	case High:
		return 3
	}
	return 0
}

// Step is a process step as the analysis needs it.
type Step struct {
	ID        string
	ProcessID string
	TeamID    string // the team that owns the process
	Name      string
	Kind      StepKind
	// Code names the kind of work organisation-wide (e.g. "bibob_onderzoek")
	// so that conflict rules apply to every step that does it; empty when no
	// rule is about this step.
	Code string
	// Object is what the step acts on (e.g. "horeca"), for rules that only
	// conflict for the same object; empty means unspecified.
	Object string
	// MinHolders is the minimum of active holders; 0 means not checked.
	MinHolders int
	// FourEyes says a second person must check the step; FourEyesInPlace
	// says that control exists.
	FourEyes        bool
	FourEyesInPlace bool
	// RotationMonths is the rotation norm; 0 means the step is not
	// sensitive and nobody becomes a langzitter in it.
	RotationMonths int
	// Risk is the weight of findings about this step (eenpitter, langzitter,
	// missing four-eyes), typically from the process register's risk
	// score; empty counts as Medium.
	Risk Risk
}

// StepFunction says that holders of a function perform a step: one row of
// the many-to-many link between steps and functions.
type StepFunction struct {
	StepID     string
	FunctionID string
}

// Employee is a medewerker. Start and End bound the employment, both days
// included; an End before the analysis day means the person has left and
// holds nothing any more, whatever their assignments say.
type Employee struct {
	ID     string
	Name   string
	TeamID string
	Start  Date
	End    Date
}

// Assignment is one period in which an employee holds a function. Start and
// End are included; a zero Start means "since before the records", a zero
// End means open.
type Assignment struct {
	ID         string
	EmployeeID string
	FunctionID string
	Start      Date
	End        Date
}

// ConflictRule says that one person must not hold a step with CodeA and a
// step with CodeB at the same time.
type ConflictRule struct {
	ID    string
	CodeA string
	CodeB string
	// SameObject limits the rule to steps that act on the same object (for
	// example supervision and licensing of horeca); a step with an empty
	// Object counts as the same object as any other.
	SameObject bool
	Risk       Risk
	Name       string // short label, e.g. "Bibob-onderzoek en vergunning verlenen"
	Rationale  string // why the two must be separated
}

// Mitigation accepts a finding with a control that makes up for it, under an
// owner, until a day (included). After that day the finding is open again.
type Mitigation struct {
	FindingKey string
	Control    string
	OwnerID    string
	Until      Date
}

// Input is everything the analysis of one organisation reads. Every slice
// is a straight scan of one table. Order never changes the result; the
// analysis is fastest when employees and steps come ORDER BY id, links
// ORDER BY step, and assignments ORDER BY employee and start.
type Input struct {
	Employees     []Employee
	Steps         []Step
	StepFunctions []StepFunction
	Assignments   []Assignment
	Rules         []ConflictRule
	Mitigations   []Mitigation
	// MaxGapDays is the longest break, in days, between two holding periods
	// of a step that still counts as continuous for the rotation norm. Zero
	// means DefaultMaxGapDays; a negative value allows no break at all
	// (only overlapping and adjacent periods join).
	MaxGapDays int
}

func (in *Input) maxGap() int {
	switch {
	case in.MaxGapDays == 0:
		return DefaultMaxGapDays
	case in.MaxGapDays < 0:
		return 0
	}
	return in.MaxGapDays
}
