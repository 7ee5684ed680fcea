package auth

import (
	"context"
	"database/sql"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth/password"
	"github.com/weerbaar/weerbaar/internal/store"
)

// User is an account. A user belongs to one or more organisations with
// roles (memberships).
type User struct {
	ID          string
	Email       string
	Name        string
	TOTPEnabled bool
	Disabled    bool
	LockedUntil time.Time
	CreatedAt   time.Time
	// Roles in the organisation the user was read for.
	Roles []Role
}

// NewUser is the input for creating an account in an organisation.
type NewUser struct {
	Email    string
	Name     string
	Password string // empty for accounts that only sign in through OIDC
	Roles    []Role
}

func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validate checks a new user's fields and returns every problem at once.
func (n *NewUser) validate() error {
	var errs apperr.List
	n.Email = normaliseEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
		errs = append(errs, apperr.FieldErr("email", "user.email_invalid"))
	}
	if n.Name == "" {
		errs = append(errs, apperr.FieldErr("name", "field.required"))
	}
	if len(n.Roles) == 0 {
		errs = append(errs, apperr.FieldErr("roles", "user.role_required"))
	}
	if n.Password != "" {
		if err := password.Check(n.Password, n.Email, n.Name); err != nil {
			errs = append(errs, apperr.As(err))
		}
	}
	return errs.Err()
}

// CreateUser adds an account with roles in the scope's organisation. The
// actor needs users.manage, or the scope is an operator's (CLI, demo).
func (s *Service) CreateUser(ctx context.Context, sc *Scope, n NewUser) (*User, error) {
	if err := s.requireManage(sc); err != nil {
		return nil, err
	}
	if err := n.validate(); err != nil {
		return nil, err
	}
	hash := ""
	if n.Password != "" {
		h, err := password.Hash(n.Password)
		if err != nil {
			return nil, apperr.Wrap(err, "error.internal")
		}
		hash = h
	}
	now := s.clk.Now()
	u := &User{ID: store.NewID(), Email: n.Email, Name: n.Name, CreatedAt: now, Roles: n.Roles}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var existing string
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, n.Email).Scan(&existing)
		switch {
		case err == nil:
			// The account exists (for example in another organisation of a
			// region): add the membership, never a second account, and
			// never change its password on the way.
			// Only an operator links an existing account to another
			// organisation: an account is shared between organisations only
			// deliberately, never by a beheerder typing an address.
			if !sc.Operator() {
				return apperr.FieldErr("email", "user.email_taken")
			}
			if n.Password != "" {
				return apperr.FieldErr("password", "user.exists_leave_password_empty")
			}
			u.ID = existing
		case err == sql.ErrNoRows:
			_, err = tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				u.ID, u.Email, u.Name, hash, store.Millis(now), store.Millis(now))
			if err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		default:
			return apperr.Wrap(err, "store.query_failed")
		}
		if err := s.setRoles(ctx, tx, u.ID, sc.OrgID, n.Roles, "local"); err != nil {
			return err
		}
		return s.record(ctx, tx, sc, "user.create", "user", u.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// requireOwnAccount refuses account-wide changes (password, second factor,
// disabling) by a beheerder when the account also belongs to another
// organisation: those changes would reach into that organisation, so only
// an operator may make them.
func (s *Service) requireOwnAccount(ctx context.Context, sc *Scope, userID string) error {
	if sc.Operator() {
		return nil
	}
	var others int
	err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND org_id <> $2`, userID, sc.OrgID).Scan(&others)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	if others > 0 {
		return apperr.New(apperr.Conflict, "user.shared_account")
	}
	return nil
}

func (s *Service) requireManage(sc *Scope) error {
	if sc.Allows(UsersManage) {
		return nil
	}
	return apperr.New(apperr.Forbidden, "error.forbidden")
}

// setRoles replaces the user's roles in org that came from source.
func (s *Service) setRoles(ctx context.Context, q store.Querier, userID, orgID string, roles []Role, source string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND org_id = $2 AND source = $3`, userID, orgID, source); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	seen := map[Role]bool{}
	for _, r := range roles {
		if _, ok := ParseRole(string(r)); !ok {
			return apperr.FieldErr("roles", "user.role_unknown", string(r))
		}
		if seen[r] {
			continue
		}
		seen[r] = true
		_, err := q.ExecContext(ctx, `INSERT INTO memberships (user_id, org_id, role, source, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (user_id, org_id, role) DO NOTHING`, userID, orgID, string(r), source, store.Millis(s.clk.Now()))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
	}
	return nil
}

// SetRoles replaces a member's roles in the scope's organisation.
func (s *Service) SetRoles(ctx context.Context, sc *Scope, userID string, roles []Role) error {
	if err := s.requireManage(sc); err != nil {
		return err
	}
	if len(roles) == 0 {
		return apperr.FieldErr("roles", "user.role_required")
	}
	if _, err := s.User(ctx, sc, userID); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.setRoles(ctx, tx, userID, sc.OrgID, roles, "local"); err != nil {
			return err
		}
		return s.record(ctx, tx, sc, "user.roles", "user", userID, "")
	})
}

const userColumns = `u.id, u.email, u.name, u.totp_enabled, u.disabled, u.locked_until, u.created_at`

