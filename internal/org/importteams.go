package org

import (
	"strings"

	"github.com/weerbaar/weerbaar/internal/store"
)

// teamPlan is what an import does with one team: create it (existing is
// nil) or bring the stored team in line with the file.
type teamPlan struct {
	id, name, code string
	// parentID is the team above; it counts only when setParent, that is
	// when the file has a parent column.
	parentID  string
	setParent bool
	row       int // the first row naming the team
	parentRow int // the row that gave the parent
	existing  *Team
}

func (t *teamPlan) changed() bool {
	e := t.existing
	return e.Name != t.name || e.Code != t.code || (t.setParent && e.ParentID != t.parentID)
}

// finalParent is the team's parent once the import is done.
func (t *teamPlan) finalParent() string {
	if t.setParent || t.existing == nil {
		return t.parentID
	}
	return t.existing.ParentID
}

// planTeams finds the team of every row. A team is known by its code when
// the row gives one, and by its name otherwise; it matches a stored team the
// same way. Rows with a code go first, so that a row without one finds the
// coded team of the same name.
func (p *planner) planTeams(lines []*line) {
	for _, coded := range []bool{true, false} {
		for _, l := range lines {
			if l.bad || (l.teamCode != "") != coded {
				continue
			}
			p.lineTeam[l] = p.teamOf(l)
		}
	}
	if p.c.has(colParent) {
		for _, l := range lines {
			if tp := p.lineTeam[l]; tp != nil {
				p.setParent(tp, l)
			}
		}
	}
	p.checkCycles()
}

// teamOf returns the plan of the row's team, making it on first sight.
func (p *planner) teamOf(l *line) *teamPlan {
	lower := strings.ToLower(l.team)
	if l.teamCode != "" {
		if tp := p.teamByCode[l.teamCode]; tp != nil {
			if !strings.EqualFold(tp.name, l.team) {
				p.fail(l.row, colTeam, "org.import.conflict", tp.row)
				return nil
			}
			return tp
		}
		if other := p.teamByName[lower]; other != nil {
			p.fail(l.row, colTeam, "org.import.team_name_twice", other.row)
			return nil
		}
	} else if tp := p.teamByName[lower]; tp != nil {
		return tp
	}
	return p.newTeam(l.team, l.teamCode, l.row, colTeam)
}

// newTeam plans a team the file names for the first time, matching it to a
// stored team: by code, or by name when either side has no code. A team
// named only as a parent (col is colParent) keeps its stored spelling.
func (p *planner) newTeam(name, code string, row int, col column) *teamPlan {
	lower := strings.ToLower(name)
	tp := &teamPlan{name: name, code: code, row: row}
	var ex *Team
	if code != "" {
		ex = p.st.teamByCode[code]
	}
	byName := p.st.teamByName[lower]
	switch {
	case ex != nil && byName != nil && byName != ex:
		// Renaming the coded team would take another team's name.
		p.fail(row, col, "org.import.team_name_taken", name)
		return nil
	case ex == nil && byName != nil && code != "" && byName.Code != "":
		p.fail(row, col, "org.import.team_name_taken", name)
		return nil
	case ex == nil:
		ex = byName
	}
	if ex != nil {
		if other := p.claimed[ex.ID]; other != nil {
			p.fail(row, col, "org.import.team_claimed", other.row)
			return nil
		}
		p.claimed[ex.ID] = tp
		tp.existing, tp.id = ex, ex.ID
		if code == "" {
			tp.code = ex.Code
		}
		if col == colParent {
			tp.name = ex.Name
		}
	} else {
		tp.id = store.NewID()
	}
	p.teams = append(p.teams, tp)
	p.teamByName[lower] = tp
	if tp.code != "" {
		p.teamByCode[tp.code] = tp
	}
	return tp
}

// setParent applies the row's parent column to its team. The parent is
// named by code or name, of a team in the file or a stored one; a parent
// known nowhere is created as a top-level team.
func (p *planner) setParent(tp *teamPlan, l *line) {
	parent := ""
	if ref := l.parent; ref != "" {
		var pp *teamPlan
		if pp = p.teamByCode[ref]; pp == nil {
			pp = p.teamByName[strings.ToLower(ref)]
		}
		if pp == nil {
			if ex := p.st.teamByCode[ref]; ex != nil {
				if pp = p.claimed[ex.ID]; pp == nil {
					parent = ex.ID
				}
			} else if pp = p.newTeam(ref, "", l.row, colParent); pp == nil {
				return
			}
		}
		if pp != nil {
			parent = pp.id
		}
	}
	switch {
	case parent == tp.id:
		p.fail(l.row, colParent, "org.import.team_cycle")
	case tp.setParent && tp.parentID != parent:
		p.fail(l.row, colParent, "org.import.conflict", tp.parentRow)
	case !tp.setParent:
		tp.parentID, tp.setParent, tp.parentRow = parent, true, l.row
	}
}

// checkCycles refuses parents that would make a team its own ancestor,
// counting the stored teams the file does not mention.
func (p *planner) checkCycles() {
	parentOf := map[string]string{}
	for id, t := range p.st.teams {
		parentOf[id] = t.ParentID
	}
	for _, tp := range p.teams {
		parentOf[tp.id] = tp.finalParent()
	}
	for _, tp := range p.teams {
		if !tp.setParent || tp.parentID == tp.id {
			continue // the self-reference is reported already
		}
		seen := map[string]bool{}
		for id := tp.parentID; id != "" && !seen[id]; id = parentOf[id] {
			if id == tp.id {
				p.fail(tp.parentRow, colParent, "org.import.team_cycle")
				break
			}
			seen[id] = true
		}
	}
}
