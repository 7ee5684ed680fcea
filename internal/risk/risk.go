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
}

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
