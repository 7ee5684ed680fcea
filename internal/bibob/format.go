package bibob

import (
	"strconv"
	"strings"
)

// euros writes cents as a Dutch amount without the sign: 500000,00 →
// "500.000" (cents only when there are any).
func euros(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if c := cents % 100; c != 0 {
		out += "," + strconv.FormatInt(c/10, 10) + strconv.FormatInt(c%10, 10)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Euros is euros for the templates: "€ 500.000".
func (a Application) Euros() string { return "€ " + euros(a.Amount) }

// TotalEuros is the group's total for the templates.
func (g Split) TotalEuros() string { return "€ " + euros(g.Total) }

// ThresholdEuros is the group's threshold for the templates.
func (g Split) ThresholdEuros() string { return "€ " + euros(g.Threshold) }

// ThresholdEuros and RiskEuros are the policy's amounts for the templates.
func (p Policy) ThresholdEuros() string { return "€ " + euros(p.Threshold) }

// RiskEuros is the lower amount in risk areas.
func (p Policy) RiskEuros() string { return "€ " + euros(p.RiskThreshold) }

// PartyList writes the related parties on one line.
func (a Application) PartyList() string {
	s := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		s[i] = p.String()
	}
	return strings.Join(s, "; ")
}

// HasSource reports whether a source was consulted, for the checklist.
func (x *Screening) HasSource(src string) bool {
	for _, s := range x.Sources {
		if s == src {
			return true
		}
	}
	return false
}

func joinLines(v []string) string { return strings.Join(v, "\n") }

func itoa(n int) string { return strconv.Itoa(n) }
