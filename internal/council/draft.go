package council

import (
	"strings"

	"github.com/weerbaar/weerbaar/internal/i18n"
)

// Draft writes a plain-language summary of the figures for the
// coordinator to start from: short sentences from the catalogue, no
// jargon, no case content and no count that could identify people (the
// figures are already suppressed). prev is the previous finalised
// report's snapshot, or nil.
func Draft(lang i18n.Lang, org string, r *Report, snap, prev *Snapshot) string {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	var out []string
	out = append(out, t("council.draft.intro", PeriodLabel(lang, r.Period), org))
	if m := snap.Maturity; m != nil && m.HasOverall {
		out = append(out, t("council.draft.maturity", dayNL(m.HeldOn), num(m.Overall)))
		if prev != nil && prev.Maturity != nil && prev.Maturity.HasOverall {
			d := round1(m.Overall - prev.Maturity.Overall)
			switch {
			case d > 0:
				out = append(out, t("council.draft.maturity_up", num(d)))
			case d < 0:
				out = append(out, t("council.draft.maturity_down", num(-d)))
			default:
				out = append(out, t("council.draft.maturity_same"))
			}
		}
		lowest := -1
		for i, p := range m.Pillars {
			if p.Has && (lowest < 0 || p.Value < m.Pillars[lowest].Value) {
				lowest = i
			}
		}
		if lowest >= 0 {
			out = append(out, t("council.draft.lowest", m.Pillars[lowest].Name, num(m.Pillars[lowest].Value)))
		}
	} else {
		out = append(out, t("council.draft.no_scan"))
	}
	withTarget, met := 0, 0
	for _, g := range snap.Goals {
		if g.HasTarget {
			withTarget++
			if g.Met {
				met++
			}
		}
	}
	if withTarget > 0 {
		out = append(out, t("council.draft.goals", withTarget, met))
	} else {
		out = append(out, t("council.draft.no_goals"))
	}
	out = append(out, t("council.draft.norms", snap.Verdicts[Met], snap.Verdicts[Partly], snap.Verdicts[NotMet]))
	return strings.Join(out, " ")
}

// PeriodLabel names a period for people: "2026", "eerste helft 2026".
func PeriodLabel(lang i18n.Lang, p string) string {
	switch {
	case strings.HasSuffix(p, "-H1"):
		return i18n.T(lang, "council.period.h1", p[:4])
	case strings.HasSuffix(p, "-H2"):
		return i18n.T(lang, "council.period.h2", p[:4])
	}
	return p
}

// dayNL shows a YYYY-MM-DD date as DD-MM-YYYY.
func dayNL(d string) string {
	if len(d) != 10 {
		return d
	}
	return d[8:10] + "-" + d[5:7] + "-" + d[0:4]
}
