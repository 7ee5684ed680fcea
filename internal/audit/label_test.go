package audit

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/i18n"
)

func TestActionLabel(t *testing.T) {
	if got := ActionLabel(i18n.NL, ActionAuditExport); got != "auditlog geëxporteerd" {
		t.Errorf("NL label = %q", got)
	}
	if got := ActionLabel(i18n.EN, ActionAuditExport); got != "audit log exported" {
		t.Errorf("EN label = %q", got)
	}
	if got := ActionLabel(i18n.NL, "bibob.unknown_action"); got != "bibob.unknown_action" {
		t.Errorf("untranslated action shown as %q, want the raw code", got)
	}
	if got := ResultLabel(i18n.NL, ResultDenied); got != "geweigerd" {
		t.Errorf("result label = %q", got)
	}
}
