package bibob

import "time"

// The statutory terms of a Bibob screening (Wet Bibob art. 15 and 31,
// DOMAIN.md §5). They are pure functions of dates so that the tests can
// move a fake clock across them.
const (
	LBBWeeks          = 8  // the LBB advises within 8 weeks of the request
	LBBMaxExtension   = 4  // … extendable once, by at most 4 weeks
	MaxSuspendWeeks   = 12 // the decision term is suspended at most 12 weeks
	DecisionTermWeeks = 8  // default decision term when the case system gives none (Awb 4:13)
	ReuseYears        = 5  // an LBB advice may be used again for 5 years
)

func day(iso string) time.Time {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return time.Time{}
	}
	return t
}

func iso(t time.Time) string { return t.Format(time.DateOnly) }

// LBBDue is the day the LBB advice is due: the request plus 8 weeks plus
// the extension (0 to 4 weeks).
func LBBDue(requestedOn string, extensionWeeks int) string {
	if requestedOn == "" {
		return ""
	}
	ext := min(max(extensionWeeks, 0), LBBMaxExtension)
	return iso(day(requestedOn).AddDate(0, 0, 7*(LBBWeeks+ext)))
}

// ValidExtension reports whether an extension of weeks may be set: once,
// by 1 to 4 weeks, while the advice is pending.
func ValidExtension(current, weeks int, advisedOn string) bool {
	return current == 0 && weeks >= 1 && weeks <= LBBMaxExtension && advisedOn == ""
}

// SuspendedDays is how many days the decision term stands still for an
// LBB request: from the request to the advice (or, while pending, to
// today), at most 12 weeks.
func SuspendedDays(requestedOn, advisedOn, today string) int {
	if requestedOn == "" {
		return 0
	}
	end := advisedOn
	if end == "" {
		end = today
	}
	d := int(day(end).Sub(day(requestedOn)).Hours() / 24)
	return min(max(d, 0), 7*MaxSuspendWeeks)
}

// DecisionDue is the last day to decide on the application: its own term
// (or received + 8 weeks) plus the days suspended for the LBB.
func DecisionDue(receivedOn, termDue, lbbRequestedOn, lbbAdvisedOn, today string) string {
	base := termDue
	if base == "" {
		base = iso(day(receivedOn).AddDate(0, 0, 7*DecisionTermWeeks))
	}
	return iso(day(base).AddDate(0, 0, SuspendedDays(lbbRequestedOn, lbbAdvisedOn, today)))
}

// ReusableUntil is the last day an LBB advice given on advisedOn may be
// used for a new application of the same applicant.
func ReusableUntil(advisedOn string) string {
	if advisedOn == "" {
		return ""
	}
	return iso(day(advisedOn).AddDate(ReuseYears, 0, -1))
}

// Reusable reports whether an advice given on advisedOn may still be used
// on today.
func Reusable(advisedOn, today string) bool {
	return advisedOn != "" && today <= ReusableUntil(advisedOn)
}
