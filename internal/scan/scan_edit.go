package scan

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// editable loads a scan for a change: the organisation's, in concept.
func (s *Store) editable(ctx context.Context, tx *sql.Tx, sc *auth.Scope, id string) (*Scan, error) {
	x, err := s.scan(ctx, tx, sc, id)
	if err != nil {
		return nil, err
	}
	if x.Final() {
		return nil, apperr.New(apperr.Conflict, "scan.err.final")
	}
	return x, nil
}

// SaveAnswers records answers of a scan in concept. Level 0 clears an
// answer's level but keeps its evidence and comment. Every problem is
// reported at once, naming the question; nothing is written unless all
// answers are right.
func (s *Store) SaveAnswers(ctx context.Context, sc *auth.Scope, id string, answers []AnswerInput) error {
	if err := need(sc, auth.ScanEdit); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.editable(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		max := x.Framework.Kind.MaxLevel()
		var errs apperr.List
		for i := range answers {
			a := &answers[i]
			a.Evidence, a.Comment = cleanText(a.Evidence), cleanText(a.Comment)
			field := "level-" + a.QuestionKey
			if _, q := x.Framework.Question(a.QuestionKey); q == nil {
				errs = append(errs, apperr.FieldErr(field, "scan.err.question_unknown", a.QuestionKey))
				continue
			}
			if a.Level < 0 || a.Level > max {
				errs = append(errs, apperr.FieldErr(field, "scan.err.level", max))
			}
			if tooLong(a.Evidence, maxEvidence) {
				errs = append(errs, apperr.FieldErr("evidence-"+a.QuestionKey, "scan.err.too_long", maxEvidence))
			}
			if tooLong(a.Comment, maxComment) {
				errs = append(errs, apperr.FieldErr("comment-"+a.QuestionKey, "scan.err.too_long", maxComment))
			}
		}
		if len(errs) > 0 {
			return errs
		}
		now := store.Millis(s.clk.Now())
		changed := 0
		for _, a := range answers {
			old, had := x.Answers[a.QuestionKey]
			if had && old.Level == a.Level && old.Evidence == a.Evidence && old.Comment == a.Comment {
				continue
			}
			if !had && a.Level == 0 && a.Evidence == "" && a.Comment == "" {
				continue
			}
			changed++
			if had {
				_, err = tx.ExecContext(ctx, `UPDATE scan_answers SET level = $1, evidence = $2, comment = $3, updated_at = $4 WHERE org_id = $5 AND scan_id = $6 AND question_key = $7`,
					a.Level, a.Evidence, a.Comment, now, sc.OrgID, id, a.QuestionKey)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO scan_answers (id, org_id, scan_id, question_key, level, evidence, comment, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
					store.NewID(), sc.OrgID, id, a.QuestionKey, a.Level, a.Evidence, a.Comment, now)
			}
			if err != nil {
				return writeErr(err)
			}
		}
		if changed == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE scans SET updated_at = $1 WHERE org_id = $2 AND id = $3`, now, sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionScanAnswer, "scan", id)
	})
}

// AddLink links an answer to an object in the system by type, id and a
// label to show; the reference is free, so it is not checked against the
// object's module.
func (s *Store) AddLink(ctx context.Context, sc *auth.Scope, id string, l Link) (*Link, error) {
	if err := need(sc, auth.ScanEdit); err != nil {
		return nil, err
	}
	l.Type, l.RefID, l.Label = clean(l.Type), clean(l.RefID), clean(l.Label)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.editable(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		var errs apperr.List
		if _, q := x.Framework.Question(l.QuestionKey); q == nil {
			errs = append(errs, apperr.FieldErr("question", "scan.err.question_unknown", l.QuestionKey))
		}
		for field, v := range map[string]string{"ref_type": l.Type, "ref_id": l.RefID, "label": l.Label} {
			if v == "" {
				errs = append(errs, apperr.FieldErr(field, "field.required"))
			} else if tooLong(v, maxTitleLength) {
				errs = append(errs, apperr.FieldErr(field, "scan.err.too_long", maxTitleLength))
			}
		}
		if len(errs) > 0 {
			return errs
		}
		l.ID = store.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO scan_links (id, org_id, scan_id, question_key, ref_type, ref_id, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			l.ID, sc.OrgID, id, l.QuestionKey, l.Type, l.RefID, l.Label, store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionScanLink, "scan", id)
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// Finalise freezes a scan's answers: from then on it is afgerond and no
// answer, link or target changes. Actions for gaps can still be made.
func (s *Store) Finalise(ctx context.Context, sc *auth.Scope, id string) error {
	if err := need(sc, auth.ScanEdit); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.editable(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if len(x.Levels()) == 0 {
			return apperr.New(apperr.Invalid, "scan.err.nothing_answered")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE scans SET status = 'afgerond', finalised_at = $1, finalised_by = $2, updated_at = $1 WHERE org_id = $3 AND id = $4 AND status = 'concept'`,
			store.Millis(s.clk.Now()), sc.UserID, sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionScanFinalise, "scan", id)
	})
}

