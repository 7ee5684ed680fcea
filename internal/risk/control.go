package risk

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ControlStatus is where a control (beheersmaatregel) stands.
type ControlStatus string

// The statuses in their natural order.
const (
	Planned ControlStatus = "planned"  // gepland
	InPlace ControlStatus = "in_place" // ingevoerd
	Tested  ControlStatus = "tested"   // getest op werking
)

// ControlStatuses lists the statuses in order.
var ControlStatuses = []ControlStatus{Planned, InPlace, Tested}

// Control is a measure against a vulnerability of a process.
type Control struct {
	ID              string
	ProcessID       string
	VulnerabilityID string // "" for the process as a whole
	Title           string
	Description     string
	Status          ControlStatus
	// Evidence says how the organisation knows the control works: a
	// document, a check, a sample. Required once the control is tested.
	Evidence  string
	OwnerID   string
	OwnerName string
	DueDate   string // when a planned control should be in place
	TestedOn  string // set when the status becomes tested
	ActionID  string // the action following it up, "" none
	// Overdue is a planned control past its due date, computed when read.
	Overdue bool
}

// NewControl is the input for creating or changing a control.
type NewControl struct {
	ProcessID       string
	VulnerabilityID string
	Title           string
	Description     string
	Status          ControlStatus
	Evidence        string
	OwnerID         string
	DueDate         string
}

// checkControl cleans and validates a control's own fields.
func checkControl(errs apperr.List, n *NewControl) apperr.List {
	n.Title, n.Description, n.Evidence = clean(n.Title), cleanText(n.Description), cleanText(n.Evidence)
	n.VulnerabilityID, n.OwnerID, n.DueDate = clean(n.VulnerabilityID), clean(n.OwnerID), strings.TrimSpace(n.DueDate)
	errs = checkText(errs, "title", n.Title, true, maxName)
	errs = checkText(errs, "description", n.Description, false, maxDescription)
	errs = checkText(errs, "evidence", n.Evidence, false, maxDescription)
	if !slices.Contains(ControlStatuses, n.Status) {
		errs = append(errs, apperr.FieldErr("status", "risk.control.status_invalid"))
	}
	if n.Status == Tested && n.Evidence == "" {
		errs = append(errs, apperr.FieldErr("evidence", "risk.control.evidence_required"))
	}
	if n.DueDate != "" {
		if d, err := time.Parse(time.DateOnly, n.DueDate); err != nil {
			errs = append(errs, apperr.FieldErr("due_date", "risk.date_invalid"))
		} else {
			n.DueDate = d.Format(time.DateOnly)
		}
	}
	return errs
}

// checkControlRefs checks that the owner is a member and the
// vulnerability belongs to the process.
func checkControlRefs(ctx context.Context, q store.Querier, errs apperr.List, orgID, processID string, n *NewControl) (apperr.List, error) {
	if n.OwnerID != "" {
		var k int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.org_id = $1 AND m.user_id = $2 AND u.disabled = FALSE`, orgID, n.OwnerID).Scan(&k); err != nil {
			return errs, apperr.Wrap(err, "store.query_failed")
		}
		if k == 0 {
			errs = append(errs, apperr.FieldErr("owner_id", "risk.control.owner_unknown"))
		}
	}
	if n.VulnerabilityID != "" {
		var k int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM vulnerabilities WHERE org_id = $1 AND id = $2 AND process_id = $3`,
			orgID, n.VulnerabilityID, processID).Scan(&k); err != nil {
			return errs, apperr.Wrap(err, "store.query_failed")
		}
		if k == 0 {
			errs = append(errs, apperr.FieldErr("vulnerability_id", "risk.control.vulnerability_unknown"))
		}
	}
	return errs, nil
}

