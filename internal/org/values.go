package org

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/textclean"
)

// clean normalises a typed or pasted value (package textclean).
var clean = textclean.Line

// Length limits of the model's text fields, in characters.
const (
	maxName = 200 // team, function and employee names
	maxCode = 50  // team and function codes, personnel numbers
)

func tooLong(s string, max int) bool { return utf8.RuneCountInString(s) > max }

// parseDate accepts the date spellings HR exports use — 2024-03-01 and
// 01-03-2024 (also 1-3-2024) — and returns the stored form YYYY-MM-DD.
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	// A spreadsheet's date cell may arrive with a time of day attached.
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly), true
	}
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return "", false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return "", false
		}
		n[i] = v
	}
	t := time.Date(n[2], time.Month(n[1]), n[0], 0, 0, 0, 0, time.UTC)
	// time.Date normalises 31-02 to 03-03; a date that does not round-trip
	// does not exist.
	if t.Day() != n[0] || int(t.Month()) != n[1] || t.Year() != n[2] {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// showDate writes a stored date the way Dutch users read it, dd-mm-jjjj.
func showDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("02-01-2006")
}

// excelEpoch is day 0 of spreadsheet date serials as spreadsheets count them
// from 1 March 1900 on (they treat 1900 as a leap year).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// parseSerialDate reads a spreadsheet date cell given as its serial number
// (days since the epoch, an optional fraction being the time of day).
func parseSerialDate(s string) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	// 61 is 1 March 1900; 2958465 is 31 December 9999.
	if err != nil || f < 61 || f > 2958465 {
		return "", false
	}
	return excelEpoch.AddDate(0, 0, int(f)).Format(time.DateOnly), true
}

// parseYesNo reads a yes/no cell.
func parseYesNo(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ja", "j", "yes", "y", "1", "waar", "true", "x":
		return true, true
	case "nee", "n", "no", "0", "onwaar", "false":
		return false, true
	}
	return false, false
}
