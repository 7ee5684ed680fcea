package people

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Access is the need-to-know policy of package auth as the side-job and
// gift registers need it; internal/app wires *auth.Service in.
type Access interface {
	MayAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) (bool, error)
	GrantAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	RevokeAccess(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef, userID, reason string) error
	AccessList(ctx context.Context, sc *auth.Scope, obj auth.ObjectRef) ([]auth.Grant, error)
}

// SetAccess connects the need-to-know lists.
func (s *Store) SetAccess(a Access) { s.access = a }

// Object types of the registers on need-to-know lists and in the audit log.
const (
	ObjSideJob = "side_job"
	ObjGift    = "gift"
)

// mayView decides whether the scope sees one side-job or gift record:
// HR managers always; for a record the organisation marked need-to-know
// only the people on its list; otherwise those who see all teams (the
// coordinator). A teamleider sees no side jobs or gifts unless put on a
// record's list.
func (s *Store) mayView(ctx context.Context, sc *auth.Scope, ts TeamScope, objType, id string, needToKnow bool) (bool, error) {
	if sc.Can(auth.PeopleManage) {
		return true, nil
	}
	if !needToKnow && ts.All {
		return true, nil
	}
	if s.access == nil {
		return false, nil
	}
	return s.access.MayAccess(ctx, sc, auth.ObjectRef{Type: objType, ID: id})
}

// detailScope is the team scope for opening one side-job or gift record.
// Someone without people.read (a vertrouwenspersoon, the burgemeester)
// can still open a record when HR put them on its need-to-know list, so
// they get an empty team scope rather than a refusal.
func (s *Store) detailScope(ctx context.Context, sc *auth.Scope) (TeamScope, error) {
	if !sc.Allows(auth.PeopleRead) {
		return TeamScope{}, nil
	}
	return s.TeamScope(ctx, sc)
}

// recordRead audits a read of sealed content, in its own transaction.
func (s *Store) recordRead(ctx context.Context, sc *auth.Scope, objType, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
			Action: area + "." + objType + ".read", ObjectType: objType, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
	})
}

// recordExists reports whether the organisation has a side-job or gift
// record with the id.
func (s *Store) recordExists(ctx context.Context, sc *auth.Scope, objType, id string) error {
	table := map[string]string{ObjSideJob: "side_jobs", ObjGift: "gifts"}[objType]
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&n); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "integrity.not_found")
	}
	return nil
}

// GrantRecord puts a member of the organisation on the need-to-know list
// of a side-job or gift record (HR); the grant is audited by auth.
func (s *Store) GrantRecord(ctx context.Context, sc *auth.Scope, objType, id, userID, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if err := s.recordExists(ctx, sc, objType, id); err != nil {
		return err
	}
	if strings.TrimSpace(userID) == "" {
		return apperr.List{apperr.FieldErr("access_user", "field.required")}
	}
	if s.access == nil {
		return apperr.New(apperr.Internal, "integrity.no_access_policy")
	}
	err := s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: objType, ID: id}, userID, reason)
	if fe, ok := asFieldErr(err); ok && fe.Field == "user" {
		return apperr.List{apperr.FieldErr("access_user", fe.Key, fe.Args...)}
	}
	return err
}

// RecordAccessList returns the need-to-know list of a record (HR).
func (s *Store) RecordAccessList(ctx context.Context, sc *auth.Scope, objType, id string) ([]auth.Grant, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	if err := s.recordExists(ctx, sc, objType, id); err != nil {
		return nil, err
	}
	if s.access == nil {
		return nil, nil
	}
	return s.access.AccessList(ctx, sc, auth.ObjectRef{Type: objType, ID: id})
}

// Member is a user of the organisation HR can put on a need-to-know list.
type Member struct {
	ID, Name string
}

// members lists the organisation's users for the need-to-know form (HR
// only; nil for anyone else).
func (s *Store) members(r *http.Request) ([]Member, error) {
	sc := web.ScopeOf(r)
	if !sc.Can(auth.PeopleManage) {
		return nil, nil
	}
	rows, err := s.db.Read.QueryContext(r.Context(), `SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 ORDER BY u.name`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// RevokeRecord takes a user off the need-to-know list of a side-job or
// gift record (HR); auth audits the revocation.
func (s *Store) RevokeRecord(ctx context.Context, sc *auth.Scope, objType, id, userID string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if err := s.recordExists(ctx, sc, objType, id); err != nil {
		return err
	}
	if strings.TrimSpace(userID) == "" {
		return apperr.List{apperr.FieldErr("access_user", "field.required")}
	}
	if s.access == nil {
		return apperr.New(apperr.Internal, "integrity.no_access_policy")
	}
	return s.access.RevokeAccess(ctx, sc, auth.ObjectRef{Type: objType, ID: id}, userID, "")
}

// recordMeta is what listRecords needs to know of a register row.
type recordMeta struct {
	id         string
	personKind string
	needToKnow bool
}

// listRecords reads the rows of a register list (side jobs, gifts) of the
// scope's organisation, keeps those of people the registers count (staff,
// and college and council members where the organisation includes them)
// and then those the scope may view, need-to-know lists included. The
// rows are read in full before the need-to-know checks query again.
func listRecords[T any](ctx context.Context, s *Store, sc *auth.Scope, ts TeamScope, st Settings, objType, query string,
	scan func(*sql.Rows, *T) (recordMeta, error)) ([]T, error) {
	rows, err := s.db.Read.QueryContext(ctx, query, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var all []T
	var metas []recordMeta
	for rows.Next() {
		var x T
		m, err := scan(rows, &x)
		if err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if m.personKind == "staff" || st.IncludeCouncil {
			all, metas = append(all, x), append(metas, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []T
	for i, x := range all {
		ok, err := s.mayView(ctx, sc, ts, objType, metas[i].id, metas[i].needToKnow)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, x)
		}
	}
	return out, nil
}

// accessPanel is what a record's detail page shows HR about access: the
// need-to-know list of a marked record, and the members who can be added
// to it.
func (s *Store) accessPanel(r *http.Request, objType, id string, needToKnow bool) ([]auth.Grant, []Member, error) {
	sc := web.ScopeOf(r)
	var grants []auth.Grant
	if sc.Can(auth.PeopleManage) && needToKnow {
		var err error
		if grants, err = s.RecordAccessList(r.Context(), sc, objType, id); err != nil {
			return nil, nil, err
		}
	}
	members, err := s.members(r)
	if err != nil {
		return nil, nil, err
	}
	return grants, members, nil
}
