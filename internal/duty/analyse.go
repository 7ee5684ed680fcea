package duty

import (
	"cmp"
	"slices"
	"sync"
)

// Analyse runs the duty analysis of one organisation on day on.
//
// A person is an active holder of a step on that day when they are employed
// (Start ≤ on ≤ End of the Employee, zero bounds open) and hold, that day,
// an assignment to one of the functions that perform the step. Rows that
// refer to an unknown employee or step are ignored here; Validate reports
// them.
//
// The work is linear in the rows. Assignments are read once; each person's
// few periods are then looked at once for holdings, conflicts and tenure,
// and the eenpitter counts fall out of the same pass. Rows that arrive
// grouped by employee (ORDER BY employee_id) are handled as they stream
// past; other orders are first grouped with a counting sort. Tables sorted
// by id are joined without hashing (see idIndex). The result does not
// depend on any order. Analyse is safe for concurrent use.
func Analyse(in Input, on Date) Result {
	a := newAnalysis(&in, on)
	defer a.release()
	if !a.stream() {
		a.reset()
		a.grouped()
	}
	a.stepFindings()
	found := slices.Clone(a.found) // exact size; the pooled buffer stays
	slices.SortFunc(found, func(x, y Finding) int {
		if c := cmp.Compare(x.Kind.rank(), y.Kind.rank()); c != 0 {
			return c
		}
		return cmp.Compare(x.Key, y.Key)
	})
	res := Result{On: on, Findings: found}
	res.Stale = applyMitigations(res.Findings, in.Mitigations, on)
	return res
}

// rec is an assignment reduced to what the analysis needs: dense indexes
// instead of ids (the employee, the row, the function once looked up) and
// the period, end being openEnd for an open assignment.
type rec struct {
	emp, row, fn int32
	start, end   Date
}

// analysis is the working state of one run. Its slices are sized by the
// organisation and kept in a pool between runs, so that analysing 342
// organisations in a row does not make the garbage collector scan the
// input again and again.
type analysis struct {
	in  *Input
	on  Date
	gap Date

	emps      idIndex
	empIDs    []string
	empActive []bool
	done      []bool // employees whose rows have streamed past

	steps   idIndex
	stepIDs []string
	// fnSteps[fnOff[f]:fnOff[f+1]] are the steps function f performs.
	fnIdx   map[string]int32
	fnOff   []int32
	fnSteps []int32
	fnOf    []int32 // per link row: its function, or -1
	stepOf  []int32 // per link row: its step

	// ruleSides[ruleOff[s]:ruleOff[s+1]] are the rule sides step s matches.
	ruleOff   []int32
	ruleSides []ruleSide

	// limit[s] is the latest first day of holding step s that makes a
	// langzitter on the day; 0 when the step has no rotation norm.
	limit []Date

	holders  []int32 // active holders per step
	mark     []int32 // last employee (+1) that held the step
	holdOff  []int32 // holdBuf[holdOff[s]:…] the first MinHolders holders
	holdBuf  []int32
	runStart []Date // continuous holding of the current employee per step
	runEnd   []Date
	runMark  []int32

	buf   []rec   // the current employee's periods while streaming
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

var pool = sync.Pool{New: func() any { return &analysis{fnIdx: map[string]int32{}} }}

// sized returns s with length n and every element zero, reusing its array
// when it is large enough.
func sized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func newAnalysis(in *Input, on Date) *analysis {
	a := pool.Get().(*analysis)
	a.in, a.on, a.gap = in, on, Date(in.maxGap())
	a.empIDs = sized(a.empIDs, len(in.Employees))
	a.empActive = sized(a.empActive, len(in.Employees))
	for i := range in.Employees {
		e := &in.Employees[i]
		a.empIDs[i] = e.ID
		a.empActive[i] = e.Start <= on && (e.End == 0 || e.End >= on)
	}
	a.emps.reset(a.empIDs)
	a.indexFunctions()
	a.indexRules()

	n := len(in.Steps)
	a.holders = sized(a.holders, n)
	a.mark = sized(a.mark, n)
	a.runStart = sized(a.runStart, n)
	a.runEnd = sized(a.runEnd, n)
	a.runMark = sized(a.runMark, n)
	a.holdOff = sized(a.holdOff, n+1)
	a.limit = sized(a.limit, n)
	var norm [4]struct {
		months int
		limit  Date
	} // the few norms in use, each inverted once
	for i := range in.Steps {
		st := &in.Steps[i]
		a.holdOff[i+1] = a.holdOff[i] + int32(max(st.MinHolders, 0))
		m := st.RotationMonths
		if m <= 0 {
			continue
		}
		slot := &norm[m%len(norm)]
		if slot.months != m {
			slot.months, slot.limit = m, max(latestStart(on, m), 0)
		}
		a.limit[i] = slot.limit
	}
	a.holdBuf = sized(a.holdBuf, int(a.holdOff[n]))
	return a
}

// release drops every reference into the input and the result and puts
// the arrays back in the pool.
func (a *analysis) release() {
	clear(a.empIDs)
	clear(a.stepIDs)
	clear(a.fnIdx)
	a.emps.reset(nil)
	a.steps.reset(nil)
	clear(a.found[:cap(a.found)])
	a.in, a.found = nil, a.found[:0]
	pool.Put(a)
}

// latestStart returns the last first day of holding that exceeds a norm of
// months on day on: the largest d with d.AddMonths(months) < on. AddMonths
// never decreases as d grows and on.AddMonths(-months) is never too early,
// so the answer is at most a few days before it (month ends make the
// inverse inexact); TestLatestStart checks every day of four years.
func latestStart(on Date, months int) Date {
	d := on.AddMonths(-months)
	for d > 1 && d.AddMonths(months) >= on {
		d--
	}
	return d
}
