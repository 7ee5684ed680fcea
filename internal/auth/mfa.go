package auth

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth/totp"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// Enrolment is a second factor being set up: the secret to put into an
// authenticator app, shown once.
type Enrolment struct {
	Secret []byte
	Text   string // base32, for typing in
	URI    string // otpauth:// URI, for apps and QR codes
}

func totpAAD(userID string) []byte { return []byte("user:" + userID + ":totp") }

// BeginTOTP creates a new, not yet active TOTP secret for the user and
// stores it encrypted. An active second factor is not replaced this way; it
// is reset by a beheerder.
func (s *Service) BeginTOTP(ctx context.Context, userID, issuer string) (*Enrolment, error) {
	var email string
	var enabled bool
	if err := s.db.Read.QueryRowContext(ctx, `SELECT email, totp_enabled FROM users WHERE id = $1`, userID).Scan(&email, &enabled); err != nil {
		return nil, store.NotFound(err, "user.not_found")
	}
	if enabled {
		return nil, apperr.New(apperr.Conflict, "mfa.already_enabled")
	}
	secret, err := totp.NewSecret()
	if err != nil {
		return nil, apperr.Wrap(err, "error.internal")
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, vault.SystemOrg)
		if err != nil {
			return err
		}
		ct, err := s.vault.Seal(ctx, tx, vault.SystemOrg, keyID, secret, totpAAD(userID))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE users SET totp_secret = $1, totp_key_id = $2, totp_last_step = 0 WHERE id = $3`, ct, keyID, userID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Enrolment{Secret: secret, Text: totp.Encode(secret), URI: totp.URI(issuer, email, secret)}, nil
}

// PendingTOTP returns the secret of an enrolment that has not been confirmed
// yet, so that the enrolment page can show it again after a typing error.
func (s *Service) PendingTOTP(ctx context.Context, userID, issuer string) (*Enrolment, error) {
	secret, enabled, _, email, err := s.totpSecret(ctx, userID)
	if err != nil {
		return nil, err
	}
	if enabled || secret == nil {
		return nil, apperr.New(apperr.NotFound, "mfa.no_pending")
	}
	return &Enrolment{Secret: secret, Text: totp.Encode(secret), URI: totp.URI(issuer, email, secret)}, nil
}

func (s *Service) totpSecret(ctx context.Context, userID string) (secret []byte, enabled bool, lastStep int64, email string, err error) {
	var ct []byte
	var keyID sql.NullString
	err = s.db.Read.QueryRowContext(ctx, `SELECT email, totp_secret, totp_key_id, totp_enabled, totp_last_step FROM users WHERE id = $1`, userID).
		Scan(&email, &ct, &keyID, &enabled, &lastStep)
	if err != nil {
		return nil, false, 0, "", store.NotFound(err, "user.not_found")
	}
	if ct == nil || !keyID.Valid {
		return nil, enabled, lastStep, email, nil
	}
	secret, err = s.vault.Open(ctx, s.db.Read, vault.SystemOrg, keyID.String, ct, totpAAD(userID))
	return secret, enabled, lastStep, email, err
}

// ConfirmTOTP activates a pending secret once the user proves the app
// produces valid codes.
func (s *Service) ConfirmTOTP(ctx context.Context, userID, code string) error {
	return s.checkTOTP(ctx, userID, code, true)
}

// VerifyTOTP checks a code at sign-in. Wrong codes count towards the same
// throttle as wrong passwords, and a code is accepted only once.
func (s *Service) VerifyTOTP(ctx context.Context, userID, code string) error {
	return s.checkTOTP(ctx, userID, code, false)
}

func (s *Service) checkTOTP(ctx context.Context, userID, code string, confirm bool) error {
	var failed int
	var lockedMs int64
	if err := s.db.Read.QueryRowContext(ctx, `SELECT failed_logins, locked_until FROM users WHERE id = $1`, userID).Scan(&failed, &lockedMs); err != nil {
		return store.NotFound(err, "user.not_found")
	}
	now := s.clk.Now()
	if until := store.Time(lockedMs); now.Before(until) {
		return s.throttled(failed, until.Sub(now))
	}
	secret, enabled, last, _, err := s.totpSecret(ctx, userID)
	if err != nil {
		return err
	}
	if secret == nil || enabled == confirm {
		return apperr.New(apperr.Conflict, "mfa.not_enrolled")
	}
	step, ok := totp.Validate(secret, code, now, last)
	if !ok {
		if err := s.fail(ctx, userID, failed+1); apperr.Is(err, apperr.TooMany) {
			return err
		}
		return apperr.FieldErr("code", "mfa.code_wrong")
	}
	action := "mfa.verify"
	if confirm {
		action = "mfa.enable"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_enabled = TRUE, totp_last_step = $1, failed_logins = 0, locked_until = 0 WHERE id = $2`, step, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.recordUser(ctx, tx, userID, action, "ok")
	})
}

// ResetTOTP removes a user's second factor (a beheerder's action, for a lost
// phone); the user enrols again at the next sign-in.
func (s *Service) ResetTOTP(ctx context.Context, sc *Scope, userID string) error {
	if _, err := s.User(ctx, sc, userID); err != nil {
		return err
	}
	if err := s.requireOwnAccount(ctx, sc, userID); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = NULL, totp_key_id = NULL, totp_enabled = FALSE, totp_last_step = 0 WHERE id = $1`, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, "mfa.reset", "user", userID, "")
	})
}

// TOTPEnabled reports whether the user has an active second factor.
func (s *Service) TOTPEnabled(ctx context.Context, userID string) (bool, error) {
	var enabled bool
	err := s.db.Read.QueryRowContext(ctx, `SELECT totp_enabled FROM users WHERE id = $1`, userID).Scan(&enabled)
	return enabled, store.NotFound(err, "user.not_found")
}

// CurrentTOTPCode returns the code the user's authenticator shows now. It
// exists for demo mode only, where the second-factor page shows it so that
// newcomers can try every role; the web layer never calls it otherwise.
func (s *Service) CurrentTOTPCode(ctx context.Context, userID string) (string, error) {
	secret, _, _, _, err := s.totpSecret(ctx, userID)
	if err != nil || secret == nil {
		return "", err
	}
	return totp.Code(secret, s.clk.Now()), nil
}
