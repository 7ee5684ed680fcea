package plan_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/report"
)

func value(t *testing.T, o *office, key string, year int) plan.IndicatorValue {
	t.Helper()
	values, err := o.h.App.Plan.Indicators(o.h.Ctx, o.h.Scope(o.org, o.coord), year)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range values {
		if v.Key == key {
			return v
		}
	}
	t.Fatalf("indicator %s missing", key)
	return plan.IndicatorValue{}
}

// The action indicators move with the action list: an action that passes
// its due date counts as overdue, one that is done counts as done in the
// year it was done, and only in that year.
func TestActionIndicatorsRecomputeWhenActionsChange(t *testing.T) {
	o := newOffice(t)
	if v := value(t, o, plan.KeyActionsOverdue, 2026); !v.Known || v.Value != 0 {
		t.Fatalf("overdue at start: %+v", v)
	}
	a := o.create(t, o.org, o.coord, plan.NewAction{Title: "Procesbeschrijving vergunningen", DueDate: "2026-03-10"})
	o.create(t, o.neighbour, o.neighbourCoord, plan.NewAction{Title: "Buurdorp", DueDate: "2026-03-05"})
	if v := value(t, o, plan.KeyActionsOverdue, 2026); v.Value != 0 {
		t.Fatalf("not yet due counts as overdue: %+v", v)
	}
	o.h.Clock.Advance(10 * 24 * time.Hour)
	if v := value(t, o, plan.KeyActionsOverdue, 2026); v.Value != 1 {
		t.Fatalf("overdue after the due date: want 1 (not the neighbour's), got %+v", v)
	}
	if _, err := o.h.App.Plan.SetStatus(o.h.Ctx, o.h.Scope(o.org, o.coord), a.ID, plan.Done); err != nil {
		t.Fatal(err)
	}
	if v := value(t, o, plan.KeyActionsOverdue, 2026); v.Value != 0 {
		t.Fatalf("done action still overdue: %+v", v)
	}
	if v := value(t, o, plan.KeyActionsFinished, 2026); v.Value != 1 {
		t.Fatalf("done this year: %+v", v)
	}
	if v := value(t, o, plan.KeyActionsFinished, 2025); v.Value != 0 {
		t.Fatalf("done last year: %+v", v)
	}
	// A snapshot of a past year comes from the recorded history only.
	if v := value(t, o, plan.KeyActionsOverdue, 2025); v.Known {
		t.Fatalf("a past year's state without history is known: %+v", v)
	}
}

