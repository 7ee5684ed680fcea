package password

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Length limits in characters. The minimum follows the BIO/NIST advice to
// prefer length over composition rules; the maximum keeps hashing cheap and
// is far above any passphrase a person types.
const (
	MinLength = 12
	MaxLength = 128
)

// minDistinct is the fewest different characters a password must use, so
// that "aaaaaaaaaaaa" and "abababababab" are refused.
const minDistinct = 4

//go:embed common.txt
var commonText string

var common = func() map[string]bool {
	m := map[string]bool{}
	for line := range strings.Lines(commonText) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// Check applies the rules for a new password and returns the first rule it
// breaks as a field error on "password". userInputs are the account's own
// data (e-mail address, name) that the password must not contain.
func Check(pw string, userInputs ...string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinLength {
		return apperr.FieldErr("password", "password.too_short", MinLength)
	}
	if n > MaxLength {
		return apperr.FieldErr("password", "password.too_long", MaxLength)
	}
	if distinct(pw) < minDistinct {
		return apperr.FieldErr("password", "password.repetitive")
	}
	lower := strings.ToLower(pw)
	for _, in := range userInputs {
		if containsPersonal(lower, in) {
			return apperr.FieldErr("password", "password.personal")
		}
	}
	if isCommon(lower) {
		return apperr.FieldErr("password", "password.common")
	}
	return nil
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// containsPersonal reports whether the lower-cased password contains the
// user input as a whole, or one of its parts: the words of a name, the
// pieces of an e-mail address ("j.devries@voorbeeldstad.nl" gives "devries",
// "voorbeeldstad"). Parts shorter than four letters are skipped: refusing
// every password with "de" or "jan" in it would refuse good passphrases.
func containsPersonal(lowerPW, input string) bool {
	input = strings.ToLower(strings.TrimSpace(input))
	if utf8.RuneCountInString(input) >= 3 && strings.Contains(lowerPW, input) {
		return true
	}
	if local, _, ok := strings.Cut(input, "@"); ok {
		// "j.devries" is typed as "jdevries" as often as with the dot.
		joined := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, local)
		if utf8.RuneCountInString(joined) >= 4 && strings.Contains(lowerPW, joined) {
			return true
		}
	}
	parts := strings.FieldsFunc(input, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, p := range parts {
		if utf8.RuneCountInString(p) >= 4 && strings.Contains(lowerPW, p) {
			return true
		}
	}
	return false
}

// leet undoes the usual letter-for-digit swaps, so "W3lk0m" counts as "welkom".
var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i")

// isCommon reports whether the lower-cased password is on the list, or is a
// listed word dressed up with digits and symbols at either end
// ("Voorjaar2026!", "!!welkom123", "P@ssw0rd2024", "@dmin12345678").
func isCommon(lower string) bool {
	if common[lower] {
		return true
	}
	// Digits and symbols at the ends are padding, inside they may stand for
	// letters. Trimming all of them at once would eat the "@" of "@dmin",
	// undoing leet first would turn the padding "2024" into letters; so try
	// the stems each order gives.
	for _, stem := range []string{
		trim(lower),
		trim(leet.Replace(trim(lower))),
		trim(leet.Replace(strings.TrimRightFunc(lower, notLetter))),
		trim(leet.Replace(strings.TrimLeftFunc(lower, notLetter))),
	} {
		if stem != "" && common[stem] {
			return true
		}
	}
	return false
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

func trim(s string) string { return strings.TrimFunc(s, notLetter) }
