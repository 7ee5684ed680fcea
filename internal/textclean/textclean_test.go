package textclean

import "testing"

func TestLineAndText(t *testing.T) {
	for in, want := range map[string]string{
		"  Team\tVergunningen \u0000 ": "Team Vergunningen",
		"a\r\nb":                       "a b",
		"":                             "",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	in := "\n\n Eerste  regel \r\n\r\n\r\nTweede\u0007 regel\n\n"
	if got, want := Text(in), "Eerste regel\n\nTweede regel"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}
