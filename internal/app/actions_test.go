package app_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
)

var tilePattern = regexp.MustCompile(`<li class="tile( tile--warn)?">\s*<a href="[^"]*"><span class="tile__value">(\d+)</span> <span class="tile__label">([^<]+)</span>`)

type tile struct {
	value string
	warn  bool
}

// dashboardTiles reads the figures on a user's dashboard by label.
func dashboardTiles(t *testing.T, c *apptest.Client) map[string]tile {
	t.Helper()
	res := c.Get("/")
	if res.Code != http.StatusOK {
		t.Fatalf("dashboard: %d", res.Code)
	}
	out := map[string]tile{}
	for _, m := range tilePattern.FindAllStringSubmatch(res.Body.String(), -1) {
		out[m[3]] = tile{value: m[2], warn: m[1] != ""}
	}
	return out
}

func TestActionTilesAndReminderJob(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coord", auth.Coordinator)
	emp := h.User(org, "emp", auth.Employee)
	add := func(u *auth.User, title, due string) {
		t.Helper()
		if _, err := h.App.Plan.Create(h.Ctx, h.Scope(org, u), plan.NewAction{Title: title, DueDate: due}); err != nil {
			t.Fatal(err)
		}
	}
	add(coord, "Risicoanalyse vastgoed", "2026-02-27") // overdue
	add(coord, "Training plannen", "2026-05-01")
	add(emp, "Vragenlijst invullen", "2026-03-01") // overdue

	t.Run("dashboard tiles", func(t *testing.T) {
		got := dashboardTiles(t, h.Login(coord))
		want := map[string]tile{
			"open acties van u":                       {"2", false},
			"van uw acties achterstallig":             {"1", true},
			"achterstallige acties in de organisatie": {"2", true},
		}
		for label, w := range want {
			if got[label] != w {
				t.Errorf("coordinator's tile %q: %+v, want %+v", label, got[label], w)
			}
		}
		got = dashboardTiles(t, h.Login(emp))
		if got["van uw acties achterstallig"] != (tile{"1", true}) {
			t.Errorf("employee's overdue tile: %+v", got["van uw acties achterstallig"])
		}
		if _, ok := got["achterstallige acties in de organisatie"]; ok {
			t.Error("an employee sees the organisation's overdue count")
		}
	})

	t.Run("the scheduled reminder", func(t *testing.T) {
		ran, err := h.App.Jobs.RunDue(h.Ctx)
		if err != nil || !slices.Contains(ran, "actions.remind") {
			t.Fatalf("RunDue ran %v (%v)", ran, err)
		}
		items, err := h.App.Outbox.List(h.Ctx, org.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, it := range items {
			to = append(to, it.To)
			if !strings.Contains(it.Body, "https://weerbaar.test/acties") {
				t.Errorf("mail to %s has no link to the action list: %q", it.To, it.Body)
			}
		}
		slices.Sort(to)
		if !slices.Equal(to, []string{coord.Email, emp.Email}) {
			t.Fatalf("mails to %v", to)
		}
		// The job runs every hour; the owners still get one mail a day.
		h.Clock.Advance(time.Hour)
		if ran, _ := h.App.Jobs.RunDue(h.Ctx); !slices.Contains(ran, "actions.remind") {
			t.Fatalf("an hour later RunDue ran %v", ran)
		}
		if items, _ := h.App.Outbox.List(h.Ctx, org.ID, 100); len(items) != 2 {
			t.Errorf("%d mails after the hourly rerun", len(items))
		}
	})
}
