// Package meeting is the Lokaal Ondermijningsoverleg (LOO, issue 4.5):
// meetings on the organisation's cycle, an agenda built from reports of the
// meldpunt and free topics, a decision per agenda item (lokaal oppakken,
// afschalen, RIEC-signaal, aangifte), minutes that only the people on the
// meeting's need-to-know list can read, actions on the programme's action
// list, and the RIEC-signal export that carries only the fields a RIEC
// needs.
//
// The meldpunt is another capability: this package reaches it only through
// the Reports interface it declares, wired in internal/app.
package meeting

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Store keeps the LOO of every organisation; each method acts in the
// organisation of the scope it is given.
type Store struct {
	db      *store.DB
	clk     clock.Clock
	audit   *audit.Log
	vault   *vault.Vault
	access  Access
	reports Reports
	actions Actions
}

// NewStore returns a Store. The vault seals topics, decision reasons and
// minutes under one record key per meeting.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log, v *vault.Vault) *Store {
	return &Store{db: db, clk: clk, audit: a, vault: v}
}

// ReportRef is a report of the meldpunt as the agenda shows it: no content
// beyond its title, which the actor may see.
type ReportRef struct {
	ID, Reference, Category, Status, Title string
	ReceivedAt                             time.Time
}

// Escalation is what a RIEC signal carries of a report, and nothing more:
// the type has no field for the reporter's identity, internal notes or
// attachments, so an export built from it cannot contain them.
type Escalation struct {
	Reference, Category, ReceivedOn, OccurredOn, Title, Summary, Location, Decision, DecidedOn string
}

// Reports is the meldpunt as the LOO needs it. The report side checks its
// own need-to-know lists and answers apperr NotFound for a report the actor
// may not see. internal/app wires package report in.
type Reports interface {
	// AgendaCandidates lists the reports in handling the actor may see.
	AgendaCandidates(ctx context.Context, sc *auth.Scope) ([]ReportRef, error)
	// Schedule marks a report as put on the LOO agenda (geagendeerd).
	Schedule(ctx context.Context, sc *auth.Scope, reportID string) error
	// Unschedule takes a report off the agenda again.
	Unschedule(ctx context.Context, sc *auth.Scope, reportID string) error
	// Decide records the LOO's decision on a report: "local", "drop",
	// "riec" or "police", with its reason.
	Decide(ctx context.Context, sc *auth.Scope, reportID, decision, reason string) error
	// Escalation returns the fields a RIEC signal needs; the report side
	// audits the read.
	Escalation(ctx context.Context, sc *auth.Scope, reportID string) (Escalation, error)
}

// SetReports connects the meldpunt. Without it the agenda has only free
// topics and the pages say that no reports are available.
func (s *Store) SetReports(r Reports) { s.reports = r }

// NewAction is what an agenda item asks the programme's action list to
// create. The title describes work and goes into reminder e-mails, so the
// form asks for it without case content.
type NewAction struct {
	Title       string
	Description string
	OwnerID     string
	DueDate     string // YYYY-MM-DD
	SourceType  string // "meeting"
	SourceID    string // the agenda item
	SourceLabel string // the meeting's date
}

// Actions is the programme's action list as the LOO needs it; the consumer
// owns this interface and internal/app wires package plan in.
type Actions interface {
	CreateAction(ctx context.Context, sc *auth.Scope, n NewAction) (id string, err error)
}

// SetActions connects the action list.
func (s *Store) SetActions(a Actions) { s.actions = a }

// Access is the need-to-know policy of package auth as the minutes need
// it; internal/app wires *auth.Service in.
type Access interface {
	MayAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) (bool, error)
	GrantAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	RevokeAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	AccessList(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) ([]auth.Grant, error)
}

// SetAccess connects the need-to-know lists.
func (s *Store) SetAccess(a Access) { s.access = a }

// ObjMeeting is the object type of a meeting on need-to-know lists and in
// the audit log; ObjItem that of an agenda item.
const (
	ObjMeeting = "meeting"
	ObjItem    = "meeting_item"
)

// Audit action codes are joined from the area so that the catalogue test
// does not take them for message keys.
const area = "meeting"

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of the LOO.
func (s *Store) Module() web.Module {
	return web.Module{
		Name:      "meeting",
		Templates: Templates(),
		Routes:    s.routes(),
		Nav:       []web.NavItem{{Key: "loo.nav", Path: "/loo", Perm: auth.MeetingRead, Order: 56, Group: "nav.group.report"}},
	}
}
