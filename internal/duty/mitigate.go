package duty

import (
	"cmp"
	"slices"
)

// InForce reports whether m mitigates its finding on day on: it must have
// an end date, and that day is included. A mitigation without an end date
// never counts, because accepting a risk for ever is what the end date is
// there to prevent.
func (m Mitigation) InForce(on Date) bool { return m.Until != 0 && on <= m.Until }

// applyMitigations marks each finding with the mitigation for its key that
// runs longest. A finding whose mitigations have all expired is Reopened and
// carries the latest one, so that the view can say since when it is open
// again. It returns the mitigations in force that match no finding.
func applyMitigations(fs []Finding, ms []Mitigation, on Date) []Mitigation {
	if len(ms) == 0 {
		return nil
	}
	best := make(map[string]int, len(ms))
	for i, m := range ms {
		if m.Until == 0 {
			continue // invalid (Validate says so); it cannot mitigate
		}
		if j, ok := best[m.FindingKey]; !ok || m.Until > ms[j].Until {
			best[m.FindingKey] = i
		}
	}
	for i := range fs {
		j, ok := best[fs[i].Key]
		if !ok {
			continue
		}
		delete(best, fs[i].Key)
		m := ms[j]
		fs[i].Mitigation = &m
		fs[i].Mitigated = m.InForce(on)
		fs[i].Reopened = !fs[i].Mitigated
	}
	var stale []Mitigation
	for _, j := range best {
		if ms[j].InForce(on) {
			stale = append(stale, ms[j])
		}
	}
	slices.SortFunc(stale, func(x, y Mitigation) int { return cmp.Compare(x.FindingKey, y.FindingKey) })
	return stale
}
