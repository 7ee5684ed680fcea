package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Config is the web server's configuration.
type Config struct {
	// BaseURL is the public address, e.g. https://weerbaar.gemeente.nl. HSTS
	// is sent when it is https.
	BaseURL string
	// Demo shows demo-only aids: the outbox page, the current TOTP code.
	Demo bool
	// SecurityContact is the Contact line of /.well-known/security.txt.
	SecurityContact string
	// TrustedProxy is the address of the reverse proxy whose
	// X-Forwarded-For is believed; empty trusts no header.
	TrustedProxy string
	// MaxBody is the default request body limit in bytes.
	MaxBody int64
	// LoginRate is how many attempts per minute one client may make on
	// rate-limited routes.
	LoginRate int
}

// Deps are the platform services the shell needs.
type Deps struct {
	DB     *store.DB
	Auth   *auth.Service
	Audit  *audit.Log
	Clock  clock.Clock
	Logger *slog.Logger
	OIDC   OIDC   // nil when no identity provider is configured
	Outbox Outbox // shown in demo mode
}

// Server is the HTTP application.
type Server struct {
	cfg     Config
	deps    Deps
	routes  []Route
	nav     []NavItem
	pages   *pageSet
	limiter *limiter
	handler http.Handler
	tiles   []TileSource
	// Ready reports whether the instance can serve (database reachable).
	ready func(ctx context.Context) error
}

// New builds the server from the platform's own module and the
// capabilities' modules. It refuses a route without a permission or with a
// pattern declared twice, so that nothing is served by accident.
func New(cfg Config, deps Deps, modules ...Module) (*Server, error) {
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.LoginRate == 0 {
		cfg.LoginRate = 10
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, deps: deps, limiter: newLimiter(time.Minute, deps.Clock)}
	s.ready = func(ctx context.Context) error { return deps.DB.Write.PingContext(ctx) }
	all := append([]Module{s.platformModule()}, modules...)
	var tmpl []fs.FS
	for _, m := range all {
		if m.Templates != nil {
			tmpl = append(tmpl, m.Templates)
		}
	}
	pages, err := loadPages(tmpl...)
	if err != nil {
		return nil, err
	}
	s.pages = pages
	seen := map[string]bool{}
	for _, m := range all {
		for _, rt := range m.Routes {
			if rt.Perm == "" {
				return nil, fmt.Errorf("web: route %q of %s has no permission", rt.Pattern, m.Name)
			}
			if rt.Handle == nil {
				return nil, fmt.Errorf("web: route %q of %s has no handler", rt.Pattern, m.Name)
			}
			if seen[rt.Pattern] {
				return nil, fmt.Errorf("web: route %q declared twice", rt.Pattern)
			}
			seen[rt.Pattern] = true
			s.routes = append(s.routes, rt)
		}
		s.nav = append(s.nav, m.Nav...)
	}
	slices.SortStableFunc(s.nav, func(a, b NavItem) int { return a.Order - b.Order })
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.Pattern, s.guard(rt))
	}
	mux.Handle("/", s.notFound())
	s.handler = s.middleware(mux)
	return s, nil
}

// Routes returns the route table, for the generated authorisation test and
// openapi.json.
func (s *Server) Routes() []Route { return slices.Clone(s.routes) }

// ServeHTTP serves a request through the whole middleware stack.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Config returns the server's configuration.
func (s *Server) Config() Config { return s.cfg }

// Deps returns the server's platform services.
func (s *Server) Deps() Deps { return s.deps }

func (s *Server) notFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), errNotFound)
	})
}

// Serve runs the server on addr until ctx is cancelled, then shuts down
// gracefully.
func (s *Server) Serve(ctx context.Context, addr string, ready func(addr string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.deps.Logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}