// GapInput is what the coordinator fills in to turn a gap into an action.
type GapInput struct {
	Title   string // "" = the question's text
	OwnerID string
	DueDate string
}

// GapAction puts a gap of the scan (a question answered below the target)
// on the programme's action list with an owner and a due date, and
// remembers the action on the answer. A question that is no gap, or one
// that already has an action, is refused.
func (s *Store) GapAction(ctx context.Context, sc *auth.Scope, id, questionKey string, in GapInput) (string, error) {
	if err := need(sc, auth.ScanEdit); err != nil {
		return "", err
	}
	if s.actions == nil {
		return "", apperr.New(apperr.Internal, "scan.err.no_actions")
	}
	x, err := s.Scan(ctx, sc, id)
	if err != nil {
		return "", err
	}
	pillar, q := x.Framework.Question(questionKey)
	if q == nil {
		return "", apperr.List{apperr.FieldErr("question", "scan.err.question_unknown", questionKey)}
	}
	a := x.Answers[questionKey]
	if a.Level == 0 || a.Level >= x.Target {
		return "", apperr.New(apperr.Conflict, "scan.err.no_gap")
	}
	if a.ActionID != "" {
		return "", apperr.New(apperr.Conflict, "scan.err.action_exists")
	}
	in.Title = clean(in.Title)
	if in.Title == "" {
		in.Title = q.Text
	}
	var errs apperr.List
	if tooLong(in.Title, maxTitleLength) {
		errs = append(errs, apperr.FieldErr("title", "scan.err.too_long", maxTitleLength))
	}
	if in.OwnerID == "" {
		errs = append(errs, apperr.FieldErr("owner_id", "field.required"))
	}
	if _, err := time.Parse(time.DateOnly, in.DueDate); err != nil {
		errs = append(errs, apperr.FieldErr("due_date", "scan.err.date"))
	}
	if len(errs) > 0 {
		return "", errs
	}
	actionID, err := s.actions.CreateAction(ctx, sc, NewAction{Title: in.Title, OwnerID: in.OwnerID, DueDate: in.DueDate,
		Description: fmt.Sprintf("%s — %s (%d/%d)", x.Title, pillar.Name, a.Level, x.Target),
		SourceType:  "scan", SourceID: x.ID, SourceLabel: x.Title})
	if err != nil {
		return "", err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE scan_answers SET action_id = $1 WHERE org_id = $2 AND scan_id = $3 AND question_key = $4`,
			actionID, sc.OrgID, id, questionKey); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionScanGapAction, "scan", id)
	})
	return actionID, err
}

// LatestMaturity returns the maturity per pillar of the organisation's
// latest finalised scan on the framework (teamID "" for the whole
// organisation), for goals, the council report and the regional
// benchmark; nil without one.
func (s *Store) LatestMaturity(ctx context.Context, sc *auth.Scope, frameworkKey, teamID string) (*Scan, []Score, error) {
	if err := need(sc, auth.ScanRead); err != nil {
		return nil, nil, err
	}
	var id string
	err := s.db.Read.QueryRowContext(ctx, `SELECT id FROM scans WHERE org_id = $1 AND fw_key = $2 AND team_id = $3 AND status = 'afgerond'
		ORDER BY held_on DESC, finalised_at DESC LIMIT 1`, sc.OrgID, frameworkKey, teamID).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	x, err := s.Scan(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	return x, x.Scores(), nil
}

// Member is a user of the organisation, for the owner picker.
type Member struct{ ID, Name string }

// Members lists the active users of the organisation.
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

// Team is a team of the organisation, for the group pickers.
type Team struct{ ID, Name string }

// Teams lists the organisation's teams by name.
func (s *Store) Teams(ctx context.Context, sc *auth.Scope) ([]Team, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name FROM teams WHERE org_id = $1 ORDER BY name`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
