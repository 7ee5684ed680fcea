package duty_test

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// genParams sizes a generated organisation and says how many findings of
// each kind to plant in it.
type genParams struct {
	employees                      int // regular staff, at least 100
	sole, conflict, long, fourEyes int
	mitigate                       bool // accept some planted findings, let some acceptances expire
}

// generated is an organisation whose findings are known by construction.
type generated struct {
	in    duty.Input
	on    duty.Date
	want  map[string]state // planted finding key → its state on the day
	stale []string         // keys of mitigations in force without a finding
}

// gen builds an organisation that is clean by construction and then plants
// findings, each next to decoys that must not be found:
//
//   - every function gets at least two current holders (round robin), and
//     every step is performed by such functions, so no eenpitter arises by
//     chance;
//   - each regular employee holds exactly one function now, and coded steps
//     have functions of their own, so no dubbelzitter arises by chance;
//   - current assignments started less than five years ago and earlier ones
//     ended more than 30 days before the next began, so no langzitter;
//   - every required four-eyes control is in place.
//
// Decoys: people who left with open assignments, assignments that ended
// yesterday or start tomorrow, a tenure of exactly five years, a chain
// broken by a 31-day gap, supervision and licensing of different objects.
type gen struct {
	rng   *rand.Rand
	on    duty.Date
	in    duty.Input
	want  map[string]state
	teams []string
	pool  []string            // functions staffed round robin
	fnOf  map[string][]string // function → steps it performs
	staff map[string][]string // function → regular employees holding it now
	free  []string            // regular employees not yet used for a planting

	current map[string]int   // regular employee → index of their current assignment
	history map[string][]int // regular employee → indexes of their earlier assignments
	empIdx  map[string]int   // regular employee → index in Employees
	rot     map[string]int   // step → rotation norm
}

func generate(seed uint64, p genParams) generated {
	g := &gen{rng: rand.New(rand.NewPCG(seed, 2026)), on: duty.DateOf(2026, 6, 15), want: map[string]state{},
		fnOf: map[string][]string{}, staff: map[string][]string{},
		current: map[string]int{}, history: map[string][]int{}, empIdx: map[string]int{}, rot: map[string]int{}}
	g.in.Rules = duty.DefaultRules(i18n.NL)
	for range max(3, p.employees/60) {
		g.teams = append(g.teams, g.id())
	}
	for range max(4, p.employees/8) {
		g.pool = append(g.pool, g.id())
	}
	// Each rule gets a step of each side with a function of its own; the
	// "bouw" supervision step is a decoy for the same-object rule.
	ruleFns := make([][2]string, len(g.in.Rules))
	for i, r := range g.in.Rules {
		for side, c := range []string{r.CodeA, r.CodeB} {
			f := g.id()
			g.pool = append(g.pool, f)
			g.addStep(duty.Decision, c, objectFor(c), false, f)
			ruleFns[i][side] = f
		}
	}
	bouw := g.id()
	g.pool = append(g.pool, bouw)
	g.addStep(duty.Decision, duty.CodeSupervision, "bouw", false, bouw)
	generic := len(g.in.Steps)
	for range max(10, p.employees/2-len(g.in.Steps)) {
		k := duty.StepKinds[g.rng.IntN(len(duty.StepKinds))]
		fns := []string{g.pick(g.pool)}
		if g.rng.IntN(2) == 0 {
			if f := g.pick(g.pool); f != fns[0] {
				fns = append(fns, f)
			}
		}
		g.addStep(k, "", "", g.rng.IntN(5) < 2, fns...)
	}
	genericEnd := len(g.in.Steps)
	g.staffRegular(p.employees)

	for j := range p.sole {
		g.plantSole(j)
	}
	for j := range p.conflict {
		r := j % len(g.in.Rules)
		e := g.takeFrom(ruleFns[r][0])
		g.assign(e, ruleFns[r][1], g.on.AddDays(-g.rng.IntN(700)), 0)
		g.want[duty.KeyConflict(g.in.Rules[r].ID, e)] = open
	}
	g.conflictDecoys(ruleFns, bouw)
	for j := range p.long {
		g.plantLong(j)
	}
	g.longDecoys()
	for _, s := range g.shuffledSteps(generic, genericEnd, p.fourEyes) {
		g.in.Steps[s].FourEyes, g.in.Steps[s].FourEyesInPlace = true, false
		g.want[duty.KeyMissingFourEyes(g.in.Steps[s].ID)] = open
	}
	g.leavers(p.employees/30, ruleFns)
	var stale []string
	if p.mitigate {
		stale = g.mitigations()
	}
	g.loaderOrder()
	return generated{in: g.in, on: g.on, want: g.want, stale: stale}
}

