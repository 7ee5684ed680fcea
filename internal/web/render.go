package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

//go:embed templates/*.html
var platformTemplates embed.FS

// pageSet holds one parsed template per page, each with the layout.
type pageSet struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(clock.Amsterdam).Format("02-01-2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(clock.Amsterdam).Format("02-01-2006 15:04")
	},
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(clock.Amsterdam).Format(time.DateOnly)
	},
	// day shows a stored calendar date (YYYY-MM-DD) the Dutch way.
	"day": func(d string) string {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return d
		}
		return t.Format("02-01-2006")
	},
	"join": strings.Join,
	// list makes a list of strings in a template, e.g. to range over.
	"list":  func(v ...string) []string { return v },
	"field": field,
	// inc is i + 1, for 1-based numbering of a 0-based range.
	"inc": func(i int) int { return i + 1 },
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
}

// loadPages parses the layout and every page template of the platform and
// of the capabilities. Page names must be unique.
func loadPages(extra ...fs.FS) (*pageSet, error) {
	layout, err := fs.ReadFile(platformTemplates, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("layout").Funcs(funcs).Parse(string(layout))
	if err != nil {
		return nil, fmt.Errorf("web: layout: %w", err)
	}
	ps := &pageSet{pages: map[string]*template.Template{}}
	sub, _ := fs.Sub(platformTemplates, "templates")
	// Files whose name starts with "_" are partials: the platform's are
	// available to every page, a module's to the pages of that module.
	if base, err = parsePartials(base, sub); err != nil {
		return nil, err
	}
	for i, fsys := range append([]fs.FS{sub}, extra...) {
		files, err := fs.Glob(fsys, "*.html")
		if err != nil {
			return nil, err
		}
		modBase := base
		if i > 0 {
			if modBase, err = parsePartials(base, fsys); err != nil {
				return nil, err
			}
		}
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if name == "layout" || strings.HasPrefix(name, "_") {
				continue
			}
			if _, dup := ps.pages[name]; dup {
				return nil, fmt.Errorf("web: page %q defined twice", name)
			}
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			t, err := template.Must(modBase.Clone()).Parse(string(b))
			if err != nil {
				return nil, fmt.Errorf("web: page %s: %w", name, err)
			}
			ps.pages[name] = t
		}
	}
	return ps, nil
}

// parsePartials returns base with the definitions of fsys's partial files
// ("_*.html") added.
func parsePartials(base *template.Template, fsys fs.FS) (*template.Template, error) {
	files, err := fs.Glob(fsys, "_*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		if base, err = template.Must(base.Clone()).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("web: partial %s: %w", f, err)
		}
	}
	return base, nil
}

// Page is what every template receives. Handlers put their own data in Data.
type Page struct {
	Lang     i18n.Lang
	TitleKey string
	Scope    *auth.Scope
	Nav      []NavLink
	// SubNav lists the entries of the current page's navigation group when
	// it has more than one for this user; SubNavLabel names it.
	SubNav      []NavLink
	SubNavLabel string
	Orgs        []auth.Membership
	Data        any
	Form        url.Values
	Errors      map[string]string
	ErrorList   []FormError
	Flash       string
	Demo        bool
	RequestID   string
	Path        string
	Status      int
}

// FormError is one line of a form's error summary: the message, prefixed
// with the field's label where there is one, and the field's id to link to.
type FormError struct {
	Field   string
	Message string
}

// NavLink is a navigation entry as shown.
type NavLink struct {
	Label   string
	Path    string
	Current bool
}

// T translates a catalogue key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Title returns the page title in the page's language.
func (p *Page) Title() string { return p.T(p.TitleKey) }

// Can reports whether the viewer holds a permission, for showing buttons.
func (p *Page) Can(perm string) bool { return p.Scope != nil && p.Scope.Can(auth.Permission(perm)) }

// Err returns the message for a form field, if any.
func (p *Page) Err(field string) string { return p.Errors[field] }

// Value returns the submitted value of a form field, for re-showing a form.
func (p *Page) Value(field string) string { return p.Form.Get(field) }

type rendererKey struct{}

// View describes a page to render.
type View struct {
	Name     string // template name (file name without .html)
	TitleKey string
	Data     any
	Form     url.Values
	Err      error // field errors to show next to the fields
	Status   int
}

