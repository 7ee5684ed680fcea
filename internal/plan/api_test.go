package plan_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/plan"
)

type page struct {
	Items []apiAction `json:"resultaten"`
	Next  string      `json:"volgende"`
}

func TestActionsAPI(t *testing.T) {
	o := newOffice(t)
	h := o.h
	api := func(token, method, path, body string) *httptest.ResponseRecorder {
		if body == "" {
			return h.API(token, method, path, nil)
		}
		return h.API(token, method, path, strings.NewReader(body))
	}
	var created apiAction

	t.Run("create and read back", func(t *testing.T) {
		res := api(o.coordToken, http.MethodPost, "/api/v1/acties", `{"titel":"Bibob-beleid actualiseren","deadline":"2026-06-30","eigenaar":"`+o.emp.ID+`"}`)
		if res.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", res.Code, res.Body.String())
		}
		created = apptest.Decode[apiAction](t, res)
		if created.Titel != "Bibob-beleid actualiseren" || created.Deadline != "2026-06-30" || created.Eigenaar != o.emp.ID || created.Status != "open" {
			t.Fatalf("created %+v", created)
		}
		loc := res.Header().Get("Location")
		if loc != "/api/v1/acties/"+created.ID {
			t.Fatalf("Location %q", loc)
		}
		// The owner finds it among their own actions.
		got := api(o.empToken, http.MethodGet, loc, "")
		if got.Code != http.StatusOK || apptest.Decode[apiAction](t, got).Titel != created.Titel {
			t.Fatalf("owner reads it: %d %s", got.Code, got.Body.String())
		}
		mine := apptest.Decode[page](t, api(o.empToken, http.MethodGet, "/api/v1/acties", ""))
		if len(mine.Items) != 1 || mine.Items[0].ID != created.ID {
			t.Fatalf("owner's list %+v", mine)
		}
	})

	t.Run("unknown fields are refused", func(t *testing.T) {
		before := o.actions(t)
		p := wantProblem(t, "unknown field", api(o.coordToken, http.MethodPost, "/api/v1/acties",
			`{"titel":"Toezicht","deadline":"2026-06-30","prioriteit":"hoog"}`), http.StatusUnprocessableEntity)
		if p.Code != "api.body_invalid" {
			t.Errorf("code %q", p.Code)
		}
		wantProblem(t, "not JSON", api(o.coordToken, http.MethodPost, "/api/v1/acties", `titel=Toezicht`), http.StatusUnprocessableEntity)
		if n := o.actions(t); n != before {
			t.Errorf("actions written: %d → %d", before, n)
		}
	})

	t.Run("every bad field is named at once", func(t *testing.T) {
		before := o.actions(t)
		long := strings.Repeat("x", 201)
		p := wantProblem(t, "bad fields", api(o.empToken, http.MethodPost, "/api/v1/acties",
			`{"titel":"`+long+`","deadline":"morgen","eigenaar":"`+o.emp2.ID+`"}`), http.StatusUnprocessableEntity)
		if got := p.Names(); !slices.Equal(got, []string{"title", "due_date", "owner"}) {
			t.Errorf("invalid params %v", got)
		}
		for i, want := range []string{"De titel mag hoogstens 200 tekens lang zijn.", "Vul een geldige datum in (dd-mm-jjjj).",
			"U kunt alleen acties voor uzelf aanmaken."} {
			if i < len(p.InvalidParams) && p.InvalidParams[i].Reason != want {
				t.Errorf("%s: reason %q, want %q", p.InvalidParams[i].Name, p.InvalidParams[i].Reason, want)
			}
		}
		if n := o.actions(t); n != before {
			t.Errorf("actions written: %d → %d", before, n)
		}
	})

	t.Run("status", func(t *testing.T) {
		p := wantProblem(t, "invalid status", api(o.empToken, http.MethodPatch, "/api/v1/acties/"+created.ID, `{"status":"klaar"}`), http.StatusUnprocessableEntity)
		if got := p.Names(); !slices.Equal(got, []string{"status"}) {
			t.Errorf("invalid params %v", got)
		}
		res := api(o.empToken, http.MethodPatch, "/api/v1/acties/"+created.ID, `{"status":"done"}`)
		if res.Code != http.StatusOK {
			t.Fatalf("done: %d %s", res.Code, res.Body.String())
		}
		if a := apptest.Decode[apiAction](t, res); a.Status != "done" || a.AfgerondOp == "" {
			t.Errorf("after done: %+v", a)
		}
	})

	t.Run("other people's actions are not found", func(t *testing.T) {
		foreign := o.create(t, o.neighbour, o.neighbourCoord, plan.NewAction{Title: "Buurdorp", DueDate: "2026-05-01"})
		colleagues := o.create(t, o.org, o.emp2, plan.NewAction{Title: "Van emp2", DueDate: "2026-05-01"})
		for _, tc := range []struct {
			what, token, method, path, body string
		}{
			{"coordinator reads another organisation's action", o.coordToken, http.MethodGet, "/api/v1/acties/" + foreign.ID, ""},
			{"coordinator closes another organisation's action", o.coordToken, http.MethodPatch, "/api/v1/acties/" + foreign.ID, `{"status":"done"}`},
			{"employee reads a colleague's action", o.empToken, http.MethodGet, "/api/v1/acties/" + colleagues.ID, ""},
			{"employee closes a colleague's action", o.empToken, http.MethodPatch, "/api/v1/acties/" + colleagues.ID, `{"status":"done"}`},
			{"employee sends nonsense to a colleague's action", o.empToken, http.MethodPatch, "/api/v1/acties/" + colleagues.ID, `{"status":"klaar"}`},
			{"unknown id", o.coordToken, http.MethodGet, "/api/v1/acties/bestaat-niet", ""},
		} {
			p := wantProblem(t, tc.what, api(tc.token, tc.method, tc.path, tc.body), http.StatusNotFound)
			if p.Code != "action.not_found" && p.Code != "error.not_found" {
				t.Errorf("%s: code %q", tc.what, p.Code)
			}
		}
		if res := api(o.coordToken, http.MethodGet, "/api/v1/acties/"+colleagues.ID, ""); res.Code != http.StatusOK {
			t.Errorf("coordinator reads a colleague's action: %d", res.Code)
		}
		all := apptest.Decode[page](t, api(o.empToken, http.MethodGet, "/api/v1/acties?alle=true", ""))
		for _, a := range all.Items {
			if a.Eigenaar != o.emp.ID {
				t.Errorf("employee's ?alle=true lists %s of %s", a.Titel, a.Eigenaar)
			}
		}
	})
}

