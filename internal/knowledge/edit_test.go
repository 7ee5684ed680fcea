package knowledge_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// ownText is an organisation's version of the subsidies card, typed the way
// people type: with bullet marks, blank lines and Windows line ends.
func ownText() url.Values {
	return url.Values{
		"card_title":        {"Subsidies en waarderingsbijdragen"},
		"card_summary":      {"In Voorbeeldstad gaan veel kleine subsidies naar sportclubs.   Let extra op nieuwe stichtingen."},
		"card_risks":        {"- Eén persoon beoordeelt en betaalt.\r\n\r\n• Stichting bestaat alleen op papier."},
		"card_signals":      {"Nieuw bestuur vlak voor de aanvraag\nRekening op naam van een ander\nHaast bij de aanvrager\nTwee aanvragen, één adres"},
		"card_steps":        {"1. Schrijf de feiten op.\n2. Ga niet zelf zoeken.\n3. Meld het bij het meldpunt."},
		"card_contacts":     {"Uw teamleider\nDe coördinator weerbaarheid\nDe vertrouwenspersoon"},
		"card_contact_line": {"Meldpunt Voorbeeldstad: 14 0123, meldpunt@voorbeeldstad.example"},
	}
}

func TestCoordinatorEditsACardForTheOrganisation(t *testing.T) {
	o := newOffice(t)
	h := o.h
	coord, emp, neighbour := h.Login(o.coord), h.Login(o.emp), h.Login(o.neighbourEmp)
	shipped := knowledge.Shipped()[2]

	form := coord.Get("/kennis/subsidies/bewerken")
	wantStatus(t, "editor", form, http.StatusOK)
	for _, want := range []string{shipped.Title, shipped.Signals[0], "Op deze kaart staat nu de standaardtekst van Weerbaar."} {
		if !shows(form, want) {
			t.Errorf("editor does not start from the shipped text %q", want)
		}
	}
	if !shows(coord.Get("/kennis/subsidies"), "Kaart bewerken") {
		t.Error("the coordinator is not offered the editor on the card")
	}

	res := coord.PostForm("/kennis/subsidies", ownText())
	wantStatus(t, "save", res, http.StatusSeeOther)
	if loc := res.Header().Get("Location"); loc != "/kennis/subsidies?ok=flash.card_saved" {
		t.Fatalf("saved, then sent to %q", loc)
	}

	t.Run("the organisation reads its own text", func(t *testing.T) {
		page := emp.Get("/kennis/subsidies")
		wantStatus(t, "card", page, http.StatusOK)
		for _, want := range []string{"Subsidies en waarderingsbijdragen",
			"In Voorbeeldstad gaan veel kleine subsidies naar sportclubs. Let extra op nieuwe stichtingen.",
			"<li>Eén persoon beoordeelt en betaalt.</li><li>Stichting bestaat alleen op papier.</li>",
			"<li>Schrijf de feiten op.</li>", "Meldpunt Voorbeeldstad: 14 0123, meldpunt@voorbeeldstad.example",
			"Tekst van Gemeente voorbeeldstad, aangepast op 02-03-2026."} {
			if !strings.Contains(page.Body.String(), want) && !shows(page, want) {
				t.Errorf("card does not show %q", want)
			}
		}
		if shows(page, shipped.Summary) || shows(page, "nog geen contactgegevens ingevuld") {
			t.Error("the shipped text still shows")
		}
		if list := emp.Get("/kennis"); !shows(list, "Subsidies en waarderingsbijdragen") || !shows(list, "eigen tekst van uw organisatie") {
			t.Error("the list does not show the organisation's own card")
		}
		if page := coord.Get("/kennis/subsidies/bewerken"); !shows(page, "Laatst aangepast door Test coord") {
			t.Error("the editor does not say who changed the card")
		}
	})

	t.Run("another organisation still reads the shipped card", func(t *testing.T) {
		page := neighbour.Get("/kennis/subsidies")
		wantStatus(t, "card", page, http.StatusOK)
		if !shows(page, shipped.Title) || !shows(page, shipped.Summary) || !shows(page, "Standaardtekst van Weerbaar.") {
			t.Error("the neighbour does not see the shipped card")
		}
		for _, leak := range []string{"waarderingsbijdragen", "Voorbeeldstad gaan", "meldpunt@voorbeeldstad"} {
			if shows(page, leak) || shows(neighbour.Get("/kennis"), leak) {
				t.Errorf("the neighbour sees %q", leak)
			}
		}
	})

	t.Run("the edit is audited", func(t *testing.T) {
		if got := o.trail(t, "subsidies"); !slices.Equal(got, []string{"knowledge.card.update by " + o.coord.ID}) {
			t.Errorf("audit trail %v", got)
		}
	})

	t.Run("back to the standard text", func(t *testing.T) {
		if !shows(coord.Get("/kennis/subsidies/bewerken"), "Terug naar standaardtekst") {
			t.Fatal("the editor offers no way back to the standard text")
		}
		res := coord.PostForm("/kennis/subsidies/standaard", nil)
		wantStatus(t, "reset", res, http.StatusSeeOther)
		page := emp.Get("/kennis/subsidies")
		if !shows(page, shipped.Summary) || shows(page, "waarderingsbijdragen") || !shows(page, "Standaardtekst van Weerbaar.") {
			t.Error("the shipped text is not back")
		}
		if n := o.rows(t); n != 0 {
			t.Errorf("%d own cards left", n)
		}
		want := []string{"knowledge.card.reset by " + o.coord.ID, "knowledge.card.update by " + o.coord.ID}
		if got := o.trail(t, "subsidies"); !slices.Equal(got, want) {
			t.Errorf("audit trail %v, want %v", got, want)
		}
		// Resetting a card that shows the standard text changes nothing.
		wantStatus(t, "second reset", coord.PostForm("/kennis/subsidies/standaard", nil), http.StatusSeeOther)
		if got := o.trail(t, "subsidies"); len(got) != 2 {
			t.Errorf("a reset without change was audited: %v", got)
		}
	})
}

