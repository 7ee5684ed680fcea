package password

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

func TestCheck(t *testing.T) {
	email, name := "j.devries@voorbeeldstad.nl", "Jan de Vries"
	for _, tc := range []struct {
		pw   string
		want string // catalogue key, "" when the password is accepted
		arg  int
	}{
		{"fiets-regen-koffie", "", 0},
		{"het stadhuis staat aan de markt", "", 0}, // a listed word inside a sentence is fine
		{"Januari-is-koud", "", 0},                 // "jan" is too short to count as the name
		{"abcdefghijk", "password.too_short", 12},
		{"Kort-maar-7", "password.too_short", 12},
		{"ĳsberen-eten", "", 0}, // 12 characters, 13 bytes
		{"ĳsbere-eten", "password.too_short", 12},
		{strings.Repeat("lang genoeg ", 10) + "12345678", "", 0}, // exactly 128
		{strings.Repeat("lang genoeg ", 10) + "123456789", "password.too_long", 128},
		{"aaaaaaaaaaaa", "password.repetitive", 0},
		{"abababababababab", "password.repetitive", 0},
		{"j.devries@voorbeeldstad.nl", "password.personal", 0},
		{"Mijn-J.deVries@Voorbeeldstad.nl!", "password.personal", 0},
		{"jdevries-op-de-fiets", "password.personal", 0},
		{"welkom-in-voorbeeldstad", "password.personal", 0},
		{"vriesvakantie", "password.personal", 0},
		{"Jan de Vries 1975", "password.personal", 0},
		{"welkom123456", "password.common", 0},
		{"Welkom123456", "password.common", 0},
		{"wachtwoord12", "password.common", 0},
		{"Voorjaar2026!", "password.common", 0},
		{"!!Zomer2025!!", "password.common", 0},
		{"qwertyuiop12", "password.common", 0},
		{"1q2w3e4r5t6y", "password.common", 0},
		{"P@ssw0rd2024", "password.common", 0},
		{"@dmin12345678", "password.common", 0},
		{"W3lk0m!!2026", "password.common", 0},
		{"Gemeente2026#", "password.common", 0},
		{"123456789012", "password.common", 0},
	} {
		err := Check(tc.pw, email, name)
		if tc.want == "" {
			if err != nil {
				t.Errorf("Check(%q) = %v, want accepted", tc.pw, err)
			}
			continue
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			t.Errorf("Check(%q) = %v, want %s", tc.pw, err, tc.want)
			continue
		}
		if ae.Key != tc.want || ae.Field != "password" || ae.Code != apperr.Invalid {
			t.Errorf("Check(%q) = %v, want %s on field password", tc.pw, err, tc.want)
		}
		if tc.arg != 0 && !slices.Equal(ae.Args, []any{tc.arg}) {
			t.Errorf("Check(%q) args = %v, want [%d]", tc.pw, ae.Args, tc.arg)
		}
		if !i18n.Has(ae.Key) {
			t.Errorf("key %s is not in the catalogue", ae.Key)
		}
	}
}

func TestCheckWithoutUserInputs(t *testing.T) {
	if err := Check("jdevries-op-de-fiets"); err != nil {
		t.Errorf("without user inputs: %v", err)
	}
	// Empty inputs (an account without a name) must not match everything.
	if err := Check("jdevries-op-de-fiets", "", "  "); err != nil {
		t.Errorf("with empty user inputs: %v", err)
	}
}

func TestCommonListLoaded(t *testing.T) {
	if len(common) < 90 {
		t.Errorf("common list has %d entries, want about 100", len(common))
	}
	for w := range common {
		if w != strings.ToLower(w) || strings.TrimSpace(w) != w {
			t.Errorf("list entry %q is not lower case and trimmed, it can never match", w)
		}
	}
	msg := i18n.T(i18n.NL, "password.too_short", MinLength)
	if !strings.Contains(msg, "12 tekens") {
		t.Errorf("Dutch message = %q", msg)
	}
}
