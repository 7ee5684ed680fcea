package people

import (
	"context"
	"database/sql"
	"errors"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Review outcomes of a side job's conflict-of-interest review.
var ReviewStatuses = []string{"pending", "no_conflict", "conditions", "refused"}

// SideJob is one entry of the side-job register (Ambtenarenwet 2017, art.
// 8). Description and Motivation are sealed; they are filled only by
// SideJob, which audits the read.
type SideJob struct {
	ID           string
	Person       Person
	StartedOn    string
	EndedOn      string
	ReviewStatus string
	Publish      bool
	PublicText   string
	NeedToKnow   bool
	Description  string
	Motivation   string
}

// SideJobInput registers a side job, or changes its review.
type SideJobInput struct {
	EmployeeID   string
	Description  string
	StartedOn    string
	EndedOn      string
	ReviewStatus string
	Motivation   string
	Publish      bool
	PublicText   string
	NeedToKnow   bool
}

func (s *Store) checkSideJob(ctx context.Context, sc *auth.Scope, in *SideJobInput) error {
	var errs apperr.List
	add := func(e *apperr.Error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	var e *apperr.Error
	in.Description, e = checkText("description", in.Description, true, 4000)
	add(e)
	in.Motivation, e = checkText("motivation", in.Motivation, false, 4000)
	add(e)
	in.PublicText, e = checkText("public_text", in.PublicText, in.Publish, 500)
	add(e)
	in.StartedOn, e = checkDay("started_on", in.StartedOn, true)
	add(e)
	in.EndedOn, e = checkDay("ended_on", in.EndedOn, false)
	add(e)
	if in.EndedOn != "" && in.StartedOn != "" && in.EndedOn < in.StartedOn {
		add(apperr.FieldErr("ended_on", "integrity.end_before_start"))
	}
	if in.ReviewStatus == "" {
		in.ReviewStatus = "pending"
	}
	if !contains(ReviewStatuses, in.ReviewStatus) {
		add(apperr.FieldErr("review_status", "integrity.sidejob.status_invalid"))
	}
	if _, err := s.person(ctx, s.db.Read, sc, in.EmployeeID); err != nil {
		fe, ok := asFieldErr(err)
		if !ok {
			return err
		}
		add(fe)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// AddSideJob registers a side job (HR). The description and the review's
// motivation are sealed with a key of their own.
func (s *Store) AddSideJob(ctx context.Context, sc *auth.Scope, in SideJobInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	if err := s.checkSideJob(ctx, sc, &in); err != nil {
		return "", err
	}
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		desc, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Description, "side_job:"+id+":description")
		if err != nil {
			return err
		}
		mot, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Motivation, "side_job:"+id+":motivation")
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO side_jobs (id, org_id, employee_id, key_id, description, motivation, started_on, ended_on,
			review_status, publish, public_text, need_to_know, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
			id, sc.OrgID, in.EmployeeID, keyID, desc, mot, in.StartedOn, in.EndedOn, in.ReviewStatus, in.Publish, in.PublicText, in.NeedToKnow, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".side_job.create", ObjSideJob, id)
	})
	return id, err
}

// ReviewSideJob records the outcome of the conflict-of-interest review
// and the publication choice (HR).
func (s *Store) ReviewSideJob(ctx context.Context, sc *auth.Scope, id, status, motivation string, publish bool, publicText string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	var keyID string
	err := s.db.Read.QueryRowContext(ctx, `SELECT key_id FROM side_jobs WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&keyID)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "integrity.not_found")
	}
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	var errs apperr.List
	if !contains(ReviewStatuses, status) {
		errs = append(errs, apperr.FieldErr("review_status", "integrity.sidejob.status_invalid"))
	}
	motivation, e := checkText("motivation", motivation, status != "pending", 4000)
	if e != nil {
		errs = append(errs, e)
	}
	publicText, e = checkText("public_text", publicText, publish, 500)
	if e != nil {
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		mot, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, motivation, "side_job:"+id+":motivation")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE side_jobs SET review_status = $1, motivation = $2, publish = $3, public_text = $4, updated_at = $5
			WHERE org_id = $6 AND id = $7`, status, mot, publish, publicText, store.Millis(s.clk.Now()), sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".side_job.review", ObjSideJob, id)
	})
}

