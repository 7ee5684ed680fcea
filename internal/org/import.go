package org

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"sort"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Counts tells what an import did, or would do, with one kind of object.
type Counts struct {
	Created, Updated, Unchanged int
}

// ImportReport is the outcome of an import or a dry run.
type ImportReport struct {
	DryRun bool
	// Rows is the number of data rows read (empty rows not counted).
	Rows                                     int
	Teams, Functions, Employees, Assignments Counts
	// NotInFile lists the personnel numbers of employees who work here
	// today but are not in the file. They are kept, not deleted: an export
	// of one department must not end everyone else's employment.
	NotInFile []string
	// IgnoredColumns are headers of the file the import does not use.
	IgnoredColumns []string
	// Errors names every problem by row and column (Field is the header as
	// the file spells it). When there are any, nothing was written.
	Errors apperr.List
}

// Changed reports whether the import changes anything.
func (r *ImportReport) Changed() bool {
	for _, c := range []Counts{r.Teams, r.Functions, r.Employees, r.Assignments} {
		if c.Created+c.Updated > 0 {
			return true
		}
	}
	return false
}

// Import reads a typical HR export — one row per assignment of an employee
// to a function — and brings the organisation model in line with it.
//
// It first reads and checks the whole file. If any row has a problem it
// writes nothing and returns the report with every problem and the same
// list as the error (an apperr.List). Otherwise, unless dryRun, it upserts
// teams, functions, employees and assignments by their natural keys in one
// transaction, with one audit entry, so that importing the same file again
// changes nothing. A file that cannot be read at all (too large, not a
// spreadsheet) gives a nil report and an *apperr.Error.
func (s *Store) Import(ctx context.Context, sc *auth.Scope, r io.Reader, format Format, dryRun bool) (*ImportReport, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	sh, err := readSheet(r, format)
	if err != nil {
		return nil, err
	}
	c, ignored, errs := mapColumns(sh)
	rep := &ImportReport{DryRun: dryRun, Rows: len(sh.Rows), IgnoredColumns: ignored}
	if len(errs) > 0 {
		rep.Errors = errs
		return rep, errs
	}
	if len(sh.Rows) == 0 {
		return nil, apperr.New(apperr.Invalid, "org.import.no_rows")
	}
	lines, lineErrs := parseLines(sh, c, format == XLSX)
	run := func(q store.Querier) error {
		st, err := loadState(ctx, q, sc.OrgID)
		if err != nil {
			return err
		}
		p := newPlanner(st, c)
		p.plan(lines)
		rep.Errors = append(append(apperr.List{}, lineErrs...), p.errs...)
		sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Row < rep.Errors[j].Row })
		if len(rep.Errors) > 0 {
			return rep.Errors
		}
		rep.count(p, s.today())
		if dryRun {
			return nil
		}
		if err := s.apply(ctx, q, p); err != nil {
			return err
		}
		return s.record(ctx, q, sc, ActionImport, "import", store.NewID(), rep.summary())
	}
	if dryRun || len(lineErrs) > 0 {
		// Nothing will be written, so no transaction is needed; the stored
		// model is still read to find the problems that depend on it.
		err = run(s.db.Read)
	} else {
		err = s.db.Tx(ctx, func(tx *sql.Tx) error { return run(tx) })
	}
	if len(rep.Errors) > 0 {
		return rep, rep.Errors
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// count fills the report's counts from a finished plan.
func (r *ImportReport) count(p *planner, today string) {
	tally := func(c *Counts, isNew, changed bool) {
		switch {
		case isNew:
			c.Created++
		case changed:
			c.Updated++
		default:
			c.Unchanged++
		}
	}
	for _, t := range p.teams {
		tally(&r.Teams, t.existing == nil, t.existing != nil && t.changed())
	}
	for _, f := range p.funcs {
		tally(&r.Functions, f.existing == nil, f.existing != nil && f.existing.Name != f.name)
	}
	for _, e := range p.emps {
		tally(&r.Employees, e.existing == nil, e.existing != nil && e.changed())
	}
	for _, a := range p.assigns {
		tally(&r.Assignments, a.existing == nil, a.existing != nil && a.existing.EndDate != a.to)
	}
	for number, e := range p.st.empByNumber {
		if p.empByNumber[number] == nil && e.Active(today) {
			r.NotInFile = append(r.NotInFile, number)
		}
	}
	sort.Strings(r.NotInFile)
}

// summary is the audit entry's purpose: counts only, no personal data.
func (r *ImportReport) summary() string {
	f := func(c Counts) string { return fmt.Sprintf("%d/%d/%d", c.Created, c.Updated, c.Unchanged) }
	return fmt.Sprintf("rows=%d teams=%s functions=%s employees=%s assignments=%s not_in_file=%d (created/updated/unchanged)",
		r.Rows, f(r.Teams), f(r.Functions), f(r.Employees), f(r.Assignments), len(r.NotInFile))
}
