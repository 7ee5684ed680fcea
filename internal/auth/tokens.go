package auth

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Token is a personal API token. Its secret is shown once at creation; only
// a hash is stored. It acts for its user in one organisation, narrowed to its
// scopes, and always expires.
type Token struct {
	ID        string
	Name      string
	OrgID     string
	Scopes    []Permission
	CreatedAt time.Time
	ExpiresAt time.Time
	LastUsed  time.Time
	Revoked   bool
}

// TokenPrefix marks Weerbaar API tokens so that secret scanners can find
// leaked ones.
const TokenPrefix = "wbr_"

// MaxTokenLifetime caps how long a token may live.
const MaxTokenLifetime = 366 * 24 * time.Hour

// CreateToken makes a token for the scope's user in the scope's
// organisation. Scopes the user does not hold are refused, so a token can
// never do more than its owner. It returns the secret, to be shown once.
func (s *Service) CreateToken(ctx context.Context, sc *Scope, name string, scopes []Permission, lifetime time.Duration) (string, *Token, error) {
	name = strings.TrimSpace(name)
	var errs apperr.List
	if name == "" || len(name) > 100 {
		errs = append(errs, apperr.FieldErr("name", "field.required"))
	}
	if len(scopes) == 0 {
		errs = append(errs, apperr.FieldErr("scopes", "token.scope_required"))
	}
	for _, p := range scopes {
		if !sc.Can(p) {
			errs = append(errs, apperr.FieldErr("scopes", "token.scope_not_held", string(p)))
		}
	}
	if lifetime <= 0 || lifetime > MaxTokenLifetime {
		errs = append(errs, apperr.FieldErr("lifetime", "token.lifetime_invalid"))
	}
	if sc.TokenScopes != nil {
		errs = append(errs, apperr.New(apperr.Forbidden, "token.not_with_token"))
	}
	if err := errs.Err(); err != nil {
		return "", nil, err
	}
	raw, _ := newToken()
	secret := TokenPrefix + raw
	hash := hashToken(secret)
	now := s.clk.Now()
	t := &Token{ID: store.NewID(), Name: name, OrgID: sc.OrgID, Scopes: scopes, CreatedAt: now, ExpiresAt: now.Add(lifetime)}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, org_id, name, token_hash, scopes, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ID, sc.UserID, sc.OrgID, t.Name, hash, joinScopes(scopes), store.Millis(now), store.Millis(t.ExpiresAt))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, "token.create", "api_token", t.ID, "")
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

func joinScopes(ps []Permission) string {
	ss := make([]string, len(ps))
	for i, p := range ps {
		ss[i] = string(p)
	}
	return strings.Join(ss, " ")
}

func splitScopes(s string) []Permission {
	out := []Permission{}
	for _, f := range strings.Fields(s) {
		out = append(out, Permission(f))
	}
	return out
}

// ScopeForToken authenticates an API request. Tokens of disabled users,
// revoked or expired tokens are refused alike.
func (s *Service) ScopeForToken(ctx context.Context, secret string) (*Scope, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) > 100 {
		return nil, apperr.New(apperr.Unauthenticated, "token.invalid")
	}
	var id, userID, orgID, scopes string
	var expires, revoked, lastUsed int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, user_id, org_id, scopes, expires_at, revoked_at, last_used_at FROM api_tokens WHERE token_hash = $1`,
		hashToken(secret)).Scan(&id, &userID, &orgID, &scopes, &expires, &revoked, &lastUsed)
	if err != nil {
		return nil, apperr.New(apperr.Unauthenticated, "token.invalid")
	}
	now := s.clk.Now()
	if revoked != 0 || !now.Before(store.Time(expires)) {
		return nil, apperr.New(apperr.Unauthenticated, "token.invalid")
	}
	// A token was made in a session with a second factor, so it counts as one.
	sc, err := s.ScopeFor(ctx, userID, orgID, true)
	if err != nil {
		return nil, apperr.New(apperr.Unauthenticated, "token.invalid")
	}
	sc.TokenScopes = splitScopes(scopes)
	if now.Sub(store.Time(lastUsed)) >= touchEvery {
		s.db.Write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, store.Millis(now), id) //nolint:errcheck // bookkeeping only
	}
	return sc, nil
}

// Tokens lists the scope's user's own tokens.
func (s *Service) Tokens(ctx context.Context, sc *Scope) ([]Token, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name, org_id, scopes, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`, sc.UserID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var scopes string
		var created, expires, used, revoked int64
		if err := rows.Scan(&t.ID, &t.Name, &t.OrgID, &scopes, &created, &expires, &used, &revoked); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		t.Scopes, t.CreatedAt, t.ExpiresAt, t.Revoked = splitScopes(scopes), store.Time(created), store.Time(expires), revoked != 0
		if used != 0 {
			t.LastUsed = store.Time(used)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the scope's user's own tokens.
func (s *Service) RevokeToken(ctx context.Context, sc *Scope, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at = 0`,
			store.Millis(s.clk.Now()), id, sc.UserID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "token.not_found")
		}
		return s.record(ctx, tx, sc, "token.revoke", "api_token", id, "")
	})
}

// ScopesOf returns the permissions a token could be given by this scope.
func ScopesOf(sc *Scope) []Permission {
	var out []Permission
	for _, p := range AllPermissions() {
		if sc.Can(p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
