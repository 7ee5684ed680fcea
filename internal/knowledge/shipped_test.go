package knowledge_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// The eight processes of DOMAIN.md §2, in catalogue order, then the
// safety protocol for bestuurders (issue 6.6), shipped the same way.
var processes = []string{"financiele-transacties", "aanbesteding-inkoop", "subsidies", "reisdocumenten",
	"vergunningen-ontheffingen", "persoonsgegevens-informatie", "beheer-brp", "toezicht-handhaving", "veiligheid-bestuurders"}

func TestShippedCardsCoverTheCatalogue(t *testing.T) {
	cards := knowledge.Shipped()
	var codes []string
	for _, c := range cards {
		codes = append(codes, c.Code)
		within := func(what string, n, lo, hi int) {
			if n < lo || n > hi {
				t.Errorf("%s: %d %s, want %d–%d", c.Code, n, what, lo, hi)
			}
		}
		if c.Title == "" || len(c.Summary) < 100 {
			t.Errorf("%s: title %q, summary %q", c.Code, c.Title, c.Summary)
		}
		within("risks", len(c.Risks), 3, 5)
		within("signals", len(c.Signals), 4, 6)
		within("steps", len(c.Steps), 3, 5)
		// Whom to call: roles, never names, and always the three a
		// medewerker can reach in every organisation.
		contacts := strings.ToLower(strings.Join(c.Contacts, " "))
		for _, role := range []string{"teamleider", "coördinator weerbaarheid", "vertrouwenspersoon"} {
			if !strings.Contains(contacts, role) {
				t.Errorf("%s: whom to call does not name the %s", c.Code, role)
			}
		}
		steps := strings.ToLower(strings.Join(c.Steps, " "))
		for _, step := range []string{"schrijf op", "meldpunt", "niet zelf"} {
			if !strings.Contains(steps, step) {
				t.Errorf("%s: what to do lacks %q", c.Code, step)
			}
		}
		if c.Edited || c.ContactLine != "" {
			t.Errorf("%s: a shipped card has no organisation's text", c.Code)
		}
	}
	if !reflect.DeepEqual(codes, processes) {
		t.Fatalf("shipped cards %v, want %v", codes, processes)
	}
}

// An organisation can take any shipped card as it is and save it: the
// shipped text keeps to the editor's own limits, so it fits one page.
func TestShippedCardsPassTheEditor(t *testing.T) {
	o := newOffice(t)
	s := knowledge.NewStore(o.h.App.DB, o.h.Clock, o.h.App.Audit)
	sc := o.h.Scope(o.org, o.coord)
	for _, c := range knowledge.Shipped() {
		saved, err := s.Save(o.h.Ctx, sc, c.Code, knowledge.Edit{Title: c.Title, Summary: c.Summary, Risks: c.Risks,
			Signals: c.Signals, Steps: c.Steps, Contacts: c.Contacts})
		if err != nil {
			t.Errorf("%s: %v", c.Code, err)
			continue
		}
		if saved.Title != c.Title || saved.Summary != c.Summary || !reflect.DeepEqual(saved.Risks, c.Risks) ||
			!reflect.DeepEqual(saved.Signals, c.Signals) || !reflect.DeepEqual(saved.Steps, c.Steps) ||
			!reflect.DeepEqual(saved.Contacts, c.Contacts) {
			t.Errorf("%s: saved unchanged text comes back different:\n%+v\n%+v", c.Code, saved, c)
		}
	}
}

func TestEveryShippedCardRendersWithAllSections(t *testing.T) {
	o := newOffice(t)
	emp := o.h.Login(o.emp)

	list := emp.Get("/kennis")
	wantStatus(t, "list", list, http.StatusOK)
	for _, want := range []string{"Kenniskaarten", `<a href="/kennis" aria-current="page">Kennis</a>`} {
		if !strings.Contains(list.Body.String(), want) {
			t.Errorf("list page lacks %q", want)
		}
	}
	for _, c := range knowledge.Shipped() {
		if !strings.Contains(list.Body.String(), `href="/kennis/`+c.Code+`"`) || !shows(list, c.Title) {
			t.Errorf("list does not link to %s", c.Code)
		}

		page := emp.Get("/kennis/" + c.Code)
		wantStatus(t, c.Code, page, http.StatusOK)
		wants := []string{c.Title, c.Summary, "Wat kan er misgaan?", "Signalen: waar let u op?", "Wat doet u?", "Wie belt u?",
			"Gemeente voorbeeldstad", "Standaardtekst van Weerbaar.",
			"uw organisatie heeft hier nog geen contactgegevens ingevuld", "Printen: gebruik de printfunctie van uw browser"}
		for _, l := range [][]string{c.Risks, c.Signals, c.Steps, c.Contacts} {
			wants = append(wants, l...)
		}
		for _, want := range wants {
			if !shows(page, want) {
				t.Errorf("%s: card does not show %q", c.Code, want)
			}
		}
		body := page.Body.String()
		if !strings.Contains(body, `<link rel="stylesheet" href="/kennis/kaart.css">`) {
			t.Errorf("%s: card does not load its print styles", c.Code)
		}
		if strings.Contains(body, "/bewerken") {
			t.Errorf("%s: an employee is offered the editor", c.Code)
		}
	}

	css := emp.Get("/kennis/kaart.css")
	wantStatus(t, "stylesheet", css, http.StatusOK)
	if ct := css.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("stylesheet served as %q", ct)
	}
	for _, want := range []string{"size: A4", "@media print", ".kcard-noprint"} {
		if !strings.Contains(css.Body.String(), want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
}

func TestUnknownProcessIsNotFound(t *testing.T) {
	o := newOffice(t)
	coord := o.h.Login(o.coord)
	for _, path := range []string{"/kennis/onbekend", "/kennis/onbekend/bewerken", "/kennis/SUBSIDIES"} {
		res := coord.Get(path)
		wantStatus(t, path, res, http.StatusNotFound)
		if !shows(res, "Deze kenniskaart bestaat niet.") {
			t.Errorf("%s: no Dutch explanation: %s", path, res.Body.String())
		}
	}
	for _, path := range []string{"/kennis/onbekend", "/kennis/onbekend/standaard"} {
		wantStatus(t, "POST "+path, coord.PostForm(path, map[string][]string{"card_title": {"Iets"}}), http.StatusNotFound)
	}
	if n := o.rows(t); n != 0 {
		t.Errorf("%d cards stored for an unknown process", n)
	}
}
