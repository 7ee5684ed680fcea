package risk

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ActionMitigate is the audit action of recording a mitigation.
const ActionMitigate = area + ".finding.mitigate"

// Mitigation bounds: a control is described in at most maxControl
// characters, and a finding is accepted for at most maxMitigationMonths.
const (
	maxControl          = 2000
	maxMitigationMonths = 36
)

// NewMitigation accepts a finding of today's analysis with a mitigating
// control, under an owner (a user of the organisation), until a day
// (YYYY-MM-DD, included). MakeAction also puts the follow-up on the
// programme's action list.
type NewMitigation struct {
	FindingKey string
	Control    string
	OwnerID    string
	Until      string
	MakeAction bool
}

// MitigationRecord is a stored mitigation with the names a page shows.
type MitigationRecord struct {
	ID         string
	FindingKey string
	Control    string
	OwnerID    string
	OwnerName  string
	Until      string // YYYY-MM-DD
	ActionID   string
	CreatedAt  time.Time
}

// dutyToday is the calendar day in Amsterdam, the day every analysis is for.
func (s *Store) dutyToday() duty.Date {
	return duty.DateFromTime(s.clk.Now().In(clock.Amsterdam))
}

// Mitigate records a mitigation of a finding that today's analysis of the
// scope's organisation finds. A key it does not find (another
// organisation's, or one that no longer occurs) is not found; bad fields
// are refused all at once and nothing is written. Mitigations are never
// changed or deleted: a newer one for the same finding replaces the older
// one in the analysis, and each is in the audit log.
func (s *Store) Mitigate(ctx context.Context, sc *auth.Scope, n NewMitigation) (*MitigationRecord, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	n.FindingKey = strings.TrimSpace(n.FindingKey)
	if n.FindingKey == "" {
		return nil, apperr.List{apperr.FieldErr("finding_key", "duty.err.finding_required")}
	}
	rep, err := s.Report(ctx, sc)
	if err != nil {
		return nil, err
	}
	f := rep.Find(n.FindingKey)
	if f == nil {
		return nil, apperr.New(apperr.NotFound, "risk.finding.unknown")
	}
	m := &MitigationRecord{ID: store.NewID(), FindingKey: n.FindingKey, Control: strings.TrimSpace(n.Control),
		OwnerID: strings.TrimSpace(n.OwnerID)}
	var errs apperr.List
	if m.Control == "" {
		errs = append(errs, apperr.FieldErr("control", "duty.err.control_required"))
	} else {
		errs = checkText(errs, "control", m.Control, true, maxControl)
	}
	today := s.dutyToday()
	last := today.AddMonths(maxMitigationMonths)
	until, perr := duty.ParseDate(strings.TrimSpace(n.Until))
	switch {
	case strings.TrimSpace(n.Until) == "":
		errs = append(errs, apperr.FieldErr("until", "duty.err.until_required"))
	case perr != nil:
		errs = append(errs, apperr.FieldErr("until", "duty.err.date_invalid"))
	case until <= today:
		errs = append(errs, apperr.FieldErr("until", "risk.mitigation.until_past"))
	case until > last:
		errs = append(errs, apperr.FieldErr("until", "risk.mitigation.until_too_far", displayDate(last)))
	}
	m.Until = until.String()
	owner, ok := rep.Members[m.OwnerID]
	switch {
	case m.OwnerID == "":
		errs = append(errs, apperr.FieldErr("owner", "duty.err.owner_required"))
	case !ok:
		errs = append(errs, apperr.FieldErr("owner", "risk.mitigation.owner_unknown"))
	}
	m.OwnerName = owner
	if n.MakeAction && s.actions == nil {
		errs = append(errs, apperr.FieldErr("make_action", "risk.mitigation.actions_unavailable"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if n.MakeAction {
		// The action list keeps its own transaction; it is asked last,
		// after every check, so that a refused mitigation leaves no action
		// behind. Its title names the kind and the team, never a person.
		label := i18n.T(i18n.NL, "risk.finding.action_label", f.Kind.Label(i18n.NL), rep.TeamName(f.TeamID))
		id, err := s.actions.CreateAction(ctx, sc, NewAction{
			Title:       i18n.T(i18n.NL, "risk.finding.action_title", f.Kind.Label(i18n.NL), rep.TeamName(f.TeamID)),
			Description: m.Control, OwnerID: m.OwnerID, DueDate: m.Until,
			SourceType: "finding", SourceID: f.Key, SourceLabel: label,
		})
		if err != nil {
			return nil, err
		}
		m.ActionID = id
	}
	now := s.clk.Now()
	m.CreatedAt = store.Time(store.Millis(now))
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO duty_mitigations (id, org_id, finding_key, control, owner_id, valid_until, action_id, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			m.ID, sc.OrgID, m.FindingKey, m.Control, m.OwnerID, m.Until, m.ActionID, sc.UserID, store.Millis(now))
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionMitigate, "duty_mitigation", m.ID)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// latestMitigations returns the organisation's latest mitigation per
// finding key, with the owner's name, for the pages.
func latestMitigations(ctx context.Context, q store.Querier, orgID string) (map[string]MitigationRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.finding_key, m.control, m.owner_id, COALESCE(u.name, ''), m.valid_until, m.action_id, m.created_at
		FROM duty_mitigations m LEFT JOIN users u ON u.id = m.owner_id
		WHERE m.org_id = $1 ORDER BY m.finding_key, m.created_at DESC, m.id DESC`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	out := map[string]MitigationRecord{}
	for rows.Next() {
		var m MitigationRecord
		var at int64
		if err := rows.Scan(&m.ID, &m.FindingKey, &m.Control, &m.OwnerID, &m.OwnerName, &m.Until, &m.ActionID, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if _, seen := out[m.FindingKey]; seen {
			continue
		}
		m.CreatedAt = store.Time(at)
		out[m.FindingKey] = m
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// members returns the active users of the organisation by id, with their
// names: the people who may own a mitigation.
func members(ctx context.Context, q store.Querier, orgID string) (map[string]string, error) {
	return names(ctx, q, `SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 AND u.disabled = FALSE`, orgID)
}

// displayDate writes a day the Dutch way (dd-mm-jjjj).
func displayDate(d duty.Date) string {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format("02-01-2006")
}
