package org

import (
	"context"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// state is an organisation's model as stored, indexed by the natural keys
// an import matches on.
type state struct {
	orgID        string
	teams        map[string]*Team // by id
	teamByCode   map[string]*Team
	teamByName   map[string]*Team // by lower-case name
	funcByCode   map[string]*Function
	empByNumber  map[string]*Employee
	assignByPair map[pair][]*Assignment
}

// pair is an employee and a function, by id.
type pair struct{ employee, function string }

// loadState reads the organisation's whole model through q: the real
// import reads it inside its transaction, so that what it compares
// against is what it changes.
func loadState(ctx context.Context, q store.Querier, orgID string) (*state, error) {
	st := &state{orgID: orgID, teams: map[string]*Team{}, teamByCode: map[string]*Team{}, teamByName: map[string]*Team{},
		funcByCode: map[string]*Function{}, empByNumber: map[string]*Employee{}, assignByPair: map[pair][]*Assignment{}}
	teams, err := loadTeams(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		st.teams[t.ID] = t
		st.teamByName[strings.ToLower(t.Name)] = t
		if t.Code != "" {
			st.teamByCode[t.Code] = t
		}
	}
	funcs, err := loadFunctions(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	for i := range funcs {
		st.funcByCode[funcs[i].Code] = &funcs[i]
	}
	rows, err := q.QueryContext(ctx, `SELECT id, number, name, team_id, start_date, end_date, client_contact, hired
		FROM employees WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		e := &Employee{}
		if err := rows.Scan(&e.ID, &e.Number, &e.Name, &e.TeamID, &e.StartDate, &e.EndDate, &e.ClientContact, &e.Hired); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		st.empByNumber[e.Number] = e
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT id, employee_id, function_id, start_date, end_date
		FROM assignments WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		a := &Assignment{}
		if err := rows.Scan(&a.ID, &a.EmployeeID, &a.FunctionID, &a.StartDate, &a.EndDate); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		k := pair{a.EmployeeID, a.FunctionID}
		st.assignByPair[k] = append(st.assignByPair[k], a)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return st, nil
}
