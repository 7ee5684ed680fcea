package knowledge

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/textclean"
)

// Limits of a template. A body at its limit is about six printed pages;
// the shipped templates are about one.
const (
	MaxTemplateTitle   = 120
	MaxTemplateSummary = 600
	MaxTemplateBody    = 20_000
	MaxTemplateOwner   = 120
)

// The form fields of the template editor ("tpl_" because the error
// summary labels fields by name across the application).
const (
	FieldTplTitle    = "tpl_title"
	FieldTplSummary  = "tpl_summary"
	FieldTplBody     = "tpl_body"
	FieldTplOwner    = "tpl_owner"
	FieldTplReviewed = "tpl_reviewed_on"
)

// TemplateEdit is an organisation's text for a template.
type TemplateEdit struct {
	Title      string
	Summary    string
	Body       string
	Owner      string
	ReviewedOn string
}

// normalise tidies the edit and checks it against today's date, returning
// every problem at once.
func (e *TemplateEdit) normalise(today time.Time) error {
	var errs apperr.List
	add := func(field, key string, args ...any) { errs = append(errs, apperr.FieldErr(field, key, args...)) }
	e.Title, e.Owner, e.ReviewedOn = textclean.Line(e.Title), textclean.Line(e.Owner), textclean.Line(e.ReviewedOn)
	e.Summary = strings.Join(strings.Fields(e.Summary), " ")
	e.Body = strings.TrimSpace(textclean.Text(e.Body))
	text := func(field, s string, max int, required bool) {
		switch {
		case s == "" && required:
			add(field, "field.required")
		case utf8.RuneCountInString(s) > max:
			add(field, "template.too_long", max)
		case !plainText(s):
			add(field, "card.not_plain")
		}
	}
	text(FieldTplTitle, e.Title, MaxTemplateTitle, true)
	text(FieldTplSummary, e.Summary, MaxTemplateSummary, false)
	text(FieldTplBody, e.Body, MaxTemplateBody, true)
	text(FieldTplOwner, e.Owner, MaxTemplateOwner, true)
	switch d, err := time.Parse(time.DateOnly, e.ReviewedOn); {
	case e.ReviewedOn == "":
		add(FieldTplReviewed, "field.required")
	case err != nil:
		add(FieldTplReviewed, "template.date_invalid")
	case d.After(today):
		add(FieldTplReviewed, "template.date_future")
	}
	return errs.Err()
}

// plainText is plain for text that may hold line breaks.
func plainText(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if !plain(l) {
			return false
		}
	}
	return true
}
