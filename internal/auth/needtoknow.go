package auth

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Grant is one entry of a case-like object's need-to-know list.
type Grant struct {
	UserID    string
	UserName  string
	GrantedBy string
	Reason    string
	GrantedAt time.Time
}

// ObjectRef names a case-like object (a report, a screening, a meeting
// item) in the scope's organisation.
type ObjectRef struct {
	Type string
	ID   string
}

// GrantAccess puts a member of the scope's organisation on an object's
// need-to-know list. The capability deciding who may grant calls this after
// its own check; the grant itself is always audited with its reason.
func (s *Service) GrantAccess(ctx context.Context, sc *Scope, obj ObjectRef, userID, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return apperr.FieldErr("reason", "field.required")
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.GrantAccessTx(ctx, tx, sc, obj, userID, reason) })
}

// GrantAccessTx is GrantAccess on the caller's transaction, so that an
// object and its first need-to-know list are written together: a report
// is never stored without the people it was routed to.
func (s *Service) GrantAccessTx(ctx context.Context, tx *sql.Tx, sc *Scope, obj ObjectRef, userID, reason string) error {
	return s.GrantAccessWith(ctx, tx, sc, obj, []string{userID}, reason)
}

// GrantAccessWith puts several members on an object's need-to-know list in
// the caller's transaction and records each grant in the audit log
// together with the caller's own entries for the same change (also), in
// one append: the intake of a report writes the report, its routing and
// all their audit entries at the cost of little more than one entry.
func (s *Service) GrantAccessWith(ctx context.Context, tx *sql.Tx, sc *Scope, obj ObjectRef, userIDs []string, reason string, also ...audit.Entry) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return apperr.FieldErr("reason", "field.required")
	}
	entries := make([]audit.Entry, 0, len(userIDs)+len(also))
	now := store.Millis(s.clk.Now())
	for _, userID := range userIDs {
		// The membership check is part of the insert; only when nothing was
		// inserted is it asked separately, to tell a stranger from a member
		// who is already on the list.
		res, err := s.db.Exec(ctx, tx, `INSERT INTO need_to_know (org_id, object_type, object_id, user_id, granted_by, reason, granted_at)
			SELECT $1, $2, $3, $4, $5, $6, CAST($7 AS BIGINT) FROM memberships WHERE user_id = $4 AND org_id = $1
			ON CONFLICT (org_id, object_type, object_id, user_id) DO NOTHING`,
			sc.OrgID, obj.Type, obj.ID, userID, sc.UserID, reason, now)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, err := res.RowsAffected(); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		} else if n == 0 {
			var members int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND org_id = $2`, userID, sc.OrgID).Scan(&members); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			if members == 0 {
				return apperr.FieldErr("user", "needtoknow.not_member")
			}
		}
		entries = append(entries, s.entry(sc, "needtoknow.grant", obj.Type, obj.ID, accessPurpose(userID, reason)))
	}
	entries = append(entries, also...)
	if len(entries) == 0 {
		return nil
	}
	return s.audit.Record(ctx, tx, entries[0], entries[1:]...)
}

// accessPurpose is the audit purpose of a grant or revocation: whom it is
// about and why, folded to one line of at most audit.MaxPurpose characters.
func accessPurpose(userID, reason string) string {
	p := "user:" + userID
	if r := strings.Join(strings.Fields(reason), " "); r != "" {
		p += " — " + r
	}
	if rs := []rune(p); len(rs) > audit.MaxPurpose {
		p = string(rs[:audit.MaxPurpose-1]) + "…"
	}
	return p
}

// RevokeAccess takes a user off an object's need-to-know list.
func (s *Service) RevokeAccess(ctx context.Context, sc *Scope, obj ObjectRef, userID, reason string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM need_to_know WHERE org_id = $1 AND object_type = $2 AND object_id = $3 AND user_id = $4`,
			sc.OrgID, obj.Type, obj.ID, userID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "needtoknow.not_found")
		}
		return s.record(ctx, tx, sc, "needtoknow.revoke", obj.Type, obj.ID, accessPurpose(userID, reason))
	})
}

// AccessList returns an object's need-to-know list. Reading the list is
// itself audited: it tells who is involved in a case.
func (s *Service) AccessList(ctx context.Context, sc *Scope, obj ObjectRef) ([]Grant, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT n.user_id, u.name, n.granted_by, n.reason, n.granted_at FROM need_to_know n
		JOIN users u ON u.id = n.user_id WHERE n.org_id = $1 AND n.object_type = $2 AND n.object_id = $3 ORDER BY u.name`,
		sc.OrgID, obj.Type, obj.ID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Grant
	for rows.Next() {
		var g Grant
		var at int64
		if err := rows.Scan(&g.UserID, &g.UserName, &g.GrantedBy, &g.Reason, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		g.GrantedAt = store.Time(at)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.record(ctx, tx, sc, "needtoknow.list", obj.Type, obj.ID, "")
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// MayAccess reports whether the scope's user is on the object's
// need-to-know list. Capabilities combine it with a role permission; a user
// who fails it gets NotFound, never a hint that the object exists.
func (s *Service) MayAccess(ctx context.Context, sc *Scope, obj ObjectRef) (bool, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM need_to_know WHERE org_id = $1 AND object_type = $2 AND object_id = $3 AND user_id = $4`,
		sc.OrgID, obj.Type, obj.ID, sc.UserID).Scan(&n)
	if err != nil {
		return false, apperr.Wrap(err, "store.query_failed")
	}
	return n > 0, nil
}
