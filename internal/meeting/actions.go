package meeting

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ItemAction is an action on the programme's action list that an agenda
// item led to.
type ItemAction struct {
	ActionID  string
	Title     string
	OwnerID   string
	OwnerName string
	DueDate   string
}

// ActionInput creates an action from an agenda item.
type ActionInput struct {
	Title   string
	OwnerID string
	DueDate string
}

// CreateAction puts an action on the programme's action list for an
// agenda item, with owner and due date, and links it to the item.
func (s *Store) CreateAction(ctx context.Context, sc *auth.Scope, meetingID, itemID string, in ActionInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	m, err := s.Meeting(ctx, sc, meetingID)
	if err != nil {
		return "", err
	}
	if _, err := s.Item(ctx, sc, meetingID, itemID); err != nil {
		return "", err
	}
	var errs apperr.List
	title, e := checkText("loo_action_title", in.Title, true, 200)
	if e != nil {
		errs = append(errs, e)
	}
	due, e := parseDay("loo_due", in.DueDate)
	if e != nil {
		errs = append(errs, e)
	}
	if in.OwnerID == "" {
		errs = append(errs, apperr.FieldErr("loo_owner", "field.required"))
	}
	if len(errs) > 0 {
		return "", errs
	}
	if s.actions == nil {
		return "", apperr.List{apperr.FieldErr("loo_action_title", "loo.actions_unavailable")}
	}
	id, err := s.actions.CreateAction(ctx, sc, NewAction{Title: title, OwnerID: in.OwnerID, DueDate: due,
		SourceType: "meeting", SourceID: itemID, SourceLabel: m.HeldOn})
	if err != nil {
		// The action list names its own fields; show them on this form.
		if list, ok := err.(apperr.List); ok {
			rename := map[string]string{"title": "loo_action_title", "owner": "loo_owner", "due_date": "loo_due"}
			for _, fe := range list {
				if f, ok := rename[fe.Field]; ok {
					fe.Field = f
				}
			}
		}
		return "", err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_item_actions (item_id, org_id, action_id, title, owner_id, due_date, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, itemID, sc.OrgID, id, title, in.OwnerID, due, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".item.action", ObjItem, itemID, "action:"+id)
	})
	return id, err
}

// itemActions returns the actions of a meeting's items (of one item when
// itemID is set), by item.
func (s *Store) itemActions(ctx context.Context, sc *auth.Scope, meetingID, itemID string) (map[string][]ItemAction, error) {
	q := `SELECT a.item_id, a.action_id, a.title, a.owner_id, COALESCE(u.name, ''), a.due_date FROM meeting_item_actions a
		JOIN meeting_items i ON i.id = a.item_id LEFT JOIN users u ON u.id = a.owner_id
		WHERE a.org_id = $1 AND i.meeting_id = $2`
	args := []any{sc.OrgID, meetingID}
	if itemID != "" {
		q += ` AND a.item_id = $3`
		args = append(args, itemID)
	}
	rows, err := s.db.Read.QueryContext(ctx, q+` ORDER BY a.due_date, a.created_at`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	out := map[string][]ItemAction{}
	for rows.Next() {
		var item string
		var a ItemAction
		if err := rows.Scan(&item, &a.ActionID, &a.Title, &a.OwnerID, &a.OwnerName, &a.DueDate); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out[item] = append(out[item], a)
	}
	return out, rows.Err()
}
