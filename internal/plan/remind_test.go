package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/plan"
)

const baseURL = "https://weerbaar.test"

// mails returns the queued mails of the office's organisation per address.
func (o *office) mails(t *testing.T) map[string][]notify.Item {
	t.Helper()
	items, err := o.h.App.Outbox.List(o.h.Ctx, o.org.ID, 500)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]notify.Item{}
	for _, it := range items {
		out[it.To] = append(out[it.To], it)
	}
	return out
}

func (o *office) remind(t *testing.T) int {
	t.Helper()
	n, err := o.h.App.Plan.Remind(o.h.Ctx, o.h.App.Outbox, baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRemindersAreDailyAndContentFree(t *testing.T) {
	o := newOffice(t)
	h := o.h
	titles := []string{"Signaal over pand Dorpsstraat 12", "Gesprek met J. de Vries", "Afgerond dossier Bakker", "Ver weg", "Binnenkort af"}
	first := o.create(t, o.org, o.coord, plan.NewAction{Title: titles[0], DueDate: "2026-03-01"})
	o.create(t, o.org, o.coord, plan.NewAction{Title: titles[1], DueDate: "2026-02-20"})
	closed := o.create(t, o.org, o.coord, plan.NewAction{Title: titles[2], DueDate: "2026-02-15"})
	if _, err := h.App.Plan.SetStatus(h.Ctx, h.Scope(o.org, o.coord), closed.ID, plan.Done); err != nil {
		t.Fatal(err)
	}
	o.create(t, o.org, o.emp2, plan.NewAction{Title: titles[3], DueDate: "2026-04-30"})
	o.create(t, o.org, o.emp, plan.NewAction{Title: titles[4], DueDate: "2026-03-04"}) // within RemindAhead days

	t.Run("one mail per owner with the count and a link, no titles", func(t *testing.T) {
		if n := o.remind(t); n != 2 {
			t.Fatalf("sent %d mails, want 2", n)
		}
		m := o.mails(t)
		if len(m[o.coord.Email]) != 1 || len(m[o.emp.Email]) != 1 || len(m[o.emp2.Email]) != 0 {
			t.Fatalf("mails per address: coord %d, emp %d, emp2 %d", len(m[o.coord.Email]), len(m[o.emp.Email]), len(m[o.emp2.Email]))
		}
		mail := m[o.coord.Email][0]
		// Two overdue actions; the closed one does not count.
		if !strings.Contains(mail.Body, "Er zijn 2 acties die uw aandacht vragen") || !strings.Contains(mail.Subject, "Er zijn 2 acties") {
			t.Errorf("coordinator's mail does not count 2 actions: %q / %q", mail.Subject, mail.Body)
		}
		if !strings.Contains(mail.Body, baseURL+"/acties") {
			t.Errorf("no link in %q", mail.Body)
		}
		if got := m[o.emp.Email][0].Body; !strings.Contains(got, "Er is 1 actie die uw aandacht vraagt") {
			t.Errorf("employee's mail: %q", got)
		}
		for _, it := range append(m[o.coord.Email], m[o.emp.Email]...) {
			for _, title := range titles {
				for _, word := range strings.Fields(title) {
					if len(word) > 4 && (strings.Contains(it.Body, word) || strings.Contains(it.Subject, word)) {
						t.Errorf("mail to %s mentions %q of an action title", it.To, word)
					}
				}
			}
		}
	})

	t.Run("a second run the same day sends nothing", func(t *testing.T) {
		h.Clock.Advance(time.Hour)
		if n := o.remind(t); n != 0 {
			t.Errorf("second run sent %d mails", n)
		}
		if m := o.mails(t); len(m[o.coord.Email]) != 1 || len(m[o.emp.Email]) != 1 {
			t.Errorf("after the second run: coord %d, emp %d mails", len(m[o.coord.Email]), len(m[o.emp.Email]))
		}
	})

	t.Run("the next day in Amsterdam brings the next mail", func(t *testing.T) {
		// 23:30 on Monday in Amsterdam: still the same day.
		h.Clock.Advance(time.Date(2026, 3, 2, 23, 30, 0, 0, clock.Amsterdam).Sub(h.Clock.Now()))
		if n := o.remind(t); n != 0 {
			t.Errorf("late Monday run sent %d mails", n)
		}
		// 00:30 on Tuesday in Amsterdam, still Monday in UTC.
		h.Clock.Advance(time.Hour)
		if n := o.remind(t); n != 2 {
			t.Errorf("Tuesday run sent %d mails, want 2", n)
		}
		if m := o.mails(t); len(m[o.coord.Email]) != 2 || len(m[o.emp.Email]) != 2 {
			t.Errorf("after Tuesday: coord %d, emp %d mails", len(m[o.coord.Email]), len(m[o.emp.Email]))
		}
	})

	t.Run("closed actions stop counting", func(t *testing.T) {
		if _, err := h.App.Plan.SetStatus(h.Ctx, h.Scope(o.org, o.coord), first.ID, plan.Cancelled); err != nil {
			t.Fatal(err)
		}
		h.Clock.Advance(24 * time.Hour)
		if n := o.remind(t); n != 2 {
			t.Errorf("Wednesday run sent %d mails, want 2", n)
		}
		newest := o.mails(t)[o.coord.Email][0]
		if !strings.Contains(newest.Body, "Er is 1 actie die uw aandacht vraagt") {
			t.Errorf("Wednesday's mail: %q", newest.Body)
		}
	})

	t.Run("owners without open actions get no mail", func(t *testing.T) {
		sc := h.Scope(o.org, o.coord)
		all, _, err := h.App.Plan.List(h.Ctx, sc, plan.Filter{OpenOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			if _, err := h.App.Plan.SetStatus(h.Ctx, sc, a.ID, plan.Done); err != nil {
				t.Fatal(err)
			}
		}
		h.Clock.Advance(24 * time.Hour)
		if n := o.remind(t); n != 0 {
			t.Errorf("sent %d mails about closed actions", n)
		}
	})
}

// Remind promises one mail a day per owner. An action that becomes due
// after the day's first run (created later that day) must wait for
// tomorrow's mail instead of causing a second one today.
func TestReminderOncePerDayAlsoForNewActions(t *testing.T) {
	o := newOffice(t)
	o.create(t, o.org, o.coord, plan.NewAction{Title: "Eerste", DueDate: "2026-03-01"})
	if n := o.remind(t); n != 1 {
		t.Fatalf("first run sent %d", n)
	}
	o.h.Clock.Advance(time.Hour)
	o.create(t, o.org, o.coord, plan.NewAction{Title: "Tweede", DueDate: "2026-03-02"})
	if n := o.remind(t); n != 0 {
		t.Errorf("the coordinator got %d more mails the same day", n)
	}
	o.h.Clock.Advance(24 * time.Hour)
	if n := o.remind(t); n != 1 {
		t.Errorf("next day: %d mails, want 1", n)
	}
	if got := o.mails(t)[o.coord.Email][0].Body; !strings.Contains(got, "Er zijn 2 acties") {
		t.Errorf("next day's mail does not count both actions: %q", got)
	}
}
