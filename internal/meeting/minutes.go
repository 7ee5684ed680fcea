package meeting

import (
	"context"
	"database/sql"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Minutes is what a viewer gets of a meeting's minutes: the text only when
// on the need-to-know list; otherwise Shielded, and the agenda and
// decisions stay visible.
type Minutes struct {
	Shielded bool
	Text     string
}

// MayReadMinutes reports whether the scope's user is on the meeting's
// need-to-know list: its planner always, others when granted.
func (s *Store) MayReadMinutes(ctx context.Context, sc *auth.Scope, m *Meeting) (bool, error) {
	if sc.UserID != "" && m.CreatedBy == sc.UserID {
		return true, nil
	}
	if s.access == nil {
		return false, nil
	}
	return s.access.MayAccess(ctx, sc, auth.ObjectRef{Type: ObjMeeting, ID: m.ID})
}

// ReadMinutes opens the minutes of a meeting for a user on its list, and
// audits every such read; anyone else gets Shielded and no text.
func (s *Store) ReadMinutes(ctx context.Context, sc *auth.Scope, meetingID string) (Minutes, error) {
	m, err := s.Meeting(ctx, sc, meetingID)
	if err != nil {
		return Minutes{}, err
	}
	ok, err := s.MayReadMinutes(ctx, sc, m)
	if err != nil {
		return Minutes{}, err
	}
	if !ok {
		return Minutes{Shielded: true}, nil
	}
	var keyID string
	var sealed []byte
	if err := s.db.Read.QueryRowContext(ctx, `SELECT key_id, minutes FROM meetings WHERE org_id = $1 AND id = $2`, sc.OrgID, meetingID).Scan(&keyID, &sealed); err != nil {
		return Minutes{}, apperr.Wrap(err, "store.query_failed")
	}
	var out Minutes
	if sealed != nil {
		if out.Text, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, sealed, aad("meetings", meetingID, "minutes")); err != nil {
			return Minutes{}, err
		}
	}
	if err := s.recordAlone(ctx, sc, area+".minutes.read", ObjMeeting, meetingID, ""); err != nil {
		return Minutes{}, err
	}
	return out, nil
}

// SaveMinutes replaces a meeting's minutes (meeting.manage and on the
// list); the text is sealed with the meeting's key.
func (s *Store) SaveMinutes(ctx context.Context, sc *auth.Scope, meetingID, text string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if err := s.onList(ctx, sc, meetingID); err != nil {
		return err
	}
	text, e := checkText("loo_minutes", text, true, 50000)
	if e != nil {
		return apperr.List{e}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.meetingKey(ctx, tx, sc, meetingID)
		if err != nil {
			return err
		}
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, text, aad("meetings", meetingID, "minutes"))
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET minutes = $1, minutes_at = $2, updated_at = $2 WHERE org_id = $3 AND id = $4`,
			sealed, now, sc.OrgID, meetingID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".minutes.save", ObjMeeting, meetingID, "")
	})
}

// onList refuses a user who is not on the meeting's need-to-know list:
// the minutes and their list do not exist for them (NotFound), although
// the meeting does.
func (s *Store) onList(ctx context.Context, sc *auth.Scope, meetingID string) error {
	m, err := s.Meeting(ctx, sc, meetingID)
	if err != nil {
		return err
	}
	ok, err := s.MayReadMinutes(ctx, sc, m)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.NotFound, "loo.minutes_shielded")
	}
	return nil
}

// AccessList returns the need-to-know list of a meeting's minutes, for a
// user on it; auth audits the read of the list.
func (s *Store) AccessList(ctx context.Context, sc *auth.Scope, meetingID string) ([]auth.Grant, error) {
	if err := s.onList(ctx, sc, meetingID); err != nil {
		return nil, err
	}
	if s.access == nil {
		return nil, nil
	}
	return s.access.AccessList(ctx, sc, auth.ObjectRef{Type: ObjMeeting, ID: meetingID})
}

// Grant puts a member on the minutes' need-to-know list, with a reason;
// only a user on the list may.
func (s *Store) Grant(ctx context.Context, sc *auth.Scope, meetingID, userID, reason string) error {
	if err := s.onList(ctx, sc, meetingID); err != nil {
		return err
	}
	var errs apperr.List
	if strings.TrimSpace(userID) == "" {
		errs = append(errs, apperr.FieldErr("access_user", "field.required"))
	}
	if strings.TrimSpace(reason) == "" {
		errs = append(errs, apperr.FieldErr("reason", "field.required"))
	}
	if len(errs) > 0 {
		return errs
	}
	if s.access == nil {
		return apperr.New(apperr.Internal, "loo.no_access_policy")
	}
	err := s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: ObjMeeting, ID: meetingID}, userID, reason)
	if fe := apperr.As(err); err != nil && fe != nil && fe.Field == "user" {
		return apperr.List{apperr.FieldErr("access_user", fe.Key, fe.Args...)}
	}
	return err
}

// Revoke takes a user off the minutes' need-to-know list, with a reason.
func (s *Store) Revoke(ctx context.Context, sc *auth.Scope, meetingID, userID, reason string) error {
	if err := s.onList(ctx, sc, meetingID); err != nil {
		return err
	}
	var errs apperr.List
	if strings.TrimSpace(userID) == "" {
		errs = append(errs, apperr.FieldErr("access_user", "field.required"))
	}
	if strings.TrimSpace(reason) == "" {
		errs = append(errs, apperr.FieldErr("revoke_reason", "field.required"))
	}
	if len(errs) > 0 {
		return errs
	}
	if s.access == nil {
		return apperr.New(apperr.Internal, "loo.no_access_policy")
	}
	return s.access.RevokeAccess(ctx, sc, auth.ObjectRef{Type: ObjMeeting, ID: meetingID}, userID, reason)
}