// The meldpunt indicators: a report received this year counts; an open
// report whose acknowledgement term passes counts as late.
func TestReportIndicatorsRecomputeWhenReportsArrive(t *testing.T) {
	o := newOffice(t)
	if v := value(t, o, plan.KeyReports, 2026); !v.Known || v.Value != 0 {
		t.Fatalf("reports at start: %+v", v)
	}
	if v := value(t, o, plan.KeyHandlingDays, 2026); v.Known {
		t.Fatalf("handling time without decisions is known: %+v", v)
	}
	for range 2 {
		if _, err := o.h.App.Report.Submit(o.h.Ctx, o.h.Scope(o.org, o.emp), report.Input{Category: report.Categories[0],
			Title: "Signaal", Body: "Iets gezien bij het loket."}); err != nil {
			t.Fatal(err)
		}
	}
	if v := value(t, o, plan.KeyReports, 2026); v.Value != 2 {
		t.Fatalf("reports after two: %+v", v)
	}
	if v := value(t, o, plan.KeyReports, 2025); v.Value != 0 {
		t.Fatalf("reports of last year: %+v", v)
	}
	if v := value(t, o, plan.KeyReportsLate, 2026); v.Value != 0 {
		t.Fatalf("late before any term: %+v", v)
	}
	o.h.Clock.Advance(60 * 24 * time.Hour)
	if v := value(t, o, plan.KeyReportsLate, 2026); v.Value != 2 {
		t.Fatalf("late after the terms passed: %+v", v)
	}
	// The neighbour sees none of it.
	vs, err := o.h.App.Plan.IndicatorsForOrgs(o.h.Ctx, []string{o.org.ID, o.neighbour.ID}, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs[o.neighbour.ID] {
		if v.Key == plan.KeyReports && v.Value != 0 {
			t.Fatalf("neighbour counts A's reports: %+v", v)
		}
	}
	for _, v := range vs[o.org.ID] {
		if v.Key == plan.KeyReports && v.Value != 2 {
			t.Fatalf("IndicatorsForOrgs differs from Indicators: %+v", v)
		}
	}
}

// A manual indicator needs a source; bad input names the field and
// changes nothing; a goal on it is met once the value reaches the target.
func TestManualIndicatorAndGoalProgress(t *testing.T) {
	o := newOffice(t)
	sc := o.h.Scope(o.org, o.coord)
	p := o.h.App.Plan
	d, err := p.DefineIndicator(o.h.Ctx, sc, plan.NewIndicator{Key: "sportclubs", Label: "Sportclubs gescreend", Unit: plan.UnitCount, HigherIsBetter: true})
	if err != nil {
		t.Fatal(err)
	}
	if d.Key != "eigen.sportclubs" {
		t.Fatalf("key %q", d.Key)
	}
	g, err := p.CreateGoal(o.h.Ctx, sc, plan.NewGoal{Title: "Alle sportclubs gescreend", Kind: plan.KindEffect, IndicatorKey: d.Key, Year: 2026, Target: "12"})
	if err != nil {
		t.Fatal(err)
	}
	err = p.EnterValue(o.h.Ctx, sc, d.Key, 2026, "twaalf", "")
	if !fieldErr(err, "value") || !fieldErr(err, "source") {
		t.Fatalf("bad value without source: %v", err)
	}
	if h, _ := p.History(o.h.Ctx, sc, d.Key); len(h) != 0 {
		t.Fatalf("bad input was stored: %+v", h)
	}
	progress := func() plan.GoalProgress {
		t.Helper()
		list, err := p.GoalProgress(o.h.Ctx, sc, 2026)
		if err != nil || len(list) != 1 {
			t.Fatalf("progress: %v %+v", err, list)
		}
		return list[0]
	}
	if gp := progress(); gp.Met || gp.Indicator.Known || !gp.HasTarget || gp.Target != 12 || gp.GoalID != g.ID {
		t.Fatalf("before a value: %+v", gp)
	}
	if err := p.EnterValue(o.h.Ctx, sc, d.Key, 2026, "9", "Jaarverslag sportloket"); err != nil {
		t.Fatal(err)
	}
	if gp := progress(); gp.Met || gp.Indicator.Value != 9 || gp.Indicator.Source != "Jaarverslag sportloket" {
		t.Fatalf("below target: %+v", gp)
	}
	if err := p.EnterValue(o.h.Ctx, sc, d.Key, 2026, "12,5", "Jaarverslag sportloket"); err != nil {
		t.Fatal(err)
	}
	if gp := progress(); !gp.Met || gp.Indicator.Value != 12.5 {
		t.Fatalf("at target: %+v", gp)
	}
	// Lower is better for overdue actions: 0 overdue meets a target of 0.
	if _, err := p.CreateGoal(o.h.Ctx, sc, plan.NewGoal{Title: "Geen achterstand", Kind: plan.KindPerformance, IndicatorKey: plan.KeyActionsOverdue, Year: 2026, Target: "0"}); err != nil {
		t.Fatal(err)
	}
	// An employee may not define goals; an auditor may read them.
	if _, err := p.CreateGoal(o.h.Ctx, o.h.Scope(o.org, o.emp), plan.NewGoal{Title: "x", Kind: plan.KindEffect, IndicatorKey: plan.KeyReports}); err == nil {
		t.Fatal("an employee created a goal")
	}
	aud := o.h.User(o.org, "griffier", auth.Auditor)
	list, err := p.GoalProgress(o.h.Ctx, o.h.Scope(o.org, aud), 2026)
	if err != nil || len(list) != 2 {
		t.Fatalf("auditor reads goals: %v %d", err, len(list))
	}
	// The neighbour does not see A's goal.
	if _, err := p.Goal(o.h.Ctx, o.h.Scope(o.neighbour, o.neighbourCoord), g.ID); err == nil {
		t.Fatal("neighbour sees A's goal")
	}
}

// A goal with a bad kind, an unknown indicator and a target that is not a
// number is refused per field and nothing is stored.
func TestGoalBadInputChangesNothing(t *testing.T) {
	o := newOffice(t)
	sc := o.h.Scope(o.org, o.coord)
	_, err := o.h.App.Plan.CreateGoal(o.h.Ctx, sc, plan.NewGoal{Title: " ", Kind: "wens", IndicatorKey: "bestaat.niet", Year: 2026, Target: "veel"})
	for _, f := range []string{"title", "kind", "indicator", "target"} {
		if !fieldErr(err, f) {
			t.Errorf("no error for %s: %v", f, err)
		}
	}
	res := o.h.Login(o.coord).PostForm("/doelen", url.Values{"title": {"Doel"}, "kind": {"effect"}, "indicator": {plan.KeyTraining}, "year": {"2026"}, "target": {"120"}})
	if res.Code != 422 || !shows(res, "Een percentage ligt tussen 0 en 100.") {
		t.Fatalf("percent above 100: %d", res.Code)
	}
	if goals, _ := o.h.App.Plan.Goals(o.h.Ctx, sc); len(goals) != 0 {
		t.Fatalf("stored: %+v", goals)
	}
}

// An action more than 60 days overdue is escalated once: the
// gemeentesecretaris gets one content-free mail, the action shows it, and
// a second run sends nothing.
func TestLongOverdueActionsAreEscalatedOnce(t *testing.T) {
	o := newOffice(t)
	exec := o.h.User(o.org, "gemsec", auth.Executive)
	a := o.create(t, o.org, o.coord, plan.NewAction{Title: "Geheim: onderzoek pand Dorpsstraat", DueDate: "2026-03-10"})
	o.create(t, o.org, o.coord, plan.NewAction{Title: "Later", DueDate: "2026-06-01"})
	p := o.h.App.Plan
	o.h.Clock.Advance(60 * 24 * time.Hour) // 2026-05-01: 52 days overdue
	if n, err := p.Escalate(o.h.Ctx, o.h.App.Outbox, "https://weerbaar.test", 0); err != nil || n != 0 {
		t.Fatalf("escalated too early: %d %v", n, err)
	}
	o.h.Clock.Advance(10 * 24 * time.Hour) // 62 days overdue
	if n, err := p.Escalate(o.h.Ctx, o.h.App.Outbox, "https://weerbaar.test", 0); err != nil || n != 1 {
		t.Fatalf("escalate: %d %v", n, err)
	}
	if n, err := p.Escalate(o.h.Ctx, o.h.App.Outbox, "https://weerbaar.test", 0); err != nil || n != 0 {
		t.Fatalf("escalated twice: %d %v", n, err)
	}
	items, err := o.h.App.Outbox.List(o.h.Ctx, o.org.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	mails := 0
	for _, it := range items {
		if it.To == exec.Email {
			mails++
			if strings.Contains(it.Subject+it.Body, "Dorpsstraat") {
				t.Fatal("the mail carries the action's title")
			}
		}
	}
	if mails != 1 {
		t.Fatalf("mails to the gemeentesecretaris: %d", mails)
	}
	var audited int
	if err := o.h.App.DB.Read.QueryRowContext(o.h.Ctx, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'action.escalate' AND object_id = $2`,
		o.org.ID, a.ID).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("escalation audited %d times (%v)", audited, err)
	}
	got, err := p.Get(o.h.Ctx, o.h.Scope(o.org, o.coord), a.ID)
	if err != nil || got.EscalatedAt.IsZero() {
		t.Fatalf("not marked: %+v %v", got, err)
	}
	res := o.h.Login(o.coord).Get("/acties/alle?escalatie=ja&groep=bron")
	wantStatus(t, "plan", res, 200)
	if !shows(res, "geëscaleerd naar gemeentesecretaris") || !shows(res, a.Title) || shows(res, ">Later<") {
		t.Fatal("the action plan does not show exactly the escalated action")
	}
}

// The action plan groups by source and by due date.
func TestActionPlanGroupsAndFilters(t *testing.T) {
	o := newOffice(t)
	o.create(t, o.org, o.coord, plan.NewAction{Title: "Eerste", DueDate: "2026-03-01"})
	o.create(t, o.org, o.coord, plan.NewAction{Title: "Tweede", DueDate: "2026-03-20"})
	o.create(t, o.org, o.coord, plan.NewAction{Title: "Derde", DueDate: "2026-05-20"})
	c := o.h.Login(o.coord)
	res := c.Get("/acties/alle?groep=termijn")
	wantStatus(t, "grouped", res, 200)
	body := res.Body.String()
	i, j, k := strings.Index(body, ">Achterstallig ("), strings.Index(body, ">Deze maand ("), strings.Index(body, ">Later (")
	if i < 0 || j < i || k < j {
		t.Fatalf("due-date groups missing or out of order: %d %d %d", i, j, k)
	}
	res = c.Get("/acties/alle?termijn=later")
	if !shows(res, "Derde") || shows(res, "Eerste") || shows(res, "Tweede") {
		t.Fatal("filter on due date")
	}
	res = c.Get("/acties/alle?groep=bron")
	if !shows(res, "Handmatig (3)") {
		t.Fatal("group by source")
	}
}

// The goal and indicator pages render with their charts.
func TestGoalPagesRender(t *testing.T) {
	o := newOffice(t)
	c := o.h.Login(o.coord)
	res := c.PostForm("/doelen", url.Values{"title": {"Acties op tijd"}, "kind": {"prestatie"}, "indicator": {plan.KeyActionsOverdue}, "year": {"2026"}, "target": {"2"}})
	wantStatus(t, "create", res, 303)
	res = c.Get(res.Header().Get("Location"))
	wantStatus(t, "goal", res, 200)
	if !shows(res, "Acties op tijd") || !strings.Contains(res.Body.String(), "<svg") {
		t.Fatal("goal page without title or chart")
	}
	res = c.Get("/indicatoren/" + plan.KeyActionsOverdue)
	wantStatus(t, "indicator", res, 200)
	if !strings.Contains(res.Body.String(), "<svg") {
		t.Fatal("indicator page without chart")
	}
	res = c.Get("/doelen/export?formaat=csv")
	wantStatus(t, "export", res, 200)
	if !strings.Contains(res.Body.String(), "Acties op tijd") {
		t.Fatal("export without the goal")
	}
	res = c.Get("/doelen/export?formaat=csv&deel=indicatoren")
	wantStatus(t, "export indicators", res, 200)
	if !strings.Contains(res.Body.String(), plan.KeyReports) {
		t.Fatal("indicator export without the indicators")
	}
	wantStatus(t, "export xlsx", c.Get("/doelen/export?formaat=xlsx"), 200)
	if _, err := o.h.App.Plan.Record(o.h.Ctx); err != nil {
		t.Fatal(err)
	}
	h, err := o.h.App.Plan.History(o.h.Ctx, o.h.Scope(o.org, o.coord), plan.KeyActionsOverdue)
	if err != nil || len(h) != 1 || h[0].Period != "2026-03" {
		t.Fatalf("history after recording: %+v %v", h, err)
	}
}

// fieldErr reports whether err complains about field.
func fieldErr(err error, field string) bool {
	var list apperr.List
	if errors.As(err, &list) {
		for _, e := range list {
			if e.Field == field {
				return true
			}
		}
		return false
	}
	e := apperr.As(err)
	return e != nil && e.Field == field
}

// The escalation term is configurable, and a closed action is never
// escalated however late it was.
func TestEscalationTermAndClosedActions(t *testing.T) {
	o := newOffice(t)
	o.h.User(o.org, "gemsec", auth.Executive)
	p := o.h.App.Plan
	open := o.create(t, o.org, o.coord, plan.NewAction{Title: "Open", DueDate: "2026-03-03"})
	done := o.create(t, o.org, o.coord, plan.NewAction{Title: "Klaar", DueDate: "2026-03-03"})
	if _, err := p.SetStatus(o.h.Ctx, o.h.Scope(o.org, o.coord), done.ID, plan.Done); err != nil {
		t.Fatal(err)
	}
	o.h.Clock.Advance(35 * 24 * time.Hour)
	if n, err := p.Escalate(o.h.Ctx, o.h.App.Outbox, "https://weerbaar.test", 0); err != nil || n != 0 {
		t.Fatalf("default term of 60 days: %d %v", n, err)
	}
	if n, err := p.Escalate(o.h.Ctx, o.h.App.Outbox, "https://weerbaar.test", 30); err != nil || n != 1 {
		t.Fatalf("term of 30 days: %d %v", n, err)
	}
	sc := o.h.Scope(o.org, o.coord)
	if a, _ := p.Get(o.h.Ctx, sc, open.ID); a.EscalatedAt.IsZero() {
		t.Fatal("open action not escalated")
	}
	if a, _ := p.Get(o.h.Ctx, sc, done.ID); !a.EscalatedAt.IsZero() {
		t.Fatal("closed action escalated")
	}
	// Without a gemeentesecretaris in the neighbour's organisation the
	// escalation is still recorded, and no mail is queued there.
	late := o.create(t, o.neighbour, o.neighbourCoord, plan.NewAction{Title: "Buurdorp", DueDate: "2026-03-20"})
	o.h.Clock.Advance(70 * 24 * time.Hour)
	if _, err := p.Escalate(o.h.Ctx, o.h.App.Outbox, "https://weerbaar.test", 0); err != nil {
		t.Fatal(err)
	}
	if a, _ := p.Get(o.h.Ctx, o.h.Scope(o.neighbour, o.neighbourCoord), late.ID); a.EscalatedAt.IsZero() {
		t.Fatal("neighbour's action not escalated")
	}
	if items, _ := o.h.App.Outbox.List(o.h.Ctx, o.neighbour.ID, 50); len(items) != 0 {
		t.Fatalf("mail without a gemeentesecretaris: %+v", items)
	}
}