func TestActionsAPIPagination(t *testing.T) {
	o := newOffice(t)
	h := o.h
	want := map[string]bool{}
	for i := 0; i < 120; i++ {
		// Few distinct dates, so that many actions share one: the cursor
		// must break ties.
		a := o.create(t, o.org, o.coord, plan.NewAction{Title: fmt.Sprintf("Actie %03d", i), DueDate: fmt.Sprintf("2026-04-%02d", 1+i%7)})
		want[a.ID] = true
	}
	seen := map[string]int{}
	path := "/api/v1/acties?limit=50"
	var sizes []int
	lastDue := ""
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		res := h.API(o.coordToken, http.MethodGet, path, nil)
		if res.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, res.Code, res.Body.String())
		}
		p := apptest.Decode[page](t, res)
		sizes = append(sizes, len(p.Items))
		for _, a := range p.Items {
			seen[a.ID]++
			if a.Deadline < lastDue {
				t.Errorf("%s (due %s) after an action due %s", a.Titel, a.Deadline, lastDue)
			}
			lastDue = a.Deadline
		}
		path = ""
		if p.Next != "" {
			link := res.Header().Get("Link")
			if !strings.Contains(link, `rel="next"`) || !strings.Contains(link, "cursor="+url.QueryEscape(p.Next)) {
				t.Errorf("Link header %q for cursor %q", link, p.Next)
			}
			path = "/api/v1/acties?limit=50&cursor=" + url.QueryEscape(p.Next)
		}
	}
	if !slices.Equal(sizes, []int{50, 50, 20}) {
		t.Errorf("page sizes %v", sizes)
	}
	if len(seen) != len(want) {
		t.Errorf("%d distinct actions, want %d", len(seen), len(want))
	}
	for id, n := range seen {
		if n != 1 || !want[id] {
			t.Errorf("action %s listed %d times (known: %v)", id, n, want[id])
		}
	}

	t.Run("bad paging input", func(t *testing.T) {
		for _, q := range []string{"limit=0", "limit=501", "limit=veel"} {
			p := wantProblem(t, q, h.API(o.coordToken, http.MethodGet, "/api/v1/acties?"+q, nil), http.StatusUnprocessableEntity)
			if !slices.Equal(p.Names(), []string{"limit"}) {
				t.Errorf("%s: invalid params %v", q, p.Names())
			}
		}
		// A cursor from another organisation is no cursor here.
		foreign := o.create(t, o.neighbour, o.neighbourCoord, plan.NewAction{Title: "Buurdorp", DueDate: "2026-04-01"})
		p := wantProblem(t, "foreign cursor", h.API(o.coordToken, http.MethodGet, "/api/v1/acties?cursor="+foreign.ID, nil), http.StatusUnprocessableEntity)
		if !slices.Equal(p.Names(), []string{"cursor"}) {
			t.Errorf("foreign cursor: invalid params %v", p.Names())
		}
	})
}
