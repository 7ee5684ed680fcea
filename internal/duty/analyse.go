package duty

import (
	"cmp"
	"slices"
)

// Analyse runs the duty analysis of one organisation on day on.
//
// A person is an active holder of a step on that day when they are employed
// (Start ≤ on ≤ End of the Employee, zero bounds open) and hold, that day,
// an assignment to one of the functions that perform the step. Rows that
// refer to an unknown employee or step are ignored here; Validate reports
// them.
//
// The work is linear in the rows: assignments are scanned once and grouped
// by employee with a counting sort, each person's few periods are then
// looked at once for holdings, conflicts and tenure, and the eenpitter
// counts fall out of the same pass.
func Analyse(in Input, on Date) Result {
	a := newAnalysis(&in, on)
	a.collect()
	a.perEmployee()
	a.stepFindings()
	slices.SortFunc(a.found, func(x, y Finding) int {
		if c := cmp.Compare(x.Kind.rank(), y.Kind.rank()); c != 0 {
			return c
		}
		return cmp.Compare(x.Key, y.Key)
	})
	res := Result{On: on, Findings: a.found}
	res.Stale = applyMitigations(res.Findings, in.Mitigations, on)
	return res
}

// rec is an assignment reduced to what the analysis needs, with dense
// indexes instead of ids; end is openEnd for an open assignment.
type rec struct {
	emp, fn    int32
	start, end Date
}

type analysis struct {
	in  *Input
	on  Date
	gap Date

	empIdx    map[string]int32
	empActive []bool

	stepIdx map[string]int32
	// fnSteps[fnOff[f]:fnOff[f+1]] are the steps function f performs.
	fnIdx   map[string]int32
	fnOff   []int32
	fnSteps []int32

	// ruleSides[ruleOff[s]:ruleOff[s+1]] are the rule sides step s matches.
	ruleOff   []int32
	ruleSides []ruleSide

	recs   []rec   // assignments that matter, grouped by employee
	empOff []int32 // recs[empOff[e]:empOff[e+1]] belong to employee e

	holders  []int32 // active holders per step
	mark     []int32 // last employee (+1) that held the step
	holdOff  []int32 // holdBuf[holdOff[s]:…] the first MinHolders holders
	holdBuf  []int32
	runStart []Date // continuous holding of the current employee per step
	runEnd   []Date
	runMark  []int32

	held  []int32 // steps the current employee holds on the day
	hits  []hit
	found []Finding
}

type ruleSide struct {
	rule int32
	b    bool // the step matches CodeB (else CodeA)
}

type hit struct {
	rule int32
	b    bool
	step int32
}

func newAnalysis(in *Input, on Date) *analysis {
	a := &analysis{in: in, on: on, gap: Date(in.maxGap())}
	n := len(in.Steps)
	a.stepIdx = make(map[string]int32, n)
	for i := range in.Steps {
		a.stepIdx[in.Steps[i].ID] = int32(i)
	}
	a.empIdx = make(map[string]int32, len(in.Employees))
	a.empActive = make([]bool, len(in.Employees))
	for i := range in.Employees {
		e := &in.Employees[i]
		a.empIdx[e.ID] = int32(i)
		a.empActive[i] = e.Start <= on && (e.End == 0 || e.End >= on)
	}
	a.indexFunctions()
	a.indexRules()
	a.holders = make([]int32, n)
	a.mark = make([]int32, n)
	a.runStart = make([]Date, n)
	a.runEnd = make([]Date, n)
	a.runMark = make([]int32, n)
	a.holdOff = make([]int32, n+1)
	for i := range in.Steps {
		a.holdOff[i+1] = a.holdOff[i] + int32(max(in.Steps[i].MinHolders, 0))
	}
	a.holdBuf = make([]int32, a.holdOff[n])
	return a
}

// indexFunctions builds function → steps as one flat array (CSR), so that
// the scan of assignments does one map lookup per row and no allocation.
func (a *analysis) indexFunctions() {
	links := a.in.StepFunctions
	a.fnIdx = make(map[string]int32)
	fnOf := make([]int32, len(links))
	var count []int32
	for i, l := range links {
		if _, ok := a.stepIdx[l.StepID]; !ok {
			fnOf[i] = -1
			continue
		}
		f, ok := a.fnIdx[l.FunctionID]
		if !ok {
			f = int32(len(count))
			a.fnIdx[l.FunctionID] = f
			count = append(count, 0)
		}
		fnOf[i] = f
		count[f]++
	}
	a.fnOff = make([]int32, len(count)+1)
	for f, c := range count {
		a.fnOff[f+1] = a.fnOff[f] + c
	}
	a.fnSteps = make([]int32, a.fnOff[len(count)])
	// A link listed twice is harmless: holdings are marked per employee
	// and step, so nothing is counted twice.
	fill := slices.Clone(a.fnOff[:len(count)])
	for i, l := range links {
		if f := fnOf[i]; f >= 0 {
			a.fnSteps[fill[f]] = a.stepIdx[l.StepID]
			fill[f]++
		}
	}
}

func (a *analysis) stepsOf(f int32) []int32 { return a.fnSteps[a.fnOff[f]:a.fnOff[f+1]] }

// indexRules lists per step the rule sides its code matches.
func (a *analysis) indexRules() {
	steps := a.in.Steps
	a.ruleOff = make([]int32, len(steps)+1)
	if len(a.in.Rules) == 0 {
		return
	}
	byCode := map[string][]ruleSide{}
	for i, r := range a.in.Rules {
		if r.CodeA == "" || r.CodeB == "" || r.CodeA == r.CodeB {
			continue
		}
		byCode[r.CodeA] = append(byCode[r.CodeA], ruleSide{int32(i), false})
		byCode[r.CodeB] = append(byCode[r.CodeB], ruleSide{int32(i), true})
	}
	for i := range steps {
		sides := byCode[steps[i].Code]
		a.ruleSides = append(a.ruleSides, sides...)
		a.ruleOff[i+1] = int32(len(a.ruleSides))
	}
}

// collect scans the assignments once, keeps those that can matter on the
// day (started by then, of an employee employed that day, to a function
// that performs a step) and groups them by employee.
func (a *analysis) collect() {
	as := a.in.Assignments
	count := make([]int32, len(a.in.Employees)+1)
	kept := make([]rec, 0, len(as))
	lastID, lastEmp := "", int32(-1)
	for i := range as {
		r := &as[i]
		if r.Start > a.on {
			continue
		}
		f, ok := a.fnIdx[r.FunctionID]
		if !ok {
			continue
		}
		// Rows ordered by employee hit this cache; any order is correct.
		e := lastEmp
		if r.EmployeeID != lastID || e < 0 {
			if e, ok = a.empIdx[r.EmployeeID]; !ok {
				continue
			}
			lastID, lastEmp = r.EmployeeID, e
		}
		if !a.empActive[e] {
			continue
		}
		end := r.End
		if end == 0 {
			end = openEnd
		}
		if end < r.Start {
			continue
		}
		kept = append(kept, rec{emp: e, fn: f, start: r.Start, end: end})
		count[e+1]++
	}
	a.empOff = count
	for e := 1; e < len(count); e++ {
		count[e] += count[e-1]
	}
	a.recs = make([]rec, len(kept))
	fill := slices.Clone(count[:len(count)-1])
	for _, r := range kept {
		a.recs[fill[r.emp]] = r
		fill[r.emp]++
	}
}
