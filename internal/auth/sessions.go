package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Session is a signed-in browser. Sessions live in the database so that any
// instance can serve any request; only a SHA-256 hash of the token is
// stored, so a copy of the database does not let anyone sign in.
type Session struct {
	UserID    string
	OrgID     string
	MFA       bool
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
	hash      []byte
}

// touchEvery limits how often a session's last-seen time is written: once a
// minute is precise enough for a 30-minute idle timeout and spares the
// database a write on every request.
const touchEvery = time.Minute

func newToken() (string, []byte) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	return tok, hashToken(tok)
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// CreateSession starts a session for a user who just signed in, in the
// given organisation or, when orgID is empty, the first one they belong to.
// A new token is made at every sign-in, so a token planted before login
// (session fixation) is worthless.
func (s *Service) CreateSession(ctx context.Context, userID, orgID string, mfa bool) (string, error) {
	if orgID == "" {
		ms, err := s.Memberships(ctx, userID)
		if err != nil {
			return "", err
		}
		if len(ms) == 0 {
			return "", apperr.New(apperr.Forbidden, "login.no_organisation")
		}
		orgID = ms[0].OrgID
	}
	now := s.clk.Now()
	tok, hash := newToken()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, org_id, mfa, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, hash, userID, orgID, mfa, store.Millis(now), store.Millis(now), store.Millis(now.Add(s.cfg.SessionMax)))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		// The sign-in itself is in the system chain (it happens before an
		// organisation is chosen); the session start is recorded in the
		// organisation's chain, so its own audit viewer shows who signed in.
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, userID).Scan(&name); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		return s.record(ctx, tx, &Scope{OrgID: orgID, UserID: userID, UserName: name}, "session.create", "user", userID, "")
	})
	if err != nil {
		return "", err
	}
	return tok, nil
}

// LookupSession returns the live session for a token. Sessions past their
// idle or absolute timeout are removed and reported as unauthenticated.
func (s *Service) LookupSession(ctx context.Context, tok string) (*Session, error) {
	if tok == "" || len(tok) > 100 {
		return nil, apperr.New(apperr.Unauthenticated, "session.none")
	}
	hash := hashToken(tok)
	var sess Session
	var created, seen, expires int64
	var disabled bool
	err := s.db.Read.QueryRowContext(ctx, `SELECT s.user_id, s.org_id, s.mfa, s.created_at, s.last_seen_at, s.expires_at, u.disabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, hash).
		Scan(&sess.UserID, &sess.OrgID, &sess.MFA, &created, &seen, &expires, &disabled)
	if err == sql.ErrNoRows {
		return nil, apperr.New(apperr.Unauthenticated, "session.none")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	sess.CreatedAt, sess.LastSeen, sess.ExpiresAt, sess.hash = store.Time(created), store.Time(seen), store.Time(expires), hash
	now := s.clk.Now()
	if disabled || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeen) >= s.cfg.SessionIdle {
		s.db.Write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash) //nolint:errcheck // best effort; the session is refused either way
		return nil, apperr.New(apperr.Unauthenticated, "session.expired")
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, store.Millis(now), hash); err != nil {
			return nil, apperr.Wrap(err, "store.tx_failed")
		}
		sess.LastSeen = now
	}
	return &sess, nil
}

// CompleteMFA replaces a session whose second factor was just given by a
// new one with a new token: a privilege change always gets a fresh token.
// The absolute timeout still counts from the original sign-in.
func (s *Service) CompleteMFA(ctx context.Context, sess *Session) (string, error) {
	tok, hash := newToken()
	now := s.clk.Now()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, sess.hash); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, org_id, mfa, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, TRUE, $4, $5, $6)`, hash, sess.UserID, sess.OrgID, store.Millis(sess.CreatedAt), store.Millis(now), store.Millis(sess.ExpiresAt))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return nil
	})
	return tok, err
}

// SwitchOrganisation moves a session to another organisation the user
// belongs to or works for under delegation.
func (s *Service) SwitchOrganisation(ctx context.Context, sess *Session, orgID string) error {
	if _, err := s.ScopeFor(ctx, sess.UserID, orgID, sess.MFA); err != nil {
		return err
	}
	_, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET org_id = $1 WHERE token_hash = $2`, orgID, sess.hash)
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	sess.OrgID = orgID
	return nil
}

// EndSession signs one browser out.
func (s *Service) EndSession(ctx context.Context, tok string) error {
	_, err := s.db.Write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(tok))
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return nil
}

// EndAllSessions signs a user out everywhere ("overal uitloggen").
func (s *Service) EndAllSessions(ctx context.Context, sc *Scope) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, sc.UserID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		n, _ = res.RowsAffected()
		return s.record(ctx, tx, sc, "session.end_all", "user", sc.UserID, "")
	})
	return n, err
}

// PurgeSessions removes expired sessions; a scheduled job calls it.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.clk.Now()
	res, err := s.db.Write.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2`,
		store.Millis(now), store.Millis(now.Add(-s.cfg.SessionIdle)))
	if err != nil {
		return 0, apperr.Wrap(err, "store.tx_failed")
	}
	return res.RowsAffected()
}

