package notify

import (
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// The kinds of things a reminder can count. Each picks a fixed sentence from
// the catalogue, so that a caller cannot slip case content into a mail.
const (
	WhatActions    = "actions"    // plan actions due or overdue
	WhatReports    = "reports"    // meldingen waiting for handling
	WhatTrainings  = "trainings"  // training duties due
	WhatScreenings = "screenings" // screenings (VOG, Bibob) needing a step
	WhatFindings   = "findings"   // duty-analysis findings to look at
	WhatRetention  = "retention"  // files whose retention period ends soon

	WhatEscalatedActions = "escalated_actions" // actions escalated to the gemeentesecretaris // goals: issue 7
)

// Reminder returns the subject and body of a content-free reminder: how many
// things of one kind need the reader's attention and a link to the
// application. An unknown what falls back to a neutral "items".
func Reminder(lang i18n.Lang, baseURL string, count int, what string) (subject, body string) {
	plural := "other"
	if count == 1 {
		plural = "one"
	}
	key := "notify.reminder." + what + "." + plural
	if !i18n.Has(key) {
		key = "notify.reminder.items." + plural
	}
	sentence := i18n.T(lang, key, count)
	return i18n.T(lang, "notify.reminder.subject", sentence), i18n.T(lang, "notify.reminder.body", sentence, baseURL)
}
