package council

import (
	"context"
	"database/sql"
	"encoding/json"
	"regexp"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Status is the state of a council report.
type Status string

// A report is written as a concept and frozen when finalised.
const (
	Concept Status = "concept"
	Final   Status = "definitief"
)

// Report is one council report (raadsinformatiebrief / factsheet).
type Report struct {
	ID          string
	Period      string // 2026, 2026-H1 or 2026-H2
	From, To    string // YYYY-MM-DD, both inclusive
	Title       string
	Summary     string
	Status      Status
	CreatedAt   time.Time
	FinalisedAt time.Time
	// Snapshot is set for a finalised report only; a concept's figures are
	// computed when shown (Figures).
	Snapshot *Snapshot
}

// Final reports whether the report is finalised and can no longer change.
func (r *Report) Final() bool { return r.Status == Final }

// Year is the year of the report's period.
func (r *Report) Year() int {
	y, _ := strconv.Atoi(r.Period[:4])
	return y
}

const (
	maxTitle   = 200
	maxSummary = 20000
)

var periodPattern = regexp.MustCompile(`^(\d{4})(-H[12])?$`)

// ParsePeriod turns 2026, 2026-H1 or 2026-H2 into its first and last day.
func ParsePeriod(p string) (from, to string, ok bool) {
	m := periodPattern.FindStringSubmatch(p)
	if m == nil {
		return "", "", false
	}
	y, _ := strconv.Atoi(m[1])
	if y < 2000 || y > 2100 {
		return "", "", false
	}
	switch m[2] {
	case "-H1":
		return m[1] + "-01-01", m[1] + "-06-30", true
	case "-H2":
		return m[1] + "-07-01", m[1] + "-12-31", true
	}
	return m[1] + "-01-01", m[1] + "-12-31", true
}

// SeesDrafts reports whether the scope sees concept reports: those who
// write them. Auditors and executives read finalised reports only.
func SeesDrafts(sc *auth.Scope) bool { return sc.Can(auth.CouncilEdit) }

// CreateReport starts a concept report for a period, with a generated
// plain-language summary for the coordinator to rewrite. One report per
// period.
func (s *Store) CreateReport(ctx context.Context, sc *auth.Scope, period, title, summary string) (*Report, error) {
	if err := need(sc, auth.CouncilEdit); err != nil {
		return nil, err
	}
	period, title, summary = clean(period), clean(title), cleanText(summary)
	var errs apperr.List
	from, to, ok := ParsePeriod(period)
	if !ok {
		errs = append(errs, apperr.FieldErr("period", "council.err.period"))
	}
	if title == "" {
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	} else if tooLong(title, maxTitle) {
		errs = append(errs, apperr.FieldErr("title", "council.err.too_long", maxTitle))
	}
	if tooLong(summary, maxSummary) {
		errs = append(errs, apperr.FieldErr("summary", "council.err.too_long", maxSummary))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM council_reports WHERE org_id = $1 AND period = $2`, sc.OrgID, period).Scan(&n); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if n > 0 {
		return nil, apperr.List{apperr.FieldErr("period", "council.err.period_taken")}
	}
	id, now := store.NewID(), store.Millis(s.clk.Now())
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO council_reports (id, org_id, period, period_start, period_end, title, summary, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'concept', $8, $9, $9)`, id, sc.OrgID, period, from, to, title, summary, sc.UserID, now); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.List{apperr.FieldErr("period", "council.err.period_taken")}
			}
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionReportCreate, "council_report", id)
	})
	if err != nil {
		return nil, err
	}
	return s.Report(ctx, sc, id)
}

const reportColumns = `id, period, period_start, period_end, title, summary, status, snapshot, created_at, finalised_at`

func reportRow(row interface{ Scan(...any) error }) (*Report, error) {
	var r Report
	var snap string
	var created, final int64
	if err := row.Scan(&r.ID, &r.Period, &r.From, &r.To, &r.Title, &r.Summary, &r.Status, &snap, &created, &final); err != nil {
		return nil, err
	}
	r.CreatedAt = store.Time(created)
	if final > 0 {
		r.FinalisedAt = store.Time(final)
	}
	if snap != "" {
		r.Snapshot = &Snapshot{}
		if err := json.Unmarshal([]byte(snap), r.Snapshot); err != nil {
			return nil, err
		}
	}
	return &r, nil
}