// ScopeFor builds the acting scope of a user in an organisation: roles by
// membership, or the regional role limited to delegated capabilities. A user
// with neither gets NotFound, the same answer as for an organisation that
// does not exist.
func (s *Service) ScopeFor(ctx context.Context, userID, orgID string, mfa bool) (*Scope, error) {
	sc := &Scope{OrgID: orgID, UserID: userID, MFA: mfa}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT m.role, o.slug, o.name, u.name FROM memberships m
		JOIN organisations o ON o.id = m.org_id JOIN users u ON u.id = m.user_id
		WHERE m.user_id = $1 AND m.org_id = $2 AND u.disabled = FALSE`, userID, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var role string
		if err := rows.Scan(&role, &sc.OrgSlug, &sc.OrgName, &sc.UserName); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		sc.Roles = append(sc.Roles, Role(role))
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if len(sc.Roles) > 0 {
		return sc, nil
	}
	caps, err := s.delegatedCapabilities(ctx, userID, orgID)
	if err != nil {
		return nil, err
	}
	if len(caps) == 0 {
		return nil, apperr.New(apperr.NotFound, "org.not_found")
	}
	o, err := s.Organisation(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var name string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1 AND disabled = FALSE`, userID).Scan(&name); err != nil {
		return nil, store.NotFound(err, "org.not_found")
	}
	sc.OrgSlug, sc.OrgName, sc.UserName = o.Slug, o.Name, name
	sc.Roles, sc.Delegated = []Role{Regional}, caps
	return sc, nil
}

// SessionScope returns a live session and its acting scope. For members of
// the session's organisation — nearly every request — it needs one query;
// only a session acting under delegation takes the longer path through
// ScopeFor. This is the per-request cost of being signed in, so it is
// measured (docs/performance.md).
func (s *Service) SessionScope(ctx context.Context, tok string) (*Session, *Scope, error) {
	if tok == "" || len(tok) > 100 {
		return nil, nil, apperr.New(apperr.Unauthenticated, "session.none")
	}
	hash := hashToken(tok)
	stmt, err := s.db.Prepared(ctx, s.db.Read, sessionQuery)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	rows, err := stmt.QueryContext(ctx, hash)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	var sess *Session
	sc := &Scope{}
	var disabled bool
	for rows.Next() {
		var created, seen, expires int64
		var role sql.NullString
		cur := Session{hash: hash}
		if err := rows.Scan(&cur.UserID, &cur.OrgID, &cur.MFA, &created, &seen, &expires, &disabled, &sc.UserName, &sc.OrgSlug, &sc.OrgName, &role); err != nil {
			rows.Close()
			return nil, nil, apperr.Wrap(err, "store.query_failed")
		}
		if sess == nil {
			cur.CreatedAt, cur.LastSeen, cur.ExpiresAt = store.Time(created), store.Time(seen), store.Time(expires)
			sess = &cur
		}
		if role.Valid {
			sc.Roles = append(sc.Roles, Role(role.String))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	if sess == nil {
		return nil, nil, apperr.New(apperr.Unauthenticated, "session.none")
	}
	now := s.clk.Now()
	if disabled || !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeen) >= s.cfg.SessionIdle {
		s.db.Write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash) //nolint:errcheck // refused either way
		return nil, nil, apperr.New(apperr.Unauthenticated, "session.expired")
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, store.Millis(now), hash); err != nil {
			return nil, nil, apperr.Wrap(err, "store.tx_failed")
		}
		sess.LastSeen = now
	}
	if len(sc.Roles) == 0 {
		// Not a member: the user may act here under delegation.
		full, err := s.ScopeFor(ctx, sess.UserID, sess.OrgID, sess.MFA)
		if err != nil {
			return nil, nil, err
		}
		return sess, full, nil
	}
	sc.OrgID, sc.UserID, sc.MFA = sess.OrgID, sess.UserID, sess.MFA
	return sess, sc, nil
}

// sessionQuery is the per-request lookup of SessionScope. It is prepared
// once: parsing it took as long as running it.
const sessionQuery = `SELECT s.user_id, s.org_id, s.mfa, s.created_at, s.last_seen_at, s.expires_at,
	u.disabled, u.name, o.slug, o.name, m.role
	FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = s.org_id
	LEFT JOIN memberships m ON m.user_id = s.user_id AND m.org_id = s.org_id
	WHERE s.token_hash = $1`
