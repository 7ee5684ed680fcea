// Package web is the HTTP shell every capability plugs into: the route table
// with each route's permission, middleware, the layout and error pages,
// problem+json for the API, static assets and the message catalogue's use in
// templates.
package web

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/weerbaar/weerbaar/internal/auth"
)

// Handler serves a request. It returns an error instead of writing one, so
// that errors are rendered in one place: as a Dutch page for the UI and as
// application/problem+json for the API.
type Handler func(w http.ResponseWriter, r *http.Request) error

// Route is one entry of the route table. Every route the application serves
// is declared this way, with the permission it needs; the generated
// authorisation test walks this table.
type Route struct {
	// Pattern is an http.ServeMux pattern with method, e.g.
	// "POST /acties/{actionID}".
	Pattern string
	// Perm is the permission the route needs. There is no default: a route
	// without one is refused when the server is built.
	Perm auth.Permission
	// Handle serves the request.
	Handle Handler
	// Summary describes an API route in openapi.json.
	Summary string
	// Limited routes count against a per-client rate limit (sign-in,
	// intake). Routes with the same LimitGroup share one count; "" is
	// sign-in's. LimitScale multiplies the sign-in rate for the group (0
	// and 1: the same), for forms many colleagues behind one address send
	// at once, such as a survey.
	Limited    bool
	LimitGroup string
	LimitScale int
	// MaxBody overrides the default request body limit.
	MaxBody int64
}

// Method returns the route's HTTP method.
func (rt Route) Method() string {
	m, _, _ := strings.Cut(rt.Pattern, " ")
	return m
}

// Path returns the route's path pattern.
func (rt Route) Path() string {
	_, p, _ := strings.Cut(rt.Pattern, " ")
	return p
}

// IsAPI reports whether the route belongs to the JSON API.
func (rt Route) IsAPI() bool { return strings.HasPrefix(rt.Path(), "/api/") }

// NavItem is an entry of the main navigation, shown only to users who hold
// its permission. Entries with the same Group share one place in the main
// navigation (labelled with the group, leading to the first entry the user
// may open) and are listed in a second row on the pages of the group; a
// group of which the user may open one entry shows that entry as it is.
type NavItem struct {
	Key   string // catalogue key of the label
	Path  string
	Perm  auth.Permission
	Order int
	Group string // catalogue key of the group's label; "" for an entry of its own
}

// Module is what a capability hands to the server: its routes, navigation
// entries and templates.
type Module struct {
	Name      string
	Routes    []Route
	Nav       []NavItem
	Templates fs.FS // the module's page templates (*.html), or nil
}
