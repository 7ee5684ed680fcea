package notify

import (
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/i18n"
)

func TestReminderSaysHowManyAndLinksOnly(t *testing.T) {
	const link = "https://weerbaar.voorbeeldstad.example/"
	cases := []struct {
		lang      i18n.Lang
		count     int
		what      string
		inSubject string
	}{
		{i18n.NL, 3, WhatActions, "Er zijn 3 acties die uw aandacht vragen"},
		{i18n.NL, 1, WhatActions, "Er is 1 actie die uw aandacht vraagt"},
		{i18n.NL, 2, WhatRetention, "Er zijn 2 dossiers waarvan de bewaartermijn binnenkort verloopt"},
		{i18n.NL, 4, "Vermoeden omkoping bij Vergunningen", "Er zijn 4 punten die uw aandacht vragen"},
		{i18n.EN, 1, WhatReports, "There is 1 report that needs your attention"},
	}
	for _, c := range cases {
		subject, body := Reminder(c.lang, link, c.count, c.what)
		if !strings.Contains(subject, c.inSubject) || !strings.Contains(body, c.inSubject+".") {
			t.Errorf("%s %d %s: subject %q, body %q", c.lang, c.count, c.what, subject, body)
		}
		if !strings.Contains(body, link) || strings.Contains(subject+body, "omkoping") || strings.Contains(subject+body, "notify.") {
			t.Errorf("%s %d %s: body %q", c.lang, c.count, c.what, body)
		}
	}
	for _, w := range []string{WhatActions, WhatReports, WhatTrainings, WhatScreenings, WhatFindings, WhatRetention} {
		for _, p := range []string{"one", "other"} {
			if !i18n.Has("notify.reminder." + w + "." + p) {
				t.Errorf("no catalogue text for %s.%s", w, p)
			}
		}
	}
}
