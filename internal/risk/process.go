package risk

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Process is a process a team runs, such as "Exploitatievergunning horeca".
type Process struct {
	ID       string
	TeamID   string
	TeamName string
	Code     string // unique per organisation
	Name     string
	// CatalogueCode names the process in the shared catalogue (and its
	// knowledge card); "" for a process of the organisation's own.
	CatalogueCode string
	Description   string
	// ReviewMonths is the review cycle; ReviewDue the next review
	// (YYYY-MM-DD), ReviewedOn the last ("" never).
	ReviewMonths int
	ReviewDue    string
	ReviewedOn   string
	// ReviewOverdue is computed against the store's clock when read.
	ReviewOverdue bool
}

// ProcessSummary is a process as the register's list shows it.
type ProcessSummary struct {
	Process
	Steps           int
	Vulnerabilities int
	OpenControls    int // controls planned but not in place
	// MaxResidual is the highest residual risk level of its
	// vulnerabilities ("" when none is scored).
	MaxResidual duty.Risk
}

// NewProcess is the input for creating a process.
type NewProcess struct {
	TeamID        string
	Code          string
	Name          string
	CatalogueCode string
	Description   string
	ReviewMonths  int // 0 means DefaultReviewMonths
}

// ProcessEdit is the input for changing a process.
type ProcessEdit struct {
	TeamID       string
	Name         string
	Description  string
	ReviewMonths int
}

// DefaultReviewMonths is the review cycle of a new process: once a year.
const DefaultReviewMonths = 12

const (
	maxDescription  = 4000
	maxReviewMonths = 60
)

func (s *Store) today() string { return s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly) }

// addMonths returns the day months after day (YYYY-MM-DD).
func addMonths(day string, months int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, months, 0).Format(time.DateOnly)
}

