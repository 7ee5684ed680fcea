package plan_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
)

func TestActionsInTheBrowser(t *testing.T) {
	o := newOffice(t)
	h := o.h
	emp := h.Login(o.emp)
	coord := h.Login(o.coord)
	var id string

	t.Run("create, see, change status", func(t *testing.T) {
		res := emp.PostForm("/acties", url.Values{"title": {"Integriteitstraining plannen"}, "due_date": {"2026-04-15"}})
		wantStatus(t, "create", res, http.StatusSeeOther)
		loc, _ := url.Parse(res.Header().Get("Location"))
		id = strings.TrimPrefix(loc.Path, "/acties/")
		if id == "" || id == loc.Path {
			t.Fatalf("redirected to %s", loc)
		}
		page := emp.Get(loc.RequestURI())
		wantStatus(t, "detail", page, http.StatusOK)
		for _, want := range []string{"De actie is toegevoegd.", "Integriteitstraining plannen", "Test emp", "15-04-2026", "Open"} {
			if !shows(page, want) {
				t.Errorf("detail page does not show %q", want)
			}
		}
		if list := emp.Get("/acties"); !shows(list, "Integriteitstraining plannen") {
			t.Error("the new action is not on the owner's list")
		}

		wantStatus(t, "status", emp.PostForm("/acties/"+id+"/status", url.Values{"status": {"in_progress"}}), http.StatusSeeOther)
		if page := emp.Get("/acties/" + id); !shows(page, "In uitvoering") {
			t.Error("status change not shown")
		}
		wantStatus(t, "done", emp.PostForm("/acties/"+id+"/status", url.Values{"status": {"done"}}), http.StatusSeeOther)
		if page := emp.Get("/acties/" + id); !shows(page, "Afgerond") || !shows(page, "Afgesloten") {
			t.Error("closing not shown")
		}
		if list := emp.Get("/acties"); shows(list, "Integriteitstraining plannen") {
			t.Error("a done action is still on the open list")
		}
		entries, _, err := h.App.Audit.List(h.Ctx, audit.Filter{OrgID: o.org.ID, ObjectType: "action", ObjectID: id})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Action)
		}
		if strings.Join(got, " ") != "action.status.done action.status.in_progress action.create" {
			t.Errorf("audit trail %v", got)
		}
	})

	t.Run("bad status", func(t *testing.T) {
		res := emp.PostForm("/acties/"+id+"/status", url.Values{"status": {"vergeten"}})
		wantStatus(t, "bad status", res, http.StatusUnprocessableEntity)
		if !shows(res, "Kies een geldige status") {
			t.Error("no explanation")
		}
		a, err := h.App.Plan.Get(h.Ctx, h.Scope(o.org, o.emp), id)
		if err != nil || a.Status != plan.Done {
			t.Errorf("status after a bad change: %v %v", a, err)
		}
	})

	t.Run("managers assign to colleagues, others only to themselves", func(t *testing.T) {
		res := coord.PostForm("/acties", url.Values{"title": {"Procesbeschrijving bijwerken"}, "due_date": {"2026-05-01"}, "owner": {o.emp.ID}})
		wantStatus(t, "coordinator assigns", res, http.StatusSeeOther)
		if list := emp.Get("/acties"); !shows(list, "Procesbeschrijving bijwerken") {
			t.Error("the assigned action is not on the colleague's list")
		}

		before := o.actions(t)
		res = emp.PostForm("/acties", url.Values{"title": {"Iets voor een collega"}, "due_date": {"2026-05-01"}, "owner": {o.emp2.ID}})
		wantStatus(t, "employee assigns", res, http.StatusUnprocessableEntity)
		if !shows(res, "U kunt alleen acties voor uzelf aanmaken.") {
			t.Error("no explanation for assigning to a colleague")
		}
		if n := o.actions(t); n != before {
			t.Errorf("actions written: %d → %d", before, n)
		}
	})

	t.Run("the owner must be a member", func(t *testing.T) {
		disabled := h.User(o.org, "vertrokken", auth.Employee)
		if err := h.App.Auth.SetDisabled(h.Ctx, auth.System(o.org.ID), disabled.ID, true); err != nil {
			t.Fatal(err)
		}
		before := o.actions(t)
		for who, owner := range map[string]string{"neighbour": o.neighbourCoord.ID, "unknown": "bestaat-niet", "disabled": disabled.ID} {
			res := coord.PostForm("/acties", url.Values{"title": {"Toezicht"}, "due_date": {"2026-05-01"}, "owner": {owner}})
			wantStatus(t, who, res, http.StatusUnprocessableEntity)
			if !strings.Contains(res.Body.String(), `id="owner-error">Kies een eigenaar uit uw organisatie.`) {
				t.Errorf("%s: no error at the owner field", who)
			}
		}
		if n := o.actions(t); n != before {
			t.Errorf("actions written: %d → %d", before, n)
		}
	})

	t.Run("bad input names the field and writes nothing", func(t *testing.T) {
		before := o.actions(t)
		long := strings.Repeat("é", 201)
		for _, tc := range []struct{ what, title, due, field, msg string }{
			{"empty title", "  ", "2026-05-01", "title", "Vul dit veld in."},
			{"long title", long, "2026-05-01", "title", "De titel mag hoogstens 200 tekens lang zijn."},
			{"bad date", "Toezicht", "31-05-2026", "due_date", "Vul een geldige datum in (dd-mm-jjjj)."},
			{"impossible date", "Toezicht", "2026-02-30", "due_date", "Vul een geldige datum in (dd-mm-jjjj)."},
			{"no date", "Toezicht", "", "due_date", "Vul een geldige datum in (dd-mm-jjjj)."},
		} {
			res := coord.PostForm("/acties", url.Values{"title": {tc.title}, "due_date": {tc.due}})
			wantStatus(t, tc.what, res, http.StatusUnprocessableEntity)
			if !strings.Contains(res.Body.String(), `id="`+tc.field+`-error">`+tc.msg) {
				t.Errorf("%s: no %q at field %s", tc.what, tc.msg, tc.field)
			}
			if tc.title == "Toezicht" && !strings.Contains(res.Body.String(), `value="Toezicht"`) {
				t.Errorf("%s: the typed title is lost", tc.what)
			}
		}
		if n := o.actions(t); n != before {
			t.Errorf("actions written: %d → %d", before, n)
		}
		// Exactly 200 characters is allowed, counted as characters, not bytes.
		res := coord.PostForm("/acties", url.Values{"title": {long[len("é"):]}, "due_date": {"2026-05-01"}})
		wantStatus(t, "200 characters", res, http.StatusSeeOther)
	})

	t.Run("other people's actions are not found", func(t *testing.T) {
		foreign := o.create(t, o.neighbour, o.neighbourCoord, plan.NewAction{Title: "Buurdorp: vastgoed", DueDate: "2026-05-01"})
		colleagues := o.create(t, o.org, o.emp2, plan.NewAction{Title: "Eigen werk emp2", DueDate: "2026-05-01"})
		check := func(what string, code, want int) {
			t.Helper()
			if code != want {
				t.Errorf("%s: %d, want %d", what, code, want)
			}
		}
		check("coordinator reads another organisation's action", coord.Get("/acties/"+foreign.ID).Code, http.StatusNotFound)
		check("coordinator closes another organisation's action", coord.PostForm("/acties/"+foreign.ID+"/status", url.Values{"status": {"done"}}).Code, http.StatusNotFound)
		check("employee reads a colleague's action", emp.Get("/acties/"+colleagues.ID).Code, http.StatusNotFound)
		check("employee closes a colleague's action", emp.PostForm("/acties/"+colleagues.ID+"/status", url.Values{"status": {"done"}}).Code, http.StatusNotFound)
		check("coordinator reads a colleague's action", coord.Get("/acties/"+colleagues.ID).Code, http.StatusOK)
		if page := emp.Get("/acties/" + colleagues.ID); !shows(page, "Deze actie bestaat niet of u heeft er geen toegang toe.") || shows(page, "Eigen werk emp2") {
			t.Error("the not-found page is not the plain one")
		}
		for _, a := range []*plan.Action{foreign, colleagues} {
			var st string
			if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT status FROM actions WHERE id = $1`, a.ID).Scan(&st); err != nil || st != "open" {
				t.Errorf("%s: status %q after refused changes (%v)", a.Title, st, err)
			}
		}
		if list := coord.Get("/acties/alle"); shows(list, "Buurdorp: vastgoed") || !shows(list, "Eigen werk emp2") {
			t.Error("the organisation's list is wrong about whose actions it holds")
		}
		if list := emp.Get("/acties/alle"); list.Code != http.StatusForbidden {
			t.Errorf("employee on the organisation's list: %d", list.Code)
		}
	})
}
