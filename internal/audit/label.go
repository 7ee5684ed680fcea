package audit

import "github.com/weerbaar/weerbaar/internal/i18n"

// ActionLabel returns the name of an action code for people, from the
// catalogue key "audit.action.<action>" when some package defined it, and the
// raw code otherwise, so that an action without a translation is still
// shown rather than hidden. Packages add keys for their own actions in their
// own catalogue files.
func ActionLabel(lang i18n.Lang, action string) string {
	key := "audit.action." + action
	if !i18n.Has(key) {
		return action
	}
	return i18n.T(lang, key)
}

// ResultLabel returns the name of a result ("ok", "denied", "failed") for
// people, or the raw value when it is not one of those.
func ResultLabel(lang i18n.Lang, result string) string {
	key := "audit.result." + result
	if !i18n.Has(key) {
		return result
	}
	return i18n.T(lang, key)
}
