package plan

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of the action list.
func (s *Store) Module() web.Module {
	m := web.Module{
		Name:      "plan",
		Templates: Templates(),
		Routes: []web.Route{
			{Pattern: "GET /acties", Perm: auth.ActionsOwn, Handle: s.listPage},
			{Pattern: "GET /acties/alle", Perm: auth.ActionsManage, Handle: s.listPage},
			{Pattern: "GET /acties/achterstallig", Perm: auth.ActionsManage, Handle: s.listPage},
			{Pattern: "POST /acties", Perm: auth.ActionsOwn, Handle: s.createPage},
			{Pattern: "GET /acties/{actionID}", Perm: auth.ActionsOwn, Handle: s.detailPage},
			{Pattern: "POST /acties/{actionID}/status", Perm: auth.ActionsOwn, Handle: s.statusPage},
			{Pattern: "GET /api/v1/acties", Perm: auth.ActionsOwn, Handle: s.apiList, Summary: "Acties: eigen acties, of alle acties van de organisatie met ?alle=true voor beheerders van acties"},
			{Pattern: "POST /api/v1/acties", Perm: auth.ActionsOwn, Handle: s.apiCreate, Summary: "Een actie aanmaken"},
			{Pattern: "GET /api/v1/acties/{actionID}", Perm: auth.ActionsOwn, Handle: s.apiGet, Summary: "Eén actie"},
			{Pattern: "PATCH /api/v1/acties/{actionID}", Perm: auth.ActionsOwn, Handle: s.apiPatch, Summary: "De status van een actie wijzigen"},
		},
		Nav: []web.NavItem{{Key: "nav.actions", Path: "/acties", Perm: auth.ActionsOwn, Order: 10, Group: "nav.group.plan"},
			{Key: "nav.goals", Path: "/doelen", Perm: auth.GoalsRead, Order: 11, Group: "nav.group.plan"}},
	}
	m.Routes = append(m.Routes, s.goalRoutes()...)
	return m
}

type listData struct {
	Actions  []Action
	Members  []Member
	View     string
	Statuses []Status
	Today    string
	// The action plan (managers): filters and grouping.
	Plan    bool
	Teams   []Team
	Sources []string
	Buckets []string
	Groups  []Group
	Filter  url.Values
}

func (s *Store) listView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	f := Filter{Mine: true, OpenOnly: true}
	view := "mine"
	switch r.URL.Path {
	case "/acties/alle":
		f, view = Filter{OpenOnly: true}, "all"
	case "/acties/achterstallig":
		f, view = Filter{OverdueOnly: true}, "overdue"
	}
	q := r.URL.Query()
	plan := view != "mine" && sc.Can(auth.ActionsManage)
	if plan {
		f.OwnerID, f.TeamID, f.SourceType = q.Get("eigenaar"), q.Get("team"), q.Get("bron")
		if d := q.Get("termijn"); slices.Contains(DueBuckets, d) {
			f.Due = d
		}
		f.Escalated = q.Get("escalatie") == "ja"
	}
	actions, _, err := s.List(r.Context(), sc, f)
	if err != nil {
		return web.View{}, err
	}
	var members []Member
	var teams []Team
	if sc.Can(auth.ActionsManage) {
		if members, err = s.Members(r.Context(), sc); err != nil {
			return web.View{}, err
		}
		if teams, err = s.Teams(r.Context(), sc); err != nil {
			return web.View{}, err
		}
	}
	if form == nil {
		form = url.Values{"due_date": {s.clk.Now().In(clock.Amsterdam).AddDate(0, 1, 0).Format(time.DateOnly)}}
	}
	d := listData{Actions: actions, Members: members, View: view, Statuses: Statuses, Today: s.today(),
		Plan: plan, Teams: teams, Sources: SourceTypes, Buckets: DueBuckets, Filter: q}
	if plan {
		d.Groups = s.group(actions, q.Get("groep"), web.LangOf(r))
		if q.Get("groep") == "" || !slices.Contains(Groupings, q.Get("groep")) {
			for i := range d.Groups {
				d.Groups[i].Label = ""
			}
		}
	} else {
		d.Groups = []Group{{Actions: actions}}
	}
	return web.View{Name: "actions", TitleKey: "actions.title_" + view, Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) listPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.listView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) createPage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	a, err := s.Create(r.Context(), web.ScopeOf(r), NewAction{Title: f.Get("title"), Description: f.Get("description"),
		OwnerID: f.Get("owner"), DueDate: f.Get("due_date"), TeamID: f.Get("team")})
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.listView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/acties/"+a.ID, "flash.action_created")
}

type detailData struct {
	Action   *Action
	Statuses []Status
}

