package report

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// CategorySettings are an organisation's terms and routing for one
// category (DOMAIN.md §4); every value is configuration with a default.
type CategorySettings struct {
	Category Category
	// ResponsibleRole is the role triage routes reports of the category to.
	ResponsibleRole auth.Role
	// AckDays is the term for acknowledging receipt; the Wet bescherming
	// klokkenluiders sets 7 calendar days for integrity reports.
	AckDays    int
	AckWorking bool
	TriageDays int // default 5 working days
	TriageWork bool
	// FeedbackMonths is the Wbk feedback term after acknowledgement
	// (3 months for integrity reports; 0 = none).
	FeedbackMonths int
	// RetentionDays is how long a closed report is kept; DropRetentionDays
	// applies to reports that were dropped (afgeschaald).
	RetentionDays     int
	DropRetentionDays int
}

// DefaultSettings are the shipped defaults of DOMAIN.md §4.
func DefaultSettings(c Category) CategorySettings {
	cs := CategorySettings{Category: c, ResponsibleRole: auth.Coordinator, AckDays: 7, TriageDays: 5, TriageWork: true,
		RetentionDays: 5 * 365, DropRetentionDays: 365}
	switch c {
	case Integrity:
		cs.ResponsibleRole = auth.HR
		cs.FeedbackMonths = 3
	case Aggression:
		cs.ResponsibleRole = auth.TeamLead
	}
	return cs
}

// settingsFor returns the organisation's settings for a category.
// TODO(issue 4, deadlines part): read the organisation's own settings.
func (s *Store) settingsFor(_ context.Context, _ store.Querier, _ string, c Category) (CategorySettings, error) {
	return DefaultSettings(c), nil
}

// AckDue is when receipt of a report received at t must be acknowledged.
// TODO(issue 4, deadlines part): working days and Dutch public holidays.
func (cs CategorySettings) AckDue(t time.Time) time.Time { return t.AddDate(0, 0, cs.AckDays) }

// TriageDue is when a report received at t must have been triaged.
func (cs CategorySettings) TriageDue(t time.Time) time.Time { return t.AddDate(0, 0, cs.TriageDays) }

// FeedbackDue is when the reporter of a report acknowledged at t must have
// had feedback; zero when the category has no feedback term.
func (cs CategorySettings) FeedbackDue(t time.Time) time.Time {
	if cs.FeedbackMonths == 0 {
		return time.Time{}
	}
	return t.AddDate(0, cs.FeedbackMonths, 0)
}
