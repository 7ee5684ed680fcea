package plan_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
)

type apiIndicator struct {
	Sleutel string   `json:"sleutel"`
	Eenheid string   `json:"eenheid"`
	Bron    string   `json:"bron"`
	Waarde  *float64 `json:"waarde"`
}

type apiGoal struct {
	ID    string `json:"id"`
	Titel string `json:"titel"`
	Jaren []struct {
		Jaar          int      `json:"jaar"`
		Waarde        *float64 `json:"waarde"`
		Streefwaarde  *float64 `json:"streefwaarde"`
		StreefBereikt bool     `json:"streefwaardeBereikt"`
	} `json:"jaren"`
}

func TestGoalsAPI(t *testing.T) {
	o := newOffice(t)
	h := o.h
	api := func(token, method, path, body string) *httptest.ResponseRecorder {
		if body == "" {
			return h.API(token, method, path, nil)
		}
		return h.API(token, method, path, strings.NewReader(body))
	}
	aud := h.User(o.org, "griffier", auth.Auditor)
	audToken := h.Token(o.org, aud)

	t.Run("indicators of a year, with null for unknown", func(t *testing.T) {
		res := api(audToken, http.MethodGet, "/api/v1/indicatoren?jaar=2026", "")
		if res.Code != http.StatusOK {
			t.Fatalf("%d %s", res.Code, res.Body.String())
		}
		list := apptest.Decode[struct {
			Items []apiIndicator `json:"resultaten"`
		}](t, res).Items
		keys := []string{}
		for _, v := range list {
			keys = append(keys, v.Sleutel)
			if v.Sleutel == plan.KeyHandlingDays && v.Waarde != nil {
				t.Errorf("handling time without decisions: %v", *v.Waarde)
			}
			if v.Sleutel == plan.KeyActionsOverdue && (v.Waarde == nil || *v.Waarde != 0) {
				t.Errorf("overdue actions: %+v", v)
			}
		}
		for _, d := range plan.Computed {
			if !slices.Contains(keys, d.Key) {
				t.Errorf("missing %s", d.Key)
			}
		}
		wantProblem(t, "bad year", api(audToken, http.MethodGet, "/api/v1/indicatoren?jaar=1850", ""), http.StatusUnprocessableEntity)
	})

	var goal apiGoal
	t.Run("a goal with a target, then another target", func(t *testing.T) {
		p := wantProblem(t, "bad goal", api(o.coordToken, http.MethodPost, "/api/v1/doelen", `{"titel":"","soort":"wens","indicator":"acties.te_laat"}`),
			http.StatusUnprocessableEntity)
		var names []string
		for _, ip := range p.InvalidParams {
			names = append(names, ip.Name)
		}
		if !slices.Contains(names, "title") || !slices.Contains(names, "kind") {
			t.Fatalf("problem names %v", names)
		}
		res := api(o.coordToken, http.MethodPost, "/api/v1/doelen", `{"titel":"Geen achterstand","soort":"prestatie","indicator":"acties.te_laat","jaar":2026,"streefwaarde":1}`)
		if res.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", res.Code, res.Body.String())
		}
		goal = apptest.Decode[apiGoal](t, res)
		res = api(o.coordToken, http.MethodPut, "/api/v1/doelen/"+goal.ID+"/streefwaarden/2027", `{"waarde":0}`)
		if res.Code != http.StatusOK {
			t.Fatalf("target: %d %s", res.Code, res.Body.String())
		}
		goal = apptest.Decode[apiGoal](t, res)
		found := 0
		for _, y := range goal.Jaren {
			if y.Jaar == 2026 && y.Streefwaarde != nil && *y.Streefwaarde == 1 && y.Waarde != nil && *y.Waarde == 0 && y.StreefBereikt {
				found++
			}
			if y.Jaar == 2027 && y.Streefwaarde != nil && *y.Streefwaarde == 0 && y.Waarde == nil {
				found++
			}
		}
		if found != 2 {
			t.Fatalf("years %+v", goal.Jaren)
		}
	})

	t.Run("the auditor reads but does not edit; the neighbour sees nothing", func(t *testing.T) {
		if res := api(audToken, http.MethodGet, "/api/v1/doelen/"+goal.ID, ""); res.Code != http.StatusOK {
			t.Fatalf("auditor reads: %d", res.Code)
		}
		wantProblem(t, "auditor edits", api(audToken, http.MethodPut, "/api/v1/doelen/"+goal.ID+"/streefwaarden/2026", `{"waarde":5}`), http.StatusForbidden)
		other := h.Token(o.neighbour, o.neighbourCoord)
		wantProblem(t, "neighbour", api(other, http.MethodGet, "/api/v1/doelen/"+goal.ID, ""), http.StatusNotFound)
	})

	t.Run("a manual value needs a source", func(t *testing.T) {
		if _, err := h.App.Plan.DefineIndicator(h.Ctx, h.Scope(o.org, o.coord), plan.NewIndicator{Key: "convenanten", Label: "Convenanten", Unit: plan.UnitCount, HigherIsBetter: true}); err != nil {
			t.Fatal(err)
		}
		wantProblem(t, "no source", api(o.coordToken, http.MethodPut, "/api/v1/indicatoren/eigen.convenanten/waarden/2025", `{"waarde":3}`), http.StatusUnprocessableEntity)
		res := api(o.coordToken, http.MethodPut, "/api/v1/indicatoren/eigen.convenanten/waarden/2025", `{"waarde":3,"bron":"Jaarverslag RIEC 2025"}`)
		if res.Code != http.StatusOK {
			t.Fatalf("%d %s", res.Code, res.Body.String())
		}
		hist := apptest.Decode[struct {
			Items []struct {
				Periode string  `json:"periode"`
				Waarde  float64 `json:"waarde"`
				Bron    string  `json:"bron"`
			} `json:"resultaten"`
		}](t, api(audToken, http.MethodGet, "/api/v1/indicatoren/eigen.convenanten/metingen", "")).Items
		if len(hist) != 1 || hist[0].Periode != "2025" || hist[0].Waarde != 3 || hist[0].Bron != "Jaarverslag RIEC 2025" {
			t.Fatalf("history %+v", hist)
		}
		wantProblem(t, "computed key", api(o.coordToken, http.MethodPut, "/api/v1/indicatoren/acties.te_laat/waarden/2025", `{"waarde":3,"bron":"x"}`), http.StatusUnprocessableEntity)
	})

	t.Run("an earlier month of a computed indicator, with its source, becomes last year's state", func(t *testing.T) {
		path := "/api/v1/indicatoren/processen.teams_in_kaart/metingen/"
		wantProblem(t, "future month", api(o.coordToken, http.MethodPut, path+"2026-05", `{"waarde":40,"bron":"Monitor"}`), http.StatusUnprocessableEntity)
		wantProblem(t, "above 100%", api(o.coordToken, http.MethodPut, path+"2025-06", `{"waarde":140,"bron":"Monitor"}`), http.StatusUnprocessableEntity)
		wantProblem(t, "no source", api(o.coordToken, http.MethodPut, path+"2025-06", `{"waarde":40}`), http.StatusUnprocessableEntity)
		if res := api(o.coordToken, http.MethodPut, path+"2025-06", `{"waarde":40,"bron":"Monitor ondermijning 2025"}`); res.Code != http.StatusOK {
			t.Fatalf("%d %s", res.Code, res.Body.String())
		}
		list := apptest.Decode[struct {
			Items []apiIndicator `json:"resultaten"`
		}](t, api(audToken, http.MethodGet, "/api/v1/indicatoren?jaar=2025", "")).Items
		for _, v := range list {
			if v.Sleutel == plan.KeyMappedTeams && (v.Waarde == nil || *v.Waarde != 40) {
				t.Fatalf("last year's mapped teams: %+v", v)
			}
		}
		// A month the system recorded itself (overdue actions are always
		// known) cannot be overwritten.
		if _, err := h.App.Plan.Record(h.Ctx); err != nil {
			t.Fatal(err)
		}
		h.Clock.Advance(40 * 24 * time.Hour)
		wantProblem(t, "recorded month", api(h.Token(o.org, o.coord), http.MethodPut, "/api/v1/indicatoren/acties.te_laat/metingen/2026-03",
			`{"waarde":40,"bron":"Monitor"}`), http.StatusUnprocessableEntity)
	})
}