func (s *Store) detailPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Get(r.Context(), web.ScopeOf(r), r.PathValue("actionID"))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "action", TitleKey: "actions.detail_title", Data: detailData{Action: a, Statuses: Statuses}})
}

func (s *Store) statusPage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("actionID")
	if _, err := s.SetStatus(r.Context(), web.ScopeOf(r), id, Status(r.PostForm.Get("status"))); err != nil {
		return err
	}
	return web.Redirect(w, r, "/acties/"+id, "flash.action_saved")
}

// apiAction is an action as the API shows it (Dutch field names, RFC 3339
// UTC times).
type apiAction struct {
	ID            string     `json:"id"`
	Titel         string     `json:"titel"`
	Omschrijving  string     `json:"omschrijving"`
	Eigenaar      string     `json:"eigenaar"`
	EigenaarNaam  string     `json:"eigenaarNaam"`
	Deadline      string     `json:"deadline"`
	Status        string     `json:"status"`
	Achterstallig bool       `json:"achterstallig"`
	Bron          apiSource  `json:"bron"`
	AangemaaktOp  time.Time  `json:"aangemaaktOp"`
	GewijzigdOp   time.Time  `json:"gewijzigdOp"`
	AfgerondOp    *time.Time `json:"afgerondOp,omitempty"`
}

type apiSource struct {
	Soort string `json:"soort"`
	ID    string `json:"id,omitempty"`
	Label string `json:"label,omitempty"`
}

func toAPI(a Action) apiAction {
	out := apiAction{ID: a.ID, Titel: a.Title, Omschrijving: a.Description, Eigenaar: a.OwnerID, EigenaarNaam: a.OwnerName,
		Deadline: a.DueDate, Status: string(a.Status), Achterstallig: a.Overdue, Bron: apiSource{Soort: a.Source.Type, ID: a.Source.ID, Label: a.Source.Label},
		AangemaaktOp: a.CreatedAt, GewijzigdOp: a.UpdatedAt}
	if !a.DoneAt.IsZero() {
		t := a.DoneAt
		out.AfgerondOp = &t
	}
	return out
}

func (s *Store) apiList(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.Limit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	all, _ := strconv.ParseBool(q.Get("alle"))
	overdue, _ := strconv.ParseBool(q.Get("achterstallig"))
	actions, next, err := s.List(r.Context(), web.ScopeOf(r), Filter{Mine: !all, OverdueOnly: overdue, After: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	out := make([]apiAction, len(actions))
	for i, a := range actions {
		out[i] = toAPI(a)
	}
	return web.WritePage(w, r, out, next)
}

type apiNewAction struct {
	Titel        string `json:"titel"`
	Omschrijving string `json:"omschrijving"`
	Eigenaar     string `json:"eigenaar"`
	Deadline     string `json:"deadline"`
}

func (s *Store) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNewAction
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Create(r.Context(), web.ScopeOf(r), NewAction{Title: in.Titel, Description: in.Omschrijving, OwnerID: in.Eigenaar, DueDate: in.Deadline})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/acties/"+a.ID)
	return web.JSON(w, http.StatusCreated, toAPI(*a))
}

func (s *Store) apiGet(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Get(r.Context(), web.ScopeOf(r), r.PathValue("actionID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPI(*a))
}

func (s *Store) apiPatch(w http.ResponseWriter, r *http.Request) error {
	// Look the action up before reading the body, so that an action the
	// caller may not see is a 404 whatever the body says.
	if _, err := s.Get(r.Context(), web.ScopeOf(r), r.PathValue("actionID")); err != nil {
		return err
	}
	var in struct {
		Status string `json:"status"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.SetStatus(r.Context(), web.ScopeOf(r), r.PathValue("actionID"), Status(in.Status))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPI(*a))
}

// Tiles gives the dashboard the viewer's open and overdue actions, and for
// managers the organisation's overdue count.
func (s *Store) Tiles(r *http.Request) ([]web.Tile, error) {
	sc := web.ScopeOf(r)
	if !sc.Can(auth.ActionsOwn) {
		return nil, nil
	}
	open, overdue, err := s.Counts(r.Context(), sc, true)
	if err != nil {
		return nil, err
	}
	tiles := []web.Tile{
		{TitleKey: "actions.tile_open", Value: strconv.Itoa(open), Link: "/acties"},
		{TitleKey: "actions.tile_overdue", Value: strconv.Itoa(overdue), Link: "/acties", Warn: overdue > 0},
	}
	if sc.Can(auth.ActionsManage) {
		_, orgOverdue, err := s.Counts(r.Context(), sc, false)
		if err != nil {
			return nil, err
		}
		tiles = append(tiles, web.Tile{TitleKey: "actions.tile_org_overdue", Value: strconv.Itoa(orgOverdue), Link: "/acties/achterstallig", Warn: orgOverdue > 0})
	}
	return tiles, nil
}
