package meeting

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Statuses of a meeting.
const (
	Planned = "planned"
	Held    = "held"
)

// Meeting is one LOO. Its agenda items come with Items.
type Meeting struct {
	ID           string
	HeldOn       string // YYYY-MM-DD
	StartTime    string // HH:MM or ""
	Place        string
	Participants []string
	Status       string
	CreatedBy    string
	HasMinutes   bool
	ItemCount    int
	Decided      int
}

// PlanInput plans a meeting. Participants is the free list, one
// organisation or role a line with a name optional; MemberIDs are the users
// among the participants, who with the planner may read the minutes.
type PlanInput struct {
	HeldOn       string
	StartTime    string
	Place        string
	Participants string
	MemberIDs    []string
}

func canRead(sc *auth.Scope) error {
	if !sc.Allows(auth.MeetingRead) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

func canManage(sc *auth.Scope) error {
	if !sc.Allows(auth.MeetingManage) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// parseDay reads a calendar date as YYYY-MM-DD (the date input) or
// DD-MM-YYYY (typed the Dutch way).
func parseDay(field, v string) (string, *apperr.Error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", apperr.FieldErr(field, "field.required")
	}
	for _, layout := range []string{time.DateOnly, "02-01-2006", "2-1-2006"} {
		if d, err := time.Parse(layout, v); err == nil {
			return d.Format(time.DateOnly), nil
		}
	}
	return "", apperr.FieldErr(field, "field.date_invalid")
}

var clockTime = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// checkText trims free text and checks its length.
func checkText(field, v string, required bool, max int) (string, *apperr.Error) {
	v = strings.TrimSpace(v)
	if v == "" && required {
		return "", apperr.FieldErr(field, "field.required")
	}
	if len([]rune(v)) > max {
		return "", apperr.FieldErr(field, "loo.too_long", max)
	}
	return v, nil
}

// participantLines splits the free participant list into its lines.
func participantLines(text string) ([]string, *apperr.Error) {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			if len([]rune(l)) > 120 {
				return nil, apperr.FieldErr("loo_participants", "loo.participant_too_long", 120)
			}
			out = append(out, l)
		}
	}
	if len(out) > 40 {
		return nil, apperr.FieldErr("loo_participants", "loo.participants_too_many", 40)
	}
	return out, nil
}

func (s *Store) checkPlan(ctx context.Context, sc *auth.Scope, in *PlanInput) ([]string, error) {
	var errs apperr.List
	var e *apperr.Error
	if in.HeldOn, e = parseDay("loo_date", in.HeldOn); e != nil {
		errs = append(errs, e)
	}
	in.StartTime = strings.TrimSpace(in.StartTime)
	if in.StartTime != "" && !clockTime.MatchString(in.StartTime) {
		errs = append(errs, apperr.FieldErr("loo_time", "loo.time_invalid"))
	}
	if in.Place, e = checkText("loo_place", in.Place, false, 200); e != nil {
		errs = append(errs, e)
	}
	parts, e := participantLines(in.Participants)
	if e != nil {
		errs = append(errs, e)
	}
	members, err := s.Members(ctx, sc)
	if err != nil {
		return nil, err
	}
	for _, id := range in.MemberIDs {
		if !slices.ContainsFunc(members, func(m Member) bool { return m.ID == id }) {
			errs = append(errs, apperr.FieldErr("loo_members", "loo.member_unknown"))
			break
		}
	}
	return parts, errs.Err()
}

// Plan plans a meeting and puts the planner and the participating users on
// the need-to-know list of its minutes.
func (s *Store) Plan(ctx context.Context, sc *auth.Scope, in PlanInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	parts, err := s.checkPlan(ctx, sc, &in)
	if err != nil {
		return "", err
	}
	pj, _ := json.Marshal(append([]string{}, parts...))
	id := store.NewID()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO meetings (id, org_id, held_on, start_time, place, participants, status, key_id, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`, id, sc.OrgID, in.HeldOn, in.StartTime, in.Place, string(pj), Planned, keyID, sc.UserID, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".plan", ObjMeeting, id, "")
	})
	if err != nil {
		return "", err
	}
	// The planner reads the minutes as creator; the participating users are
	// put on the list, each grant audited by auth.
	if s.access != nil {
		for _, uid := range in.MemberIDs {
			if uid == sc.UserID {
				continue
			}
			if err := s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: ObjMeeting, ID: id}, uid, "deelnemer LOO"); err != nil {
				return id, err
			}
		}
	}
	return id, nil
}

// SetStatus marks a meeting as held, or back to planned.
func (s *Store) SetStatus(ctx context.Context, sc *auth.Scope, id, status string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if status != Planned && status != Held {
		return apperr.List{apperr.FieldErr("loo_status", "loo.status_invalid")}
	}
	if _, err := s.Meeting(ctx, sc, id); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE meetings SET status = $1, updated_at = $2 WHERE org_id = $3 AND id = $4`,
			status, store.Millis(s.clk.Now()), sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".status", ObjMeeting, id, status)
	})
}

const meetingCols = `m.id, m.held_on, m.start_time, m.place, m.participants, m.status, m.created_by, m.minutes_at,
	(SELECT COUNT(*) FROM meeting_items i WHERE i.meeting_id = m.id),
	(SELECT COUNT(*) FROM meeting_items i WHERE i.meeting_id = m.id AND i.decision <> '')`

func scanMeeting(r interface{ Scan(...any) error }, m *Meeting) error {
	var parts string
	var minutesAt int64
	if err := r.Scan(&m.ID, &m.HeldOn, &m.StartTime, &m.Place, &parts, &m.Status, &m.CreatedBy, &minutesAt, &m.ItemCount, &m.Decided); err != nil {
		return err
	}
	m.HasMinutes = minutesAt > 0
	return json.Unmarshal([]byte(parts), &m.Participants)
}

// Meetings lists the organisation's meetings, the latest first.
func (s *Store) Meetings(ctx context.Context, sc *auth.Scope) ([]Meeting, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.org_id = $1 ORDER BY m.held_on DESC, m.created_at DESC`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		var m Meeting
		if err := scanMeeting(rows, &m); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Meeting returns one meeting of the organisation; another organisation's
// is NotFound.
func (s *Store) Meeting(ctx context.Context, sc *auth.Scope, id string) (*Meeting, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	var m Meeting
	err := scanMeeting(s.db.Read.QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings m WHERE m.org_id = $1 AND m.id = $2`, sc.OrgID, id), &m)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "loo.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return &m, nil
}

// Member is a user of the organisation who can be named as a participant
// or put on the minutes' need-to-know list.
type Member struct {
	ID, Name string
}

// Members lists the organisation's users.
func (s *Store) Members(ctx context.Context, sc *auth.Scope) ([]Member, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 AND u.disabled = FALSE ORDER BY u.name`, sc.OrgID)
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

// record appends an audit entry in tx.
func (s *Store) record(ctx context.Context, tx *sql.Tx, sc *auth.Scope, action, objType, id, purpose string) error {
	return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Purpose: purpose, Result: audit.ResultOK, RequestID: sc.RequestID})
}

// recordAlone appends an audit entry in a transaction of its own (reads).
func (s *Store) recordAlone(ctx context.Context, sc *auth.Scope, action, objType, id, purpose string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.record(ctx, tx, sc, action, objType, id, purpose) })
}
