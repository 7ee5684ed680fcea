package people

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// SoonDays is how close a due date counts as soon, in overviews and
// reminders.
const SoonDays = 60

// dueData is one organisation's input to the due engine, loaded from the
// database, with the names the pages need.
type dueData struct {
	in       DueInput
	names    map[string]string // employee id → name
	numbers  map[string]string // employee id → personnel number
	teams    map[string]string // team id → name
	reqs     []*Requirement
	reqIndex map[string]*Requirement
}

func dateOrZero(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// loadDue reads everything the engine needs for one organisation: the
// people working there on day (optionally only one), the assignments to
// functions that some requirement chooses, and the latest attendance per
// person and requirement.
func (s *Store) loadDue(ctx context.Context, q store.Querier, orgID string, day time.Time, onlyEmployee string) (*dueData, error) {
	d := &dueData{names: map[string]string{}, numbers: map[string]string{}, teams: map[string]string{}, reqIndex: map[string]*Requirement{}}
	d.in.Day, d.in.SoonDays, d.in.Last = day, SoonDays, map[DueKey]time.Time{}
	today := day.Format(time.DateOnly)
	var err error
	if d.reqs, err = requirementsOf(ctx, q, orgID); err != nil {
		return nil, err
	}
	for _, r := range d.reqs {
		d.reqIndex[r.ID] = r
		dr := DueRequirement{ID: r.ID, Audience: r.Audience, FirstMonths: r.FirstMonths, RefreshMonths: r.RefreshMonths}
		if r.Audience == AudienceFunctions {
			dr.Functions = map[string]bool{}
			for _, f := range r.FunctionIDs {
				dr.Functions[f] = true
			}
		}
		d.in.Requirements = append(d.in.Requirements, dr)
	}
	var inc int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM people_settings WHERE org_id = $1 AND include_council = TRUE`, orgID).Scan(&inc); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	d.in.IncludeCouncil = inc > 0

	w := store.NewWhere("org_id = ?", orgID)
	w.Add("start_date <= ? AND (end_date = '' OR end_date >= ?)", today, today)
	if onlyEmployee != "" {
		w.Add("id = ?", onlyEmployee)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, number, name, team_id, person_kind, start_date, end_date, client_contact FROM employees WHERE `+w.SQL(), w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var p DuePerson
		var number, name, start, end string
		if err := rows.Scan(&p.ID, &number, &name, &p.TeamID, &p.Kind, &start, &end, &p.ClientContact); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		p.Start, p.End = dateOrZero(start), dateOrZero(end)
		d.names[p.ID], d.numbers[p.ID] = name, number
		d.in.People = append(d.in.People, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}

	aw := store.NewWhere("a.org_id = ?", orgID)
	aw.Add("a.function_id IN (SELECT f.function_id FROM training_requirement_functions f WHERE f.org_id = ?)", orgID)
	if onlyEmployee != "" {
		aw.Add("a.employee_id = ?", onlyEmployee)
	}
	rows, err = q.QueryContext(ctx, `SELECT a.employee_id, a.function_id, a.start_date, a.end_date FROM assignments a WHERE `+aw.SQL(), aw.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var a DueAssignment
		var start, end string
		if err := rows.Scan(&a.PersonID, &a.FunctionID, &start, &end); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		a.Start, a.End = dateOrZero(start), dateOrZero(end)
		d.in.Assignments = append(d.in.Assignments, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}

	lw := store.NewWhere("org_id = ?", orgID)
	lw.Add("date <= ?", today)
	if onlyEmployee != "" {
		lw.Add("employee_id = ?", onlyEmployee)
	}
	rows, err = q.QueryContext(ctx, `SELECT employee_id, requirement_id, MAX(date) FROM training_attendance WHERE `+lw.SQL()+` GROUP BY employee_id, requirement_id`, lw.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var k DueKey
		var last string
		if err := rows.Scan(&k.PersonID, &k.RequirementID, &last); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		d.in.Last[k] = dateOrZero(last)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}

	rows, err = q.QueryContext(ctx, `SELECT id, name FROM teams WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		d.teams[id] = name
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return d, nil
}

// Cell is the coverage of one requirement in one team (or in all teams).
type Cell struct {
	RequirementID string
	Applicable    int // people to whom it applies
	Covered       int // of them: done and still valid
	Soon          int // due within SoonDays
	Overdue       int
}

// Percent is the share covered, rounded down; -1 when nobody is subject.
func (c Cell) Percent() int {
	if c.Applicable == 0 {
		return -1
	}
	return c.Covered * 100 / c.Applicable
}

// TeamCoverage is one team's row of the overview.
type TeamCoverage struct {
	TeamID   string
	TeamName string
	People   int
	Cells    []Cell // in the order of Overview.Requirements
}

// PersonSummary is one person's line in a team list.
type PersonSummary struct {
	EmployeeID string
	Number     string
	Name       string
	TeamID     string
	TeamName   string
	Overdue    int
	Soon       int
	Pending    int
}

// Overview is what a scope sees of the training duties: coverage per team
// and requirement, totals and the people with something due.
type Overview struct {
	Day          string
	All          bool // the scope sees every team
	Requirements []*Requirement
	Teams        []TeamCoverage
	Total        []Cell
	People       []PersonSummary // people with something overdue, soon or pending
}

// Overview computes the training overview for the teams the scope sees: all
// of them for HR and the coordinator, a teamleider's own teams otherwise.
func (s *Store) Overview(ctx context.Context, sc *auth.Scope) (*Overview, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx, sc); err != nil {
		return nil, err
	}
	day := s.today()
	d, err := s.loadDue(ctx, s.db.Read, sc.OrgID, day, "")
	if err != nil {
		return nil, err
	}
	if !ts.All {
		d.in.People = slices.DeleteFunc(d.in.People, func(p DuePerson) bool { return !ts.Sees(p.TeamID) })
	}
	items := ComputeDue(d.in)
	o := &Overview{Day: day.Format(time.DateOnly), All: ts.All, Requirements: d.reqs}
	col := map[string]int{}
	for i, r := range d.reqs {
		col[r.ID] = i
	}
	teams := map[string]*TeamCoverage{}
	persons := map[string]*PersonSummary{}
	o.Total = make([]Cell, len(d.reqs))
	for i, r := range d.reqs {
		o.Total[i].RequirementID = r.ID
	}
	for _, p := range d.in.People {
		tc := teams[p.TeamID]
		if tc == nil {
			tc = &TeamCoverage{TeamID: p.TeamID, TeamName: d.teams[p.TeamID], Cells: make([]Cell, len(d.reqs))}
			for i, r := range d.reqs {
				tc.Cells[i].RequirementID = r.ID
			}
			teams[p.TeamID] = tc
		}
		tc.People++
	}
	for _, it := range items {
		if !it.Applicable() {
			continue
		}
		i := col[it.RequirementID]
		for _, c := range []*Cell{&teams[it.TeamID].Cells[i], &o.Total[i]} {
			c.add(it)
		}
		if it.Status == StatusOverdue || it.Status == StatusSoon || it.Status == StatusPending {
			ps := persons[it.PersonID]
			if ps == nil {
				ps = &PersonSummary{EmployeeID: it.PersonID, Number: d.numbers[it.PersonID], Name: d.names[it.PersonID], TeamID: it.TeamID, TeamName: d.teams[it.TeamID]}
				persons[it.PersonID] = ps
			}
			switch it.Status {
			case StatusOverdue:
				ps.Overdue++
			case StatusSoon:
				ps.Soon++
			default:
				ps.Pending++
			}
		}
	}
	for _, tc := range teams {
		o.Teams = append(o.Teams, *tc)
	}
	slices.SortFunc(o.Teams, func(a, b TeamCoverage) int {
		return strings.Compare(strings.ToLower(a.TeamName), strings.ToLower(b.TeamName))
	})
	for _, ps := range persons {
		o.People = append(o.People, *ps)
	}
	slices.SortFunc(o.People, func(a, b PersonSummary) int {
		if a.Overdue != b.Overdue {
			return b.Overdue - a.Overdue
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return o, nil
}

func (c *Cell) add(it DueItem) {
	c.Applicable++
	switch it.Status {
	case StatusOverdue:
		c.Overdue++
	case StatusSoon:
		c.Soon++
	}
	if !it.Never() && it.Status != StatusOverdue {
		c.Covered++
	}
}

// PersonDueLine is one requirement in a person's overview.
type PersonDueLine struct {
	Requirement *Requirement
	Item        DueItem
}

// PersonTraining is one person's training duties and record.
type PersonTraining struct {
	EmployeeID string
	Number     string
	Name       string
	TeamName   string
	Kind       string // staff, college or council
	Current    bool   // works here today
	Lines      []PersonDueLine
	Attendance []*Attendance
}

// Person returns what is due for one person and what they did. A
// teamleider asking for someone outside their teams, or anyone asking for
// another organisation's employee, gets not found.
func (s *Store) Person(ctx context.Context, sc *auth.Scope, employeeID string) (*PersonTraining, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx, sc); err != nil {
		return nil, err
	}
	pt := &PersonTraining{EmployeeID: employeeID}
	var team string
	err = s.db.Read.QueryRowContext(ctx, `SELECT e.number, e.name, e.team_id, t.name, e.person_kind FROM employees e JOIN teams t ON t.id = e.team_id AND t.org_id = e.org_id
		WHERE e.org_id = $1 AND e.id = $2`, sc.OrgID, employeeID).Scan(&pt.Number, &pt.Name, &team, &pt.TeamName, &pt.Kind)
	if isNoRows(err) || (err == nil && !ts.Sees(team)) {
		return nil, apperr.New(apperr.NotFound, "people.training.err.person_not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	d, err := s.loadDue(ctx, s.db.Read, sc.OrgID, s.today(), employeeID)
	if err != nil {
		return nil, err
	}
	pt.Current = len(d.in.People) == 1
	for _, it := range ComputeDue(d.in) {
		pt.Lines = append(pt.Lines, PersonDueLine{Requirement: d.reqIndex[it.RequirementID], Item: it})
	}
	if pt.Attendance, err = s.attendanceOf(ctx, sc, employeeID); err != nil {
		return nil, err
	}
	return pt, nil
}
