package web

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/notify"
)

//go:embed static
var staticFiles embed.FS

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	sub, _ := fs.Sub(staticFiles, "static")
	name := r.PathValue("file")
	if _, err := fs.Stat(sub, name); err != nil || strings.HasSuffix(name, "/") || name == "" {
		return errNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, sub, name)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// readyz answers 200 only when the database answers, so that a load
// balancer takes an instance out of rotation when it loses its database.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.ready(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err = w.Write([]byte("database unreachable\n"))
		return err
	}
	_, err := w.Write([]byte("ready\n"))
	return err
}

func (s *Server) securityTxt(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.SecurityContact == "" {
		return errNotFound
	}
	contact := s.cfg.SecurityContact
	if !strings.Contains(contact, ":") {
		contact = "mailto:" + contact
	}
	expires := s.deps.Clock.Now().AddDate(1, 0, 0).Truncate(24 * time.Hour).Format(time.RFC3339)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := fmt.Fprintf(w, "Contact: %s\nExpires: %s\nPreferred-Languages: nl, en\n", contact, expires)
	if err == nil && s.cfg.BaseURL != "" {
		_, err = fmt.Fprintf(w, "Canonical: %s/.well-known/security.txt\n", strings.TrimSuffix(s.cfg.BaseURL, "/"))
	}
	return err
}

func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := i18n.Parse(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	back := r.URL.Query().Get("terug")
	if !safeLocal(back) {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// safeLocal reports whether a return address stays on this site, so that
// "terug" parameters cannot be used to send users elsewhere.
func safeLocal(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") && !strings.ContainsAny(p, "\r\n")
}

// Tile is one figure on the dashboard, contributed by a capability.
type Tile struct {
	TitleKey string
	Value    string
	Link     string
	Warn     bool
}

// TileSource gives the dashboard tiles a capability contributes for the
// viewer.
type TileSource func(r *http.Request) ([]Tile, error)

// AddTiles registers a dashboard tile source.
func (s *Server) AddTiles(src TileSource) { s.tiles = append(s.tiles, src) }

// adminTiles shows a beheerder the state of the accounts: how many there
// are and how many that need a second factor have not set one up yet.
func (s *Server) adminTiles(r *http.Request) ([]Tile, error) {
	sc := ScopeOf(r)
	if !sc.Can(auth.UsersManage) {
		return nil, nil
	}
	users, err := s.deps.Auth.Users(r.Context(), sc)
	if err != nil {
		return nil, err
	}
	active, noMFA := 0, 0
	for _, u := range users {
		if u.Disabled {
			continue
		}
		active++
		needs := false
		for _, ro := range u.Roles {
			needs = needs || ro.RequiresMFA()
		}
		if needs && !u.TOTPEnabled {
			noMFA++
		}
	}
	return []Tile{
		{TitleKey: "dashboard.tile_users", Value: strconv.Itoa(active), Link: "/beheer/gebruikers"},
		{TitleKey: "dashboard.tile_no_mfa", Value: strconv.Itoa(noMFA), Link: "/beheer/gebruikers", Warn: noMFA > 0},
	}, nil
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	var tiles []Tile
	for _, src := range append([]TileSource{s.adminTiles}, s.tiles...) {
		t, err := src(r)
		if err != nil {
			return err
		}
		tiles = append(tiles, t...)
	}
	return Render(w, r, View{Name: "dashboard", TitleKey: "dashboard.title", Data: tiles})
}

// Outbox lists queued and sent e-mail of an organisation.
type Outbox interface {
	List(ctx context.Context, orgID string, limit int) ([]notify.Item, error)
}

func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Demo || s.deps.Outbox == nil {
		return errNotFound
	}
	items, err := s.deps.Outbox.List(r.Context(), ScopeOf(r).OrgID, 200)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return Render(w, r, View{Name: "outbox", TitleKey: "outbox.title", Data: items})
}
