// Package scan is the resilience scan (issue 7, points 1–3): frameworks
// with pillars, questions and weights (the shipped defaults of DOMAIN.md §7
// and an organisation's own versions), scans of the whole organisation or
// a team with their maturity per pillar, and anonymous employee surveys
// whose results are shown only for groups of at least the threshold.
//
// Later work (goals, the council report, norm-framework verdicts, the
// regional benchmark) builds on LatestMaturity and on the verdict kind of
// framework.
package scan

import (
	"context"
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

// NewAction is what a scan asks the programme's action list to create for
// a gap. Title and SourceLabel name the question, never a person.
type NewAction struct {
	Title       string
	Description string
	OwnerID     string
	DueDate     string // YYYY-MM-DD
	SourceType  string // "scan"
	SourceID    string
	SourceLabel string
}

// Actions is the programme's action list as this package needs it; the
// consumer owns the interface, internal/app wires package plan in.
type Actions interface {
	CreateAction(ctx context.Context, sc *auth.Scope, n NewAction) (id string, err error)
}

// Store keeps the frameworks, scans and surveys of every organisation;
// each method acts in the organisation of the scope it is given.
type Store struct {
	db      *store.DB
	clk     clock.Clock
	audit   *audit.Log
	actions Actions
}

// NewStore returns a Store.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log) *Store {
	return &Store{db: db, clk: clk, audit: a}
}

// SetActions connects the action list. Without it, turning a gap into an
// action is refused as unavailable.
func (s *Store) SetActions(a Actions) { s.actions = a }

// Audit action codes, joined from the area so that the catalogue test
// does not take them for message keys.
const (
	area                  = "scan"
	ActionFrameworkSave   = area + ".framework.save"
	ActionFrameworkReset  = area + ".framework.reset"
	ActionScanCreate      = area + ".create"
	ActionScanAnswer      = area + ".answer"
	ActionScanLink        = area + ".link"
	ActionScanFinalise    = area + ".finalise"
	ActionScanGapAction   = area + ".gap_action"
	ActionScanRead        = area + ".read"
	ActionScanExport      = area + ".export"
	ActionSurveyCreate    = area + ".survey.create"
	ActionSurveyTokens    = area + ".survey.tokens"
	ActionSurveyClose     = area + ".survey.close"
	ActionSurveyResults   = area + ".survey.results"
	ActionSettingsSurveys = area + ".settings.threshold"
)

func need(sc *auth.Scope, p auth.Permission) error {
	if !sc.Can(p) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// SeesEvidence reports whether the scope sees the evidence and comments
// of scans, not only their results: auditors (griffier, raad, rekenkamer)
// see results only, unless another role of theirs reads scans too.
func SeesEvidence(sc *auth.Scope) bool {
	if sc.Can(auth.ScanEdit) {
		return true
	}
	for _, r := range sc.Roles {
		if r != auth.Auditor && r.Has(auth.ScanRead) && sc.Can(auth.ScanRead) {
			return true
		}
	}
	return false
}

func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
}

func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

func writeErr(err error) error {
	if store.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Key: "scan.err.concurrent", Err: err}
	}
	return apperr.Wrap(err, "store.tx_failed")
}

func notFound() error { return apperr.New(apperr.NotFound, "scan.err.not_found") }
