package i18n

import "testing"

// Every Dutch message has an English counterpart and vice versa, with the
// same placeholders, so that switching language never shows a raw key.
func TestCataloguesMatch(t *testing.T) {
	nl, en := catalogues[NL], catalogues[EN]
	for k, v := range nl {
		e, ok := en[k]
		if !ok {
			t.Errorf("key %q has no English text", k)
			continue
		}
		if verbs(v) != verbs(e) {
			t.Errorf("key %q: placeholders differ: %q vs %q", k, v, e)
		}
	}
	for k := range en {
		if _, ok := nl[k]; !ok {
			t.Errorf("key %q has no Dutch text", k)
		}
	}
}

func verbs(s string) string {
	out := ""
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			if s[i+1] == '%' {
				i++
				continue
			}
			out += string(s[i+1])
		}
	}
	return out
}

func TestFallbacks(t *testing.T) {
	if got := T(EN, "store.url_empty"); got != "The database URL is empty." {
		t.Errorf("EN = %q", got)
	}
	if got := T(NL, "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q", got)
	}
	if Parse("en-GB,en;q=0.9") != EN || Parse("nl-NL") != NL || Parse("") != NL {
		t.Error("Parse picks the wrong language")
	}
}
