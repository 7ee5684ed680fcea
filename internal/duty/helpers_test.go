package duty_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
)

// today is the analysis day of the hand-built organisations.
const today = "2026-06-15"

func day(t testing.TB, s string) duty.Date {
	t.Helper()
	d, err := duty.ParseDate(s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d
}

// org builds a small organisation by hand: employees, steps, which
// functions perform which steps, and assignments, with dates written as
// strings relative to nothing but the calendar.
type org struct {
	t  testing.TB
	in duty.Input
}

func newOrg(t testing.TB) *org { return &org{t: t} }

// emp adds an employee in team "t-"+id employed from start to end ("" open).
func (o *org) emp(id, start, end string) *org {
	o.in.Employees = append(o.in.Employees, duty.Employee{
		ID: id, Name: "Medewerker " + id, TeamID: "team-" + id, Start: day(o.t, start), End: day(o.t, end),
	})
	return o
}

// step adds a decision step with the default norms (2 holders, 60 months),
// performed by the given functions, then lets opts change it.
func (o *org) step(id string, fns []string, opts ...func(*duty.Step)) *org {
	minH, rot := duty.Decision.Defaults()
	s := duty.Step{ID: id, ProcessID: "proc", TeamID: "team-of-" + id, Name: "Stap " + id, Kind: duty.Decision,
		MinHolders: minH, RotationMonths: rot}
	for _, f := range opts {
		f(&s)
	}
	o.in.Steps = append(o.in.Steps, s)
	for _, fn := range fns {
		o.in.StepFunctions = append(o.in.StepFunctions, duty.StepFunction{StepID: id, FunctionID: fn})
	}
	return o
}

// assign gives employee emp function fn from start to end ("" open).
func (o *org) assign(emp, fn, start, end string) *org {
	o.in.Assignments = append(o.in.Assignments, duty.Assignment{
		ID: emp + ":" + fn + ":" + start, EmployeeID: emp, FunctionID: fn, Start: day(o.t, start), End: day(o.t, end),
	})
	return o
}

func (o *org) analyse(on string) duty.Result {
	o.t.Helper()
	if err := duty.Validate(o.in); err != nil {
		o.t.Fatalf("hand-built organisation is invalid: %v", err)
	}
	return duty.Analyse(o.in, day(o.t, on))
}

func code(c string) func(*duty.Step)    { return func(s *duty.Step) { s.Code = c } }
func object(x string) func(*duty.Step)  { return func(s *duty.Step) { s.Object = x } }
func minHolders(n int) func(*duty.Step) { return func(s *duty.Step) { s.MinHolders = n } }
func rotation(m int) func(*duty.Step)   { return func(s *duty.Step) { s.RotationMonths = m } }
func kind(k duty.StepKind) func(*duty.Step) {
	return func(s *duty.Step) {
		s.Kind = k
		s.MinHolders, s.RotationMonths = k.Defaults()
	}
}

func keys(fs []duty.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Key)
	}
	return out
}

func ofKind(r duty.Result, k duty.Kind) []duty.Finding {
	var out []duty.Finding
	for _, f := range r.Findings {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

func wantKeys(t *testing.T, what string, got []duty.Finding, want ...string) {
	t.Helper()
	if want == nil {
		want = []string{}
	}
	if g := keys(got); !slices.Equal(g, want) {
		t.Errorf("%s: findings %q, want %q", what, g, want)
	}
}
