// Package totp implements time-based one-time passwords (RFC 6238) as used by
// authenticator apps: HMAC-SHA1, six digits, a new code every 30 seconds.
package totp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The parameters every common authenticator app supports; other values are
// silently ignored by some apps, so they are not configurable.
const (
	Digits     = 6
	Period     = 30 // seconds
	SecretSize = 20 // bytes, the HMAC-SHA1 block-friendly size RFC 4226 recommends
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns a fresh random shared secret.
func NewSecret() ([]byte, error) {
	s := make([]byte, SecretSize)
	if _, err := rand.Read(s); err != nil {
		return nil, err
	}
	return s, nil
}

// Encode returns the secret as apps expect it for manual entry: upper-case
// base32 without padding.
func Encode(secret []byte) string {
	return b32.EncodeToString(secret)
}

// Decode reads a secret in the form Encode writes, forgiving lower case,
// spaces and padding as people and other systems write them.
func Decode(s string) ([]byte, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	return b32.DecodeString(strings.TrimRight(s, "="))
}

// URI returns the otpauth:// URI that a QR code carries to the app. The
// issuer is both in the label and as a parameter, as the key-URI format
// asks, so that old and new apps show it.
func URI(issuer, account string, secret []byte) string {
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(escape(issuer))
	b.WriteString(":")
	b.WriteString(escape(account))
	b.WriteString("?secret=")
	b.WriteString(Encode(secret))
	b.WriteString("&issuer=")
	b.WriteString(escape(issuer))
	fmt.Fprintf(&b, "&algorithm=SHA1&digits=%d&period=%d", Digits, Period)
	return b.String()
}

// escape percent-encodes everything but unreserved characters, with %20 for
// a space: several apps show a "+" literally, and a ":" in a name would
// split the label.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// step returns the number of the period that t falls in.
func step(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - Period + 1) / Period
	}
	return s / Period
}

// Code returns the code for time t.
func Code(secret []byte, t time.Time) string {
	return hotp(secret, step(t), Digits)
}

// Validate checks a code typed at time t. It accepts the codes of the
// current step and one step either side (clock drift, typing time), but
// never a step at or before lastStep, the step of the last code accepted
// for this account, so that an overheard code cannot be used again. On
// success it returns the step to store as the new lastStep.
func Validate(secret []byte, code string, t time.Time, lastStep int64) (step int64, ok bool) {
	return validate(secret, code, t, lastStep, Digits)
}

func validate(secret []byte, code string, t time.Time, lastStep int64, digits int) (int64, bool) {
	if len(code) != digits {
		return 0, false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return 0, false
		}
	}
	now := step(t)
	var found int64
	matched := false
	// Compare against all three windows without stopping early, so the time
	// taken does not reveal which one matched.
	for s := now - 1; s <= now+1; s++ {
		eq := subtle.ConstantTimeCompare([]byte(hotp(secret, s, digits)), []byte(code)) == 1
		if eq && s > lastStep && !matched {
			found, matched = s, true
		}
	}
	return found, matched
}

// hotp is RFC 4226's HOTP with dynamic truncation.
func hotp(secret []byte, counter int64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(counter))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}
