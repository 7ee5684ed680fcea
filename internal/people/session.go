package people

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Session is a planned training session.
type Session struct {
	ID              string
	RequirementID   string
	RequirementName string
	Date            string
	Location        string
	Capacity        int // 0: no limit
	Attendees       int
}

// SessionInput plans or changes a session.
type SessionInput struct {
	RequirementID string
	Date          string // YYYY-MM-DD or DD-MM-YYYY
	Location      string
	Capacity      int
}

// parseDay reads a day written as YYYY-MM-DD or DD-MM-YYYY (also with
// slashes), as Dutch spreadsheets and forms write it.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

func (s *Store) requirementExists(ctx context.Context, q store.Querier, orgID, id string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_requirements WHERE org_id = $1 AND id = $2`, orgID, id).Scan(&n); err != nil {
		return false, apperr.Wrap(err, "store.query_failed")
	}
	return n > 0, nil
}

// CreateSession plans a session (people.manage).
func (s *Store) CreateSession(ctx context.Context, sc *auth.Scope, in SessionInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var errs apperr.List
	d, ok := parseDay(in.Date)
	if !ok {
		errs = append(errs, apperr.FieldErr("date", "people.training.err.date_invalid"))
	}
	in.Location = strings.TrimSpace(in.Location)
	if len(in.Location) > 200 {
		errs = append(errs, apperr.FieldErr("location", "people.training.err.too_long", 200))
	}
	if in.Capacity < 0 || in.Capacity > 10000 {
		errs = append(errs, apperr.FieldErr("capacity", "people.training.err.capacity_range", 0, 10000))
	}
	if found, err := s.requirementExists(ctx, s.db.Read, sc.OrgID, in.RequirementID); err != nil {
		return "", err
	} else if !found {
		errs = append(errs, apperr.FieldErr("requirement", "people.training.err.requirement_unknown"))
	}
	if err := errs.Err(); err != nil {
		return "", err
	}
	id, now := store.NewID(), store.Millis(s.clk.Now())
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_sessions (id, org_id, requirement_id, date, location, capacity, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, id, sc.OrgID, in.RequirementID, d.Format(time.DateOnly), in.Location, in.Capacity, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".training.session_create", "training_session", id)
	})
	return id, err
}

// Sessions returns the organisation's sessions, the latest first.
func (s *Store) Sessions(ctx context.Context, sc *auth.Scope) ([]*Session, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	return s.sessions(ctx, sc, "")
}

// SessionByID returns one session; another organisation's is not found.
func (s *Store) SessionByID(ctx context.Context, sc *auth.Scope, id string) (*Session, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	out, err := s.sessions(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "people.training.err.session_not_found")
	}
	return out[0], nil
}

func (s *Store) sessions(ctx context.Context, sc *auth.Scope, id string) ([]*Session, error) {
	w := store.NewWhere("x.org_id = ?", sc.OrgID)
	if id != "" {
		w.Add("x.id = ?", id)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT x.id, x.requirement_id, r.name, x.date, x.location, x.capacity,
		(SELECT COUNT(*) FROM training_attendance a WHERE a.org_id = x.org_id AND a.session_id = x.id)
		FROM training_sessions x JOIN training_requirements r ON r.id = x.requirement_id AND r.org_id = x.org_id
		WHERE `+w.SQL()+` ORDER BY x.date DESC, r.name`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		x := &Session{}
		if err := rows.Scan(&x.ID, &x.RequirementID, &x.RequirementName, &x.Date, &x.Location, &x.Capacity, &x.Attendees); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
