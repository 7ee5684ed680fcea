package meeting_test

import (
	"html"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/meeting"
)

func TestProposedDatesFollowTheCycle(t *testing.T) {
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	cases := []struct {
		name   string
		latest string
		weeks  int
		want   []string
	}{
		{"no meeting yet: one cycle from today", "", 6, []string{"2026-04-13", "2026-05-25", "2026-07-06"}},
		{"after a planned meeting", "2026-03-10", 6, []string{"2026-04-21", "2026-06-02", "2026-07-14"}},
		{"past meeting: skip dates already gone", "2025-12-01", 6, []string{"2026-04-06", "2026-05-18", "2026-06-29"}},
		{"weekend moves to Monday", "2026-03-07", 4, []string{"2026-04-06", "2026-05-04", "2026-06-01"}},
	}
	for _, c := range cases {
		if got := meeting.ProposedDates(c.latest, today, c.weeks, 3); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCycleSettingAndProposals(t *testing.T) {
	e := newEnv(t, false)
	ctx := e.h.Ctx
	// The default cycle is six weeks from today (2 March 2026).
	props, err := e.ms.Proposals(ctx, e.coord)
	if err != nil {
		t.Fatal(err)
	}
	if props[0] != "2026-04-13" {
		t.Fatalf("default proposal %s, want 2026-04-13 (six weeks)", props[0])
	}
	// A bad cycle is refused with a Dutch message naming the field; nothing changes.
	c := e.h.Login(e.coordUser)
	res := c.PostForm("/loo/instellingen", url.Values{"loo_cycle_weeks": {"0"}})
	wantStatus(t, "bad cycle", res, http.StatusUnprocessableEntity)
	if m := contains(html.UnescapeString(res.Body.String()), "Cyclus (weken): Vul een heel aantal weken in van 1 tot en met 26."); m != nil {
		t.Errorf("settings page lacks %q", m)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM meeting_settings`); n != 0 {
		t.Fatalf("refused setting wrote %d rows", n)
	}
	wantStatus(t, "cycle 4", c.PostForm("/loo/instellingen", url.Values{"loo_cycle_weeks": {"4"}}), http.StatusSeeOther)
	id := e.plan(t, "2026-03-10")
	props, _ = e.ms.Proposals(ctx, e.coord)
	if props[0] != "2026-04-07" {
		t.Fatalf("proposal after the meeting of 10 March on a 4-week cycle: %s, want 2026-04-07", props[0])
	}
	// Another organisation keeps its default and does not see A's meeting.
	if st, _ := e.ms.Settings(ctx, e.coordB); st.CycleWeeks != 6 {
		t.Errorf("organisation B's cycle %d, want the default 6", st.CycleWeeks)
	}
	if _, err := e.ms.Meeting(ctx, e.coordB, id); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reads A's meeting: %v, want NotFound", err)
	}
	// The executive reads the list but may not change the cycle.
	x := e.h.Login(e.execUser)
	wantStatus(t, "executive reads the list", x.Get("/loo"), http.StatusOK)
	wantStatus(t, "executive settings", x.Get("/loo/instellingen"), http.StatusForbidden)
}

func TestPlanBadInputChangesNothing(t *testing.T) {
	e := newEnv(t, false)
	c := e.h.Login(e.coordUser)
	res := c.PostForm("/loo", url.Values{"loo_date": {""}, "loo_time": {"25:00"}, "loo_participants": {"politie"}})
	wantStatus(t, "meeting without date", res, http.StatusUnprocessableEntity)
	body := html.UnescapeString(res.Body.String())
	if m := contains(body, "Datum: Vul dit veld in.", "Begintijd: Vul een tijd in als uu:mm"); m != nil {
		t.Errorf("error summary lacks %q", m)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM meetings`); n != 0 {
		t.Fatalf("refused form wrote %d meetings", n)
	}
	res = c.PostForm("/loo", url.Values{"loo_date": {"31-02-2026"}})
	wantStatus(t, "impossible date", res, http.StatusUnprocessableEntity)
	if m := contains(html.UnescapeString(res.Body.String()), "Datum: Vul een geldige datum in"); m != nil {
		t.Errorf("error summary lacks %q", m)
	}
	// A good form plans the meeting; the Dutch date is understood.
	res = c.PostForm("/loo", url.Values{"loo_date": {"14-04-2026"}, "loo_time": {"14:00"}, "loo_place": {"Stadhuis"},
		"loo_participants": {"gemeente\npolitie — J. de Vries"}, "loo_members": {e.execUser.ID}})
	wantStatus(t, "plan", res, http.StatusSeeOther)
	ms, err := e.ms.Meetings(e.h.Ctx, e.coord)
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings %v, %v", ms, err)
	}
	m := ms[0]
	if m.HeldOn != "2026-04-14" || m.StartTime != "14:00" || m.Status != meeting.Planned || !slices.Equal(m.Participants, []string{"gemeente", "politie — J. de Vries"}) {
		t.Errorf("planned meeting %+v", m)
	}
	page := c.Get("/loo/" + m.ID).Body.String()
	if mm := contains(html.UnescapeString(page), "politie — J. de Vries", "Gepland", "Geen meldingen beschikbaar"); mm != nil {
		t.Errorf("meeting page without the meldpunt lacks %q", mm)
	}
}

func TestAgendaFromReports(t *testing.T) {
	e := newEnv(t, true)
	ctx := e.h.Ctx
	id := e.plan(t, "2026-03-10")
	c := e.h.Login(e.coordUser)
	page := c.Get("/loo/" + id).Body.String()
	if m := contains(page, "M-2026-0001", "M-2026-0002"); m != nil {
		t.Fatalf("meeting page does not offer candidates %v", m)
	}
	wantStatus(t, "schedule", c.PostForm("/loo/"+id+"/agenda/melding", url.Values{"loo_report": {"rep-1"}}), http.StatusSeeOther)
	if !slices.Equal(e.reports.calls, []string{"schedule:rep-1"}) {
		t.Fatalf("calls %v, want the report scheduled", e.reports.calls)
	}
	items, err := e.ms.Items(ctx, e.coord, id)
	if err != nil || len(items) != 1 || items[0].ReportID != "rep-1" || items[0].ReportRef != "M-2026-0001" {
		t.Fatalf("agenda %+v, %v", items, err)
	}
	// The same report twice, or a report that is no candidate, is refused without a call.
	e.reports.calls = nil
	res := c.PostForm("/loo/"+id+"/agenda/melding", url.Values{"loo_report": {"rep-9"}})
	wantStatus(t, "unknown report", res, http.StatusUnprocessableEntity)
	if _, err := e.ms.AddReport(ctx, e.coord, id, "rep-1"); fieldKey(err) != "loo.report_already_on_agenda" {
		t.Errorf("scheduling twice: %v", err)
	}
	if len(e.reports.calls) != 0 {
		t.Errorf("refused additions called the meldpunt: %v", e.reports.calls)
	}
	// A free topic goes on the agenda after it.
	wantStatus(t, "topic", c.PostForm("/loo/"+id+"/agenda", url.Values{"loo_topic": {"Bestuurlijke aanpak bedrijventerrein"}}), http.StatusSeeOther)
	items, _ = e.ms.Items(ctx, e.coord, id)
	if len(items) != 2 || items[1].Topic != "Bestuurlijke aanpak bedrijventerrein" || items[1].Position != 2 {
		t.Fatalf("agenda after the topic %+v", items)
	}
	// Removing the report item unschedules it; removing the topic calls nothing.
	wantStatus(t, "remove report", c.PostForm("/loo/"+id+"/agenda/"+items[0].ID+"/verwijderen", nil), http.StatusSeeOther)
	wantStatus(t, "remove topic", c.PostForm("/loo/"+id+"/agenda/"+items[1].ID+"/verwijderen", nil), http.StatusSeeOther)
	if !slices.Equal(e.reports.calls, []string{"unschedule:rep-1"}) {
		t.Errorf("calls %v, want one unschedule", e.reports.calls)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM meeting_items`); n != 0 {
		t.Errorf("%d items left", n)
	}
	// An empty topic is refused with a Dutch message.
	res = c.PostForm("/loo/"+id+"/agenda", url.Values{"loo_topic": {"  "}})
	wantStatus(t, "empty topic", res, http.StatusUnprocessableEntity)
	if m := contains(html.UnescapeString(res.Body.String()), "Onderwerp: Vul dit veld in."); m != nil {
		t.Errorf("lacks %q", m)
	}
	// B's coordinator cannot touch A's agenda.
	if _, err := e.ms.AddTopic(ctx, e.coordB, id, "x"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B adds to A's agenda: %v", err)
	}
}

func TestDecisions(t *testing.T) {
	e := newEnv(t, true)
	ctx := e.h.Ctx
	id := e.plan(t, "2026-03-10")
	rep, err := e.ms.AddReport(ctx, e.coord, id, "rep-2")
	if err != nil {
		t.Fatal(err)
	}
	free, err := e.ms.AddTopic(ctx, e.coord, id, "Drugslab buitengebied")
	if err != nil {
		t.Fatal(err)
	}
	c := e.h.Login(e.coordUser)
	base := "/loo/" + id + "/agenda/"
	// An unknown decision and a missing reason: Dutch messages, nothing written, nothing sent.
	e.reports.calls = nil
	res := c.PostForm(base+rep+"/besluit", url.Values{"loo_decision": {"opsluiten"}, "loo_reason": {""}})
	wantStatus(t, "unknown decision", res, http.StatusUnprocessableEntity)
	if m := contains(html.UnescapeString(res.Body.String()), "Besluit: Kies een besluit: lokaal oppakken, afschalen, RIEC-signaal of aangifte.", "Motivering: Vul dit veld in."); m != nil {
		t.Errorf("lacks %q", m)
	}
	if len(e.reports.calls) != 0 || e.count(t, `SELECT COUNT(*) FROM meeting_items WHERE decision <> ''`) != 0 {
		t.Fatalf("refused decision was passed on (%v) or written", e.reports.calls)
	}
	// When the meldpunt refuses the decision, the item stays undecided.
	e.reports.failDecide = apperr.New(apperr.Conflict, "error.conflict")
	if err := e.ms.Decide(ctx, e.coord, id, rep, "riec", "Patroon"); err == nil {
		t.Fatal("decision accepted although the meldpunt refused it")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM meeting_items WHERE decision <> ''`); n != 0 {
		t.Fatalf("decision written although the meldpunt refused it")
	}
	e.reports.failDecide, e.reports.calls = nil, nil
	wantStatus(t, "decide report", c.PostForm(base+rep+"/besluit", url.Values{"loo_decision": {"riec"}, "loo_reason": {"Meerdere signalen rond één pand"}}), http.StatusSeeOther)
	if !slices.Equal(e.reports.calls, []string{"decide:rep-2:riec:Meerdere signalen rond één pand"}) {
		t.Errorf("calls %v", e.reports.calls)
	}
	wantStatus(t, "decide topic", c.PostForm(base+free+"/besluit", url.Values{"loo_decision": {"local"}, "loo_reason": {"Handhaving gaat langs"}}), http.StatusSeeOther)
	if len(e.reports.calls) != 1 {
		t.Errorf("a free item's decision went to the meldpunt: %v", e.reports.calls)
	}
	it, err := e.ms.Item(ctx, e.exec, id, free)
	if err != nil || it.Decision != "local" || it.Reason != "Handhaving gaat langs" || it.DecidedOn != "2026-03-02" {
		t.Fatalf("decided item %+v, %v", it, err)
	}
	// A decided item stays on the agenda.
	if err := e.ms.RemoveItem(ctx, e.coord, id, free); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("removing a decided item: %v", err)
	}
	// The executive sees the decisions (read-only); the reason is sealed in the database.
	body := html.UnescapeString(e.h.Login(e.execUser).Get("/loo/besluiten").Body.String())
	if m := contains(body, "RIEC-signaal", "Lokaal oppakken", "Handhaving gaat langs", "M-2026-0002"); m != nil {
		t.Errorf("decisions page lacks %q", m)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.item.decide'`); n != 2 {
		t.Errorf("%d decisions audited, want 2", n)
	}
}

