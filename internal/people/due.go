package people

import (
	"slices"
	"time"
)

// The due engine is pure: given the people of an organisation, their
// function assignments, the training requirements and the attendance, and
// a day, it says per person and requirement whether the training applies
// and when it is (or was) due. It touches no database, so tests hand it
// exactly the situation they describe and the store only loads and shows.

// Audience says to whom a requirement applies; it is derived from a
// person's attributes, never from their name.
type Audience string

// The audiences.
const (
	AudienceAll           Audience = "all"            // all staff
	AudienceClientContact Audience = "client_contact" // staff with client contact
	AudienceFunctions     Audience = "functions"      // holders of chosen functions
	AudienceCouncil       Audience = "council"        // members of the college and the council
)

// Audiences lists the audiences in the order forms show them.
var Audiences = []Audience{AudienceAll, AudienceClientContact, AudienceFunctions, AudienceCouncil}

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return slices.Contains(Audiences, a) }

// Person kinds as stored in employees.person_kind.
const (
	KindStaff   = "staff"
	KindCollege = "college"
	KindCouncil = "council"
)

// DuePerson is one employee record as the engine needs it. End is the zero
// time while the person still works here.
type DuePerson struct {
	ID            string
	TeamID        string
	Kind          string
	Start, End    time.Time
	ClientContact bool
}

// DueAssignment is a person holding a function for a period; End is zero
// while open.
type DueAssignment struct {
	PersonID   string
	FunctionID string
	Start, End time.Time
}

// DueRequirement is a training requirement: who it applies to, within how
// many months of starting (or of getting the function) it is first due and
// every how many months it must be refreshed (0: once).
type DueRequirement struct {
	ID            string
	Audience      Audience
	Functions     map[string]bool // for AudienceFunctions
	FirstMonths   int
	RefreshMonths int
}

// DueKey names one person's one requirement.
type DueKey struct{ PersonID, RequirementID string }

// DueInput is everything the engine looks at.
type DueInput struct {
	Day          time.Time // today, as a calendar day (midnight UTC)
	SoonDays     int       // a due date this close counts as soon
	People       []DuePerson
	Assignments  []DueAssignment
	Requirements []DueRequirement
	// Last is the latest attendance per person and requirement; the
	// engine ignores dates after Day.
	Last map[DueKey]time.Time
	// IncludeCouncil brings the college and the council under the
	// requirements for all staff as well.
	IncludeCouncil bool
}

// Status is the state of one person's one requirement.
type Status string

// The statuses. A person who has left, or has not started yet, is not in
// the result at all.
const (
	StatusNotApplicable Status = "not_applicable"
	StatusOK            Status = "ok"      // done; Date is when it runs out (zero: never)
	StatusPending       Status = "pending" // not done yet, due on Date, not soon
	StatusSoon          Status = "soon"    // due on Date, within SoonDays
	StatusOverdue       Status = "overdue" // overdue since Date
)

// DueItem is the answer for one person and requirement.
type DueItem struct {
	PersonID      string
	TeamID        string
	RequirementID string
	Status        Status
	Date          time.Time // see Status
	Last          time.Time // latest attendance; zero: never done
}

// Never reports whether the person never did the training.
func (d DueItem) Never() bool { return d.Last.IsZero() }

// Applicable reports whether the requirement applies to the person.
func (d DueItem) Applicable() bool { return d.Status != StatusNotApplicable }

// Gap reports whether the person is overdue.
func (d DueItem) Gap() bool { return d.Status == StatusOverdue }

// AddMonths adds n months to a calendar day; a day that does not exist in
// the target month becomes that month's last day (31 January plus one
// month is 28 or 29 February), so a due date never skips a month.
func AddMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), 0, 0, 0, 0, time.UTC)
}

// ComputeDue returns one item per current person and requirement, in the
// order of People and then Requirements. People who have left before Day or
// start after it are left out.
func ComputeDue(in DueInput) []DueItem {
	day := in.Day
	byPerson := map[string][]DueAssignment{}
	needFunctions := false
	for _, r := range in.Requirements {
		if r.Audience == AudienceFunctions {
			needFunctions = true
		}
	}
	if needFunctions {
		for _, a := range in.Assignments {
			byPerson[a.PersonID] = append(byPerson[a.PersonID], a)
		}
	}
	out := make([]DueItem, 0, len(in.People)*len(in.Requirements))
	for _, p := range in.People {
		if p.Start.After(day) || (!p.End.IsZero() && p.End.Before(day)) {
			continue
		}
		for _, r := range in.Requirements {
			it := DueItem{PersonID: p.ID, TeamID: p.TeamID, RequirementID: r.ID, Status: StatusNotApplicable}
			anchor, ok := applies(p, r, byPerson[p.ID], day, in.IncludeCouncil)
			if ok {
				last := in.Last[DueKey{p.ID, r.ID}]
				if last.After(day) {
					last = time.Time{}
				}
				it.Last = last
				it.Status, it.Date = judge(anchor, last, r, day, in.SoonDays)
			}
			out = append(out, it)
		}
	}
	return out
}

// applies says whether r applies to p on day, and from which day the first
// due date counts: the start of employment, or for a function-based
// requirement the start of the current unbroken spell in the chosen
// functions — so a change into such a function gives a new first-due date.
func applies(p DuePerson, r DueRequirement, as []DueAssignment, day time.Time, includeCouncil bool) (time.Time, bool) {
	council := p.Kind == KindCollege || p.Kind == KindCouncil
	switch r.Audience {
	case AudienceAll:
		return p.Start, !council || includeCouncil
	case AudienceClientContact:
		return p.Start, p.ClientContact && (!council || includeCouncil)
	case AudienceCouncil:
		return p.Start, council
	case AudienceFunctions:
		if council && !includeCouncil {
			return time.Time{}, false
		}
		var spells []DueAssignment
		for _, a := range as {
			if r.Functions[a.FunctionID] && !a.Start.After(day) {
				spells = append(spells, a)
			}
		}
		if len(spells) == 0 {
			return time.Time{}, false
		}
		slices.SortFunc(spells, func(a, b DueAssignment) int { return a.Start.Compare(b.Start) })
		// Merge overlapping and adjacent spells; the one that covers day
		// gives the anchor.
		start, end := spells[0].Start, spells[0].End
		for _, a := range spells[1:] {
			if !end.IsZero() && a.Start.After(end.AddDate(0, 0, 1)) {
				start, end = a.Start, a.End
				continue
			}
			if end.IsZero() || a.End.IsZero() {
				end = time.Time{}
			} else if a.End.After(end) {
				end = a.End
			}
		}
		if !end.IsZero() && end.Before(day) {
			return time.Time{}, false
		}
		return start, true
	}
	return time.Time{}, false
}

// judge turns the anchor and the last attendance into a status.
func judge(anchor, last time.Time, r DueRequirement, day time.Time, soonDays int) (Status, time.Time) {
	first := AddMonths(anchor, r.FirstMonths)
	var due time.Time
	switch {
	case last.IsZero():
		due = first
	case r.RefreshMonths <= 0:
		return StatusOK, time.Time{}
	default:
		due = AddMonths(last, r.RefreshMonths)
		// Someone who gets the function after their training ran out has
		// the first-due period of the function, not an immediate gap.
		if first.After(due) {
			due = first
		}
	}
	switch {
	case due.Before(day):
		return StatusOverdue, due
	case !due.After(day.AddDate(0, 0, soonDays)):
		return StatusSoon, due
	case last.IsZero():
		return StatusPending, due
	}
	return StatusOK, due
}
