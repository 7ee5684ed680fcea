package org

import (
	"sort"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// planner works out what an import changes, comparing the file's rows
// with the stored model, and collects every problem on the way. It writes
// nothing; apply does that with the finished plan.
type planner struct {
	st   *state
	c    *columns
	errs apperr.List

	teams      []*teamPlan
	teamByCode map[string]*teamPlan
	teamByName map[string]*teamPlan
	claimed    map[string]*teamPlan // stored team id → the plan that took it
	lineTeam   map[*line]*teamPlan

	funcs      []*funcPlan
	funcByCode map[string]*funcPlan

	emps        []*empPlan
	empByNumber map[string]*empPlan

	assigns      []*assignPlan
	assignByPair map[pair][]*assignPlan
	pairs        []pair // in order of first appearance
}

type funcPlan struct {
	id, code, name string
	row            int
	existing       *Function
}

type empPlan struct {
	id, number, name, teamID string
	start, end               string
	clientContact, hired     bool
	row                      int
	existing                 *Employee
}

func (e *empPlan) changed() bool {
	x := e.existing
	return x.Name != e.name || x.TeamID != e.teamID || x.StartDate != e.start || x.EndDate != e.end ||
		x.ClientContact != e.clientContact || x.Hired != e.hired
}

type assignPlan struct {
	id, employeeID, functionID string
	from, to                   string
	row                        int
	existing                   *Assignment
}

func newPlanner(st *state, c *columns) *planner {
	return &planner{st: st, c: c, teamByCode: map[string]*teamPlan{}, teamByName: map[string]*teamPlan{},
		claimed: map[string]*teamPlan{}, lineTeam: map[*line]*teamPlan{}, funcByCode: map[string]*funcPlan{},
		empByNumber: map[string]*empPlan{}, assignByPair: map[pair][]*assignPlan{}}
}

func (p *planner) fail(row int, col column, key string, args ...any) {
	p.errs = append(p.errs, p.c.rowErr(row, col, key, args...))
}

// plan plans every row that has no problem of its own.
func (p *planner) plan(lines []*line) {
	p.planTeams(lines)
	for _, l := range lines {
		if l.bad {
			continue
		}
		fp, ep := p.functionOf(l), p.employeeOf(l)
		if fp != nil && ep != nil {
			p.addAssignment(l, ep, fp)
		}
	}
	p.checkOverlaps()
}

func (p *planner) functionOf(l *line) *funcPlan {
	if fp := p.funcByCode[l.functionCode]; fp != nil {
		if !strings.EqualFold(fp.name, l.function) {
			p.fail(l.row, colFunction, "org.import.conflict", fp.row)
			return nil
		}
		return fp
	}
	fp := &funcPlan{code: l.functionCode, name: l.function, row: l.row, existing: p.st.funcByCode[l.functionCode]}
	if fp.existing != nil {
		fp.id = fp.existing.ID
	} else {
		fp.id = store.NewID()
	}
	p.funcs = append(p.funcs, fp)
	p.funcByCode[fp.code] = fp
	return fp
}

// employeeOf returns the row's employee. Every row of one person must say
// the same about the person; optional columns the file lacks keep what is
// stored.
func (p *planner) employeeOf(l *line) *empPlan {
	tp := p.lineTeam[l]
	ep := p.empByNumber[l.number]
	if ep == nil {
		ep = &empPlan{number: l.number, name: l.name, start: l.start, end: l.end, clientContact: l.clientContact,
			hired: l.hired, row: l.row, existing: p.st.empByNumber[l.number]}
		if tp != nil {
			ep.teamID = tp.id
		}
		if ep.existing != nil {
			ep.id = ep.existing.ID
			if !p.c.has(colEnd) {
				ep.end = ep.existing.EndDate
			}
		} else {
			ep.id = store.NewID()
		}
		p.emps = append(p.emps, ep)
		p.empByNumber[ep.number] = ep
		return ep
	}
	ok := true
	same := func(equal bool, col column) {
		if !equal {
			p.fail(l.row, col, "org.import.conflict", ep.row)
			ok = false
		}
	}
	same(strings.EqualFold(ep.name, l.name), colName)
	same(tp == nil || ep.teamID == "" || tp.id == ep.teamID, colTeam)
	same(ep.start == l.start, colStart)
	same(!p.c.has(colEnd) || ep.end == l.end, colEnd)
	same(ep.clientContact == l.clientContact, colClientContact)
	same(ep.hired == l.hired, colHired)
	if !ok {
		return nil
	}
	return ep
}

// addAssignment plans the row's assignment; it matches a stored one by
// employee, function and start date.
func (p *planner) addAssignment(l *line, ep *empPlan, fp *funcPlan) {
	ap := &assignPlan{employeeID: ep.id, functionID: fp.id, from: l.from, to: l.to, row: l.row}
	k := pair{ep.id, fp.id}
	for _, ex := range p.st.assignByPair[k] {
		if ex.StartDate == ap.from {
			ap.existing, ap.id = ex, ex.ID
			if !p.c.has(colTo) {
				ap.to = ex.EndDate
			}
		}
	}
	if ap.existing == nil {
		ap.id = store.NewID()
	}
	if p.assignByPair[k] == nil {
		p.pairs = append(p.pairs, k)
	}
	p.assignByPair[k] = append(p.assignByPair[k], ap)
	p.assigns = append(p.assigns, ap)
}

// span is an assignment in the overlap check: a row of the file, or
// (row 0) a stored assignment the file does not mention.
type span struct {
	row        int
	start, end string
}

// checkOverlaps refuses two periods of one person in one function that
// share a day, within the file and against stored periods the file does not
// mention. Sorting by start makes this one pass, whatever the file's size.
func (p *planner) checkOverlaps() {
	for _, k := range p.pairs {
		var ps []span
		matched := map[string]bool{}
		for _, ap := range p.assignByPair[k] {
			ps = append(ps, span{row: ap.row, start: ap.from, end: ap.to})
			if ap.existing != nil {
				matched[ap.existing.ID] = true
			}
		}
		for _, ex := range p.st.assignByPair[k] {
			if !matched[ex.ID] {
				ps = append(ps, span{start: ex.StartDate, end: ex.EndDate})
			}
		}
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].start < ps[j].start })
		latest := -1 // the span seen so far that ends last
		reported := map[int]bool{}
		report := func(row int, key string, arg any) {
			if !reported[row] {
				reported[row] = true
				p.fail(row, colFrom, key, arg)
			}
		}
		for i, b := range ps {
			if latest >= 0 && overlaps(ps[latest].start, ps[latest].end, b.start, b.end) {
				a := ps[latest]
				switch {
				case a.row > 0 && b.row > 0:
					report(b.row, "org.import.overlap", a.row)
				case b.row > 0:
					report(b.row, "org.import.overlap_existing", showDate(a.start))
				case a.row > 0:
					report(a.row, "org.import.overlap_existing", showDate(b.start))
				}
			}
			if latest < 0 || endsLater(b.end, ps[latest].end) {
				latest = i
			}
		}
	}
}

// endsLater compares inclusive end dates where "" is open-ended.
func endsLater(a, b string) bool {
	if b == "" {
		return false
	}
	return a == "" || a > b
}
