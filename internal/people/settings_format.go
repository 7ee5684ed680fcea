package people

import (
	"strconv"
	"strings"
)

// parseWhole parses a whole number typed into a form.
func parseWhole(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// euros writes cents as a Dutch amount without currency sign: "50,00".
func euros(cents int) string {
	return strconv.Itoa(cents/100) + "," + strconv.Itoa(cents%100/10) + strconv.Itoa(cents%10)
}

// parseEuros reads an amount in euros as typed in the Netherlands
// ("50", "50,00", "1.250,50" or "50.5"), returning cents.
func parseEuros(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	if s == "" {
		return 0, false
	}
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 || w > 10_000_000 {
		return 0, false
	}
	f, err := strconv.Atoi(frac)
	if err != nil || f < 0 {
		return 0, false
	}
	return w*100 + f, true
}
