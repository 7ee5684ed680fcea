// Package risk is the process register — the processes a team runs, their
// steps and the functions that perform them — and the bridge from the
// database to the duty analysis engine (package duty): LoadDutyInput reads
// one organisation's register and organisation model, Analyse runs the
// engine over it.
//
// The package reads the organisation tables (employees, assignments,
// functions, teams) with its own SQL rather than through package org, so
// that the analysis can stream rows in the order the engine prefers.
package risk

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/textclean"
)

// clean and cleanText normalise typed and pasted text (package textclean).
var (
	clean     = textclean.Line
	cleanText = textclean.Text
)

// Store keeps the process register of every organisation; each method acts
// in the organisation of the scope it is given.
type Store struct {
	db      *store.DB
	clk     clock.Clock
	audit   *audit.Log
	actions Actions
	sources []FindingSource // findings of other capabilities (issue 5.5); see SetFindingSources
	// subjectKey gives the key that pseudonymises a person in the
	// processing log; see SetSubjectKeys.
	subjectKey func(orgID string) []byte
	leads      TeamLeads // the teams a teamleider leads; see SetTeamLeads
}

// TeamLeads tells which teams a user leads, sub-teams included (package
// people keeps the record).
type TeamLeads interface {
	LedTeams(ctx context.Context, orgID, userID string) (map[string]bool, error)
}

// SetTeamLeads gives the store the record of who leads which team. Without
// it only holders of risk.all_teams may change the register.
func (s *Store) SetTeamLeads(t TeamLeads) { s.leads = t }

// NewStore returns a Store.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log) *Store {
	return &Store{db: db, clk: clk, audit: a}
}

// Audit action codes, joined from the area so that the catalogue test does
// not take them for message keys; their labels are audit.action.<code>.
const (
	area                = "risk"
	ActionProcessCreate = area + ".process.create"
	ActionProcessUpdate = area + ".process.update"
	ActionProcessReview = area + ".process.review"
	ActionCircumstances = area + ".process.circumstances"
	ActionStepCreate    = area + ".step.create"
	ActionStepUpdate    = area + ".step.update"
	ActionStepDelete    = area + ".step.delete"
	ActionStepLink      = area + ".step.link"
	ActionStepUnlink    = area + ".step.unlink"
	ActionVulnCreate    = area + ".vulnerability.create"
	ActionVulnUpdate    = area + ".vulnerability.update"
	ActionVulnDelete    = area + ".vulnerability.delete"
	ActionControlCreate = area + ".control.create"
	ActionControlUpdate = area + ".control.update"
	ActionControlDelete = area + ".control.delete"
	ActionControlAction = area + ".control.action"
)

// Length limits of text fields, in characters.
const (
	maxName = 200
	maxCode = 50
)

// Access to the register: risk.read to read it (findings name people, so
// not every employee), risk.edit to map processes and mitigate findings.
func canRead(sc *auth.Scope) error {
	if !sc.Allows(auth.RiskRead) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

func canManage(sc *auth.Scope) error {
	if !sc.Allows(auth.RiskEdit) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// EditableTeams tells whose processes the scope may change: every team's
// with risk.all_teams (the coordinator), otherwise those of the teams the
// user leads and their sub-teams. Reading the register stays open to every
// risk.read holder; a process belongs to one team, and only that team's
// teamleider answers for it.
func (s *Store) EditableTeams(ctx context.Context, sc *auth.Scope) (all bool, teams map[string]bool, err error) {
	if err := canManage(sc); err != nil {
		return false, nil, err
	}
	if sc.Allows(auth.RiskAllTeams) {
		return true, nil, nil
	}
	teams, err = s.ledTeams(ctx, sc)
	return false, teams, err
}

// ledTeams are the teams the scope's user leads, sub-teams included; none
// without a record of team leads (deny by default).
func (s *Store) ledTeams(ctx context.Context, sc *auth.Scope) (map[string]bool, error) {
	if s.leads == nil {
		return map[string]bool{}, nil
	}
	return s.leads.LedTeams(ctx, sc.OrgID, sc.UserID)
}

// mayEditTeam refuses a change to the process register of a team the scope
// does not answer for, with a message that says why.
func (s *Store) mayEditTeam(ctx context.Context, sc *auth.Scope, teamID string) error {
	all, teams, err := s.EditableTeams(ctx, sc)
	if err != nil {
		return err
	}
	if !all && !teams[teamID] {
		return apperr.New(apperr.Forbidden, "risk.process.not_led")
	}
	return nil
}

// mayEditProcess is mayEditTeam for the team the process belongs to as q
// sees it (inside a change's transaction: after the change).
func (s *Store) mayEditProcess(ctx context.Context, q store.Querier, sc *auth.Scope, processID string) error {
	if sc.Allows(auth.RiskAllTeams) {
		return nil
	}
	var teamID string
	if err := q.QueryRowContext(ctx, `SELECT team_id FROM processes WHERE org_id = $1 AND id = $2`, sc.OrgID, processID).Scan(&teamID); err != nil {
		return store.NotFound(err, "error.not_found")
	}
	return s.mayEditTeam(ctx, sc, teamID)
}

// record appends an audit entry in the caller's transaction, so that the
// change and its entry commit together.
func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
}

// checkRange appends a field error when v is outside [lo, hi].
func checkRange(errs apperr.List, field string, v, lo, hi int) apperr.List {
	if v < lo || v > hi {
		return append(errs, apperr.FieldErr(field, "risk.step.range", lo, hi))
	}
	return errs
}

func itoa(i int) string { return strconv.Itoa(i) }

// checkText appends a field error when a required value is empty or a value
// is too long.
func checkText(errs apperr.List, field, v string, required bool, max int) apperr.List {
	switch {
	case v == "" && required:
		return append(errs, apperr.FieldErr(field, "field.required"))
	case utf8.RuneCountInString(v) > max:
		return append(errs, apperr.FieldErr(field, "risk.too_long", max))
	}
	return errs
}

func writeErr(err error) error {
	if store.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Key: "risk.concurrent_change", Err: err}
	}
	return apperr.Wrap(err, "store.tx_failed")
}

// exists reports whether a row with id exists in table within the org.
// table is always a constant of this package.
func exists(ctx context.Context, q store.Querier, table, orgID, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n)
	if err != nil {
		return false, apperr.Wrap(err, "store.query_failed")
	}
	return n > 0, nil
}