// loaderOrder makes the tables look as a loader delivers them: sorted
// (ORDER BY id, assignments ORDER BY employee_id, start), the order the
// engine is fastest with, and with strings of their own per row.
// TestGeneratedOrganisation also runs every organisation shuffled.
func (g *gen) loaderOrder() {
	slices.SortFunc(g.in.Employees, func(x, y duty.Employee) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(g.in.Steps, func(x, y duty.Step) int { return strings.Compare(x.ID, y.ID) })
	slices.SortFunc(g.in.StepFunctions, func(x, y duty.StepFunction) int {
		return cmp.Or(strings.Compare(x.StepID, y.StepID), strings.Compare(x.FunctionID, y.FunctionID))
	})
	slices.SortFunc(g.in.Assignments, func(x, y duty.Assignment) int {
		return cmp.Or(strings.Compare(x.EmployeeID, y.EmployeeID), cmp.Compare(x.Start, y.Start), strings.Compare(x.ID, y.ID))
	})
	// A loader scanning rows gets a new string for every column of every
	// row, laid out in row order; sharing the generator's strings would
	// flatter both the analysis and the baseline.
	for i := range g.in.StepFunctions {
		l := &g.in.StepFunctions[i]
		l.StepID, l.FunctionID = strings.Clone(l.StepID), strings.Clone(l.FunctionID)
	}
	for i := range g.in.Assignments {
		a := &g.in.Assignments[i]
		a.EmployeeID, a.FunctionID = strings.Clone(a.EmployeeID), strings.Clone(a.FunctionID)
	}
}

func objectFor(code string) string {
	if code == duty.CodeSupervision || code == duty.CodeGrantLicence {
		return "horeca"
	}
	return ""
}

const idChars = "abcdefghijklmnopqrstuvwxyz234567"

// id makes a 26-character id like store.NewID, from the seeded generator.
func (g *gen) id() string {
	var b [26]byte
	x, y := g.rng.Uint64(), g.rng.Uint64()
	for i := range b {
		if i == 12 {
			x = y
		}
		b[i] = idChars[x&31]
		x >>= 5
	}
	return string(b[:])
}

func (g *gen) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *gen) addStep(k duty.StepKind, code, object string, fourEyes bool, fns ...string) string {
	minH, rot := k.Defaults()
	s := duty.Step{ID: g.id(), ProcessID: "p", TeamID: g.pick(g.teams), Name: "stap", Kind: k, Code: code, Object: object,
		MinHolders: minH, RotationMonths: rot, FourEyes: fourEyes, FourEyesInPlace: true, Risk: duty.Risks[g.rng.IntN(3)]}
	g.in.Steps = append(g.in.Steps, s)
	g.rot[s.ID] = rot
	for _, f := range fns {
		g.in.StepFunctions = append(g.in.StepFunctions, duty.StepFunction{StepID: s.ID, FunctionID: f})
		g.fnOf[f] = append(g.fnOf[f], s.ID)
	}
	return s.ID
}

func (g *gen) employee(start, end duty.Date) string {
	id := g.id()
	g.in.Employees = append(g.in.Employees, duty.Employee{ID: id, Name: "medewerker", TeamID: g.pick(g.teams), Start: start, End: end})
	return id
}

func (g *gen) assign(emp, fn string, start, end duty.Date) {
	g.in.Assignments = append(g.in.Assignments, duty.Assignment{ID: g.id(), EmployeeID: emp, FunctionID: fn, Start: start, End: end})
}

// staffRegular gives every regular employee one current function (round
// robin over the pool) that began less than 4½ years ago, and a history of
// earlier assignments each ending 32 days or more before the next began.
func (g *gen) staffRegular(n int) {
	for i := range n {
		fn := g.pool[i%len(g.pool)]
		e := g.id()
		start := g.on.AddDays(-g.rng.IntN(1640))
		var end duty.Date
		if g.rng.IntN(5) == 0 {
			end = g.on.AddDays(g.rng.IntN(700))
		}
		g.current[e] = len(g.in.Assignments)
		g.assign(e, fn, start, end)
		for range g.rng.IntN(9) {
			hEnd := start.AddDays(-32 - g.rng.IntN(400))
			start = hEnd.AddDays(-100 - g.rng.IntN(1000))
			g.history[e] = append(g.history[e], len(g.in.Assignments))
			g.assign(e, g.pick(g.pool), start, hEnd)
		}
		g.empIdx[e] = len(g.in.Employees)
		g.in.Employees = append(g.in.Employees, duty.Employee{ID: e, Name: "medewerker", TeamID: g.pick(g.teams),
			Start: start.AddDays(-g.rng.IntN(300))})
		g.staff[fn] = append(g.staff[fn], e)
		g.free = append(g.free, e)
	}
	g.rng.Shuffle(len(g.free), func(i, j int) { g.free[i], g.free[j] = g.free[j], g.free[i] })
}

// take returns an unused regular employee; takeFrom one holding fn now.
// A planting changes the employee's recent past, so their history moves
// thirty years back, where it cannot join a period that reaches the day.
func (g *gen) take() string {
	e := g.free[len(g.free)-1]
	g.free = g.free[:len(g.free)-1]
	g.forget(e)
	return e
}

func (g *gen) takeFrom(fn string) string {
	for i := len(g.free) - 1; i >= 0; i-- {
		if slices.Contains(g.staff[fn], g.free[i]) {
			e := g.free[i]
			g.free = slices.Delete(g.free, i, i+1)
			g.forget(e)
			return e
		}
	}
	panic("generator: no free employee in the function; plant fewer findings or add employees")
}

func (g *gen) forget(e string) {
	for k, i := range g.history[e] {
		a := &g.in.Assignments[i]
		a.Start = g.on.AddMonths(-360).AddDays(10 * k)
		a.End = a.Start.AddDays(5)
	}
}

func (g *gen) shuffledSteps(from, to, n int) []int {
	idx := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		idx = append(idx, i)
	}
	g.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	return idx[:n]
}
