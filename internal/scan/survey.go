package scan

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// MinThreshold is the smallest group whose survey results are ever shown.
// An organisation may raise its threshold, never lower it below this.
const MinThreshold = 5

// maxThreshold and maxTokens bound the settings and one batch of codes.
const (
	maxThreshold = 100
	maxTokens    = 2000
)

// SurveyStatus is open while answers are accepted.
type SurveyStatus string

// The states of a survey.
const (
	SurveyOpen   SurveyStatus = "open"
	SurveyClosed SurveyStatus = "gesloten"
)

// Survey is an anonymous employee survey of a group: a team, or the whole
// organisation. Respondents answer the framework's questions with levels.
type Survey struct {
	ID         string
	Framework  Framework
	TeamID     string
	TeamName   string
	Title      string
	Status     SurveyStatus
	HasLink    bool
	CreatedAt  time.Time
	Tokens     int // per-person codes issued
	TokensUsed int
}

// NewSurvey is what the coordinator fills in to start a survey.
type NewSurvey struct {
	FrameworkKey string
	TeamID       string
	Title        string
	SharedLink   bool
}

// hashCode is how codes are stored: their SHA-256, hex. The codes are 128
// random bits, so a plain hash cannot be reversed by trying codes.
func hashCode(code string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(code)))
	return hex.EncodeToString(sum[:])
}

// CreateSurvey starts an open survey with a copy of the framework; with
// SharedLink it returns the code of the shared link, shown only now.
func (s *Store) CreateSurvey(ctx context.Context, sc *auth.Scope, in NewSurvey) (*Survey, string, error) {
	if err := need(sc, auth.ScanSurvey); err != nil {
		return nil, "", err
	}
	in.Title = clean(in.Title)
	var errs apperr.List
	f, err := s.Framework(ctx, sc, in.FrameworkKey)
	if err != nil || f.Kind != Maturity {
		errs = append(errs, apperr.FieldErr("framework", "scan.err.framework_survey"))
		f = &Framework{}
	}
	if in.Title == "" {
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	} else if tooLong(in.Title, maxTitleLength) {
		errs = append(errs, apperr.FieldErr("title", "scan.err.too_long", maxTitleLength))
	}
	if in.TeamID != "" {
		if ok, err := s.teamExists(ctx, sc, in.TeamID); err != nil {
			return nil, "", err
		} else if !ok {
			errs = append(errs, apperr.FieldErr("team", "scan.err.team_unknown"))
		}
	}
	if len(errs) > 0 {
		return nil, "", errs
	}
	def, err := json.Marshal(f)
	if err != nil {
		return nil, "", apperr.Wrap(err, "store.tx_failed")
	}
	id, code, linkHash := store.NewID(), "", ""
	if in.SharedLink {
		code = store.NewID()
		linkHash = hashCode(code)
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scan_surveys (id, org_id, fw_key, definition, team_id, title, status, link_hash, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9)`,
			id, sc.OrgID, f.Key, string(def), in.TeamID, in.Title, linkHash, sc.UserID, store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionSurveyCreate, "scan_survey", id)
	})
	if err != nil {
		return nil, "", err
	}
	sv, err := s.Survey(ctx, sc, id)
	return sv, code, err
}

// IssueTokens makes n per-person codes for an open survey and returns
// them, once: only their hashes are stored, so a lost list cannot be shown
// again, and nothing records who received which code.
func (s *Store) IssueTokens(ctx context.Context, sc *auth.Scope, id string, n int) ([]string, error) {
	if err := need(sc, auth.ScanSurvey); err != nil {
		return nil, err
	}
	if _, err := s.Survey(ctx, sc, id); err != nil {
		return nil, err
	}
	if n < 1 || n > maxTokens {
		return nil, apperr.List{apperr.FieldErr("count", "scan.err.token_count", maxTokens)}
	}
	codes := make([]string, n)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		sv, err := s.survey(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if sv.Status != SurveyOpen {
			return apperr.New(apperr.Conflict, "scan.err.survey_closed")
		}
		for i := range codes {
			codes[i] = store.NewID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO scan_survey_tokens (token_hash, org_id, survey_id, used) VALUES ($1, $2, $3, FALSE)`,
				hashCode(codes[i]), sc.OrgID, id); err != nil {
				return writeErr(err)
			}
		}
		return s.record(ctx, tx, sc, ActionSurveyTokens, "scan_survey", id)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// CloseSurvey stops a survey from accepting answers.
