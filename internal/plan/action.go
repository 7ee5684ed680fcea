// Package plan is the programme: its action list and its goals. The action
// list is the shared to-do of the whole resilience approach: every module
// that finds something to do (a scan gap, an open control, a duty finding,
// an audit remark) creates an action here through the Creator interface, so
// that nothing found is left without an owner and a date; long-overdue
// actions are escalated to the gemeentesecretaris. Goals carry a target per
// year on an indicator, computed from the other modules' data through the
// Measurer interface or entered by hand with a source, with a history.
package plan

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Status is where an action stands.
type Status string

// The statuses. Done and cancelled actions are closed.
const (
	Open       Status = "open"
	InProgress Status = "in_progress"
	Done       Status = "done"
	Cancelled  Status = "cancelled"
)

// Statuses lists the statuses in their natural order.
var Statuses = []Status{Open, InProgress, Done, Cancelled}

// Closed reports whether the status ends the action.
func (s Status) Closed() bool { return s == Done || s == Cancelled }

func (s Status) valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Source tells where an action came from.
type Source struct {
	Type  string // "manual", "scan", "process", "report", "audit", …
	ID    string
	Label string // a short, content-free description, e.g. "Scan 2026"
}

// Action is one item of the action list.
type Action struct {
	ID          string
	OrgID       string
	Title       string
	Description string
	OwnerID     string
	OwnerName   string
	DueDate     string // YYYY-MM-DD
	Status      Status
	Source      Source
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DoneAt      time.Time
	// Overdue is computed against the store's clock when the action is read.
	Overdue bool
	// TeamID names the team the action is for ('' when none).
	TeamID   string
	TeamName string
	// EscalatedAt is when the action was escalated to the
	// gemeentesecretaris for being long overdue (zero: never).
	EscalatedAt time.Time
}

// NewAction is the input for creating an action.
type NewAction struct {
	Title       string
	Description string
	OwnerID     string
	DueDate     string
	Source      Source
	TeamID      string // optional
}

// Creator is what other modules use to put work on the list. The consumer
// owns this small interface; cmd/weerbaar wires the Store in.
type Creator interface {
	Create(ctx context.Context, sc *auth.Scope, n NewAction) (*Action, error)
}

// Store keeps actions.
type Store struct {
	db    *store.DB
	clk   clock.Clock
	audit *audit.Log
	// measurers provide the computed indicators of other modules.
	measurers []Measurer
}

// NewStore returns a Store.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log) *Store {
	return &Store{db: db, clk: clk, audit: a}
}

func (s *Store) today() string { return s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly) }

const maxTitle = 200

// validate checks a new action and returns every problem at once.
func (s *Store) validate(ctx context.Context, sc *auth.Scope, n *NewAction) error {
	var errs apperr.List
	n.Title = strings.TrimSpace(n.Title)
	n.Description = strings.TrimSpace(n.Description)
	switch {
	case n.Title == "":
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	case len([]rune(n.Title)) > maxTitle:
		errs = append(errs, apperr.FieldErr("title", "action.title_too_long", maxTitle))
	}
	if len([]rune(n.Description)) > 4000 {
		errs = append(errs, apperr.FieldErr("description", "action.description_too_long", 4000))
	}
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(n.DueDate)); err != nil {
		errs = append(errs, apperr.FieldErr("due_date", "field.date_invalid"))
	} else {
		n.DueDate = d.Format(time.DateOnly)
	}
	if n.OwnerID == "" {
		n.OwnerID = sc.UserID
	}
	if n.OwnerID != sc.UserID && !sc.Can(auth.ActionsManage) {
		errs = append(errs, apperr.FieldErr("owner", "action.owner_not_allowed"))
	} else if ok, err := s.isMember(ctx, sc.OrgID, n.OwnerID); err != nil {
		return err
	} else if !ok {
		errs = append(errs, apperr.FieldErr("owner", "action.owner_unknown"))
	}
	if n.Source.Type == "" {
		n.Source.Type = "manual"
	}
	if n.TeamID != "" {
		var k int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE id = $1 AND org_id = $2`, n.TeamID, sc.OrgID).Scan(&k); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if k == 0 {
			errs = append(errs, apperr.FieldErr("team", "goals.err.team"))
		}
	}
	return errs.Err()
}

func (s *Store) isMember(ctx context.Context, orgID, userID string) (bool, error) {
	var n int
	// Members own actions, and so do regional users to whom the
	// organisation lent its action list.
	err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u WHERE u.id = $2 AND u.disabled = FALSE AND (
		EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = $1 AND m.user_id = u.id)
		OR EXISTS (SELECT 1 FROM delegations d WHERE d.org_id = $1 AND d.user_id = u.id AND d.capability = 'actions'
			AND d.revoked_at = 0 AND d.valid_until >= $3))`, orgID, userID, s.today()).Scan(&n)
	if err != nil {
		return false, apperr.Wrap(err, "store.query_failed")
	}
	return n > 0, nil
}

// Create adds an action in the scope's organisation. Anyone with
// actions.own may create one for themselves; assigning to someone else needs
// actions.manage.
func (s *Store) Create(ctx context.Context, sc *auth.Scope, n NewAction) (*Action, error) {
	if !sc.Allows(auth.ActionsOwn) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if err := s.validate(ctx, sc, &n); err != nil {
		return nil, err
	}
	now := s.clk.Now()
	a := &Action{ID: store.NewID(), OrgID: sc.OrgID, Title: n.Title, Description: n.Description, OwnerID: n.OwnerID,
		DueDate: n.DueDate, Status: Open, Source: n.Source, CreatedAt: now, UpdatedAt: now, TeamID: n.TeamID}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO actions (id, org_id, title, description, owner_id, due_date, status, source_type, source_id, source_label, created_by, created_at, updated_at, team_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			a.ID, a.OrgID, a.Title, a.Description, a.OwnerID, a.DueDate, string(a.Status), a.Source.Type, a.Source.ID, a.Source.Label,
			sc.UserID, store.Millis(now), store.Millis(now), a.TeamID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, "action.create", a.ID)
	})
	if err != nil {
		return nil, err
	}
	a.Overdue = a.DueDate < s.today()
	return a, nil
}

func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, id string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: "action", ObjectID: id, Result: "ok", RequestID: sc.RequestID})
}

// SetStatus moves an action to another status. The owner and managers may.
func (s *Store) SetStatus(ctx context.Context, sc *auth.Scope, id string, st Status) (*Action, error) {
	a, err := s.Get(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if !st.valid() {
		return nil, apperr.FieldErr("status", "action.status_invalid")
	}
	if a.Status == st {
		return a, nil
	}
	now := s.clk.Now()
	done := int64(0)
	if st.Closed() {
		done = store.Millis(now)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE actions SET status = $1, updated_at = $2, done_at = $3 WHERE id = $4 AND org_id = $5`,
			string(st), store.Millis(now), done, id, sc.OrgID)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, "action.status."+string(st), id)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, sc, id)
}
