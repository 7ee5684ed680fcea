// Package knowledge is the knowledge base: one printable card per vulnerable
// process that tells a medewerker what can go wrong, which signals to watch,
// what to do and whom to call. Weerbaar ships a card for each process of the
// starting catalogue; an organisation may rewrite a card in its own words
// and go back to the shipped text at any time.
package knowledge

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"
)

// Card is one knowledge card as a reader sees it: the organisation's own
// version when it has one, the shipped text otherwise.
type Card struct {
	// Code names the process, e.g. "subsidies"; it is the card's address.
	Code string
	// Title is the process's name as the card shows it.
	Title string
	// Summary explains in a few sentences why criminals are drawn to the
	// process.
	Summary string
	// Risks, Signals, Steps and Contacts are the card's four sections, one
	// line per bullet: what can go wrong, what a medewerker may notice,
	// what to do, and whom to call (roles, never names).
	Risks    []string
	Signals  []string
	Steps    []string
	Contacts []string
	// ContactLine is the organisation's own contact details for the
	// meldpunt; shipped cards leave it empty.
	ContactLine string
	// Edited is true when the organisation has its own version.
	Edited bool
	// UpdatedBy and UpdatedAt say who last edited the organisation's
	// version, and when; both are empty for a shipped card.
	UpdatedBy string
	UpdatedAt time.Time
}

// shippedCard is the file format of a shipped card.
type shippedCard struct {
	Code     string   `json:"code"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary"`
	Risks    []string `json:"risks"`
	Signals  []string `json:"signals"`
	Steps    []string `json:"steps"`
	Contacts []string `json:"contacts"`
}

//go:embed cards/*.json
var cardFiles embed.FS

// shipped holds the shipped cards in catalogue order (the order of their
// file names), read once: the files are part of the binary, so a broken one
// is a build mistake that the tests catch, not a runtime condition.
var shipped = mustLoad(cardFiles)

func mustLoad(fsys fs.FS) []Card {
	cards, err := load(fsys)
	if err != nil {
		panic(err)
	}
	return cards
}

func load(fsys fs.FS) ([]Card, error) {
	names, err := fs.Glob(fsys, "cards/*.json")
	if err != nil {
		return nil, err
	}
	var out []Card
	seen := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var sc shippedCard
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sc); err != nil {
			return nil, fmt.Errorf("knowledge: %s: %w", name, err)
		}
		if sc.Code == "" || sc.Title == "" || seen[sc.Code] {
			return nil, fmt.Errorf("knowledge: %s: missing or duplicate code or title", name)
		}
		seen[sc.Code] = true
		out = append(out, Card{Code: sc.Code, Title: sc.Title, Summary: sc.Summary,
			Risks: sc.Risks, Signals: sc.Signals, Steps: sc.Steps, Contacts: sc.Contacts})
	}
	return out, nil
}

// Shipped returns the shipped cards in catalogue order. The slices are
// copies, so callers may change them.
func Shipped() []Card {
	out := make([]Card, len(shipped))
	for i, c := range shipped {
		out[i] = c.clone()
	}
	return out
}

// shippedByCode returns the shipped card for a process code.
func shippedByCode(code string) (Card, bool) {
	for _, c := range shipped {
		if c.Code == code {
			return c.clone(), true
		}
	}
	return Card{}, false
}

func (c Card) clone() Card {
	c.Risks = append([]string(nil), c.Risks...)
	c.Signals = append([]string(nil), c.Signals...)
	c.Steps = append([]string(nil), c.Steps...)
	c.Contacts = append([]string(nil), c.Contacts...)
	return c
}
