package audit

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Limits on entry fields. They keep entries to ids and codes: a field that
// needs more room than this is probably carrying content it should not.
const (
	maxID      = 128 // ids: organisation, actor, object, request
	maxCode    = 64  // action and object type codes
	maxLabel   = 200 // actor label
	MaxPurpose = 200 // purpose, in characters
)

// validate checks an entry before it is appended. Most failures are
// programming errors of the caller; the purpose is the exception, since users
// type it, and handlers should check it with CleanPurpose first.
func (e *Entry) validate() error {
	if e.ActorID == "" && strings.TrimSpace(e.ActorLabel) == "" {
		return apperr.FieldErr("actor_id", "audit.actor_required")
	}
	if !isCode(e.Action) || !strings.Contains(e.Action, ".") {
		return apperr.FieldErr("action", "audit.action_invalid", e.Action)
	}
	if e.ObjectType != "" && !isCode(e.ObjectType) {
		return apperr.FieldErr("object_type", "audit.code_invalid")
	}
	switch e.Result {
	case ResultOK, ResultDenied, ResultFailed:
	default:
		return apperr.FieldErr("result", "audit.result_invalid", e.Result)
	}
	if e.SpanID != "" && !isHex(e.SpanID, 16) {
		return apperr.FieldErr("span_id", "audit.span_invalid")
	}
	for _, f := range [...]struct {
		name, value string
		max         int
	}{
		{"org_id", e.OrgID, maxID},
		{"actor_id", e.ActorID, maxID},
		{"actor_label", e.ActorLabel, maxLabel},
		{"object_id", e.ObjectID, maxID},
		{"request_id", e.RequestID, maxID},
	} {
		if !isPlainText(f.value, f.max) {
			return apperr.FieldErr(f.name, "audit.text_invalid", f.max)
		}
	}
	if !isPlainText(e.Purpose, MaxPurpose) {
		return apperr.FieldErr("purpose", "audit.purpose_invalid", MaxPurpose)
	}
	return nil
}

// CleanPurpose prepares the reason a user typed for an audited action: it
// trims it and folds line breaks and runs of spaces into single spaces, so
// that a reason from a text area fits one line of the log. It returns an
// Invalid error naming the field "purpose" when the result is longer than
// MaxPurpose characters.
func CleanPurpose(s string) (string, error) {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if !isPlainText(s, MaxPurpose) {
		return "", apperr.FieldErr("purpose", "audit.purpose_invalid", MaxPurpose)
	}
	return s, nil
}

// isCode reports whether s is a lower-case code such as "report" or
// "need_to_know.grant": dot-separated words of a–z, 0–9 and "_", each
// starting with a letter.
func isCode(s string) bool {
	if s == "" || len(s) > maxCode {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || part[0] < 'a' || part[0] > 'z' {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
	}
	return true
}

// isPlainText reports whether s is valid UTF-8 of at most max characters
// without control characters, which would let a value forge extra lines in
// a log file or SIEM.
func isPlainText(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// isHex reports whether s is n lower-case hexadecimal digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
