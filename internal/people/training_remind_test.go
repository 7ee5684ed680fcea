package people_test

import (
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
)

func TestRemindersAreContentFreeAndOncePerDay(t *testing.T) {
	w := newWorld(t)
	// Someone overdue for almost two years: a persistent gap in Klant.
	w.person(t, w.a, w.klant, "1005", "Frits Vergeten", "2024-01-01", "", true)
	other := w.user(t, w.a, auth.TeamLead)
	w.tenv.lead(t, other, w.handhav) // Handhaving: nothing overdue
	sent, err := w.s.Remind(w.ctx, "https://weerbaar.test")
	if err != nil {
		t.Fatal(err)
	}
	// Everyone is overdue on the awareness session (due within 12 months
	// of starting, never done); Anna, Bram and Frits also on aggression.
	if sent != 3 {
		t.Fatalf("%d mails, want 3 (HR and both teamleiders)", sent)
	}
	rows, err := w.db.Read.Query(`SELECT to_addr, subject, body FROM outbox ORDER BY to_addr`)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for rows.Next() {
		var to, subj, body string
		if err := rows.Scan(&to, &subj, &body); err != nil {
			t.Fatal(err)
		}
		bodies[strings.Split(to, "@")[0]] = body
		for _, name := range []string{"Anna", "Bram", "Frits", "Laat", "Agressie", "agressie", "Klant"} {
			if strings.Contains(subj+body, name) {
				t.Errorf("mail to %s names %q:\n%s\n%s", to, name, subj, body)
			}
		}
		if !strings.Contains(body, "https://weerbaar.test/mensen/training") {
			t.Errorf("mail without the link: %s", body)
		}
	}
	rows.Close()
	// HR: 3 × 2 + Eva and Daan 1 each = 8; Klant (with Balie): 7;
	// Handhaving: Daan's awareness session, 1.
	for user, n := range map[string]string{w.hr.UserID: "Er zijn 8 ", w.lead.UserID: "Er zijn 7 ", other.UserID: "Er is 1 "} {
		if !strings.Contains(bodies[user], n) {
			t.Errorf("mail to %s does not start %q: %s", user, n, bodies[user])
		}
	}
	if sent, err := w.s.Remind(w.ctx, "https://weerbaar.test"); err != nil || sent != 0 {
		t.Fatalf("second run the same day: %d mails, %v", sent, err)
	}
	// One action for the persistent gap, owned by the teamleider, naming
	// the team and the requirement only.
	// Persistent gaps: aggression in Klant (Frits), awareness in Klant and
	// in Handhaving. Anna in Balie is overdue for a month only.
	titles := map[string]string{}
	for _, a := range w.actions.made {
		titles[a.Title] = a.OwnerID
		if strings.Contains(a.Title+a.Description+a.SourceLabel, "Frits") || strings.Contains(a.Title+a.Description+a.SourceLabel, "Daan") {
			t.Errorf("action names a person: %+v", a)
		}
	}
	want := map[string]string{
		"Trainingstekort: Omgaan met agressie in team Klant":                    w.lead.UserID,
		"Trainingstekort: Bewustwordingssessie ondermijning in team Klant":      w.lead.UserID,
		"Trainingstekort: Bewustwordingssessie ondermijning in team Handhaving": other.UserID,
	}
	if len(titles) != len(want) || len(w.actions.made) != len(want) {
		t.Fatalf("actions %v, want %v", titles, want)
	}
	for title, owner := range want {
		if titles[title] != owner {
			t.Errorf("action %q owned by %q, want %q", title, titles[title], owner)
		}
	}
	// The next day: mails again, but no second action.
	w.clk.Advance(24 * 60 * 60 * 1e9)
	if sent, err := w.s.Remind(w.ctx, "https://weerbaar.test"); err != nil || sent != 3 {
		t.Fatalf("next day: %d mails, %v", sent, err)
	}
	if len(w.actions.made) != len(want) {
		t.Fatalf("the gap action was raised twice")
	}
}
