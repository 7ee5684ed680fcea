package duty_test

import (
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
)

// Every day from 1899 to 2101 parses, prints and counts like the time
// package does it.
func TestDateAgreesWithTimePackage(t *testing.T) {
	start := time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC)
	first := duty.DateFromTime(start)
	for i := 0; i < 202*366; i++ {
		tm := start.AddDate(0, 0, i)
		s := tm.Format("2006-01-02")
		d, err := duty.ParseDate(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if d.String() != s || d != first.AddDays(i) || duty.DateFromTime(tm) != d {
			t.Fatalf("%s: got %q, day %d, want day %d", s, d.String(), d, first.AddDays(i))
		}
		y, m, dd := d.Civil()
		if y != tm.Year() || m != tm.Month() || dd != tm.Day() {
			t.Fatalf("%s: civil %d-%d-%d", s, y, m, dd)
		}
	}
}

func TestParseDate(t *testing.T) {
	if d, err := duty.ParseDate(""); err != nil || !d.IsZero() || d.String() != "" {
		t.Errorf("empty string: %v %v, want the zero date", d, err)
	}
	for _, bad := range []string{"2026-02-29", "2024-02-30", "2026-13-01", "2026-00-10", "2026-1-01", "15-06-2026",
		"2026/06/15", "0000-01-01", "2026-06-1x", "2026-06-15T00:00"} {
		_, err := duty.ParseDate(bad)
		if apperr.CodeOf(err) != apperr.Invalid || apperr.As(err).Key != "duty.err.date_invalid" {
			t.Errorf("%q: error %v, want duty.err.date_invalid", bad, err)
		}
	}
	if _, err := duty.ParseDate("2024-02-29"); err != nil {
		t.Errorf("leap day refused: %v", err)
	}
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from   string
		months int
		want   string
	}{
		{"2021-06-15", 60, "2026-06-15"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2020-02-29", 12, "2021-02-28"},
		{"2020-02-29", 48, "2024-02-29"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-12-15", 1, "2027-01-15"},
		{"2026-01-15", -13, "2024-12-15"},
	} {
		if got := day(t, tc.from).AddMonths(tc.months).String(); got != tc.want {
			t.Errorf("%s + %d months = %s, want %s", tc.from, tc.months, got, tc.want)
		}
	}
	if got := duty.DateOf(2026, 13, 1).String(); got != "2027-01-01" {
		t.Errorf("month 13: %s", got)
	}
	if got := duty.DateOf(2026, 0, 1).String(); got != "2025-12-01" {
		t.Errorf("month 0: %s", got)
	}
	if got := duty.DateOf(2026, 2, 29).String(); got != "2026-03-01" {
		t.Errorf("29 February 2026: %s", got)
	}
}
