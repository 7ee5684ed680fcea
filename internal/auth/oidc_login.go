package auth

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth/oidc"
	"github.com/weerbaar/weerbaar/internal/store"
)

// LoginOIDC signs in a user whom the municipality's identity provider
// vouched for. The account is found by issuer and subject (never by e-mail
// alone, which an identity provider may let users change) or created; its
// OIDC-sourced roles are replaced by those the group claims map to at every
// sign-in, so that leaving a group at the provider removes the role here.
// Roles granted locally by a beheerder are kept.
func (s *Service) LoginOIDC(ctx context.Context, id *oidc.Identity, grants []oidc.Grant) (userID string, err error) {
	if id == nil || id.Subject == "" {
		return "", apperr.New(apperr.Unauthenticated, "login.oidc_failed")
	}
	byOrg := map[string][]Role{}
	for _, g := range grants {
		r, ok := ParseRole(g.Role)
		if !ok {
			continue
		}
		o, err := s.OrganisationBySlug(ctx, g.OrgSlug)
		if err != nil {
			continue
		}
		byOrg[o.ID] = append(byOrg[o.ID], r)
	}
	now := s.clk.Now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var disabled bool
		err := tx.QueryRowContext(ctx, `SELECT id, disabled FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2`, id.Issuer, id.Subject).Scan(&userID, &disabled)
		switch {
		case err == sql.ErrNoRows:
			if len(byOrg) == 0 {
				return apperr.New(apperr.Forbidden, "login.no_organisation")
			}
			email := normaliseEmail(id.Email)
			if email == "" {
				email = id.Subject + "@oidc.invalid"
			}
			userID = store.NewID()
			_, err = tx.ExecContext(ctx, `INSERT INTO users (id, email, name, oidc_issuer, oidc_subject, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				userID, email, nameOr(id.Name, email), id.Issuer, id.Subject, store.Millis(now))
			if store.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "login.oidc_email_taken")
			}
			if err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		case err != nil:
			return apperr.Wrap(err, "store.query_failed")
		case disabled:
			return apperr.New(apperr.Unauthenticated, "login.disabled")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND source = 'oidc'`, userID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		for orgID, roles := range byOrg {
			if err := s.setRoles(ctx, tx, userID, orgID, roles, "oidc"); err != nil {
				return err
			}
		}
		return s.recordUser(ctx, tx, userID, "login.oidc", "ok")
	})
	return userID, err
}

func nameOr(name, fallback string) string {
	if name != "" {
		return name
	}
	return fallback
}