const sideJobCols = `j.id, j.started_on, j.ended_on, j.review_status, j.publish, j.public_text, j.need_to_know,
	e.id, e.number, e.name, e.team_id, t.name, e.person_kind, e.start_date, e.end_date`

func scanSideJob(sc interface{ Scan(...any) error }, j *SideJob, extra ...any) error {
	p := &j.Person
	return sc.Scan(append([]any{&j.ID, &j.StartedOn, &j.EndedOn, &j.ReviewStatus, &j.Publish, &j.PublicText, &j.NeedToKnow,
		&p.ID, &p.Number, &p.Name, &p.TeamID, &p.TeamName, &p.Kind, &p.Start, &p.End}, extra...)...)
}

// SideJobs returns the side-job records the scope may see, without their
// sealed text. College and council members appear only where the
// organisation includes them.
func (s *Store) SideJobs(ctx context.Context, sc *auth.Scope) ([]SideJob, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	return listRecords(ctx, s, sc, ts, st, ObjSideJob, `SELECT `+sideJobCols+` FROM side_jobs j JOIN employees e ON e.id = j.employee_id
		JOIN teams t ON t.id = e.team_id WHERE j.org_id = $1 ORDER BY e.name, j.started_on`,
		func(r *sql.Rows, j *SideJob) (recordMeta, error) {
			if err := scanSideJob(r, j); err != nil {
				return recordMeta{}, err
			}
			return recordMeta{j.ID, j.Person.Kind, j.NeedToKnow}, nil
		})
}

// SideJob returns one side-job record with its sealed text opened; the
// read is audited. A record the scope may not see is NotFound.
func (s *Store) SideJob(ctx context.Context, sc *auth.Scope, id string) (*SideJob, error) {
	ts, err := s.detailScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	var j SideJob
	var keyID string
	var desc, mot []byte
	err = scanSideJob(s.db.Read.QueryRowContext(ctx, `SELECT `+sideJobCols+`, j.key_id, j.description, j.motivation FROM side_jobs j
		JOIN employees e ON e.id = j.employee_id JOIN teams t ON t.id = e.team_id WHERE j.org_id = $1 AND j.id = $2`, sc.OrgID, id), &j, &keyID, &desc, &mot)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "integrity.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if ok, err := s.mayView(ctx, sc, ts, ObjSideJob, j.ID, j.NeedToKnow); err != nil {
		return nil, err
	} else if !ok {
		return nil, apperr.New(apperr.NotFound, "integrity.not_found")
	}
	if j.Description, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, desc, "side_job:"+id+":description"); err != nil {
		return nil, err
	}
	if j.Motivation, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, mot, "side_job:"+id+":motivation"); err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, sc, ObjSideJob, id); err != nil {
		return nil, err
	}
	return &j, nil
}

// Publication is one line of the published list of side jobs of
// designated functions: the person, their functions and the text the
// organisation chose to publish — never the sealed description.
type Publication struct {
	Name       string
	TeamName   string
	PublicText string
	StartedOn  string
}

// PublicationList returns the side jobs marked for publication that are
// current today.
func (s *Store) PublicationList(ctx context.Context, sc *auth.Scope) ([]Publication, error) {
	if !sc.Allows(auth.PeopleDirectory) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	st, err := s.settings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	day := s.todayISO()
	rows, err := s.db.Read.QueryContext(ctx, `SELECT e.name, t.name, j.public_text, j.started_on, e.person_kind FROM side_jobs j
		JOIN employees e ON e.id = j.employee_id JOIN teams t ON t.id = e.team_id
		WHERE j.org_id = $1 AND j.publish = $2 AND j.started_on <= $3 AND (j.ended_on = '' OR j.ended_on >= $3)
		AND (e.end_date = '' OR e.end_date >= $3) ORDER BY e.name, j.started_on`, sc.OrgID, true, day)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Publication
	for rows.Next() {
		var p Publication
		var kind string
		if err := rows.Scan(&p.Name, &p.TeamName, &p.PublicText, &p.StartedOn, &kind); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if kind == "staff" || st.IncludeCouncil {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}