// CreateProcess adds a process to a team of the scope's organisation; its
// first review is due one cycle from today.
func (s *Store) CreateProcess(ctx context.Context, sc *auth.Scope, n NewProcess) (*Process, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	var p *Process
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.createProcess(ctx, tx, sc, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Store) createProcess(ctx context.Context, tx *sql.Tx, sc *auth.Scope, n NewProcess) (*Process, error) {
	if n.ReviewMonths == 0 {
		n.ReviewMonths = DefaultReviewMonths
	}
	p := &Process{ID: store.NewID(), TeamID: clean(n.TeamID), Code: clean(n.Code), Name: clean(n.Name),
		CatalogueCode: clean(n.CatalogueCode), Description: cleanText(n.Description), ReviewMonths: n.ReviewMonths}
	p.ReviewDue = addMonths(s.today(), p.ReviewMonths)
	var errs apperr.List
	errs = checkText(errs, "code", p.Code, true, maxCode)
	errs = checkText(errs, "name", p.Name, true, maxName)
	errs = checkText(errs, "catalogue_code", p.CatalogueCode, false, maxCode)
	errs = checkText(errs, "description", p.Description, false, maxDescription)
	errs = checkRange(errs, "review_months", p.ReviewMonths, 1, maxReviewMonths)
	ok, err := exists(ctx, tx, "teams", sc.OrgID, p.TeamID)
	if err != nil {
		return nil, err
	}
	if !ok {
		errs = append(errs, apperr.FieldErr("team_id", "risk.process.team_unknown"))
	} else if s.mayEditTeam(ctx, sc, p.TeamID) != nil {
		errs = append(errs, apperr.FieldErr("team_id", "risk.process.not_led_team"))
	}
	var taken int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM processes WHERE org_id = $1 AND code = $2`, sc.OrgID, p.Code).Scan(&taken); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if taken > 0 {
		errs = append(errs, apperr.FieldErr("code", "risk.process.code_taken", p.Code))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	now := store.Millis(s.clk.Now())
	_, err = tx.ExecContext(ctx, `INSERT INTO processes (id, org_id, team_id, code, name, catalogue_code, description,
		review_months, review_due, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		p.ID, sc.OrgID, p.TeamID, p.Code, p.Name, p.CatalogueCode, p.Description, p.ReviewMonths, p.ReviewDue, now)
	if err != nil {
		return nil, writeErr(err)
	}
	return p, s.logChange(ctx, tx, sc, p.ID, ActionProcessCreate, "process", p.ID, "")
}

// CreateFromCatalogue adds a catalogue process to a team with the
// catalogue's example steps, typical vulnerabilities (not scored yet) and
// controls (planned), all in one transaction. The code is the catalogue
// code, with a suffix when the organisation already has it (a second team
// running the same process).
func (s *Store) CreateFromCatalogue(ctx context.Context, sc *auth.Scope, teamID, catalogueCode string) (*Process, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	c, ok := CatalogueEntry(catalogueCode)
	if !ok {
		return nil, apperr.List{apperr.FieldErr("catalogue_code", "risk.process.catalogue_unknown")}
	}
	var p *Process
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		code, err := s.freeCode(ctx, tx, sc.OrgID, c.Code)
		if err != nil {
			return err
		}
		if p, err = s.createProcess(ctx, tx, sc, NewProcess{TeamID: teamID, Code: code, Name: c.Name, CatalogueCode: c.Code}); err != nil {
			return err
		}
		for _, cs := range c.Steps {
			minHolders, rotation := cs.Kind.Defaults()
			if _, err := s.createStep(ctx, tx, sc, NewStep{ProcessID: p.ID, Code: cs.Code, Name: cs.Name, Kind: cs.Kind,
				MinHolders: minHolders, FourEyes: cs.FourEyes, RotationMonths: rotation}); err != nil {
				return err
			}
		}
		for _, cv := range c.Vulnerabilities {
			if _, err := s.createVulnerability(ctx, tx, sc, NewVulnerability{ProcessID: p.ID, Title: cv.Title,
				Origin: cv.Origin, Intent: cv.Intent, Factor: cv.Factor}); err != nil {
				return err
			}
		}
		for _, title := range c.Controls {
			if _, err := s.createControl(ctx, tx, sc, NewControl{ProcessID: p.ID, Title: title, Status: Planned}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// freeCode returns code, or code-2, code-3, … when taken.
func (s *Store) freeCode(ctx context.Context, q store.Querier, orgID, code string) (string, error) {
	for i := 1; ; i++ {
		try := code
		if i > 1 {
			try = code + "-" + itoa(i)
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM processes WHERE org_id = $1 AND code = $2`, orgID, try).Scan(&n); err != nil {
			return "", apperr.Wrap(err, "store.query_failed")
		}
		if n == 0 {
			return try, nil
		}
	}
}

const processColumns = `p.id, p.team_id, t.name, p.code, p.name, p.catalogue_code, p.description, p.review_months, p.review_due, p.reviewed_on`

func (s *Store) scanProcess(row interface{ Scan(...any) error }, p *Process, extra ...any) error {
	dest := append([]any{&p.ID, &p.TeamID, &p.TeamName, &p.Code, &p.Name, &p.CatalogueCode, &p.Description,
		&p.ReviewMonths, &p.ReviewDue, &p.ReviewedOn}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	p.ReviewOverdue = p.ReviewDue != "" && p.ReviewDue < s.today()
	return nil
}

// Process returns one process of the scope's organisation; another
// organisation's process is not found.
func (s *Store) Process(ctx context.Context, sc *auth.Scope, id string) (*Process, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	var p Process
	err := s.scanProcess(s.db.Read.QueryRowContext(ctx, `SELECT `+processColumns+` FROM processes p
		JOIN teams t ON t.id = p.team_id AND t.org_id = p.org_id WHERE p.org_id = $1 AND p.id = $2`, sc.OrgID, id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return &p, nil
}

// ProcessFilter narrows the register's list.
type ProcessFilter struct {
	TeamID        string // "" all teams
	ReviewOverdue bool
}

// ListProcesses returns the processes of the scope's organisation with
// their counts, by team and name.
func (s *Store) ListProcesses(ctx context.Context, sc *auth.Scope, f ProcessFilter) ([]ProcessSummary, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	m, err := loadMatrix(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	w := store.NewWhere("p.org_id = ?", sc.OrgID)
	if f.TeamID != "" {
		w.Add("p.team_id = ?", f.TeamID)
	}
	if f.ReviewOverdue {
		w.Add("p.review_due <> '' AND p.review_due < ?", s.today())
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+processColumns+`,
		(SELECT COUNT(*) FROM steps st WHERE st.org_id = p.org_id AND st.process_id = p.id),
		(SELECT COUNT(*) FROM vulnerabilities v WHERE v.org_id = p.org_id AND v.process_id = p.id),
		(SELECT COUNT(*) FROM controls c WHERE c.org_id = p.org_id AND c.process_id = p.id AND c.status = 'planned'),
		(SELECT COALESCE(MAX(v.residual_likelihood * v.residual_impact), 0) FROM vulnerabilities v WHERE v.org_id = p.org_id AND v.process_id = p.id),
		(SELECT COALESCE(MAX(v.inherent_likelihood * v.inherent_impact), 0) FROM vulnerabilities v WHERE v.org_id = p.org_id AND v.process_id = p.id AND v.residual_likelihood = 0)
		FROM processes p JOIN teams t ON t.id = p.team_id AND t.org_id = p.org_id
		WHERE `+w.SQL()+` ORDER BY lower(t.name), lower(p.name), p.code`, w.Args()...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []ProcessSummary
	for rows.Next() {
		var ps ProcessSummary
		var residual, inherentOnly int
		if err := s.scanProcess(rows, &ps.Process, &ps.Steps, &ps.Vulnerabilities, &ps.OpenControls, &residual, &inherentOnly); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		ps.MaxResidual = m.scoreLevel(max(residual, inherentOnly))
		out = append(out, ps)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Processes returns the processes of a team of the scope's organisation,
// sorted by name; another organisation's team gives none.
func (s *Store) Processes(ctx context.Context, sc *auth.Scope, teamID string) ([]Process, error) {
	list, err := s.ListProcesses(ctx, sc, ProcessFilter{TeamID: teamID})
	if err != nil {
		return nil, err
	}
	out := make([]Process, len(list))
	for i, ps := range list {
		out[i] = ps.Process
	}
	return out, nil
}

// UpdateProcess changes a process's team, name, description or review
// cycle, with the reason for the change. A shorter cycle moves the next
// review forward.
func (s *Store) UpdateProcess(ctx context.Context, sc *auth.Scope, id string, e ProcessEdit, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	e.TeamID, e.Name, e.Description, reason = clean(e.TeamID), clean(e.Name), cleanText(e.Description), cleanText(reason)
	var errs apperr.List
	errs = checkText(errs, "name", e.Name, true, maxName)
	errs = checkText(errs, "description", e.Description, false, maxDescription)
	errs = checkRange(errs, "review_months", e.ReviewMonths, 1, maxReviewMonths)
	errs = checkReason(errs, reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var base, oldTeam string
		err := tx.QueryRowContext(ctx, `SELECT CASE WHEN reviewed_on = '' THEN $3 ELSE reviewed_on END, team_id FROM processes
			WHERE org_id = $1 AND id = $2`, sc.OrgID, id, s.today()).Scan(&base, &oldTeam)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		// Handing a process to another team needs the old team too
		// (logChange checks the new one).
		if err := s.mayEditTeam(ctx, sc, oldTeam); err != nil {
			return err
		}
		ok, err := exists(ctx, tx, "teams", sc.OrgID, e.TeamID)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.FieldErr("team_id", "risk.process.team_unknown"))
		} else if s.mayEditTeam(ctx, sc, e.TeamID) != nil {
			errs = append(errs, apperr.FieldErr("team_id", "risk.process.not_led_team"))
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `UPDATE processes SET team_id = $3, name = $4, description = $5, review_months = $6,
			review_due = $7, updated_at = $8 WHERE org_id = $1 AND id = $2`, sc.OrgID, id, e.TeamID, e.Name, e.Description,
			e.ReviewMonths, addMonths(base, e.ReviewMonths), store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, id, ActionProcessUpdate, "process", id, reason)
	})
}

// ReviewProcess records the periodic review of a process today, with what
// the review found, and plans the next one a cycle later.
func (s *Store) ReviewProcess(ctx context.Context, sc *auth.Scope, id, findings string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	findings = cleanText(findings)
	errs := checkReason(nil, findings)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var months int
		err := tx.QueryRowContext(ctx, `SELECT review_months FROM processes WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&months)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if len(errs) > 0 {
			return errs
		}
		today := s.today()
		if _, err := tx.ExecContext(ctx, `UPDATE processes SET reviewed_on = $3, review_due = $4, updated_at = $5
			WHERE org_id = $1 AND id = $2`, sc.OrgID, id, today, addMonths(today, months), store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, id, ActionProcessReview, "process", id, findings)
	})
}
