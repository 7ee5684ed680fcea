package people

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// AttendanceInput records that a person did a training on a day.
type AttendanceInput struct {
	EmployeeID    string
	RequirementID string
	Date          string // YYYY-MM-DD or DD-MM-YYYY; not in the future
	SessionID     string // optional
}

// Attendance is one recorded training of a person.
type Attendance struct {
	ID              string
	EmployeeID      string
	RequirementID   string
	RequirementName string
	Date            string
	SessionID       string
	Source          string
	Certificates    []Certificate
}

// RecordAttendance records a training by hand (people.manage). Recording
// the same person, requirement and day again changes nothing and returns
// the existing record's id.
func (s *Store) RecordAttendance(ctx context.Context, sc *auth.Scope, in AttendanceInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var errs apperr.List
	d, ok := parseDay(in.Date)
	if !ok {
		errs = append(errs, apperr.FieldErr("date", "people.training.err.date_invalid"))
	} else if d.After(s.today()) {
		errs = append(errs, apperr.FieldErr("date", "people.training.err.date_future"))
	}
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE org_id = $1 AND id = $2`, sc.OrgID, in.EmployeeID).Scan(&n); err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	if n == 0 {
		return "", apperr.New(apperr.NotFound, "people.training.err.person_not_found")
	}
	if found, err := s.requirementExists(ctx, s.db.Read, sc.OrgID, in.RequirementID); err != nil {
		return "", err
	} else if !found {
		errs = append(errs, apperr.FieldErr("requirement", "people.training.err.requirement_unknown"))
	}
	if in.SessionID != "" {
		var req string
		err := s.db.Read.QueryRowContext(ctx, `SELECT requirement_id FROM training_sessions WHERE org_id = $1 AND id = $2`, sc.OrgID, in.SessionID).Scan(&req)
		if isNoRows(err) || (err == nil && req != in.RequirementID) {
			errs = append(errs, apperr.FieldErr("session", "people.training.err.session_mismatch"))
		} else if err != nil {
			return "", apperr.Wrap(err, "store.query_failed")
		}
	}
	if err := errs.Err(); err != nil {
		return "", err
	}
	var id string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		var created bool
		id, created, err = s.insertAttendance(ctx, tx, sc, in.EmployeeID, in.RequirementID, d.Format(time.DateOnly), in.SessionID, "hand")
		if err != nil || !created {
			return err
		}
		return s.record(ctx, tx, sc, area+".training.attendance_record", "training_attendance", id)
	})
	return id, err
}

// insertAttendance writes one attendance row unless the same person,
// requirement and day is already there; it reports whether it wrote.
func (s *Store) insertAttendance(ctx context.Context, tx *sql.Tx, sc *auth.Scope, emp, req, date, session, source string) (string, bool, error) {
	var existing string
	err := tx.QueryRowContext(ctx, `SELECT id FROM training_attendance WHERE org_id = $1 AND employee_id = $2 AND requirement_id = $3 AND date = $4`,
		sc.OrgID, emp, req, date).Scan(&existing)
	if err == nil {
		return existing, false, nil
	}
	if !isNoRows(err) {
		return "", false, apperr.Wrap(err, "store.query_failed")
	}
	id := store.NewID()
	var sess any
	if session != "" {
		sess = session
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_attendance (id, org_id, employee_id, requirement_id, date, session_id, source, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, sc.OrgID, emp, req, date, sess, source, store.Millis(s.clk.Now())); err != nil {
		return "", false, apperr.Wrap(err, "store.tx_failed")
	}
	return id, true, nil
}

// DeleteAttendance removes a recorded training with its certificates
// (people.manage).
func (s *Store) DeleteAttendance(ctx context.Context, sc *auth.Scope, id string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM training_attendance WHERE org_id = $1 AND id = $2`, sc.OrgID, id)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "people.training.err.attendance_not_found")
		}
		return s.record(ctx, tx, sc, area+".training.attendance_delete", "training_attendance", id)
	})
}

// attendanceOf returns a person's recorded trainings, the latest first.
func (s *Store) attendanceOf(ctx context.Context, sc *auth.Scope, employeeID string) ([]*Attendance, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT a.id, a.employee_id, a.requirement_id, r.name, a.date, COALESCE(a.session_id, ''), a.source
		FROM training_attendance a JOIN training_requirements r ON r.id = a.requirement_id AND r.org_id = a.org_id
		WHERE a.org_id = $1 AND a.employee_id = $2 ORDER BY a.date DESC, r.name`, sc.OrgID, employeeID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []*Attendance
	byID := map[string]*Attendance{}
	for rows.Next() {
		a := &Attendance{}
		if err := rows.Scan(&a.ID, &a.EmployeeID, &a.RequirementID, &a.RequirementName, &a.Date, &a.SessionID, &a.Source); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, a)
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	cr, err := s.db.Read.QueryContext(ctx, `SELECT c.id, c.attendance_id, c.filename, c.content_type, c.size FROM training_certificates c
		JOIN training_attendance a ON a.id = c.attendance_id AND a.org_id = c.org_id
		WHERE c.org_id = $1 AND a.employee_id = $2 ORDER BY c.created_at`, sc.OrgID, employeeID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer cr.Close()
	for cr.Next() {
		var c Certificate
		var att string
		if err := cr.Scan(&c.ID, &att, &c.Filename, &c.ContentType, &c.Size); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if a := byID[att]; a != nil {
			a.Certificates = append(a.Certificates, c)
		}
	}
	if err := cr.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