func TestActionsFromAnItem(t *testing.T) {
	e := newEnv(t, false)
	ctx := e.h.Ctx
	id := e.plan(t, "2026-03-10")
	item, _ := e.ms.AddTopic(ctx, e.coord, id, "Leegstand winkelstraat")
	c := e.h.Login(e.coordUser)
	base := "/loo/" + id + "/agenda/" + item
	res := c.PostForm(base+"/acties", url.Values{"loo_action_title": {""}, "loo_owner": {e.execUser.ID}, "loo_due": {"morgen"}})
	wantStatus(t, "bad action", res, http.StatusUnprocessableEntity)
	if m := contains(html.UnescapeString(res.Body.String()), "Titel van de actie: Vul dit veld in.", "Deadline: Vul een geldige datum in"); m != nil {
		t.Errorf("lacks %q", m)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM actions`); n != 0 {
		t.Fatalf("refused action created %d actions", n)
	}
	wantStatus(t, "action", c.PostForm(base+"/acties", url.Values{"loo_action_title": {"Eigenaren panden aanschrijven"}, "loo_owner": {e.execUser.ID}, "loo_due": {"2026-04-01"}}), http.StatusSeeOther)
	if n := e.count(t, `SELECT COUNT(*) FROM actions WHERE source_type = 'meeting' AND source_id = $1 AND owner_id = $2 AND due_date = '2026-04-01'`, item, e.execUser.ID); n != 1 {
		t.Fatalf("action on the plan: %d", n)
	}
	page := html.UnescapeString(c.Get(base).Body.String())
	if m := contains(page, "Eigenaren panden aanschrijven", "Test burgemeester", "uiterlijk 01-04-2026"); m != nil {
		t.Errorf("item page lacks %q", m)
	}
}
