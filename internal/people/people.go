// Package people is the capability for training duties, screening and the
// integrity registers (issue 6): who still has to do which training, who
// needs (re)screening, and what the registers of oaths, side jobs and gifts
// hold — for HR centrally and for every teamleider for their own teams.
//
// The package reads the organisation model (teams, functions, employees,
// assignments) with its own SQL, like package risk, and never imports
// package org.
package people

import (
	"context"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// Store keeps the people registers of every organisation; each method acts
// in the organisation of the scope it is given.
type Store struct {
	db      *store.DB
	clk     clock.Clock
	audit   *audit.Log
	vault   *vault.Vault
	outbox  *notify.Outbox
	actions Actions
	access  Access
}

// NewStore returns a Store. The vault seals sensitive free text and
// certificates; the outbox sends content-free reminders.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log, v *vault.Vault, o *notify.Outbox) *Store {
	return &Store{db: db, clk: clk, audit: a, vault: v, outbox: o}
}

// NewAction is what the people registers ask the programme's action list
// to create for a persistent gap; titles name a team or a requirement,
// never a person.
type NewAction struct {
	Title       string
	Description string
	OwnerID     string
	DueDate     string
	SourceType  string
	SourceID    string
	SourceLabel string
}

// Actions is the programme's action list as this package needs it; the
// consumer owns the interface, internal/app wires package plan in.
type Actions interface {
	CreateAction(ctx context.Context, sc *auth.Scope, n NewAction) (id string, err error)
}

// SetActions connects the action list.
func (s *Store) SetActions(a Actions) { s.actions = a }

// Audit action codes, joined from the area so that the catalogue test does
// not take them for message keys; their labels are audit.action.<code>.
const area = "people"

func canRead(sc *auth.Scope) error {
	if !sc.Allows(auth.PeopleRead) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

func canManage(sc *auth.Scope) error {
	if !sc.Allows(auth.PeopleManage) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// record appends an audit entry in the caller's transaction.
func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
}

// TeamScope says which teams' people a scope may see: all of them (HR,
// the coordinator, operators), or the teams a teamleider leads with all
// their sub-teams.
type TeamScope struct {
	All   bool
	Teams map[string]bool
}

// Sees reports whether a person of the team is visible.
func (t TeamScope) Sees(teamID string) bool { return t.All || t.Teams[teamID] }

// IDs returns the visible team ids, sorted; nil when All.
func (t TeamScope) IDs() []string {
	if t.All {
		return nil
	}
	out := make([]string, 0, len(t.Teams))
	for id := range t.Teams {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// TeamScope returns the teams whose people the scope may see. A scope
// with people.all_teams (HR, the coordinator) sees all; anyone else with
// people.read sees the teams recorded for them in team_leads (a
// teamleider's) and their sub-teams.
func (s *Store) TeamScope(ctx context.Context, sc *auth.Scope) (TeamScope, error) {
	if err := canRead(sc); err != nil {
		return TeamScope{}, err
	}
	if sc.Allows(auth.PeopleAllTeams) {
		return TeamScope{All: true}, nil
	}
	teams, err := s.LedTeams(ctx, sc.OrgID, sc.UserID)
	if err != nil {
		return TeamScope{}, err
	}
	return TeamScope{Teams: teams}, nil
}

// LedTeams returns the teams the user leads in the organisation according
// to team_leads, with all their sub-teams. It checks no permission: it is
// the lookup behind TeamScope, and other modules scope a teamleider's
// work with it (the process register).
func (s *Store) LedTeams(ctx context.Context, orgID, userID string) (map[string]bool, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, COALESCE(parent_id, '') FROM teams WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	children := map[string][]string{}
	for rows.Next() {
		var id, parent string
		if err := rows.Scan(&id, &parent); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		children[parent] = append(children[parent], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	led, err := s.db.Read.QueryContext(ctx, `SELECT team_id FROM team_leads WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var stack []string
	for led.Next() {
		var id string
		if err := led.Scan(&id); err != nil {
			led.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		stack = append(stack, id)
	}
	led.Close()
	if err := led.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	teams := map[string]bool{}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if teams[id] {
			continue
		}
		teams[id] = true
		stack = append(stack, children[id]...)
	}
	return teams, nil
}
