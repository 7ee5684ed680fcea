package duty

import (
	"cmp"
	"slices"
)

// unresolved marks a period whose function has not been looked up yet.
const unresolved = -2

// employee looks at one employee's periods (all starting on or before the
// day): which steps they hold on the day (counted towards the eenpitter
// check), whether two of those steps conflict, and how long they have held
// each sensitive one.
//
// Only the periods of the person's last continuous run can matter: the
// run of all their periods together (in whatever function), merged like a
// tenure. Periods before a break longer than MaxGapDays neither hold
// anything on the day nor join a tenure that reaches it, so their
// functions are never even looked up, and a person whose last run ended
// before the day holds nothing.
func (a *analysis) employee(e int32, rs []rec) {
	if len(rs) == 0 {
		return
	}
	sortByStart(rs)
	from, ue := 0, Date(0)
	for i := range rs {
		if i == 0 || a.breaks(ue, rs[i].start) {
			from, ue = i, rs[i].end
		} else {
			ue = max(ue, rs[i].end)
		}
	}
	if ue < a.on {
		return
	}
	run := rs[from:]
	stamp := e + 1
	a.held = a.held[:0]
	latest := Date(0) // the latest limit among the held sensitive steps
	for k := range run {
		if run[k].end < a.on {
			continue
		}
		for _, s := range a.stepsOf(a.function(&run[k])) {
			if a.mark[s] == stamp {
				continue
			}
			a.mark[s] = stamp
			if at := a.holdOff[s] + a.holders[s]; at < a.holdOff[s+1] {
				a.holdBuf[at] = e // one of the first MinHolders holders
			}
			a.holders[s]++
			a.held = append(a.held, s)
			latest = max(latest, a.limit[s])
		}
	}
	if len(a.held) == 0 {
		return
	}
	if a.ruleOff[len(a.in.Steps)] > 0 {
		a.conflicts(e)
	}
	// The run of all periods starts no later than the run of any one
	// step: when even that is too recent (most people), skip the steps.
	if latest > 0 && max(run[0].start, a.in.Employees[e].Start) <= latest {
		a.tenure(e, run)
	}
}

// function resolves the function of a period once, on first need; -1 for
// a function that performs no step.
func (a *analysis) function(r *rec) int32 {
	if r.fn == unresolved {
		r.fn = -1
		if f, ok := a.fnIdx[a.in.Assignments[r.row].FunctionID]; ok {
			r.fn = f
		}
	}
	return r.fn
}

func (a *analysis) stepsOf(f int32) []int32 {
	if f < 0 {
		return nil
	}
	return a.fnSteps[a.fnOff[f]:a.fnOff[f+1]]
}

// conflicts reports, for each rule, whether employee e holds a step of each
// side at once (for the same object where the rule asks for it). All steps
// in conflicting pairs go into one finding per rule and person.
func (a *analysis) conflicts(e int32) {
	a.hits = a.hits[:0]
	for _, s := range a.held {
		for _, rs := range a.ruleSides[a.ruleOff[s]:a.ruleOff[s+1]] {
			a.hits = append(a.hits, hit{rule: rs.rule, b: rs.b, step: s})
		}
	}
	if len(a.hits) < 2 {
		return
	}
	slices.SortFunc(a.hits, func(x, y hit) int { return cmp.Compare(x.rule, y.rule) })
	for i := 0; i < len(a.hits); {
		j := i
		for j < len(a.hits) && a.hits[j].rule == a.hits[i].rule {
			j++
		}
		a.conflictFinding(e, a.hits[i:j])
		i = j
	}
}