// Users lists the members of the scope's organisation with their roles.
func (s *Service) Users(ctx context.Context, sc *Scope) ([]User, error) {
	if err := s.requireManage(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+userColumns+`, m.role FROM users u
		JOIN memberships m ON m.user_id = u.id WHERE m.org_id = $1 ORDER BY u.name, u.id, m.role`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var role string
		var locked, created int64
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.TOTPEnabled, &u.Disabled, &locked, &created, &role); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if n := len(out); n > 0 && out[n-1].ID == u.ID {
			out[n-1].Roles = append(out[n-1].Roles, Role(role))
			continue
		}
		u.LockedUntil, u.CreatedAt, u.Roles = store.Time(locked), store.Time(created), []Role{Role(role)}
		out = append(out, u)
	}
	return out, rows.Err()
}

// User returns one member of the scope's organisation. A user who is not a
// member is reported as not found, so that existence does not leak across
// organisations.
func (s *Service) User(ctx context.Context, sc *Scope, id string) (*User, error) {
	if err := s.requireManage(sc); err != nil {
		return nil, err
	}
	users, err := s.Users(ctx, sc)
	if err != nil {
		return nil, err
	}
	for i := range users {
		if users[i].ID == id {
			return &users[i], nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "user.not_found")
}

// UserByEmail finds a member of the scope's organisation by e-mail address.
func (s *Service) UserByEmail(ctx context.Context, sc *Scope, email string) (*User, error) {
	users, err := s.Users(ctx, sc)
	if err != nil {
		return nil, err
	}
	email = normaliseEmail(email)
	for i := range users {
		if users[i].Email == email {
			return &users[i], nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "user.not_found")
}

// ResetPassword sets a new password, clears the lock-out and ends the
// user's sessions.
func (s *Service) ResetPassword(ctx context.Context, sc *Scope, userID, pw string) error {
	u, err := s.User(ctx, sc, userID)
	if err != nil {
		return err
	}
	if err := s.requireOwnAccount(ctx, sc, userID); err != nil {
		return err
	}
	if err := password.Check(pw, u.Email, u.Name); err != nil {
		return err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return apperr.Wrap(err, "error.internal")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = 0, password_changed_at = $2 WHERE id = $3`,
			hash, store.Millis(s.clk.Now()), userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, "user.reset_password", "user", userID, "")
	})
}

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions and revokes its API tokens at once.
func (s *Service) SetDisabled(ctx context.Context, sc *Scope, userID string, disabled bool) error {
	if _, err := s.User(ctx, sc, userID); err != nil {
		return err
	}
	if disabled && userID == sc.UserID {
		return apperr.New(apperr.Conflict, "user.cannot_disable_self")
	}
	if err := s.requireOwnAccount(ctx, sc, userID); err != nil {
		return err
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at = 0`, store.Millis(s.clk.Now()), userID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.record(ctx, tx, sc, action, "user", userID, "")
	})
}

// Memberships returns the organisations a user belongs to with the roles
// held in each, plus the organisations that delegated capabilities to them.
func (s *Service) Memberships(ctx context.Context, userID string) ([]Membership, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT o.id, o.slug, o.name, m.role FROM memberships m
		JOIN organisations o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.name, m.role`, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		var role string
		if err := rows.Scan(&m.OrgID, &m.OrgSlug, &m.OrgName, &role); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if n := len(out); n > 0 && out[n-1].OrgID == m.OrgID {
			out[n-1].Roles = append(out[n-1].Roles, Role(role))
			continue
		}
		m.Roles = []Role{Role(role)}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	dels, err := s.activeDelegationsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, d := range dels {
		i := slices.IndexFunc(out, func(m Membership) bool { return m.OrgID == d.OrgID })
		if i >= 0 && out[i].Delegated == nil {
			continue // a member acts as member, not under delegation
		}
		if i < 0 {
			o, err := s.Organisation(ctx, d.OrgID)
			if err != nil {
				return nil, err
			}
			out = append(out, Membership{OrgID: o.ID, OrgSlug: o.Slug, OrgName: o.Name, Roles: []Role{Regional}, Delegated: []string{}})
			i = len(out) - 1
		}
		out[i].Delegated = append(out[i].Delegated, d.Capability)
	}
	return out, nil
}

// Membership is a user's place in one organisation.
type Membership struct {
	OrgID, OrgSlug, OrgName string
	Roles                   []Role
	// Delegated is non-nil when the user works here under delegation.
	Delegated []string
}

// ViewUser returns one member for a beheerder's detail page and records
// the read twice: in the audit log (who looked) and in the processing log
// (that the processing activity "gebruikersbeheer" touched this person,
// without saying who looked), linked by one span id.
func (s *Service) ViewUser(ctx context.Context, sc *Scope, id string) (*User, error) {
	u, err := s.User(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	e := audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName, Action: "user.view", ObjectType: "user", ObjectID: id, Result: "ok", RequestID: sc.RequestID}
	p := audit.Processing{TraceID: audit.NewTraceID(), OrgID: sc.OrgID, Activity: "gebruikersbeheer",
		DataSubjectRef: audit.SubjectRef(s.vault.SubjectKey(sc.OrgID), "user", id), Status: audit.StatusOK}
	if err := s.audit.RecordProcessing(ctx, s.db.Write, e, p); err != nil {
		return nil, err
	}
	return u, nil
}