func TestOnlyCoordinatorsEdit(t *testing.T) {
	o := newOffice(t)
	h := o.h
	// The neighbour's coordinator has a card of its own, which nobody in
	// this organisation may change.
	if _, err := knowledge.NewStore(h.App.DB, h.Clock, h.App.Audit).Save(h.Ctx, h.Scope(o.neighbour, o.neighbourCoord), "subsidies",
		knowledge.Edit{Title: "Subsidies in Buurdorp"}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*apptest.Client{"employee": h.Login(o.emp), "team lead": h.Login(o.lead)} {
		wantStatus(t, name+" reads", c.Get("/kennis/subsidies"), http.StatusOK)
		wantStatus(t, name+" opens the editor", c.Get("/kennis/subsidies/bewerken"), http.StatusForbidden)
		wantStatus(t, name+" saves", c.PostForm("/kennis/subsidies", ownText()), http.StatusForbidden)
		wantStatus(t, name+" resets", c.PostForm("/kennis/subsidies/standaard", nil), http.StatusForbidden)
		if page := c.Get("/kennis/subsidies"); shows(page, "Kaart bewerken") {
			t.Errorf("%s is offered the editor", name)
		}
	}
	// A coordinator edits and resets only the own organisation's card.
	coord := h.Login(o.coord)
	wantStatus(t, "reset own", coord.PostForm("/kennis/subsidies/standaard", nil), http.StatusSeeOther)
	if n := o.rows(t); n != 1 {
		t.Fatalf("%d own cards, want the neighbour's one", n)
	}
	if page := h.Login(o.neighbourEmp).Get("/kennis/subsidies"); !shows(page, "Subsidies in Buurdorp") {
		t.Error("the neighbour's card was touched")
	}
	if got := o.trail(t, "subsidies"); len(got) != 0 {
		t.Errorf("refused attempts changed the audit trail: %v", got)
	}
}