// Reports lists the organisation's reports, newest period first; without
// council.edit only the finalised ones.
func (s *Store) Reports(ctx context.Context, sc *auth.Scope) ([]Report, error) {
	if err := need(sc, auth.CouncilRead); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+reportColumns+` FROM council_reports WHERE org_id = $1 AND ($2 OR status = 'definitief')
		ORDER BY period_end DESC, period DESC`, sc.OrgID, SeesDrafts(sc))
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := reportRow(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// Report returns one report of the organisation; a concept is not found
// for those who read finalised reports only.
func (s *Store) Report(ctx context.Context, sc *auth.Scope, id string) (*Report, error) {
	if err := need(sc, auth.CouncilRead); err != nil {
		return nil, err
	}
	r, err := reportRow(s.db.Read.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM council_reports WHERE org_id = $1 AND id = $2`, sc.OrgID, id))
	if err == sql.ErrNoRows {
		return nil, notFound()
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if !r.Final() && !SeesDrafts(sc) {
		return nil, notFound()
	}
	return r, nil
}

// Figures returns the report's figures: the frozen snapshot of a
// finalised report, or today's figures for a concept.
func (s *Store) Figures(ctx context.Context, sc *auth.Scope, r *Report) (*Snapshot, error) {
	if r.Snapshot != nil {
		return r.Snapshot, nil
	}
	return s.Build(ctx, sc, r.Year())
}

// Previous returns the finalised report of the latest period before r's,
// whose snapshot "what changed" compares with; nil without one.
func (s *Store) Previous(ctx context.Context, sc *auth.Scope, r *Report) (*Report, error) {
	p, err := reportRow(s.db.Read.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM council_reports
		WHERE org_id = $1 AND status = 'definitief' AND period_end < $2 AND id <> $3 ORDER BY period_end DESC, finalised_at DESC LIMIT 1`,
		sc.OrgID, r.To, r.ID))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return p, nil
}

// SaveSummary replaces the summary of a concept report; a finalised
// report is refused.
func (s *Store) SaveSummary(ctx context.Context, sc *auth.Scope, id, title, summary string) error {
	if err := need(sc, auth.CouncilEdit); err != nil {
		return err
	}
	title, summary = clean(title), cleanText(summary)
	var errs apperr.List
	if title == "" {
		errs = append(errs, apperr.FieldErr("title", "field.required"))
	} else if tooLong(title, maxTitle) {
		errs = append(errs, apperr.FieldErr("title", "council.err.too_long", maxTitle))
	}
	if tooLong(summary, maxSummary) {
		errs = append(errs, apperr.FieldErr("summary", "council.err.too_long", maxSummary))
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.concept(ctx, tx, sc, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE council_reports SET title = $1, summary = $2, updated_at = $3 WHERE org_id = $4 AND id = $5 AND status = 'concept'`,
			title, summary, store.Millis(s.clk.Now()), sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionReportSummary, "council_report", id)
	})
}

// concept checks inside a transaction that the report exists and is still
// a concept.
func (s *Store) concept(ctx context.Context, tx *sql.Tx, sc *auth.Scope, id string) error {
	var st Status
	err := tx.QueryRowContext(ctx, `SELECT status FROM council_reports WHERE org_id = $1 AND id = $2`, sc.OrgID, id).Scan(&st)
	if err == sql.ErrNoRows {
		return notFound()
	}
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	if st != Concept {
		return apperr.New(apperr.Conflict, "council.err.final")
	}
	return nil
}

// Finalise freezes the report: its figures as they are now are stored as
// the snapshot, and from then on nothing changes. A report without a
// summary is refused.
func (s *Store) Finalise(ctx context.Context, sc *auth.Scope, id string) error {
	if err := need(sc, auth.CouncilEdit); err != nil {
		return err
	}
	r, err := s.Report(ctx, sc, id)
	if err != nil {
		return err
	}
	if r.Final() {
		return apperr.New(apperr.Conflict, "council.err.final")
	}
	if r.Summary == "" {
		return apperr.List{apperr.FieldErr("summary", "council.err.summary_required")}
	}
	snap, err := s.Build(ctx, sc, r.Year())
	if err != nil {
		return err
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.concept(ctx, tx, sc, id); err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE council_reports SET status = 'definitief', snapshot = $1, finalised_at = $2, finalised_by = $3, updated_at = $2
			WHERE org_id = $4 AND id = $5 AND status = 'concept'`, string(b), now, sc.UserID, sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionReportFinal, "council_report", id)
	})
}

// RecordView notes that the council's own roles opened a finalised report
// (the evidence of norm 16); nobody is named. Those who write reports are
// not counted.
func (s *Store) RecordView(ctx context.Context, sc *auth.Scope, r *Report) error {
	if !r.Final() || SeesDrafts(sc) || !sc.HasRole(auth.Auditor) {
		return nil
	}
	if _, err := s.db.Write.ExecContext(ctx, `INSERT INTO council_report_views (id, org_id, report_id, viewed_at) VALUES ($1, $2, $3, $4)`,
		store.NewID(), sc.OrgID, r.ID, store.Millis(s.clk.Now())); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return nil
}

// SeedFinal stores a finalised report with the given snapshot and time of
// finalising, for the demo's report of an earlier period whose figures
// are those of that time. It is not a route.
func (s *Store) SeedFinal(ctx context.Context, sc *auth.Scope, id string, snap *Snapshot, at time.Time) error {
	if err := need(sc, auth.CouncilEdit); err != nil {
		return err
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.concept(ctx, tx, sc, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE council_reports SET status = 'definitief', snapshot = $1, finalised_at = $2, finalised_by = $3, updated_at = $2
			WHERE org_id = $4 AND id = $5`, string(b), store.Millis(at), sc.UserID, sc.OrgID, id); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionReportFinal, "council_report", id)
	})
}
