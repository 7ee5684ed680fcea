package scan

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Status is the state of a scan: concept while it is being answered,
// afgerond once its answers are frozen.
type Status string

// The states of a scan.
const (
	Concept Status = "concept"
	Final   Status = "afgerond"
)

// Scan is one scan of the organisation or of a team, with the copy of the
// framework it was made with.
type Scan struct {
	ID          string
	Framework   Framework
	TeamID      string // "" for the whole organisation
	TeamName    string
	Title       string
	Target      int // answers below this level are gaps
	Status      Status
	HeldOn      string // YYYY-MM-DD
	CreatedAt   time.Time
	FinalisedAt time.Time
	Answers     map[string]Answer
	Links       []Link
}

// Answer is the answer to one question.
type Answer struct {
	QuestionKey string
	Level       int // 1–5, or a verdict 1–3; 0 = not answered
	Evidence    string
	Comment     string
	ActionID    string // the action made for this gap, if any
}

// Link is a free reference from an answer to an object in the system.
type Link struct {
	ID          string
	QuestionKey string
	Type        string
	RefID       string
	Label       string
}

// NewScan is what the coordinator fills in to start a scan.
type NewScan struct {
	FrameworkKey string
	TeamID       string
	Title        string
	HeldOn       string
	Target       int // 0 = the default (step 3, or behaald)
}

// AnswerInput is one answer as submitted.
type AnswerInput struct {
	QuestionKey string
	Level       int
	Evidence    string
	Comment     string
}

// Final reports whether the scan's answers are frozen.
func (s *Scan) Final() bool { return s.Status == Final }

// Levels returns the answered levels per question key.
func (s *Scan) Levels() map[string]float64 {
	out := map[string]float64{}
	for k, a := range s.Answers {
		if a.Level > 0 {
			out[k] = float64(a.Level)
		}
	}
	return out
}

// Scores is the scan's maturity per pillar.
func (s *Scan) Scores() []Score { return Scores(&s.Framework, s.Levels()) }

// Gap is a question answered below the scan's target.
type Gap struct {
	Pillar   string
	Question Question
	Level    int
	ActionID string
}

// Gaps lists the scan's gaps in framework order.
func (s *Scan) Gaps() []Gap {
	var out []Gap
	for _, p := range s.Framework.Pillars {
		for _, q := range p.Questions {
			if a, ok := s.Answers[q.Key]; ok && a.Level > 0 && a.Level < s.Target {
				out = append(out, Gap{Pillar: p.Name, Question: q, Level: a.Level, ActionID: a.ActionID})
			}
		}
	}
	return out
}

const (
	maxEvidence = 10000
	maxComment  = 4000
)

