package duty

import "github.com/weerbaar/weerbaar/internal/i18n"

// The catalogue keys are written out in full so that the catalogue test
// finds every one of them in the code.
var (
	kindKeys = map[Kind]string{
		SoleHolder:      "duty.kind.sole_holder",
		Conflict:        "duty.kind.conflict",
		LongHolder:      "duty.kind.long_holder",
		MissingFourEyes: "duty.kind.missing_four_eyes",
	}
	riskKeys = map[Risk]string{
		Low:    "duty.risk.low",
		Medium: "duty.risk.medium",
		High:   "duty.risk.high",
	}
	stepKindKeys = map[StepKind]string{
		Decision:    "duty.step_kind.decision",
		Cash:        "duty.step_kind.cash",
		Information: "duty.step_kind.information",
		Other:       "duty.step_kind.other",
	}
)

func label(lang i18n.Lang, key string, ok bool, raw string) string {
	if !ok {
		return raw
	}
	return i18n.T(lang, key)
}

// Label is the name of the finding kind (eenpitter, dubbelzitter, …).
func (k Kind) Label(lang i18n.Lang) string {
	key, ok := kindKeys[k]
	return label(lang, key, ok, string(k))
}

// Label is the name of the risk level (laag, midden, hoog).
func (r Risk) Label(lang i18n.Lang) string {
	key, ok := riskKeys[r]
	return label(lang, key, ok, string(r))
}

// Label is the name of the step kind.
func (k StepKind) Label(lang i18n.Lang) string {
	key, ok := stepKindKeys[k]
	return label(lang, key, ok, string(k))
}

// Describe says in one sentence what was found, without names: the view
// shows the step and the person next to it.
func (f Finding) Describe(lang i18n.Lang) string {
	switch f.Kind {
	case SoleHolder:
		if len(f.Holders) == 0 {
			return i18n.T(lang, "duty.detail.no_holder", f.MinHolders)
		}
		return i18n.T(lang, "duty.detail.sole_holder", len(f.Holders), f.MinHolders)
	case Conflict:
		return i18n.T(lang, "duty.detail.conflict", f.RuleName, f.Rationale)
	case LongHolder:
		return i18n.T(lang, "duty.detail.long_holder", f.Since.display(), f.NormMonths)
	case MissingFourEyes:
		return i18n.T(lang, "duty.detail.missing_four_eyes")
	}
	return string(f.Kind)
}

// Status says whether the finding is mitigated, open, or open again after
// its mitigation expired, with the date that matters.
func (f Finding) Status(lang i18n.Lang) string {
	switch {
	case f.Mitigated:
		return i18n.T(lang, "duty.status.mitigated", f.Mitigation.Until.display())
	case f.Reopened:
		return i18n.T(lang, "duty.status.reopened", f.Mitigation.Until.display())
	}
	return i18n.T(lang, "duty.status.open")
}
