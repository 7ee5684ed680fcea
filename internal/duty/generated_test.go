package duty_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
)

// In generated organisations of several sizes and seeds the analysis finds
// exactly the planted findings, nothing else, each in the state its
// mitigations give it; and the stale acceptances are reported.
func TestGeneratedOrganisation(t *testing.T) {
	for _, p := range []genParams{
		{employees: 100, sole: 1, conflict: 1, long: 1, fourEyes: 1},
		{employees: 250, sole: 4, conflict: 7, long: 6, fourEyes: 5, mitigate: true},
		{employees: 585, sole: 9, conflict: 14, long: 12, fourEyes: 8, mitigate: true},
		{employees: 2000, sole: 20, conflict: 21, long: 40, fourEyes: 30, mitigate: true},
	} {
		for seed := uint64(1); seed <= 5; seed++ {
			t.Run(fmt.Sprintf("%d employees seed %d", p.employees, seed), func(t *testing.T) {
				g := generate(seed, p)
				if err := duty.Validate(g.in); err != nil {
					t.Fatalf("generated organisation is invalid: %v", err)
				}
				r := duty.Analyse(g.in, g.on)
				checkPlanted(t, g, r)
				// Any order of the rows gives the same result.
				rng := rand.New(rand.NewPCG(seed, 99))
				in := g.in
				in.Employees = shuffled(rng, in.Employees)
				in.Steps = shuffled(rng, in.Steps)
				in.StepFunctions = shuffled(rng, in.StepFunctions)
				in.Assignments = shuffled(rng, in.Assignments)
				if !reflect.DeepEqual(duty.Analyse(in, g.on), r) {
					t.Error("the result changes when the rows are shuffled")
				}
				if n := len(g.want); n < p.sole+p.conflict+p.long+p.fourEyes {
					t.Fatalf("only %d findings planted", n)
				}
			})
		}
	}
}

func checkPlanted(t *testing.T, g generated, r duty.Result) {
	t.Helper()
	found := map[string]bool{}
	for _, f := range r.Findings {
		found[f.Key] = true
		want, planted := g.want[f.Key]
		if !planted {
			t.Errorf("found %s, which was not planted: %+v", f.Key, f)
			continue
		}
		got := open
		switch {
		case f.Mitigated:
			got = mitigated
		case f.Reopened:
			got = reopened
		}
		if got != want {
			t.Errorf("%s: state %d, want %d", f.Key, got, want)
		}
	}
	for k := range g.want {
		if !found[k] {
			t.Errorf("planted %s not found", k)
		}
	}
	var stale []string
	for _, m := range r.Stale {
		stale = append(stale, m.FindingKey)
	}
	if g.stale != nil && !slices.Equal(stale, g.stale) {
		t.Errorf("stale %v, want %v", stale, g.stale)
	}
	if !slices.IsSortedFunc(r.Findings, func(a, b duty.Finding) int {
		if c := slices.Index(duty.Kinds, a.Kind) - slices.Index(duty.Kinds, b.Kind); c != 0 {
			return c
		}
		return compareStrings(a.Key, b.Key)
	}) {
		t.Error("findings are not sorted by kind and key")
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Simulating the removal of every planted conflict and the addition of a
// second holder to every planted eenpitter removes exactly those findings.
func TestGeneratedSimulation(t *testing.T) {
	g := generate(7, genParams{employees: 400, sole: 6, conflict: 7, long: 4, fourEyes: 2})
	r := duty.Analyse(g.in, g.on)
	byID := map[string]duty.Assignment{}
	for _, a := range g.in.Assignments {
		byID[a.ID] = a
	}
	var ch duty.Change
	var want []string
	second := g.in.Employees[0].ID
	for _, f := range r.Findings {
		switch f.Kind {
		case duty.SoleHolder:
			for _, sf := range g.in.StepFunctions {
				if sf.StepID == f.StepIDs[0] {
					ch.Add = append(ch.Add, duty.Assignment{EmployeeID: second, FunctionID: sf.FunctionID, Start: g.on})
					ch.Add = append(ch.Add, duty.Assignment{EmployeeID: g.in.Employees[1].ID, FunctionID: sf.FunctionID, Start: g.on})
				}
			}
			want = append(want, f.Key)
		case duty.Conflict:
			// End the newest assignment of the person: the planted one.
			var newest duty.Assignment
			for _, a := range g.in.Assignments {
				if a.EmployeeID == f.EmployeeID && a.Start > newest.Start && a.End == 0 {
					newest = a
				}
			}
			ch.End = append(ch.End, duty.Ending{AssignmentID: newest.ID, End: g.on.AddDays(-1)})
			want = append(want, f.Key)
		}
	}
	d, err := duty.Simulate(g.in, ch, g.on)
	if err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "removed", d.Removed, want...)
	// Two new holders of sole-holder steps get no new findings: their
	// steps are new to them and no rule covers them.
	wantKeys(t, "added", d.Added)
}

// Analyses running at the same time (one per request) do not disturb
// each other through the pooled working state.
func TestConcurrentAnalyses(t *testing.T) {
	var gs []generated
	var want []duty.Result
	for seed := uint64(1); seed <= 6; seed++ {
		g := generate(seed, genParams{employees: 150 + 50*int(seed), sole: 2, conflict: 2, long: 2, fourEyes: 2, mitigate: true})
		gs = append(gs, g)
		want = append(want, duty.Analyse(g.in, g.on))
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for k := range 30 {
				i := (w + k) % len(gs)
				if got := duty.Analyse(gs[i].in, gs[i].on); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("organisation %d: concurrent result differs", i)
					return
				}
			}
		})
	}
	wg.Wait()
}
