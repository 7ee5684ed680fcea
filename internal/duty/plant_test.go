package duty_test

import (
	"slices"

	"github.com/weerbaar/weerbaar/internal/duty"
)

// state is what the analysis should say about a planted finding.
type state int

const (
	open state = iota
	mitigated
	reopened
)

// plantSole adds a gate step performed by a function of its own with one
// current holder (none for every fourth), and three decoy holders who do
// not count: one whose assignment ended yesterday, one who starts
// tomorrow, and one who left with the assignment still open.
func (g *gen) plantSole(j int) {
	f := g.id()
	s := g.addStep([]duty.StepKind{duty.Decision, duty.Cash, duty.Information}[j%3], "", "", false, f)
	long := g.on.AddDays(-3000)
	if j%4 != 0 {
		g.assign(g.employee(long, 0), f, g.on.AddDays(-g.rng.IntN(1000)), 0)
	}
	g.assign(g.employee(long, 0), f, g.on.AddDays(-800), g.on.AddDays(-1))
	g.assign(g.employee(long, 0), f, g.on.AddDays(1), 0)
	g.assign(g.employee(long, g.on.AddDays(-1-g.rng.IntN(300))), f, g.on.AddDays(-800), 0)
	g.want[duty.KeySoleHolder(s)] = open
}

// conflictDecoys: holders of one side whose other side ended yesterday or
// starts tomorrow, and a supervisor of building who also grants horeca
// licences (different objects).
func (g *gen) conflictDecoys(ruleFns [][2]string, bouw string) {
	for r := range min(3, len(ruleFns)) {
		g.assign(g.takeFrom(ruleFns[r][0]), ruleFns[r][1], g.on.AddDays(-400), g.on.AddDays(-1))
		g.assign(g.takeFrom(ruleFns[r][0]), ruleFns[r][1], g.on.AddDays(1), 0)
	}
	for r, rule := range g.in.Rules {
		if rule.SameObject {
			g.assign(g.takeFrom(bouw), ruleFns[r][1], g.on.AddDays(-100), 0)
		}
	}
}

// takeRotating takes an unused regular employee whose current function
// performs at least one step with a rotation norm, and returns them with
// the index of their current assignment.
func (g *gen) takeRotating() (string, int) {
	for {
		e := g.take()
		i := g.current[e]
		if slices.ContainsFunc(g.fnOf[g.in.Assignments[i].FunctionID], func(s string) bool { return g.rot[s] > 0 }) {
			return e, i
		}
	}
}

// startAt moves employee e's current assignment (index i) to begin on
// start, with their employment beginning well before.
func (g *gen) startAt(e string, i int, start duty.Date) {
	g.in.Assignments[i].Start = start
	emp := &g.in.Employees[g.empIdx[e]]
	emp.Start = min(emp.Start, start.AddDays(-g.rng.IntN(500)))
}

// plantLong makes a langzitter: the current assignment began more than
// five years ago, or (every second one) three years ago, continuing an
// earlier assignment to the same function after a break of at most 30
// days that began more than five years ago. Every sensitive step of the
// function is a finding.
func (g *gen) plantLong(j int) {
	e, i := g.takeRotating()
	fn := g.in.Assignments[i].FunctionID
	fiveYears := g.on.AddMonths(-60)
	first := fiveYears.AddDays(-1 - g.rng.IntN(1000))
	if j%2 == 0 {
		g.startAt(e, i, first)
	} else {
		cur := g.on.AddMonths(-36)
		g.startAt(e, i, cur)
		g.assign(e, fn, first, cur.AddDays(-1-g.rng.IntN(31)))
		emp := &g.in.Employees[g.empIdx[e]]
		emp.Start = min(emp.Start, first)
	}
	for _, s := range g.fnOf[fn] {
		if g.rot[s] > 0 {
			g.want[duty.KeyLongHolder(s, e)] = open
		}
	}
}

// longDecoys: a tenure of exactly five years, and a long chain broken by a
// 31-day gap.
func (g *gen) longDecoys() {
	e, i := g.takeRotating()
	g.startAt(e, i, g.on.AddMonths(-60))

	e, i = g.takeRotating()
	cur := g.on.AddMonths(-36)
	g.startAt(e, i, cur)
	g.assign(e, g.in.Assignments[i].FunctionID, g.on.AddMonths(-120), cur.AddDays(-32))
}

// leavers are people who left with assignments still open: one long-held
// function each, and one with both sides of the first rule.
func (g *gen) leavers(n int, ruleFns [][2]string) {
	for k := range n {
		e := g.employee(g.on.AddDays(-5000), g.on.AddDays(-1-g.rng.IntN(300)))
		g.assign(e, g.pick(g.pool), g.on.AddDays(-4000), 0)
		if k == 0 {
			g.assign(e, ruleFns[0][0], g.on.AddDays(-900), 0)
			g.assign(e, ruleFns[0][1], g.on.AddDays(-900), 0)
		}
	}
}

// mitigations accepts planted findings at random: in force (until a later
// day or today), expired (reopened) or not at all; and adds acceptances
// for keys that are not findings, of which the ones in force are stale.
func (g *gen) mitigations() []string {
	keys := make([]string, 0, len(g.want))
	for k := range g.want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	add := func(key string, until duty.Date) {
		g.in.Mitigations = append(g.in.Mitigations, duty.Mitigation{FindingKey: key, Control: "maatregel", OwnerID: g.free[0], Until: until})
	}
	for _, k := range keys {
		switch g.rng.IntN(4) {
		case 0:
			add(k, g.on.AddDays(g.rng.IntN(365)))
			g.want[k] = mitigated
		case 1:
			add(k, g.on.AddDays(-1-g.rng.IntN(365)))
			g.want[k] = reopened
		case 2:
			add(k, g.on.AddDays(-400))
			add(k, g.on.AddDays(30))
			g.want[k] = mitigated
		}
	}
	stale := []string{duty.KeySoleHolder(g.in.Steps[0].ID), duty.KeyLongHolder(g.in.Steps[1].ID, g.free[1])}
	for _, k := range stale {
		add(k, g.on)
	}
	add(duty.KeySoleHolder(g.in.Steps[2].ID), g.on.AddDays(-1))
	slices.Sort(stale)
	return stale
}
