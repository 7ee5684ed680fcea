package people // goals: issue 7

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Coverage is one organisation's training coverage today for the
// programme's indicators (issue 7): of all training duties that apply to
// someone, how many are done and still valid. Counts only.
type Coverage struct {
	Applicable int
	Covered    int
}

// coverageBatch is how many organisations one round of grouped queries
// reads; it keeps the number of bound parameters small on both databases.
const coverageBatch = 200

// CoverageFor computes today's training coverage of many organisations,
// for system use (package plan's indicators, which check the scope, and
// the national benchmark). It reads the due engine's input of up to
// coverageBatch organisations with one grouped query per table — the same
// selections as loadDue makes for one organisation — and counts as the
// training overview does (Cell.add). An organisation that never set up
// its training duties has nothing applicable.
func (s *Store) CoverageFor(ctx context.Context, orgIDs []string) (map[string]Coverage, error) {
	out := make(map[string]Coverage, len(orgIDs))
	day := s.today()
	for len(orgIDs) > 0 {
		batch := orgIDs[:min(len(orgIDs), coverageBatch)]
		orgIDs = orgIDs[len(batch):]
		ins, err := s.loadDueBatch(ctx, batch, day)
		if err != nil {
			return nil, err
		}
		for _, org := range batch {
			in := ins[org]
			var c Coverage
			if len(in.Requirements) > 0 {
				for _, it := range ComputeDue(*in) {
					if !it.Applicable() {
						continue
					}
					c.Applicable++
					if !it.Never() && it.Status != StatusOverdue {
						c.Covered++
					}
				}
			}
			out[org] = c
		}
	}
	return out, nil
}

// loadDueBatch is loadDue for many organisations at once, without the
// names the pages need.
func (s *Store) loadDueBatch(ctx context.Context, orgIDs []string, day time.Time) (map[string]*DueInput, error) {
	ins := make(map[string]*DueInput, len(orgIDs))
	var in strings.Builder
	args := []any{day.Format(time.DateOnly)}
	for i, id := range orgIDs {
		ins[id] = &DueInput{Day: day, SoonDays: SoonDays, Last: map[DueKey]time.Time{}}
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("$" + strconv.Itoa(i+2))
		args = append(args, id)
	}
	list := in.String()
	each := func(q string, scan func(row interface{ Scan(...any) error }) error) error {
		rows, err := s.db.Read.QueryContext(ctx, q, args...)
		if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
		}
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		return nil
	}
	reqs := map[string]*DueRequirement{}
	var order []string
	reqOrg := map[string]string{}
	// $1 (today) is bound for every query; the ones that do not need it
	// compare it with itself.
	if err := each(`SELECT org_id, id, audience, first_months, refresh_months FROM training_requirements WHERE $1 = $1 AND org_id IN (`+list+`) ORDER BY org_id, lower(name), code`,
		func(r interface{ Scan(...any) error }) error {
			var org, id, aud string
			var first, refresh int
			if err := r.Scan(&org, &id, &aud, &first, &refresh); err != nil {
				return err
			}
			dr := &DueRequirement{ID: id, Audience: Audience(aud), FirstMonths: first, RefreshMonths: refresh}
			if dr.Audience == AudienceFunctions {
				dr.Functions = map[string]bool{}
			}
			reqs[id], reqOrg[id] = dr, org
			order = append(order, id)
			return nil
		}); err != nil {
		return nil, err
	}
	if err := each(`SELECT org_id, requirement_id, function_id FROM training_requirement_functions WHERE $1 = $1 AND org_id IN (`+list+`)`,
		func(r interface{ Scan(...any) error }) error {
			var org, rid, fid string
			if err := r.Scan(&org, &rid, &fid); err != nil {
				return err
			}
			if dr := reqs[rid]; dr != nil && dr.Functions != nil {
				dr.Functions[fid] = true
			}
			return nil
		}); err != nil {
		return nil, err
	}
	for _, id := range order {
		ins[reqOrg[id]].Requirements = append(ins[reqOrg[id]].Requirements, *reqs[id])
	}
	if err := each(`SELECT org_id FROM people_settings WHERE include_council = TRUE AND $1 = $1 AND org_id IN (`+list+`)`,
		func(r interface{ Scan(...any) error }) error {
			var org string
			if err := r.Scan(&org); err != nil {
				return err
			}
			ins[org].IncludeCouncil = true
			return nil
		}); err != nil {
		return nil, err
	}
	if err := each(`SELECT org_id, id, team_id, person_kind, start_date, end_date, client_contact FROM employees
		WHERE start_date <= $1 AND (end_date = '' OR end_date >= $1) AND org_id IN (`+list+`)`,
		func(r interface{ Scan(...any) error }) error {
			var org, start, end string
			var p DuePerson
			if err := r.Scan(&org, &p.ID, &p.TeamID, &p.Kind, &start, &end, &p.ClientContact); err != nil {
				return err
			}
			p.Start, p.End = dateOrZero(start), dateOrZero(end)
			ins[org].People = append(ins[org].People, p)
			return nil
		}); err != nil {
		return nil, err
	}
	if err := each(`SELECT a.org_id, a.employee_id, a.function_id, a.start_date, a.end_date FROM assignments a
		WHERE $1 = $1 AND a.org_id IN (`+list+`) AND a.function_id IN (SELECT f.function_id FROM training_requirement_functions f WHERE f.org_id = a.org_id)`,
		func(r interface{ Scan(...any) error }) error {
			var org, start, end string
			var a DueAssignment
			if err := r.Scan(&org, &a.PersonID, &a.FunctionID, &start, &end); err != nil {
				return err
			}
			a.Start, a.End = dateOrZero(start), dateOrZero(end)
			ins[org].Assignments = append(ins[org].Assignments, a)
			return nil
		}); err != nil {
		return nil, err
	}
	if err := each(`SELECT org_id, employee_id, requirement_id, MAX(date) FROM training_attendance WHERE date <= $1 AND org_id IN (`+list+`)
		GROUP BY org_id, employee_id, requirement_id`,
		func(r interface{ Scan(...any) error }) error {
			var org, last string
			var k DueKey
			if err := r.Scan(&org, &k.PersonID, &k.RequirementID, &last); err != nil {
				return err
			}
			ins[org].Last[k] = dateOrZero(last)
			return nil
		}); err != nil {
		return nil, err
	}
	return ins, nil
}
