package duty

import (
	"cmp"
	"slices"
)

// Counts tallies findings: all of them, those mitigated on the day, and
// those open (not mitigated, including reopened ones).
type Counts struct {
	Total     int
	Mitigated int
	Open      int
	Reopened  int // open because every mitigation expired
}

func (c *Counts) add(f *Finding) {
	c.Total++
	switch {
	case f.Mitigated:
		c.Mitigated++
	case f.Reopened:
		c.Open++
		c.Reopened++
	default:
		c.Open++
	}
}

// CountFindings tallies fs.
func CountFindings(fs []Finding) Counts {
	var c Counts
	for i := range fs {
		c.add(&fs[i])
	}
	return c
}

// Counts tallies all findings: the organisation view.
func (r Result) Counts() Counts { return CountFindings(r.Findings) }

// KindCounts is the tally of one finding kind.
type KindCounts struct {
	Kind Kind
	Counts
}

// ByKind tallies the findings per kind, every kind in Kinds order, also
// those with no findings, so that a table of the organisation shows zeros.
func (r Result) ByKind() []KindCounts {
	out := make([]KindCounts, len(Kinds))
	for i, k := range Kinds {
		out[i].Kind = k
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if k := f.Kind.rank(); k < len(out) {
			out[k].add(f)
		}
	}
	return out
}

// Open returns the findings not mitigated on the day, in result order.
func (r Result) Open() []Finding {
	return r.filter(func(f *Finding) bool { return !f.Mitigated })
}

// MitigatedFindings returns the findings mitigated on the day, in result
// order.
func (r Result) MitigatedFindings() []Finding {
	return r.filter(func(f *Finding) bool { return f.Mitigated })
}

func (r Result) filter(keep func(*Finding) bool) []Finding {
	var out []Finding
	for i := range r.Findings {
		if keep(&r.Findings[i]) {
			out = append(out, r.Findings[i])
		}
	}
	return out
}

// Group is the findings of one team or one person.
type Group struct {
	ID       string // team id or employee id; "" for findings without one
	Findings []Finding
	Counts
}

// ByTeam groups the findings by the team that must act (Finding.TeamID),
// teams sorted by id, the open ones first within each team by risk.
func (r Result) ByTeam() []Group { return r.group(teamOf) }

// ByPerson groups the findings that concern a person: their dubbelzitter
// and langzitter findings, and the eenpitter findings of steps they are one
// of the too few holders of. Persons are sorted by id.
func (r Result) ByPerson() []Group { return r.group(personsOf) }

// Team returns the group of one team (no findings when it has none).
func (r Result) Team(teamID string) Group { return r.one(teamID, teamOf) }

// Person returns the group of one employee (no findings when they have
// none).
func (r Result) Person(employeeID string) Group { return r.one(employeeID, personsOf) }

func teamOf(f *Finding) []string { return []string{f.TeamID} }

func personsOf(f *Finding) []string {
	if f.EmployeeID != "" {
		return []string{f.EmployeeID}
	}
	return f.Holders
}

func (r Result) one(id string, ids func(*Finding) []string) Group {
	g := Group{ID: id}
	for i := range r.Findings {
		f := &r.Findings[i]
		if slices.Contains(ids(f), id) {
			g.Findings = append(g.Findings, *f)
			g.add(f)
		}
	}
	slices.SortStableFunc(g.Findings, byUrgency)
	return g
}

func (r Result) group(ids func(*Finding) []string) []Group {
	at := map[string]int{}
	var out []Group
	for i := range r.Findings {
		f := &r.Findings[i]
		for _, id := range ids(f) {
			j, ok := at[id]
			if !ok {
				j = len(out)
				at[id] = j
				out = append(out, Group{ID: id})
			}
			out[j].Findings = append(out[j].Findings, *f)
			out[j].add(f)
		}
	}
	slices.SortFunc(out, func(x, y Group) int { return cmp.Compare(x.ID, y.ID) })
	for _, g := range out {
		slices.SortStableFunc(g.Findings, byUrgency)
	}
	return out
}

// byUrgency puts open findings before mitigated ones and higher risks
// first, keeping result order otherwise.
func byUrgency(x, y Finding) int {
	if x.Mitigated != y.Mitigated {
		if x.Mitigated {
			return 1
		}
		return -1
	}
	return cmp.Compare(y.Risk.Rank(), x.Risk.Rank())
}
