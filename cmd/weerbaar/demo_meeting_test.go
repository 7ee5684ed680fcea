package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/meeting"
)

// TestDemoHasAnLOO checks Voorbeeldstad's LOO in the demo: a six-week
// cycle, one held meeting in the past with a decided free item, an action
// and minutes, and the next meeting planned on the cycle after it.
func TestDemoHasAnLOO(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	orgID := env.Orgs["voorbeeldstad"].ID
	coord, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["coordinator@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	st, err := h.App.Meeting.Settings(h.Ctx, coord)
	if err != nil || st.CycleWeeks != 6 {
		t.Fatalf("cycle %+v, %v", st, err)
	}
	ms, err := h.App.Meeting.Meetings(h.Ctx, coord)
	if err != nil || len(ms) != 2 {
		t.Fatalf("meetings %+v, %v", ms, err)
	}
	next, past := ms[0], ms[1]
	today := h.Clock.Now().Format("2006-01-02")
	if past.Status != meeting.Held || past.HeldOn >= today || past.Decided != 1 || !past.HasMinutes {
		t.Errorf("held meeting %+v", past)
	}
	if next.Status != meeting.Planned || next.HeldOn <= today || next.ItemCount != 0 {
		t.Errorf("next meeting %+v", next)
	}
	items, err := h.App.Meeting.Items(h.Ctx, coord, past.ID)
	if err != nil || len(items) != 1 || items[0].Decision != "local" || len(items[0].Actions) != 1 || items[0].IsReport() {
		t.Fatalf("items of the held meeting %+v, %v", items, err)
	}
	// The gemeentesecretaris took part and reads the minutes.
	exec, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["gemeentesecretaris@voorbeeldstad.example"], orgID, true)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := h.App.Meeting.ReadMinutes(h.Ctx, exec, past.ID); err != nil || m.Shielded || m.Text == "" {
		t.Errorf("gemeentesecretaris reads the minutes: %+v, %v", m, err)
	}
}
