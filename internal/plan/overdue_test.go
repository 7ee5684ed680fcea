package plan_test

import (
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/plan"
)

func TestOverdueFollowsTheDayInAmsterdam(t *testing.T) {
	o := newOffice(t)
	h := o.h
	if got := h.Clock.Now().In(clock.Amsterdam).Format(time.DateOnly); got != "2026-03-02" {
		t.Fatalf("test assumption: today is %s", got)
	}
	yesterday := o.create(t, o.org, o.coord, plan.NewAction{Title: "Gisteren af", DueDate: "2026-03-01"})
	today := o.create(t, o.org, o.coord, plan.NewAction{Title: "Vandaag af", DueDate: "2026-03-02"})
	tomorrow := o.create(t, o.org, o.coord, plan.NewAction{Title: "Morgen af", DueDate: "2026-03-03"})
	closed := o.create(t, o.org, o.coord, plan.NewAction{Title: "Al gedaan", DueDate: "2026-02-01"})
	if _, err := h.App.Plan.SetStatus(h.Ctx, h.Scope(o.org, o.coord), closed.ID, plan.Done); err != nil {
		t.Fatal(err)
	}
	if !yesterday.Overdue || today.Overdue {
		t.Errorf("Create: yesterday overdue %v, today overdue %v", yesterday.Overdue, today.Overdue)
	}

	// overdue reads every action as the coordinator's list and the
	// organisation's overdue view show them.
	overdue := func(t *testing.T) map[string]bool {
		t.Helper()
		sc := h.Scope(o.org, o.coord)
		all, _, err := h.App.Plan.List(h.Ctx, sc, plan.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, a := range all {
			got[a.Title] = a.Overdue
			one, err := h.App.Plan.Get(h.Ctx, sc, a.ID)
			if err != nil || one.Overdue != a.Overdue {
				t.Errorf("%s: Get says overdue %v, List %v (%v)", a.Title, one.Overdue, a.Overdue, err)
			}
		}
		only, _, err := h.App.Plan.List(h.Ctx, sc, plan.Filter{OverdueOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, v := range got {
			if v {
				n++
			}
		}
		if len(only) != n {
			t.Errorf("overdue view lists %d actions, the flags say %d", len(only), n)
		}
		_, counted, err := h.App.Plan.Counts(h.Ctx, sc, false)
		if err != nil || counted != n {
			t.Errorf("dashboard count %d, the flags say %d (%v)", counted, n, err)
		}
		return got
	}
	want := func(t *testing.T, got map[string]bool, titles ...string) {
		t.Helper()
		overdueSet := map[string]bool{}
		for _, ti := range titles {
			overdueSet[ti] = true
		}
		for _, a := range []*plan.Action{yesterday, today, tomorrow, closed} {
			if got[a.Title] != overdueSet[a.Title] {
				t.Errorf("%s (due %s) overdue: %v, want %v", a.Title, a.DueDate, got[a.Title], overdueSet[a.Title])
			}
		}
	}

	t.Run("Monday morning", func(t *testing.T) {
		want(t, overdue(t), "Gisteren af")
	})
	t.Run("late on Monday evening", func(t *testing.T) {
		h.Clock.Advance(time.Date(2026, 3, 2, 23, 59, 0, 0, clock.Amsterdam).Sub(h.Clock.Now()))
		want(t, overdue(t), "Gisteren af")
	})
	t.Run("just after midnight in Amsterdam, still Monday in UTC", func(t *testing.T) {
		h.Clock.Advance(2 * time.Minute)
		if d := h.Clock.Now().UTC().Format(time.DateOnly); d != "2026-03-02" {
			t.Fatalf("test assumption: UTC date %s", d)
		}
		want(t, overdue(t), "Gisteren af", "Vandaag af")
	})
	t.Run("the page marks them", func(t *testing.T) {
		c := h.Login(o.coord)
		page := c.Get("/acties/achterstallig")
		wantStatus(t, "overdue view", page, 200)
		for title, listed := range map[string]bool{"Gisteren af": true, "Vandaag af": true, "Morgen af": false, "Al gedaan": false} {
			if shows(page, title) != listed {
				t.Errorf("overdue view lists %q: %v, want %v", title, !listed, listed)
			}
		}
	})
}
