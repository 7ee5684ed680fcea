package auth

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth/password"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Authenticate checks an e-mail address and password. Wrong attempts are
// counted per account: after FreeAttempts the account is held back for a
// growing delay (1 s, 2 s, 4 s, …) and at LockAfter it locks for LockFor.
// The same message is given for an unknown address and a wrong password, and
// an unknown address costs as much time, so that accounts cannot be probed.
func (s *Service) Authenticate(ctx context.Context, email, pw string) (userID string, err error) {
	email = normaliseEmail(email)
	now := s.clk.Now()
	var (
		id, hash      string
		disabled      bool
		failed        int
		lockedUntilMs int64
	)
	err = s.db.Read.QueryRowContext(ctx, `SELECT id, password_hash, disabled, failed_logins, locked_until FROM users WHERE email = $1`, email).
		Scan(&id, &hash, &disabled, &failed, &lockedUntilMs)
	if err == sql.ErrNoRows || (err == nil && hash == "") {
		password.Dummy()
		return "", apperr.New(apperr.Unauthenticated, "login.wrong")
	}
	if err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	if until := store.Time(lockedUntilMs); now.Before(until) {
		return "", s.throttled(failed, until.Sub(now))
	}
	ok, verr := password.Verify(pw, hash)
	if verr != nil || !ok {
		return "", s.fail(ctx, id, failed+1)
	}
	if disabled {
		return "", apperr.New(apperr.Unauthenticated, "login.disabled")
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = $1`, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.recordUser(ctx, tx, id, "login.password", "ok")
	})
	return id, err
}

func (s *Service) throttled(failed int, wait time.Duration) error {
	if failed >= s.cfg.LockAfter {
		return apperr.New(apperr.TooMany, "login.locked", roundUp(wait))
	}
	return apperr.New(apperr.TooMany, "login.wait", roundUp(wait))
}

func roundUp(d time.Duration) string {
	if d < time.Minute {
		return (d.Truncate(time.Second) + time.Second).String()
	}
	return (d.Truncate(time.Minute) + time.Minute).String()
}

// fail records a wrong attempt and sets the delay before the next one.
func (s *Service) fail(ctx context.Context, userID string, failed int) error {
	delay := s.delayAfter(failed)
	until := int64(0)
	if delay > 0 {
		until = store.Millis(s.clk.Now().Add(delay))
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3`, failed, until, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.recordUser(ctx, tx, userID, "login.failed", "denied")
	})
	if err != nil {
		return err
	}
	if failed >= s.cfg.LockAfter {
		return apperr.New(apperr.TooMany, "login.locked", roundUp(delay))
	}
	return apperr.New(apperr.Unauthenticated, "login.wrong")
}

// delayAfter returns how long an account is held back after n wrong
// attempts in a row.
func (s *Service) delayAfter(n int) time.Duration {
	switch {
	case n >= s.cfg.LockAfter:
		return s.cfg.LockFor
	case n <= s.cfg.FreeAttempts:
		return 0
	}
	d := time.Second << (n - s.cfg.FreeAttempts - 1)
	if d > s.cfg.LockFor {
		d = s.cfg.LockFor
	}
	return d
}

// recordUser writes an audit entry about a user's own sign-in in the
// system chain (a sign-in happens before an organisation is chosen).
func (s *Service) recordUser(ctx context.Context, q store.Querier, userID, action, result string) error {
	return s.audit.Record(ctx, q, audit.Entry{ActorID: userID, Action: action, ObjectType: "user", ObjectID: userID, Result: result})
}
