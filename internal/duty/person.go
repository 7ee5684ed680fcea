package duty

import (
	"cmp"
	"slices"
)

// employee looks at one employee's periods (all starting on or before the
// day): which steps they hold on the day (counted towards the eenpitter
// check), whether two of those steps conflict, and how long they have held
// each sensitive one.
func (a *analysis) employee(e int32, rs []rec) {
	if len(rs) == 0 {
		return
	}
	steps := a.in.Steps
	stamp := e + 1
	a.held = a.held[:0]
	latest := Date(0) // the latest limit among the held sensitive steps
	for _, r := range rs {
		if r.end < a.on {
			continue
		}
		for _, s := range a.stepsOf(r.fn) {
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
	if a.ruleOff[len(steps)] > 0 {
		a.conflicts(e)
	}
	if latest > 0 {
		a.tenure(e, rs, latest)
	}
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
// touch, or leave a break of at most MaxGapDays. The periods are sorted by
// start (there are a handful per person) and swept once; every period
// starts on or before the day, so the last run is the one that contains
// the day. The run of all the person's periods together starts no later
// than the run of any one step, so when even that one is too recent
// (most people) the steps are not looked at.
func (a *analysis) tenure(e int32, rs []rec, latest Date) {
	steps := a.in.Steps
	emp := &a.in.Employees[e]
	stamp := e + 1
	sortByStart(rs)
	var us, ue Date
	for i, r := range rs {
		if i == 0 || a.breaks(ue, r.start) {
			us, ue = r.start, r.end
		} else {
			ue = max(ue, r.end)
		}
	}
	if max(us, emp.Start) > latest {
		return
	}
	for _, r := range rs {
		for _, s := range a.stepsOf(r.fn) {
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
