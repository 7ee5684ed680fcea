package duty

// idIndex finds the position of an id in a table's id column. When the
// table is sorted by id and the lookups come in ascending order (a loader
// that reads both tables with ORDER BY), it walks along the column like a
// merge join and never hashes; at the first lookup out of order it builds
// a map and answers from that. Either way the answer is the same; only the
// cost differs.
type idIndex struct {
	ids    []string
	merge  bool   // ids strictly ascending and lookups ascending so far
	pos    int    // merge position: ids[:pos] are all below the last lookup
	last   string // the last id looked up while merging
	primed bool   // a lookup has happened (last is meaningful)
	byID   map[string]int32
	hashed bool // byID holds ids
}

// reset points the index at a new column.
func (x *idIndex) reset(ids []string) {
	x.ids, x.merge, x.pos, x.last, x.primed = ids, true, 0, "", false
	if x.hashed {
		clear(x.byID)
		x.hashed = false
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			x.merge = false
			break
		}
	}
}

// find returns the position of id, or -1 when the table does not have it.
// With duplicate ids (which Validate refuses) the last row wins.
func (x *idIndex) find(id string) int32 {
	if x.merge && (!x.primed || id >= x.last) {
		x.primed, x.last = true, id
		for x.pos < len(x.ids) && x.ids[x.pos] < id {
			x.pos++
		}
		if x.pos < len(x.ids) && x.ids[x.pos] == id {
			return int32(x.pos)
		}
		return -1
	}
	if !x.hashed {
		x.merge, x.hashed = false, true
		if x.byID == nil {
			x.byID = make(map[string]int32, len(x.ids))
		}
		for i, s := range x.ids {
			x.byID[s] = int32(i)
		}
	}
	if i, ok := x.byID[id]; ok {
		return i
	}
	return -1
}

// indexFunctions builds function → steps as one flat array (CSR), so that
// the scan of assignments does one map lookup per row and no allocation.
func (a *analysis) indexFunctions() {
	steps, links := a.in.Steps, a.in.StepFunctions
	a.stepIDs = sized(a.stepIDs, len(steps))
	for i := range steps {
		a.stepIDs[i] = steps[i].ID
	}
	a.steps.reset(a.stepIDs)
	a.fnOf = sized(a.fnOf, len(links))
	a.stepOf = sized(a.stepOf, len(links))
	count := a.fnOff[:0] // counts per function first, offsets after
	for i := range links {
		l := &links[i]
		s := a.steps.find(l.StepID)
		if a.stepOf[i], a.fnOf[i] = s, -1; s < 0 {
			continue
		}
		f, ok := a.fnIdx[l.FunctionID]
		if !ok {
			f = int32(len(count))
			a.fnIdx[l.FunctionID] = f
			count = append(count, 0)
		}
		a.fnOf[i] = f
		count[f]++
	}
	// Turn the counts into each function's end, then fill back to front:
	// every function's offset moves down to where its steps start. A link
	// listed twice is harmless, because holdings are marked per employee
	// and step.
	nf := len(count)
	a.fnOff = append(count, 0)
	total := int32(0)
	for f := range nf {
		total += a.fnOff[f]
		a.fnOff[f] = total
	}
	a.fnOff[nf] = total
	a.fnSteps = sized(a.fnSteps, int(total))
	for i := len(links) - 1; i >= 0; i-- {
		if f := a.fnOf[i]; f >= 0 {
			a.fnOff[f]--
			a.fnSteps[a.fnOff[f]] = a.stepOf[i]
		}
	}
}

// indexRules lists per step the rule sides its code matches.
func (a *analysis) indexRules() {
	steps, rules := a.in.Steps, a.in.Rules
	a.ruleOff = sized(a.ruleOff, len(steps)+1)
	a.ruleSides = a.ruleSides[:0]
	if len(rules) == 0 {
		return
	}
	for i := range steps {
		if c := steps[i].Code; c != "" {
			for r := range rules {
				rule := &rules[r]
				if rule.CodeA == rule.CodeB {
					continue
				}
				if rule.CodeA == c {
					a.ruleSides = append(a.ruleSides, ruleSide{int32(r), false})
				}
				if rule.CodeB == c {
					a.ruleSides = append(a.ruleSides, ruleSide{int32(r), true})
				}
			}
		}
		a.ruleOff[i+1] = int32(len(a.ruleSides))
	}
}