func (s *Store) CloseSurvey(ctx context.Context, sc *auth.Scope, id string) error {
	if err := need(sc, auth.ScanSurvey); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.survey(ctx, tx, sc, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE scan_surveys SET status = 'gesloten' WHERE org_id = $1 AND id = $2`, sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionSurveyClose, "scan_survey", id)
	})
}

const surveyColumns = `v.id, v.definition, v.team_id, COALESCE(t.name, ''), v.title, v.status, v.link_hash <> '', v.created_at,
	(SELECT COUNT(*) FROM scan_survey_tokens k WHERE k.survey_id = v.id), (SELECT COUNT(*) FROM scan_survey_tokens k WHERE k.survey_id = v.id AND k.used = TRUE)`

func surveyRow(row interface{ Scan(...any) error }) (*Survey, error) {
	var v Survey
	var def string
	var created int64
	if err := row.Scan(&v.ID, &def, &v.TeamID, &v.TeamName, &v.Title, &v.Status, &v.HasLink, &created, &v.Tokens, &v.TokensUsed); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(def), &v.Framework); err != nil {
		return nil, err
	}
	v.CreatedAt = store.Time(created)
	return &v, nil
}

// Surveys lists the organisation's surveys, newest first.
func (s *Store) Surveys(ctx context.Context, sc *auth.Scope) ([]Survey, error) {
	if err := need(sc, auth.ScanSurvey); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+surveyColumns+` FROM scan_surveys v LEFT JOIN teams t ON t.id = v.team_id AND t.org_id = v.org_id
		WHERE v.org_id = $1 ORDER BY v.created_at DESC, v.id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Survey
	for rows.Next() {
		v, err := surveyRow(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// Survey returns one survey of the organisation.
func (s *Store) Survey(ctx context.Context, sc *auth.Scope, id string) (*Survey, error) {
	if err := need(sc, auth.ScanSurvey); err != nil {
		return nil, err
	}
	return s.survey(ctx, s.db.Read, sc, id)
}

func (s *Store) survey(ctx context.Context, q store.Querier, sc *auth.Scope, id string) (*Survey, error) {
	v, err := surveyRow(q.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM scan_surveys v LEFT JOIN teams t ON t.id = v.team_id AND t.org_id = v.org_id
		WHERE v.org_id = $1 AND v.id = $2`, sc.OrgID, id))
	if err == sql.ErrNoRows {
		return nil, notFound()
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return v, nil
}

// Threshold is the organisation's smallest group whose results are shown.
func (s *Store) Threshold(ctx context.Context, orgID string) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT survey_threshold FROM scan_settings WHERE org_id = $1`, orgID).Scan(&n)
	if err == sql.ErrNoRows || (err == nil && n < MinThreshold) {
		return MinThreshold, nil
	}
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	return n, nil
}

// SetThreshold sets the organisation's threshold; it can be raised, never
// set below MinThreshold.
func (s *Store) SetThreshold(ctx context.Context, sc *auth.Scope, n int) error {
	if err := need(sc, auth.ScanSurvey); err != nil {
		return err
	}
	if n < MinThreshold || n > maxThreshold {
		return apperr.List{apperr.FieldErr("threshold", "scan.err.threshold", MinThreshold, maxThreshold)}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := store.Millis(s.clk.Now())
		res, err := tx.ExecContext(ctx, `UPDATE scan_settings SET survey_threshold = $1, updated_at = $2 WHERE org_id = $3`, n, now, sc.OrgID)
		if err != nil {
			return writeErr(err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO scan_settings (org_id, survey_threshold, updated_at) VALUES ($1, $2, $3)`, sc.OrgID, n, now); err != nil {
				return writeErr(err)
			}
		}
		return s.record(ctx, tx, sc, ActionSettingsSurveys, "organisation", sc.OrgID)
	})
}

// Results are a survey's results as anyone may see them. When the group
// is smaller than the threshold, Shown is false and nothing else is
// filled in — not even the number of respondents.
type Results struct {
	Shown       bool
	Threshold   int
	Respondents int
	Scores      []Score
	Means       map[string]float64 // mean level per question, one decimal
}

// SurveyResults returns the results of a survey of the organisation,
// withheld below the threshold.
func (s *Store) SurveyResults(ctx context.Context, sc *auth.Scope, id string) (*Survey, *Results, error) {
	sv, err := s.Survey(ctx, sc, id)
	if err != nil {
		return nil, nil, err
	}
	res, err := s.results(ctx, sc.OrgID, sv)
	if err != nil {
		return nil, nil, err
	}
	if res.Shown {
		if err := s.record(ctx, s.db.Write, sc, ActionSurveyResults, "scan_survey", id); err != nil {
			return nil, nil, err
		}
	}
	return sv, res, nil
}

// results computes the means; below the threshold it returns an empty
// Results, so that no caller can show a small group by mistake.
func (s *Store) results(ctx context.Context, orgID string, sv *Survey) (*Results, error) {
	threshold, err := s.Threshold(ctx, orgID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT levels FROM scan_survey_responses WHERE org_id = $1 AND survey_id = $2`, orgID, sv.ID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	sums, counts := map[string]float64{}, map[string]int{}
	n := 0
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		var levels map[string]int
		if err := json.Unmarshal([]byte(raw), &levels); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		n++
		for k, l := range levels {
			sums[k] += float64(l)
			counts[k]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if n < threshold {
		return &Results{Threshold: threshold}, nil
	}
	res := &Results{Shown: true, Threshold: threshold, Respondents: n, Means: map[string]float64{}}
	for k, sum := range sums {
		res.Means[k] = round1(sum / float64(counts[k]))
	}
	res.Scores = Scores(&sv.Framework, res.Means)
	return res, nil
}

// SurveyScores returns the per-pillar means of the newest survey of the
// group on the framework whose results may be shown, for showing beside a
// scan's own answers; nil when there is none.
func (s *Store) SurveyScores(ctx context.Context, sc *auth.Scope, frameworkKey, teamID string) (*Survey, []Score, error) {
	if !sc.Can(auth.ScanRead) {
		return nil, nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+surveyColumns+` FROM scan_surveys v LEFT JOIN teams t ON t.id = v.team_id AND t.org_id = v.org_id
		WHERE v.org_id = $1 AND v.fw_key = $2 AND v.team_id = $3 ORDER BY v.created_at DESC`, sc.OrgID, frameworkKey, teamID)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	var all []Survey
	for rows.Next() {
		v, err := surveyRow(rows)
		if err != nil {
			rows.Close()
			return nil, nil, apperr.Wrap(err, "store.query_failed")
		}
		all = append(all, *v)
	}
	rows.Close()
	for _, v := range all {
		res, err := s.results(ctx, sc.OrgID, &v)
		if err != nil {
			return nil, nil, err
		}
		if res.Shown {
			return &v, res.Scores, nil
		}
	}
	return nil, nil, nil
}

// PublicSurvey is what a respondent sees: the questions, no organisation
// data beyond the survey's title.
type PublicSurvey struct {
	Title     string
	Framework Framework
}

// openSurvey finds the open survey a code belongs to: the shared link's
// code or an unused per-person code. personal says which.
func (s *Store) openSurvey(ctx context.Context, q store.Querier, code string) (orgID, id string, def string, title string, personal bool, err error) {
	h := hashCode(code)
	err = q.QueryRowContext(ctx, `SELECT org_id, id, definition, title FROM scan_surveys WHERE link_hash = $1 AND link_hash <> '' AND status = 'open'`, h).Scan(&orgID, &id, &def, &title)
	if err == nil {
		return orgID, id, def, title, false, nil
	}
	if err != sql.ErrNoRows {
		return "", "", "", "", false, apperr.Wrap(err, "store.query_failed")
	}
	err = q.QueryRowContext(ctx, `SELECT v.org_id, v.id, v.definition, v.title FROM scan_survey_tokens k JOIN scan_surveys v ON v.id = k.survey_id
		WHERE k.token_hash = $1 AND k.used = FALSE AND v.status = 'open'`, h).Scan(&orgID, &id, &def, &title)
	if err == sql.ErrNoRows {
		return "", "", "", "", false, apperr.New(apperr.NotFound, "scan.survey.code_unknown")
	}
	if err != nil {
		return "", "", "", "", false, apperr.Wrap(err, "store.query_failed")
	}
	return orgID, id, def, title, true, nil
}

// OpenSurvey returns the survey a respondent's code opens.
func (s *Store) OpenSurvey(ctx context.Context, code string) (*PublicSurvey, error) {
	if strings.TrimSpace(code) == "" {
		return nil, apperr.New(apperr.NotFound, "scan.survey.code_unknown")
	}
	_, _, def, title, _, err := s.openSurvey(ctx, s.db.Read, code)
	if err != nil {
		return nil, err
	}
	ps := &PublicSurvey{Title: title}
	if err := json.Unmarshal([]byte(def), &ps.Framework); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return ps, nil
}

// Respond stores one respondent's answers (levels per question key; 0 or
// missing = no answer). It stores the levels and the month, nothing else:
// no code, no time of day, no address; a per-person code is marked used
// without a time and without a reference to the answers. See
// docs/decisions/0022-scans-and-surveys.md.
func (s *Store) Respond(ctx context.Context, code string, levels map[string]int) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		orgID, id, def, _, personal, err := s.openSurvey(ctx, tx, code)
		if err != nil {
			return err
		}
		var f Framework
		if err := json.Unmarshal([]byte(def), &f); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		keep := map[string]int{}
		var errs apperr.List
		for _, p := range f.Pillars {
			for _, q := range p.Questions {
				l := levels[q.Key]
				if l < 0 || l > f.Kind.MaxLevel() {
					errs = append(errs, apperr.FieldErr("level-"+q.Key, "scan.err.level", f.Kind.MaxLevel()))
				} else if l > 0 {
					keep[q.Key] = l
				}
			}
		}
		if len(errs) > 0 {
			return errs
		}
		if len(keep) == 0 {
			return apperr.List{apperr.FieldErr("answers", "scan.survey.nothing_answered")}
		}
		if personal {
			res, err := tx.ExecContext(ctx, `UPDATE scan_survey_tokens SET used = TRUE WHERE token_hash = $1 AND used = FALSE`, hashCode(code))
			if err != nil {
				return writeErr(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return apperr.New(apperr.NotFound, "scan.survey.code_unknown")
			}
		}
		// encoding/json writes map keys sorted, so the text does not reveal
		// the order in which the questions were answered.
		raw, err := json.Marshal(keep)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		month := s.clk.Now().In(clock.Amsterdam).Format("2006-01")
		if _, err := tx.ExecContext(ctx, `INSERT INTO scan_survey_responses (id, org_id, survey_id, answered_in, levels) VALUES ($1, $2, $3, $4, $5)`,
			store.NewID(), orgID, id, month, string(raw)); err != nil {
			return writeErr(err)
		}
		return nil
	})
}
