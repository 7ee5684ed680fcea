package knowledge_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestBadInputIsRefusedWithDutchFieldErrors(t *testing.T) {
	o := newOffice(t)
	coord := o.h.Login(o.coord)
	// The organisation already has its own card; a refused edit must leave
	// it exactly as it was.
	wantStatus(t, "first edit", coord.PostForm("/kennis/subsidies", ownText()), http.StatusSeeOther)
	before := coord.Get("/kennis/subsidies").Body.String()

	with := func(field, value string) url.Values {
		f := ownText()
		f.Set(field, value)
		return f
	}
	cases := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"empty title", with("card_title", "   "), "card_title", "Titel: Vul dit veld in."},
		{"title too long", with("card_title", strings.Repeat("é", 81)), "card_title", "Titel: Deze tekst is te lang: hoogstens 80 tekens."},
		{"summary too long", with("card_summary", strings.Repeat("woord ", 67)), "card_summary",
			"Korte uitleg: Deze tekst is te lang: hoogstens 400 tekens."},
		{"too many signals", with("card_signals", "een\ntwee\ndrie\nvier\nvijf\nzes\nzeven"), "card_signals",
			"Signalen: Gebruik hoogstens 6 regels: één punt per regel."},
		{"a step too long", with("card_steps", "Schrijf op.\n"+strings.Repeat("x", 121)), "card_steps",
			"Wat doet u?: Regel 2 is te lang (121 tekens). Een regel mag hoogstens 120 tekens hebben."},
		{"markup", with("card_risks", `Klik <a href="https://example.org">hier</a>`), "card_risks",
			"Wat kan er misgaan?: Gebruik gewone tekst, zonder HTML-codes zoals <b> of <a href>."},
		{"control character", with("card_contact_line", "bel \x1b[31m 112"), "card_contact_line",
			"Contactgegevens van het meldpunt: Gebruik gewone tekst"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := coord.PostForm("/kennis/subsidies", c.form)
			wantStatus(t, c.name, res, http.StatusUnprocessableEntity)
			body := res.Body.String()
			if !shows(res, c.msg) {
				t.Errorf("error summary lacks %q", c.msg)
			}
			if !strings.Contains(body, `href="#`+c.field+`"`) {
				t.Errorf("error summary does not link to the field %s", c.field)
			}
			// The message sits next to its field and the field points to it.
			if !strings.Contains(body, `id="`+c.field+`-error"`) ||
				!strings.Contains(body, `aria-describedby="`+c.field+`-hint card-plain-hint `+c.field+`-error" aria-invalid="true"`) {
				t.Errorf("field %s is not marked invalid with its message", c.field)
			}
			// What was typed is still there to correct.
			if !shows(res, "Meldpunt Voorbeeldstad: 14 0123") && c.field != "card_contact_line" {
				t.Error("the form lost what was typed")
			}
			if now := coord.Get("/kennis/subsidies").Body.String(); now != before {
				t.Error("a refused edit changed the card")
			}
		})
	}

	t.Run("a 2 MiB body", func(t *testing.T) {
		body := "card_title=Subsidies&card_summary=" + strings.Repeat("a", 2<<20)
		req := httptest.NewRequest(http.MethodPost, "/kennis/subsidies", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res := coord.Do(req)
		wantStatus(t, "huge body", res, http.StatusRequestEntityTooLarge)
		if !shows(res, "Wat u verstuurde is te groot (meer dan 256 kB) en is niet opgeslagen.") {
			t.Errorf("no Dutch explanation: %s", res.Body.String())
		}
		// The editor shows the card as it stands, ready for a shorter try.
		if !shows(res, "Subsidies en waarderingsbijdragen") || !strings.Contains(res.Body.String(), `name="card_title"`) {
			t.Error("the editor is not shown with the stored card")
		}
		if now := coord.Get("/kennis/subsidies").Body.String(); now != before {
			t.Error("the oversized edit changed the card")
		}
	})

	if got := o.trail(t, "subsidies"); len(got) != 1 {
		t.Errorf("refused edits were audited: %v", got)
	}
	if n := o.rows(t); n != 1 {
		t.Errorf("%d own cards, want 1", n)
	}
}

func TestFirstRefusedEditWritesNothing(t *testing.T) {
	o := newOffice(t)
	coord := o.h.Login(o.coord)
	f := ownText()
	f.Set("card_title", "")
	wantStatus(t, "empty title", coord.PostForm("/kennis/reisdocumenten", f), http.StatusUnprocessableEntity)
	if n := o.rows(t); n != 0 {
		t.Errorf("%d cards written", n)
	}
	if got := o.trail(t, "reisdocumenten"); len(got) != 0 {
		t.Errorf("audited: %v", got)
	}
	if page := o.h.Login(o.emp).Get("/kennis/reisdocumenten"); !shows(page, "Standaardtekst van Weerbaar.") {
		t.Error("the shipped card no longer shows")
	}
}
