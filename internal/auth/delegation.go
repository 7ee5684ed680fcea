package auth

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Delegation lends one capability of an organisation to a regional user
// (RIEC, a regional Bibob team) until a date. It is the only way to act in
// an organisation one is not a member of.
type Delegation struct {
	ID         string
	OrgID      string
	UserID     string
	UserName   string
	UserEmail  string
	Capability string
	ValidUntil string // YYYY-MM-DD, inclusive
	Reason     string
	CreatedAt  time.Time
	Revoked    bool
}

// Delegate grants a regional user a capability of the scope's
// organisation until validUntil (inclusive). The grantee must hold the
// regional role in some organisation.
func (s *Service) Delegate(ctx context.Context, sc *Scope, email, capability, validUntil, reason string) (*Delegation, error) {
	if !sc.Can(DelegationManage) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var errs apperr.List
	if !slices.Contains(Delegable, capability) {
		errs = append(errs, apperr.FieldErr("capability", "delegation.capability_unknown"))
	}
	until, err := time.Parse(time.DateOnly, strings.TrimSpace(validUntil))
	today := s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly)
	switch {
	case err != nil:
		errs = append(errs, apperr.FieldErr("valid_until", "field.date_invalid"))
	case until.Format(time.DateOnly) < today:
		errs = append(errs, apperr.FieldErr("valid_until", "delegation.in_past"))
	case until.After(s.clk.Now().AddDate(2, 0, 0)):
		errs = append(errs, apperr.FieldErr("valid_until", "delegation.too_long"))
	}
	if strings.TrimSpace(reason) == "" {
		errs = append(errs, apperr.FieldErr("reason", "field.required"))
	}
	var userID, userName string
	err = s.db.Read.QueryRowContext(ctx, `SELECT u.id, u.name FROM users u WHERE u.email = $1 AND u.disabled = FALSE
		AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = $2)`, normaliseEmail(email), string(Regional)).Scan(&userID, &userName)
	if err != nil {
		errs = append(errs, apperr.FieldErr("email", "delegation.no_regional_user"))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	d := &Delegation{ID: store.NewID(), OrgID: sc.OrgID, UserID: userID, UserName: userName, Capability: capability,
		ValidUntil: until.Format(time.DateOnly), Reason: strings.TrimSpace(reason), CreatedAt: s.clk.Now()}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO delegations (id, org_id, user_id, capability, valid_until, reason, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, d.ID, d.OrgID, d.UserID, d.Capability, d.ValidUntil, d.Reason, sc.UserID, store.Millis(d.CreatedAt))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, "delegation.grant", "delegation", d.ID, d.Capability)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// RevokeDelegation ends a delegation at once.
func (s *Service) RevokeDelegation(ctx context.Context, sc *Scope, id string) error {
	if !sc.Can(DelegationManage) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE delegations SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at = 0`,
			store.Millis(s.clk.Now()), id, sc.OrgID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "delegation.not_found")
		}
		return s.record(ctx, tx, sc, "delegation.revoke", "delegation", id, "")
	})
}

// Delegations lists the delegations the scope's organisation granted.
func (s *Service) Delegations(ctx context.Context, sc *Scope) ([]Delegation, error) {
	if !sc.Can(DelegationManage) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT d.id, d.org_id, d.user_id, u.name, u.email, d.capability, d.valid_until, d.reason, d.created_at, d.revoked_at
		FROM delegations d JOIN users u ON u.id = d.user_id WHERE d.org_id = $1 ORDER BY d.created_at DESC`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Delegation
	for rows.Next() {
		var d Delegation
		var created, revoked int64
		if err := rows.Scan(&d.ID, &d.OrgID, &d.UserID, &d.UserName, &d.UserEmail, &d.Capability, &d.ValidUntil, &d.Reason, &created, &revoked); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		d.CreatedAt, d.Revoked = store.Time(created), revoked != 0
		out = append(out, d)
	}
	return out, rows.Err()
}

// delegatedCapabilities returns the capabilities orgID currently lends to
// the user.
func (s *Service) delegatedCapabilities(ctx context.Context, userID, orgID string) ([]string, error) {
	today := s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT capability FROM delegations
		WHERE user_id = $1 AND org_id = $2 AND revoked_at = 0 AND valid_until >= $3 ORDER BY capability`, userID, orgID, today)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	caps := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		caps = append(caps, c)
	}
	return caps, rows.Err()
}

func (s *Service) activeDelegationsOf(ctx context.Context, userID string) ([]Delegation, error) {
	today := s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT org_id, capability FROM delegations
		WHERE user_id = $1 AND revoked_at = 0 AND valid_until >= $2 ORDER BY org_id, capability`, userID, today)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Delegation
	for rows.Next() {
		var d Delegation
		if err := rows.Scan(&d.OrgID, &d.Capability); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
