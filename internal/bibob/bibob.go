// Package bibob is the capability for Bibob screenings, the Bibob policy and
// the register of administrative interventions (issue 5): which
// applications fall under the policy, screenings within their statutory
// terms, detection of projects split into applications under the threshold,
// and the year × type table of interventions an audit office asks for.
//
// Applications, policy, screenings and splitting live in the files named
// after them; the interventions register and the optional Open Zaak link in
// intervention*.go and zaak*.go. Each part declares its routes in its own
// file and Module joins them.
package bibob

import (
	"context"
	"embed"
	"io/fs"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Store keeps the Bibob work of every organisation; each method acts in the
// organisation of the scope it is given.
type Store struct {
	db     *store.DB
	clk    clock.Clock
	audit  *audit.Log
	vault  *vault.Vault
	access Access
	iv     ivDeps // interventions register and Open Zaak link (intervention*.go, zaak*.go)
}

// NewStore returns a Store. The vault seals screening findings and
// motivations.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log, v *vault.Vault) *Store {
	return &Store{db: db, clk: clk, audit: a, vault: v}
}

// Access is the need-to-know policy of package auth as screenings need it;
// internal/app wires *auth.Service in.
type Access interface {
	MayAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) (bool, error)
	GrantAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	RevokeAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	AccessList(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) ([]auth.Grant, error)
}

// SetAccess connects the need-to-know lists.
func (s *Store) SetAccess(a Access) { s.access = a }

// Audit action codes are joined from the area so that the catalogue test
// does not take them for message keys.
const area = "bibob"

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of the Bibob capability.
func (s *Store) Module() web.Module {
	var routes []web.Route
	routes = append(routes, s.routes()...)             // applications, policy, screenings, splitting
	routes = append(routes, s.interventionRoutes()...) // interventions register, Open Zaak link
	return web.Module{
		Name:      "bibob",
		Templates: Templates(),
		Routes:    routes,
		Nav:       append(s.nav(), s.interventionNav()...),
	}
}
