package report_test

import (
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/report"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEasterMatchesKnownDates(t *testing.T) {
	for year, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28",
		2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21", 2000: "2000-04-23", 2038: "2038-04-25"} {
		if got := report.Easter(year).Format(time.DateOnly); got != want {
			t.Errorf("Easter %d = %s, want %s", year, got, want)
		}
	}
}

func TestDutchHolidays(t *testing.T) {
	cal := report.DefaultCalendar
	holidays := map[string]bool{}
	for _, h := range cal.Holidays(2026) {
		holidays[h.Date.Format(time.DateOnly)] = true
	}
	for _, d := range []string{"2026-01-01", "2026-04-05", "2026-04-06", "2026-04-27", "2026-05-05", "2026-05-14", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26"} {
		if !holidays[d] {
			t.Errorf("%s is not a holiday in 2026", d)
		}
	}
	if holidays["2026-04-03"] {
		t.Error("Goede Vrijdag is a day off by default")
	}
	if len(holidays) != 10 {
		t.Errorf("%d holidays in 2026, want 10", len(holidays))
	}
	// Koningsdag moves to Saturday 26 April when the 27th is a Sunday.
	if !cal.IsHoliday(day("2025-04-26")) || cal.IsHoliday(day("2025-04-27")) {
		t.Error("Koningsdag 2025 is not on Saturday 26 April")
	}
	// Goede Vrijdag and Bevrijdingsdag are settings.
	withFriday := report.Calendar{GoodFriday: true}
	if !withFriday.IsHoliday(day("2026-04-03")) {
		t.Error("Goede Vrijdag chosen but not a holiday")
	}
	if withFriday.IsHoliday(day("2026-05-05")) || !withFriday.IsHoliday(day("2025-05-05")) || !withFriday.IsHoliday(day("2030-05-05")) {
		t.Error("Bevrijdingsdag in lustrum years only is not 2025 and 2030 only")
	}
}

func TestWorkingDayTerms(t *testing.T) {
	cal := report.DefaultCalendar
	at := func(s string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04", s, clock.Amsterdam)
		return t
	}
	show := func(t time.Time) string { return t.In(clock.Amsterdam).Format("2006-01-02 15:04") }
	// 5 working days from Thursday 2 April 2026 skip Easter Monday 6 April.
	if got := show(cal.AddWorkingDays(at("2026-04-02 10:00"), 5)); got != "2026-04-10 10:00" {
		t.Errorf("5 working days from 2 April 2026: %s", got)
	}
	// With Goede Vrijdag off one more day.
	if got := show(report.Calendar{GoodFriday: true}.AddWorkingDays(at("2026-04-02 10:00"), 5)); got != "2026-04-13 10:00" {
		t.Errorf("with Goede Vrijdag: %s", got)
	}
	// 7 calendar days ending on Saturday run on to Monday (Algemene termijnenwet).
	if got := show(cal.AddCalendarDays(at("2026-03-07 09:00"), 7)); got != "2026-03-16 09:00" {
		t.Errorf("7 days from Saturday 7 March: %s", got)
	}
	// ... and past Christmas to the next working day.
	if got := show(cal.AddCalendarDays(at("2026-12-18 09:00"), 7)); got != "2026-12-28 09:00" {
		t.Errorf("7 days from 18 December: %s", got)
	}
	if n := cal.WorkingDaysBetween(at("2026-12-24 09:00"), at("2027-01-04 09:00")); n != 5 {
		t.Errorf("working days after 24 Dec up to 4 Jan: %d, want 5 (28–31 December and 4 January)", n)
	}
	// The settings use them: integrity acknowledgement 7 calendar days,
	// triage 5 working days.
	cs := report.DefaultSettings(report.Integrity)
	recv := at("2026-04-30 12:00")
	if got := show(cs.AckDue(recv)); got != "2026-05-07 12:00" {
		t.Errorf("integrity ack due %s", got)
	}
	if got := show(cs.TriageDue(recv)); got != "2026-05-08 12:00" {
		t.Errorf("integrity triage due %s (skips 5 May)", got)
	}
	if got := show(cs.FeedbackDue(at("2026-02-28 10:00"))); got != "2026-05-28 10:00" {
		t.Errorf("feedback due %s", got)
	}
}
