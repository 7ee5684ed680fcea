package duty_test

import (
	"runtime"
	"sync"
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
)

// The national scale of DESIGN.md §6: 342 municipalities of 585 employees
// (≈ 200,000), about five assignments each (≈ 1,000,000, the current one
// and a history) and about 290 steps each (≈ 100,000). The analysis runs
// per organisation, as the application runs it, and the benchmark sums the
// 342 runs.
const (
	nationalOrgs      = 342
	nationalEmployees = 585
)

var national struct {
	once sync.Once
	orgs []generated
}

func nationalData(b *testing.B) []generated {
	b.Helper()
	national.once.Do(func() {
		for i := range nationalOrgs {
			national.orgs = append(national.orgs, generate(uint64(1000+i), genParams{
				employees: nationalEmployees, sole: 3, conflict: 3, long: 4, fourEyes: 3, mitigate: true,
			}))
		}
	})
	var emps, steps, rows int
	for _, g := range national.orgs {
		emps += len(g.in.Employees)
		steps += len(g.in.Steps)
		rows += len(g.in.Assignments)
	}
	b.Logf("%d organisations, %d employees, %d steps, %d assignments", len(national.orgs), emps, steps, rows)
	// Start every benchmark with the generator's garbage collected, so
	// that no collection left over from the previous one runs in its time.
	runtime.GC()
	return national.orgs
}

var sink int

// BenchmarkAnalyseNational is the full duty analysis of every organisation
// in the country, from the in-memory rows to sorted findings with their
// mitigations.
func BenchmarkAnalyseNational(b *testing.B) {
	orgs := nationalData(b)
	findings := 0
	for b.Loop() {
		findings = 0
		for _, g := range orgs {
			findings += len(duty.Analyse(g.in, g.on).Findings)
		}
	}
	b.ReportMetric(float64(findings), "findings")
}

// BenchmarkScanAssignments is the baseline: one pass over the same
// assignment rows that touches every field and nothing else.
func BenchmarkScanAssignments(b *testing.B) {
	orgs := nationalData(b)
	for b.Loop() {
		n := 0
		for _, g := range orgs {
			for i := range g.in.Assignments {
				a := &g.in.Assignments[i]
				n += len(a.ID) + int(a.EmployeeID[0]) + int(a.FunctionID[0]) + int(a.Start) + int(a.End)
			}
		}
		sink += n
	}
}

// BenchmarkScanInput is a second reference: one pass over every row the
// analysis reads (employees, steps, step-function links and assignments),
// touching every field it uses.
func BenchmarkScanInput(b *testing.B) {
	orgs := nationalData(b)
	for b.Loop() {
		n := 0
		for _, g := range orgs {
			for i := range g.in.Employees {
				e := &g.in.Employees[i]
				n += int(e.ID[0]) + len(e.TeamID) + int(e.Start) + int(e.End)
			}
			for i := range g.in.Steps {
				s := &g.in.Steps[i]
				n += int(s.ID[0]) + len(s.TeamID) + len(s.Code) + s.MinHolders + s.RotationMonths
			}
			for i := range g.in.StepFunctions {
				l := &g.in.StepFunctions[i]
				n += int(l.StepID[0]) + int(l.FunctionID[0])
			}
			for i := range g.in.Assignments {
				a := &g.in.Assignments[i]
				n += len(a.ID) + int(a.EmployeeID[0]) + int(a.FunctionID[0]) + int(a.Start) + int(a.End)
			}
		}
		sink += n
	}
}

// BenchmarkAnalyseOrganisation is one municipality: what a page of the
// duty analysis costs.
func BenchmarkAnalyseOrganisation(b *testing.B) {
	g := generate(1, genParams{employees: nationalEmployees, sole: 3, conflict: 3, long: 4, fourEyes: 3, mitigate: true})
	for b.Loop() {
		sink += len(duty.Analyse(g.in, g.on).Findings)
	}
}

// BenchmarkSimulateOrganisation is one proposed change in one
// municipality: two full analyses and the difference.
func BenchmarkSimulateOrganisation(b *testing.B) {
	g := generate(1, genParams{employees: nationalEmployees, sole: 3, conflict: 3, long: 4, fourEyes: 3, mitigate: true})
	ch := duty.Change{Add: []duty.Assignment{{EmployeeID: g.in.Employees[0].ID, FunctionID: g.in.StepFunctions[0].FunctionID, Start: g.on}}}
	for b.Loop() {
		d, err := duty.Simulate(g.in, ch, g.on)
		if err != nil {
			b.Fatal(err)
		}
		sink += len(d.Added)
	}
}
