package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Limits of an edited card. Together they keep a card on one printed A4
// page; the shipped cards stay well inside them (a test checks).
const (
	MaxTitle       = 80
	MaxSummary     = 400
	MaxLines       = 6
	MaxLine        = 120
	MaxContactLine = 200
)

// The form fields of the editor. They carry a "card_" prefix because the
// error summary labels fields by name across the whole application.
const (
	FieldTitle       = "card_title"
	FieldSummary     = "card_summary"
	FieldRisks       = "card_risks"
	FieldSignals     = "card_signals"
	FieldSteps       = "card_steps"
	FieldContacts    = "card_contacts"
	FieldContactLine = "card_contact_line"
)

// markup finds what a browser would read as the start of a tag, comment or
// declaration; a lone "<" as in "bedragen < € 50.000" is fine.
var markup = regexp.MustCompile(`<[a-zA-Z/!?]`)

// bulletMark is a bullet or number people type at the start of a line out
// of habit; the card draws its own.
var bulletMark = regexp.MustCompile(`^(?:[-*•–·]|\d{1,2}[.)])\s+`)

// normalise tidies an edit (whitespace, typed bullet marks, empty lines)
// and checks it, returning every problem at once.
func (e *Edit) normalise() error {
	var errs apperr.List
	text := func(field string, s *string, max int, required bool) {
		*s = strings.Join(strings.Fields(*s), " ")
		switch {
		case *s == "" && required:
			errs = append(errs, apperr.FieldErr(field, "field.required"))
		case utf8.RuneCountInString(*s) > max:
			errs = append(errs, apperr.FieldErr(field, "card.too_long", max))
		case !plain(*s):
			errs = append(errs, apperr.FieldErr(field, "card.not_plain"))
		}
	}
	section := func(field string, list *[]string) {
		var out []string
		for _, l := range *list {
			l = strings.Join(strings.Fields(l), " ")
			l = bulletMark.ReplaceAllString(l, "")
			if l != "" {
				out = append(out, l)
			}
		}
		*list = out
		if len(out) > MaxLines {
			errs = append(errs, apperr.FieldErr(field, "card.too_many_lines", MaxLines))
			return
		}
		for i, l := range out {
			if n := utf8.RuneCountInString(l); n > MaxLine {
				errs = append(errs, apperr.FieldErr(field, "card.line_too_long", i+1, n, MaxLine))
				return
			}
			if !plain(l) {
				errs = append(errs, apperr.FieldErr(field, "card.not_plain"))
				return
			}
		}
	}
	text(FieldTitle, &e.Title, MaxTitle, true)
	text(FieldSummary, &e.Summary, MaxSummary, false)
	section(FieldRisks, &e.Risks)
	section(FieldSignals, &e.Signals)
	section(FieldSteps, &e.Steps)
	section(FieldContacts, &e.Contacts)
	text(FieldContactLine, &e.ContactLine, MaxContactLine, false)
	return errs.Err()
}

// plain reports whether s is plain text: valid UTF-8, no control
// characters and nothing that looks like HTML. Cards are always shown
// escaped, so this is about what the author sees, not about safety: a "<b>"
// would be printed literally.
func plain(s string) bool {
	if !utf8.ValidString(s) || markup.MatchString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// typedLines splits text typed in a textarea into one bullet per line.
func typedLines(text string) []string {
	return strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
}
