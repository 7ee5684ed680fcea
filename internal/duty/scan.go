package duty

import "slices"

// keep turns an assignment row into a rec if it can matter on the day:
// started by then and not ending before it starts. Its function is looked
// up later, only if the period turns out to matter.
func (a *analysis) keep(e int32, i int, r *Assignment) (rec, bool) {
	if r.Start > a.on {
		return rec{}, false
	}
	end := r.End
	if end == 0 {
		end = openEnd
	}
	return rec{emp: e, row: int32(i), fn: unresolved, start: r.Start, end: end}, end >= r.Start
}

// stream handles assignments that arrive grouped by employee, one person
// at a time as the rows pass. It gives up (false) when an employee's rows
// turn out not to be together.
func (a *analysis) stream() bool {
	as := a.in.Assignments
	a.done = sized(a.done, len(a.in.Employees))
	cur, lastID := int32(-1), ""
	a.buf = a.buf[:0]
	for i := range as {
		r := &as[i]
		if i == 0 || r.EmployeeID != lastID {
			if cur >= 0 {
				a.employee(cur, a.buf)
			}
			a.buf, lastID = a.buf[:0], r.EmployeeID
			if cur = a.emps.find(lastID); cur >= 0 {
				if a.done[cur] {
					return false
				}
				a.done[cur] = true
				if !a.empActive[cur] {
					cur = -1
				}
			}
		}
		if cur < 0 {
			continue
		}
		if x, ok := a.keep(cur, i, r); ok {
			a.buf = append(a.buf, x)
		}
	}
	if cur >= 0 {
		a.employee(cur, a.buf)
	}
	return true
}

// reset forgets what an abandoned stream counted.
func (a *analysis) reset() {
	clear(a.holders)
	clear(a.mark)
	clear(a.runMark)
	a.found = a.found[:0]
}

// grouped handles assignments in any order: it keeps the rows that matter
// and groups them by employee with a counting sort.
func (a *analysis) grouped() {
	as := a.in.Assignments
	count := make([]int32, len(a.in.Employees)+1)
	kept := make([]rec, 0, len(as))
	for i := range as {
		e := a.emps.find(as[i].EmployeeID)
		if e < 0 || !a.empActive[e] {
			continue
		}
		if x, ok := a.keep(e, i, &as[i]); ok {
			kept = append(kept, x)
			count[e+1]++
		}
	}
	for e := 1; e < len(count); e++ {
		count[e] += count[e-1]
	}
	recs := make([]rec, len(kept))
	fill := slices.Clone(count[:len(count)-1])
	for _, r := range kept {
		recs[fill[r.emp]] = r
		fill[r.emp]++
	}
	for e := int32(0); e < int32(len(count)-1); e++ {
		if rs := recs[count[e]:count[e+1]]; len(rs) > 0 {
			a.employee(e, rs)
		}
	}
}
