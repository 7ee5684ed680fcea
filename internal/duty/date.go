package duty

import (
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Date is a calendar day (no time, no zone), counted in days so that the
// analysis compares and subtracts periods as plain integers. The zero Date
// means "no date": an open start or an open end of a period. Day 1 is
// 0001-01-01.
type Date int32

// openEnd stands for the zero End of a period inside the engine: later than
// every real day.
const openEnd Date = 1<<31 - 1

// unixShift is the Date of 1970-01-01 minus one: Date(d) = unix days + shift.
const unixShift = 719163

// DateOf returns the day y-m-d. Like time.Date, values out of range run
// on: day 32 of January is 1 February, month 13 is January of the next year.
func DateOf(y int, m time.Month, d int) Date {
	mm := int(m) - 1
	y += mm / 12
	if mm %= 12; mm < 0 {
		mm += 12
		y--
	}
	return Date(daysFromCivil(y, mm+1, 1) + d - 1 + unixShift)
}

// DateFromTime returns the calendar day of t in t's own location; convert
// to Europe/Amsterdam first for "today" in a Dutch municipality.
func DateFromTime(t time.Time) Date {
	y, m, d := t.Date()
	return DateOf(y, m, d)
}

// ParseDate reads a day written as YYYY-MM-DD, the form dates are stored
// in. The empty string is the zero Date (an open start or end), so a loader
// can pass database columns straight through. It is written by hand because
// a loader calls it twice per assignment row.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return 0, nil
	}
	bad := apperr.New(apperr.Invalid, "duty.err.date_invalid")
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, bad
	}
	num := func(b string) int {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d := num(s[0:4]), num(s[5:7]), num(s[8:10])
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, bad
	}
	return DateOf(y, time.Month(m), d), nil
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == 0 }

// Civil returns the year, month and day of d.
func (d Date) Civil() (int, time.Month, int) {
	y, m, dd := civilFromDays(int(d) - unixShift)
	return y, time.Month(m), dd
}

// String writes d as YYYY-MM-DD, the storage form; the zero Date is "".
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, dd := d.Civil()
	b := make([]byte, 0, 10)
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	b = appendInt(b, dd, 2)
	return string(b)
}

// display writes d as dd-mm-jjjj, the form users read.
func (d Date) display() string {
	if d == 0 {
		return ""
	}
	y, m, dd := d.Civil()
	b := make([]byte, 0, 10)
	b = appendInt(b, dd, 2)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	b = appendInt(b, y, 4)
	return string(b)
}

// AddDays returns the day n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day of the month n months later. A day that
// does not exist in the target month becomes that month's last day, so 31
// January plus one month is 28 (or 29) February, and 29 February plus
// twelve months is 28 February.
func (d Date) AddMonths(n int) Date {
	y, m, dd := d.Civil()
	t := y*12 + int(m) - 1 + n
	y2, m2 := t/12, t%12+1
	if last := daysIn(y2, m2); dd > last {
		dd = last
	}
	return DateOf(y2, time.Month(m2), dd)
}

func appendInt(b []byte, n, width int) []byte {
	var tmp [8]byte
	i := len(tmp)
	for n > 0 || i > len(tmp)-width {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, tmp[i:]...)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil and civilFromDays convert between the proleptic Gregorian
// calendar and days since 1970-01-01 with the well-known era arithmetic
// (400-year cycles of 146097 days), exact for every year we can meet.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (int, int, int) {
	z += 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
