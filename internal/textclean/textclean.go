// Package textclean normalises text people type or paste into forms and
// import files, so that what is stored and compared is the same whatever
// the source. It holds no capability logic.
package textclean

import (
	"strings"
	"unicode"
)

// Line trims s, folds runs of white space into one space and drops control
// characters, so that a value pasted from a spreadsheet compares equal to
// the same value typed by hand.
func Line(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Text is Line for text that may hold paragraphs: it keeps line breaks (at
// most one empty line in a row) and cleans every line.
func Text(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = Line(l)
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
