package report

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/clock"
)

// Calendar says which days count as working days for an organisation's
// terms: Monday to Friday except the Dutch public holidays. Two holidays
// differ between employers and are settings (docs/decisions/0018):
// Goede Vrijdag is not a general day off, and Bevrijdingsdag is a day off
// every year under many CAOs but only in lustrum years (2025, 2030, …)
// under others.
type Calendar struct {
	GoodFriday bool // Goede Vrijdag is a day off
	// LiberationYearly makes 5 May a day off every year; otherwise only
	// in years divisible by five.
	LiberationYearly bool
}

// DefaultCalendar is the shipped calendar: Goede Vrijdag is a working day,
// Bevrijdingsdag a day off every year.
var DefaultCalendar = Calendar{GoodFriday: false, LiberationYearly: true}

// Easter returns Easter Sunday of a year of the Gregorian calendar, by the
// anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// Holiday is a named public holiday on a date.
type Holiday struct {
	Date time.Time // midnight UTC of the day
	Key  string    // catalogue key of the name
}

// Holidays lists the public holidays of a year that are days off under the
// calendar, in date order.
func (c Calendar) Holidays(year int) []Holiday {
	e := Easter(year)
	day := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, time.UTC) }
	king := day(time.April, 27)
	if king.Weekday() == time.Sunday {
		king = day(time.April, 26)
	}
	var out []Holiday
	add := func(t time.Time, key string) { out = append(out, Holiday{t, "report.ops.holiday." + key}) }
	add(day(time.January, 1), "new_year")
	if c.GoodFriday {
		add(e.AddDate(0, 0, -2), "good_friday")
	}
	add(e, "easter")
	add(e.AddDate(0, 0, 1), "easter_monday")
	// Koningsdag can fall before or after Easter Monday; sort at the end.
	add(king, "kings_day")
	if c.LiberationYearly || year%5 == 0 {
		add(day(time.May, 5), "liberation")
	}
	add(e.AddDate(0, 0, 39), "ascension")
	add(e.AddDate(0, 0, 49), "pentecost")
	add(e.AddDate(0, 0, 50), "whit_monday")
	add(day(time.December, 25), "christmas")
	add(day(time.December, 26), "boxing_day")
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Date.Before(out[j-1].Date); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// IsHoliday reports whether the date (its year, month and day) is a public
// holiday that is a day off under the calendar.
func (c Calendar) IsHoliday(d time.Time) bool {
	y, m, dd := d.Date()
	for _, h := range c.Holidays(y) {
		if hm, hd := h.Date.Month(), h.Date.Day(); hm == m && hd == dd {
			return true
		}
	}
	return false
}

// IsWorkingDay reports whether the date is a working day: not a Saturday,
// Sunday or holiday.
func (c Calendar) IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !c.IsHoliday(d)
}

// AddWorkingDays returns the moment n working days after t: the day is
// counted in Amsterdam, the time of day is kept. n ≤ 0 returns t.
func (c Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	local := t.In(clock.Amsterdam)
	for n > 0 {
		local = local.AddDate(0, 0, 1)
		if c.IsWorkingDay(local) {
			n--
		}
	}
	return local.UTC()
}

// AddCalendarDays returns the moment n calendar days after t; when that day
// is a Saturday, Sunday or holiday the term runs on to the next working day
// (the rule of the Algemene termijnenwet, art. 1).
func (c Calendar) AddCalendarDays(t time.Time, n int) time.Time {
	return c.NextWorkingDay(t.In(clock.Amsterdam).AddDate(0, 0, n))
}

// NextWorkingDay returns t, or when t's day in Amsterdam is not a working
// day, the same time of day on the next working day.
func (c Calendar) NextWorkingDay(t time.Time) time.Time {
	local := t.In(clock.Amsterdam)
	for !c.IsWorkingDay(local) {
		local = local.AddDate(0, 0, 1)
	}
	return local.UTC()
}

// WorkingDaysBetween counts the working days after from up to and including
// to (by Amsterdam date); negative when to is before from.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	a, b := dateOf(from), dateOf(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// dateOf is t's day in Amsterdam as midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.In(clock.Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