func (a *analysis) conflictFinding(e int32, hits []hit) {
	rule := &a.in.Rules[hits[0].rule]
	var ids []string
	for _, x := range hits {
		if x.b {
			continue
		}
		for _, y := range hits {
			if !y.b || x.step == y.step {
				continue
			}
			sx, sy := &a.in.Steps[x.step], &a.in.Steps[y.step]
			if rule.SameObject && sx.Object != "" && sy.Object != "" && sx.Object != sy.Object {
				continue
			}
			ids = append(ids, sx.ID, sy.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	emp := &a.in.Employees[e]
	a.found = append(a.found, Finding{
		Key:        KeyConflict(rule.ID, emp.ID),
		Kind:       Conflict,
		Risk:       riskOr(rule.Risk),
		TeamID:     emp.TeamID,
		StepIDs:    slices.Compact(ids),
		EmployeeID: emp.ID,
		RuleID:     rule.ID,
		RuleName:   rule.Name,
		Rationale:  rule.Rationale,
	})
}

// tenure finds, for each sensitive step employee e holds on the day, the
// start of the continuous holding that reaches the day: the employee's
// periods in any function performing the step, merged where they overlap,
// touch, or leave a break of at most MaxGapDays. run is the person's last
// run of periods, sorted by start; every period starts on or before the
// day, so each step's last run is the one that contains the day.
func (a *analysis) tenure(e int32, run []rec) {
	steps := a.in.Steps
	emp := &a.in.Employees[e]
	stamp := e + 1
	for k := range run {
		r := &run[k]
		for _, s := range a.stepsOf(a.function(r)) {
			if a.mark[s] != stamp || a.limit[s] == 0 {
				continue
			}
			if a.runMark[s] != stamp || a.breaks(a.runEnd[s], r.start) {
				a.runMark[s], a.runStart[s], a.runEnd[s] = stamp, r.start, r.end
			} else {
				a.runEnd[s] = max(a.runEnd[s], r.end)
			}
		}
	}
	for _, s := range a.held {
		st := &steps[s]
		since := max(a.runStart[s], emp.Start)
		if a.limit[s] == 0 || since == 0 || since > a.limit[s] {
			continue // not sensitive, no start known at all, or too recent
		}
		a.found = append(a.found, Finding{
			Key:        KeyLongHolder(st.ID, emp.ID),
			Kind:       LongHolder,
			Risk:       riskOr(st.Risk),
			TeamID:     emp.TeamID,
			StepIDs:    []string{st.ID},
			EmployeeID: emp.ID,
			Since:      since,
			NormMonths: st.RotationMonths,
		})
	}
}

// breaks reports whether a period starting on start is cut off from a run
// that ended on end by more than the allowed gap.
func (a *analysis) breaks(end, start Date) bool {
	return int64(start) > int64(end)+int64(a.gap)+1
}

// stepFindings reports the eenpitters, from the holder counts of the
// employee pass, and the steps that lack a required four-eyes control.
func (a *analysis) stepFindings() {
	for s := range a.in.Steps {
		st := &a.in.Steps[s]
		if n := int(a.holders[s]); st.MinHolders > 0 && n < st.MinHolders {
			ids := make([]string, n)
			for i, e := range a.holdBuf[a.holdOff[s] : a.holdOff[s]+int32(n)] {
				ids[i] = a.in.Employees[e].ID
			}
			slices.Sort(ids)
			a.found = append(a.found, Finding{
				Key:        KeySoleHolder(st.ID),
				Kind:       SoleHolder,
				Risk:       riskOr(st.Risk),
				TeamID:     st.TeamID,
				StepIDs:    []string{st.ID},
				Holders:    ids,
				MinHolders: st.MinHolders,
			})
		}
		if st.FourEyes && !st.FourEyesInPlace {
			a.found = append(a.found, Finding{
				Key:     KeyMissingFourEyes(st.ID),
				Kind:    MissingFourEyes,
				Risk:    riskOr(st.Risk),
				TeamID:  st.TeamID,
				StepIDs: []string{st.ID},
			})
		}
	}
}

func riskOr(r Risk) Risk {
	if r == "" {
		return Medium
	}
	return r
}

// sortByStart sorts one person's periods by start: an insertion sort,
// because there are a handful and a loader usually delivers them in order.
func sortByStart(rs []rec) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].start < rs[j-1].start; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}
