package report

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth/password"
	"github.com/weerbaar/weerbaar/internal/store"
)

// A receipt code is 24 characters of base32 (A–Z, 2–7) in six groups of
// four: the first 8 characters are the lookup id (40 bits, stored in the
// clear to find the receipt), the last 16 the secret (80 bits, stored only
// as an argon2id hash). Guessing is slowed per lookup id and globally.
const (
	lookupLen = 8
	secretLen = 16
	codeLen   = lookupLen + secretLen
)

// Throttle of receipt codes.
const (
	// freeFailures wrong secrets for one lookup id before it locks.
	freeFailures = 3
	// maxLock is the longest lock of one lookup id.
	maxLock = 24 * time.Hour
	// GlobalFailuresPerMinute is how many wrong codes all reporters of all
	// organisations together may enter per minute before the follow-up page
	// refuses every code for the rest of that minute.
	GlobalFailuresPerMinute = 60
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// newReceipt makes a receipt: the lookup id, the code to show once, and
// the hash of the secret to store.
func newReceipt() (lookup, code, hash string, err error) {
	var b [15]byte // 120 bits → 24 base32 characters
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", "", apperr.Wrap(err, "report.receipt_failed")
	}
	raw := b32.EncodeToString(b[:])
	lookup, secret := raw[:lookupLen], raw[lookupLen:]
	if hash, err = password.Hash(secret); err != nil {
		return "", "", "", apperr.Wrap(err, "report.receipt_failed")
	}
	return lookup, FormatCode(raw), hash, nil
}

// FormatCode groups a code in blocks of four for reading aloud and
// writing down.
func FormatCode(raw string) string {
	var groups []string
	for i := 0; i < len(raw); i += 4 {
		groups = append(groups, raw[i:min(i+4, len(raw))])
	}
	return strings.Join(groups, "-")
}

// parseCode normalises what a reporter typed: case, spaces and dashes do
// not matter; anything else that is not base32 or not 24 characters long
// is malformed.
func parseCode(s string) (lookup, secret string, ok bool) {
	s = strings.ToUpper(s)
	s = strings.NewReplacer("-", "", " ", "", "\t", "", "\n", "", "\r", "").Replace(s)
	if len(s) != codeLen {
		return "", "", false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return "", "", false
		}
	}
	return s[:lookupLen], s[lookupLen:], true
}

// receiptRef is the report a valid receipt code opens.
type receiptRef struct {
	OrgID, ReportID string
}

// errCodeWrong is the one answer to an unknown lookup id and a wrong
// secret alike.
func errCodeWrong() error {
	return apperr.List{apperr.FieldErr("intake_code", "report.code_wrong")}
}

func errTooMany(key string) error {
	e := apperr.FieldErr("intake_code", key)
	e.Code = apperr.TooMany
	return e
}

// openReceipt checks a receipt code. A malformed code gets its own
// message; an unknown or wrong one the same message, a failure counted
// for its lookup id (with a growing lock) and in the global count of the
// minute. A locked lookup id and a busy minute are refused before the
// secret is even checked.
func (s *Store) openReceipt(ctx context.Context, code string) (receiptRef, error) {
	lookup, secret, ok := parseCode(code)
	if !ok {
		if strings.TrimSpace(code) == "" {
			return receiptRef{}, apperr.List{apperr.FieldErr("intake_code", "field.required")}
		}
		return receiptRef{}, apperr.List{apperr.FieldErr("intake_code", "report.code_malformed")}
	}
	now := s.clk.Now()
	minute := now.Unix() / 60
	var global int
	err := s.db.Read.QueryRowContext(ctx, `SELECT failures FROM report_receipt_throttle WHERE minute = $1`, minute).Scan(&global)
	if err != nil && err != sql.ErrNoRows {
		return receiptRef{}, apperr.Wrap(err, "store.query_failed")
	}
	if global >= GlobalFailuresPerMinute {
		return receiptRef{}, errTooMany("report.code_busy")
	}
	var ref receiptRef
	var hash []byte
	var failures int
	var lockedUntil int64
	err = s.db.Read.QueryRowContext(ctx, `SELECT org_id, report_id, secret_hash, failures, locked_until FROM report_receipts WHERE lookup_id = $1`,
		lookup).Scan(&ref.OrgID, &ref.ReportID, &hash, &failures, &lockedUntil)
	if err == sql.ErrNoRows {
		password.Dummy() // the same work as a wrong secret
		if err := s.countGlobalFailure(ctx, minute); err != nil {
			return receiptRef{}, err
		}
		return receiptRef{}, errCodeWrong()
	}
	if err != nil {
		return receiptRef{}, apperr.Wrap(err, "store.query_failed")
	}
	if lockedUntil > store.Millis(now) {
		return receiptRef{}, errTooMany("report.code_locked")
	}
	good, err := password.Verify(secret, string(hash))
	if err != nil {
		return receiptRef{}, apperr.Wrap(err, "report.receipt_failed")
	}
	if !good {
		failures++
		var lock int64
		if failures >= freeFailures {
			d := time.Minute << min(failures-freeFailures, 20)
			lock = store.Millis(now.Add(min(d, maxLock)))
		}
		if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE report_receipts SET failures = $1, locked_until = $2 WHERE lookup_id = $3`, failures, lock, lookup)
			return err
		}); err != nil {
			return receiptRef{}, apperr.Wrap(err, "store.tx_failed")
		}
		if err := s.countGlobalFailure(ctx, minute); err != nil {
			return receiptRef{}, err
		}
		return receiptRef{}, errCodeWrong()
	}
	if failures > 0 {
		if err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE report_receipts SET failures = 0, locked_until = 0 WHERE lookup_id = $1`, lookup)
			return err
		}); err != nil {
			return receiptRef{}, apperr.Wrap(err, "store.tx_failed")
		}
	}
	return ref, nil
}

// countGlobalFailure adds a failed attempt to the minute's global count
// and forgets the counts of earlier hours.
func (s *Store) countGlobalFailure(ctx context.Context, minute int64) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_receipt_throttle (minute, failures) VALUES ($1, 1)
			ON CONFLICT (minute) DO UPDATE SET failures = report_receipt_throttle.failures + 1`, minute); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_receipt_throttle WHERE minute < $1`, minute-60); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return nil
	})
}