// CreateControl adds a control to a process.
func (s *Store) CreateControl(ctx context.Context, sc *auth.Scope, n NewControl) (*Control, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	var c *Control
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.createControl(ctx, tx, sc, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Store) createControl(ctx context.Context, tx *sql.Tx, sc *auth.Scope, n NewControl) (*Control, error) {
	n.ProcessID = clean(n.ProcessID)
	errs := checkControl(nil, &n)
	ok, err := exists(ctx, tx, "processes", sc.OrgID, n.ProcessID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	if errs, err = checkControlRefs(ctx, tx, errs, sc.OrgID, n.ProcessID, &n); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errs
	}
	c := &Control{ID: store.NewID(), ProcessID: n.ProcessID, VulnerabilityID: n.VulnerabilityID, Title: n.Title,
		Description: n.Description, Status: n.Status, Evidence: n.Evidence, OwnerID: n.OwnerID, DueDate: n.DueDate}
	if c.Status == Tested {
		c.TestedOn = s.today()
	}
	now := store.Millis(s.clk.Now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO controls (id, org_id, process_id, vulnerability_id, title, description, status,
		evidence, owner_id, due_date, tested_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
		c.ID, sc.OrgID, c.ProcessID, c.VulnerabilityID, c.Title, c.Description, string(c.Status), c.Evidence, c.OwnerID,
		c.DueDate, c.TestedOn, now); err != nil {
		return nil, writeErr(err)
	}
	return c, s.logChange(ctx, tx, sc, c.ProcessID, ActionControlCreate, "control", c.ID, "")
}

// UpdateControl changes a control, with the reason. Becoming tested
// records today as the test date.
func (s *Store) UpdateControl(ctx context.Context, sc *auth.Scope, id string, n NewControl, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	reason = cleanText(reason)
	errs := checkReason(checkControl(nil, &n), reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var pid, status, testedOn string
		err := tx.QueryRowContext(ctx, `SELECT process_id, status, tested_on FROM controls WHERE org_id = $1 AND id = $2`,
			sc.OrgID, id).Scan(&pid, &status, &testedOn)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if errs, err = checkControlRefs(ctx, tx, errs, sc.OrgID, pid, &n); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		switch {
		case n.Status == Tested && ControlStatus(status) != Tested:
			testedOn = s.today()
		case n.Status != Tested:
			testedOn = ""
		}
		if _, err := tx.ExecContext(ctx, `UPDATE controls SET vulnerability_id = $3, title = $4, description = $5, status = $6,
			evidence = $7, owner_id = $8, due_date = $9, tested_on = $10, updated_at = $11 WHERE org_id = $1 AND id = $2`,
			sc.OrgID, id, n.VulnerabilityID, n.Title, n.Description, string(n.Status), n.Evidence, n.OwnerID, n.DueDate,
			testedOn, store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, pid, ActionControlUpdate, "control", id, reason)
	})
}

// DeleteControl removes a control, with the reason.
func (s *Store) DeleteControl(ctx context.Context, sc *auth.Scope, id, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	reason = cleanText(reason)
	errs := checkReason(nil, reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		pid, err := objectProcess(ctx, tx, "controls", sc.OrgID, id)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM controls WHERE org_id = $1 AND id = $2`, sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, pid, ActionControlDelete, "control", id, reason)
	})
}

const controlColumns = `c.id, c.process_id, c.vulnerability_id, c.title, c.description, c.status, c.evidence, c.owner_id,
	COALESCE(u.name, ''), c.due_date, c.tested_on, c.action_id`

func (s *Store) scanControl(row interface{ Scan(...any) error }, c *Control) error {
	if err := row.Scan(&c.ID, &c.ProcessID, &c.VulnerabilityID, &c.Title, &c.Description, &c.Status, &c.Evidence, &c.OwnerID,
		&c.OwnerName, &c.DueDate, &c.TestedOn, &c.ActionID); err != nil {
		return err
	}
	c.Overdue = c.Status == Planned && c.DueDate != "" && c.DueDate < s.today()
	return nil
}

// Control returns one control of the scope's organisation.
func (s *Store) Control(ctx context.Context, sc *auth.Scope, id string) (*Control, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	var c Control
	err := s.scanControl(s.db.Read.QueryRowContext(ctx, `SELECT `+controlColumns+` FROM controls c
		LEFT JOIN users u ON u.id = c.owner_id WHERE c.org_id = $1 AND c.id = $2`, sc.OrgID, id), &c)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return &c, nil
}

// Controls returns the controls of a process: planned first, then in
// place, then tested.
func (s *Store) Controls(ctx context.Context, sc *auth.Scope, processID string) ([]Control, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+controlColumns+` FROM controls c LEFT JOIN users u ON u.id = c.owner_id
		WHERE c.org_id = $1 AND c.process_id = $2
		ORDER BY CASE c.status WHEN 'planned' THEN 0 WHEN 'in_place' THEN 1 ELSE 2 END, c.due_date, c.created_at, c.id`, sc.OrgID, processID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Control
	for rows.Next() {
		var c Control
		if err := s.scanControl(rows, &c); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// ControlAction puts a planned control on the programme's action list,
// owned by the control's owner (the actor when it has none) and due on its
// due date (a month from today when it has none). The title names the
// process, not the vulnerability, so that reminders carry no case detail.
// A control that already has an action keeps it.
func (s *Store) ControlAction(ctx context.Context, sc *auth.Scope, id string) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	if s.actions == nil {
		return "", apperr.New(apperr.Internal, "risk.actions_unavailable")
	}
	c, err := s.Control(ctx, sc, id)
	if err != nil {
		return "", err
	}
	if c.ActionID != "" {
		return c.ActionID, nil
	}
	if c.Status != Planned {
		return "", apperr.List{apperr.FieldErr("status", "risk.control.action_not_planned")}
	}
	p, err := s.Process(ctx, sc, c.ProcessID)
	if err != nil {
		return "", err
	}
	owner, due := c.OwnerID, c.DueDate
	if owner == "" {
		owner = sc.UserID
	}
	if due == "" || due < s.today() {
		due = addMonths(s.today(), 1)
	}
	actionID, err := s.actions.CreateAction(ctx, sc, NewAction{Title: "Beheersmaatregel invoeren: " + c.Title,
		Description: "Proces: " + p.Name, OwnerID: owner, DueDate: due,
		SourceType: "process", SourceID: p.ID, SourceLabel: p.Name})
	if err != nil {
		return "", err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE controls SET action_id = $3, updated_at = $4 WHERE org_id = $1 AND id = $2`,
			sc.OrgID, id, actionID, store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, c.ProcessID, ActionControlAction, "control", id, "")
	})
	return actionID, err
}
