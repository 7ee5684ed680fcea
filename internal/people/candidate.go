package people

import (
	"context"
	"database/sql"
	"errors"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Candidate is the screening of a candidate wethouder as a checklist:
// each item holds the date it was completed (” while open). Notes are
// sealed and filled only by Candidate, which audits the read.
type Candidate struct {
	ID             string
	Name           string
	InterviewOn    string // integrity interview
	VOGOn          string // certificate of conduct received
	SelfCheckOn    string // Bibob-like self-assessment returned
	RiskAnalysisOn string // risk analysis by an external party
	Conclusion     string // '', no_objection or concerns
	Notes          string
}

// Done counts the completed checklist items (of four).
func (c Candidate) Done() int {
	n := 0
	for _, d := range []string{c.InterviewOn, c.VOGOn, c.SelfCheckOn, c.RiskAnalysisOn} {
		if d != "" {
			n++
		}
	}
	return n
}

// Conclusions a checklist can end with.
var Conclusions = []string{"no_objection", "concerns"}

func canCandidates(sc *auth.Scope) error {
	if !sc.Allows(auth.PeopleCandidates) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

func checkCandidate(c *Candidate) error {
	var errs apperr.List
	var e *apperr.Error
	if c.Name, e = checkText("name", c.Name, true, 200); e != nil {
		errs = append(errs, e)
	}
	for _, f := range []struct {
		field string
		v     *string
	}{{"interview_on", &c.InterviewOn}, {"vog_on", &c.VOGOn}, {"self_check_on", &c.SelfCheckOn}, {"risk_analysis_on", &c.RiskAnalysisOn}} {
		if *f.v, e = checkDay(f.field, *f.v, false); e != nil {
			errs = append(errs, e)
		}
	}
	if c.Conclusion != "" && !contains(Conclusions, c.Conclusion) {
		errs = append(errs, apperr.FieldErr("conclusion", "integrity.candidate.conclusion_invalid"))
	}
	if c.Notes, e = checkText("candidate_notes", c.Notes, false, 8000); e != nil {
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// SaveCandidate creates a checklist (empty ID) or updates one.
func (s *Store) SaveCandidate(ctx context.Context, sc *auth.Scope, c Candidate) (string, error) {
	if err := canCandidates(sc); err != nil {
		return "", err
	}
	var keyID string
	if c.ID != "" {
		err := s.db.Read.QueryRowContext(ctx, `SELECT key_id FROM candidates WHERE org_id = $1 AND id = $2`, sc.OrgID, c.ID).Scan(&keyID)
		if errors.Is(err, sql.ErrNoRows) {
			return "", apperr.New(apperr.NotFound, "integrity.not_found")
		}
		if err != nil {
			return "", apperr.Wrap(err, "store.query_failed")
		}
	}
	if err := checkCandidate(&c); err != nil {
		return "", err
	}
	id := c.ID
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := store.Millis(s.clk.Now())
		var err error
		if id == "" {
			id = store.NewID()
			if keyID, err = s.vault.NewRecordKey(ctx, tx, sc.OrgID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO candidates (id, org_id, name, key_id, notes, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, id, sc.OrgID, c.Name, keyID, []byte{}, now); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		notes, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, c.Notes, "candidate:"+id+":notes")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE candidates SET name = $1, notes = $2, interview_on = $3, vog_on = $4, self_check_on = $5,
			risk_analysis_on = $6, conclusion = $7, updated_at = $8 WHERE org_id = $9 AND id = $10`,
			c.Name, notes, c.InterviewOn, c.VOGOn, c.SelfCheckOn, c.RiskAnalysisOn, c.Conclusion, now, sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".candidate.save", "candidate", id)
	})
	return id, err
}

const candidateCols = `id, name, interview_on, vog_on, self_check_on, risk_analysis_on, conclusion`

// Candidates lists the checklists without their notes.
func (s *Store) Candidates(ctx context.Context, sc *auth.Scope) ([]Candidate, error) {
	if err := canCandidates(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+candidateCols+` FROM candidates WHERE org_id = $1 ORDER BY name`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.ID, &c.Name, &c.InterviewOn, &c.VOGOn, &c.SelfCheckOn, &c.RiskAnalysisOn, &c.Conclusion); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Candidate returns one checklist with its notes opened; the read is
// audited.
func (s *Store) Candidate(ctx context.Context, sc *auth.Scope, id string) (*Candidate, error) {
	if err := canCandidates(sc); err != nil {
		return nil, err
	}
	var c Candidate
	var keyID string
	var notes []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT `+candidateCols+`, key_id, notes FROM candidates WHERE org_id = $1 AND id = $2`, sc.OrgID, id).
		Scan(&c.ID, &c.Name, &c.InterviewOn, &c.VOGOn, &c.SelfCheckOn, &c.RiskAnalysisOn, &c.Conclusion, &keyID, &notes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "integrity.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if c.Notes, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, notes, "candidate:"+id+":notes"); err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, sc, "candidate", id); err != nil {
		return nil, err
	}
	return &c, nil
}