// CreateScan starts a scan in the concept state with a copy of the
// framework as the organisation has it now.
func (s *Store) CreateScan(ctx context.Context, sc *auth.Scope, in NewScan) (*Scan, error) {
	if err := need(sc, auth.ScanEdit); err != nil {
		return nil, err
	}
	in.Title, in.HeldOn = clean(in.Title), clean(in.HeldOn)
	var errs apperr.List
	f, err := s.Framework(ctx, sc, in.FrameworkKey)
	if err != nil {
		errs = append(errs, apperr.FieldErr("framework", "scan.err.framework_unknown"))
		f = &Framework{Kind: Maturity}
	}
	if in.Title == "" {
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	} else if tooLong(in.Title, maxTitleLength) {
		errs = append(errs, apperr.FieldErr("title", "scan.err.too_long", maxTitleLength))
	}
	if in.HeldOn == "" {
		in.HeldOn = s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, in.HeldOn); err != nil {
		errs = append(errs, apperr.FieldErr("held_on", "scan.err.date"))
	}
	if in.Target == 0 {
		in.Target = defaultTarget
	}
	if in.Target < 1 || in.Target > f.Kind.MaxLevel() {
		errs = append(errs, apperr.FieldErr("target", "scan.err.target", f.Kind.MaxLevel()))
	}
	if in.TeamID != "" {
		if ok, err := s.teamExists(ctx, sc, in.TeamID); err != nil {
			return nil, err
		} else if !ok {
			errs = append(errs, apperr.FieldErr("team", "scan.err.team_unknown"))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	def, err := json.Marshal(f)
	if err != nil {
		return nil, apperr.Wrap(err, "store.tx_failed")
	}
	id, now := store.NewID(), store.Millis(s.clk.Now())
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scans (id, org_id, fw_key, definition, team_id, title, target_level, status, held_on, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'concept', $8, $9, $10, $10)`,
			id, sc.OrgID, f.Key, string(def), in.TeamID, in.Title, in.Target, in.HeldOn, sc.UserID, now); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionScanCreate, "scan", id)
	})
	if err != nil {
		return nil, err
	}
	return s.Scan(ctx, sc, id)
}

func (s *Store) teamExists(ctx context.Context, sc *auth.Scope, id string) (bool, error) {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&n); err != nil {
		return false, apperr.Wrap(err, "store.query_failed")
	}
	return n > 0, nil
}

const scanColumns = `s.id, s.definition, s.team_id, COALESCE(t.name, ''), s.title, s.target_level, s.status, s.held_on, s.created_at, s.finalised_at`

func scanRow(row interface{ Scan(...any) error }) (*Scan, error) {
	var x Scan
	var def string
	var created, final int64
	if err := row.Scan(&x.ID, &def, &x.TeamID, &x.TeamName, &x.Title, &x.Target, &x.Status, &x.HeldOn, &created, &final); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(def), &x.Framework); err != nil {
		return nil, err
	}
	x.CreatedAt = store.Time(created)
	if final > 0 {
		x.FinalisedAt = store.Time(final)
	}
	x.Answers = map[string]Answer{}
	return &x, nil
}

// Scans lists the organisation's scans, newest first, without answers;
// frameworkKey "" lists every framework's.
func (s *Store) Scans(ctx context.Context, sc *auth.Scope, frameworkKey string) ([]Scan, error) {
	if err := need(sc, auth.ScanRead); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+scanColumns+` FROM scans s LEFT JOIN teams t ON t.id = s.team_id AND t.org_id = s.org_id
		WHERE s.org_id = $1 AND ($2 = '' OR s.fw_key = $2) ORDER BY s.held_on DESC, s.created_at DESC`, sc.OrgID, frameworkKey)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Scan
	for rows.Next() {
		x, err := scanRow(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, *x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	// The overview shows maturity, so answers are loaded per scan.
	for i := range out {
		if err := s.loadAnswers(ctx, s.db.Read, sc, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Scan returns one scan of the organisation with its answers and links;
// another organisation's scan is not found. Evidence and comments are left
// out for scopes that see results only (SeesEvidence).
func (s *Store) Scan(ctx context.Context, sc *auth.Scope, id string) (*Scan, error) {
	if err := need(sc, auth.ScanRead); err != nil {
		return nil, err
	}
	return s.scan(ctx, s.db.Read, sc, id)
}

func (s *Store) scan(ctx context.Context, q store.Querier, sc *auth.Scope, id string) (*Scan, error) {
	x, err := scanRow(q.QueryRowContext(ctx, `SELECT `+scanColumns+` FROM scans s LEFT JOIN teams t ON t.id = s.team_id AND t.org_id = s.org_id
		WHERE s.org_id = $1 AND s.id = $2`, sc.OrgID, id))
	if err == sql.ErrNoRows {
		return nil, notFound()
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if err := s.loadAnswers(ctx, q, sc, x); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, question_key, ref_type, ref_id, label FROM scan_links WHERE org_id = $1 AND scan_id = $2 ORDER BY created_at, id`, sc.OrgID, id)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.ID, &l.QuestionKey, &l.Type, &l.RefID, &l.Label); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		x.Links = append(x.Links, l)
	}
	if !SeesEvidence(sc) {
		x.Links = nil
	}
	return x, rows.Err()
}

func (s *Store) loadAnswers(ctx context.Context, q store.Querier, sc *auth.Scope, x *Scan) error {
	rows, err := q.QueryContext(ctx, `SELECT question_key, level, evidence, comment, action_id FROM scan_answers WHERE org_id = $1 AND scan_id = $2`, sc.OrgID, x.ID)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	evidence := SeesEvidence(sc)
	for rows.Next() {
		var a Answer
		if err := rows.Scan(&a.QuestionKey, &a.Level, &a.Evidence, &a.Comment, &a.ActionID); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if !evidence {
			a.Evidence, a.Comment = "", ""
		}
		x.Answers[a.QuestionKey] = a
	}
	return rows.Err()
}