// Render writes a page with the layout. It is how capability handlers
// answer in HTML.
func Render(w http.ResponseWriter, r *http.Request, v View) error {
	s, ok := r.Context().Value(rendererKey{}).(*Server)
	if !ok {
		return fmt.Errorf("web: Render outside the server")
	}
	return s.render(w, r, v)
}

func (s *Server) page(r *http.Request, v View) *Page {
	p := &Page{
		Lang: LangOf(r), TitleKey: v.TitleKey, Scope: ScopeOf(r), Data: v.Data, Form: v.Form,
		Errors: map[string]string{}, Demo: s.cfg.Demo, RequestID: RequestID(r), Path: r.URL.Path, Status: v.Status,
	}
	if p.Form == nil {
		p.Form = url.Values{}
	}
	if key := r.URL.Query().Get("ok"); strings.HasPrefix(key, "flash.") && i18n.Has(key) {
		p.Flash = p.T(key)
	}
	if v.Err != nil {
		s.formErrors(p, v.Err)
	}
	if p.Scope != nil && !p.Scope.NeedsMFA() {
		p.navigation(s.nav, r.URL.Path)
		if ms, err := s.deps.Auth.Memberships(r.Context(), p.Scope.UserID); err == nil && len(ms) > 1 {
			p.Orgs = ms
		}
	}
	return p
}

// navigation builds the main navigation and the current group's second row
// from the entries the viewer may open. The current entry is the one whose
// path is the longest match of the page's path (/meldingen/termijnen is
// "Termijnen", not "Meldingen").
func (p *Page) navigation(items []NavItem, path string) {
	current, best := -1, -1
	for i, n := range items {
		if !p.Scope.Can(n.Perm) {
			continue
		}
		if (path == n.Path || (n.Path != "/" && strings.HasPrefix(path, n.Path+"/"))) && len(n.Path) > best {
			current, best = i, len(n.Path)
		}
	}
	type group struct {
		key   string
		links []NavLink
		cur   bool
	}
	var groups []*group
	byKey := map[string]*group{}
	for i, n := range items {
		if !p.Scope.Can(n.Perm) {
			continue
		}
		key := n.Group
		if key == "" {
			key = "path:" + n.Path
		}
		g := byKey[key]
		if g == nil {
			g = &group{key: n.Group}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.links = append(g.links, NavLink{Label: p.T(n.Key), Path: n.Path, Current: i == current})
		g.cur = g.cur || i == current
	}
	for _, g := range groups {
		if len(g.links) == 1 {
			p.Nav = append(p.Nav, g.links[0])
			continue
		}
		p.Nav = append(p.Nav, NavLink{Label: p.T(g.key), Path: g.links[0].Path, Current: g.cur})
		if g.cur {
			p.SubNav, p.SubNavLabel = g.links, p.T("layout.subnav_label", p.T(g.key))
		}
	}
}

// formErrors spreads an error over the fields it names.
func (s *Server) formErrors(p *Page, err error) {
	add := func(e *apperr.Error) {
		msg := i18n.T(p.Lang, e.Key, e.Args...)
		if e.Field != "" && p.Errors[e.Field] == "" {
			p.Errors[e.Field] = msg
		}
		summary := msg
		if label := "field.label." + e.Field; e.Field != "" && i18n.Has(label) {
			summary = p.T(label) + ": " + msg
		}
		p.ErrorList = append(p.ErrorList, FormError{Field: e.Field, Message: summary})
	}
	if list, ok := err.(apperr.List); ok {
		for _, e := range list {
			add(e)
		}
		return
	}
	add(apperr.As(err))
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, v View) error {
	t, ok := s.pages.pages[v.Name]
	if !ok {
		return fmt.Errorf("web: no page %q", v.Name)
	}
	p := s.page(r, v)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("web: render %s: %w", v.Name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	status := v.Status
	if status == 0 {
		status = http.StatusOK
		if v.Err != nil {
			status = http.StatusUnprocessableEntity
		}
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Redirect answers a form post with 303 See Other, optionally with a flash
// message key shown on the next page.
func Redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		sep := "?"
		if strings.Contains(to, "?") {
			sep = "&"
		}
		to += sep + "ok=" + url.QueryEscape(flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
