package people

import (
	"context"
	"database/sql"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

// ImportReport says what an attendance import did or, on a dry run, would
// do.
type ImportReport struct {
	DryRun    bool
	Rows      int // data rows read
	New       int // attendance records written (or to be written)
	Unchanged int // rows already recorded, also repeats within the file
}

// The columns of an attendance file, by the header names accepted
// (lower case).
var (
	colNumber   = []string{"personeelsnummer", "personeelsnr", "nummer"}
	colTraining = []string{"training", "opleiding", "trainingseis"}
	colDate     = []string{"datum", "date"}
	colSession  = []string{"sessie", "session"}
)

// ImportAttendance records attendance from a CSV or XLSX file with the
// columns personeelsnummer, training (code or name of a requirement), datum
// and optionally sessie (the location or id of a session of that training
// on that day). Every bad row is reported with its row number and column
// and nothing is written unless the whole file is right; a row that is
// already recorded is left as it is, so importing the same file again
// changes nothing.
func (s *Store) ImportAttendance(ctx context.Context, sc *auth.Scope, r io.Reader, f tabular.Format, dryRun bool) (*ImportReport, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx, sc); err != nil {
		return nil, err
	}
	sh, err := tabular.Read(r, f)
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	head := map[string]string{}
	var errs apperr.List
	for i, h := range sh.Header {
		norm := strings.ToLower(strings.TrimSpace(h))
		for _, names := range [][]string{colNumber, colTraining, colDate, colSession} {
			for _, n := range names {
				if norm != n {
					continue
				}
				if _, dup := idx[names[0]]; dup {
					errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "people.training.import.column_twice", Field: strings.TrimSpace(h), Row: sh.HeaderRow})
				}
				idx[names[0]], head[names[0]] = i, strings.TrimSpace(h)
			}
		}
	}
	for _, names := range [][]string{colNumber, colTraining, colDate} {
		if _, ok := idx[names[0]]; !ok {
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "people.training.import.column_missing", Field: names[0], Row: sh.HeaderRow})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cell := func(row tabular.Row, col string) string {
		i, ok := idx[col]
		if !ok || i >= len(row.Cells) {
			return ""
		}
		return strings.TrimSpace(row.Cells[i])
	}
	rowErr := func(row tabular.Row, col, key string, args ...any) *apperr.Error {
		return &apperr.Error{Code: apperr.Invalid, Key: key, Field: head[col], Row: row.N, Args: args}
	}

	// What the rows refer to: employees by number, requirements by code or
	// name, sessions by requirement and day.
	employees := map[string]string{}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT number, id FROM employees WHERE org_id = $1`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var n, id string
		if err := rows.Scan(&n, &id); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		employees[strings.ToLower(n)] = id
	}
	rows.Close()
	reqs, err := requirementsOf(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	reqByKey := map[string]string{}
	for _, r := range reqs {
		reqByKey[strings.ToLower(r.Code)] = r.ID
		reqByKey[strings.ToLower(r.Name)] = r.ID
	}
	type sessKey struct{ req, date, label string }
	sessions := map[sessKey]string{}
	all, err := s.sessions(ctx, sc, "")
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		sessions[sessKey{x.RequirementID, x.Date, strings.ToLower(x.ID)}] = x.ID
		sessions[sessKey{x.RequirementID, x.Date, strings.ToLower(x.Location)}] = x.ID
		sessions[sessKey{x.RequirementID, x.Date, ""}] = x.ID
	}

	type rec struct{ emp, req, date, session string }
	var recs []rec
	seen := map[rec]bool{}
	today := s.today()
	rep := &ImportReport{DryRun: dryRun, Rows: len(sh.Rows)}
	for _, row := range sh.Rows {
		var x rec
		number := cell(row, colNumber[0])
		if number == "" {
			errs = append(errs, rowErr(row, colNumber[0], "people.training.import.required"))
		} else if x.emp = employees[strings.ToLower(number)]; x.emp == "" {
			errs = append(errs, rowErr(row, colNumber[0], "people.training.import.person_unknown", number))
		}
		training := cell(row, colTraining[0])
		if training == "" {
			errs = append(errs, rowErr(row, colTraining[0], "people.training.import.required"))
		} else if x.req = reqByKey[strings.ToLower(training)]; x.req == "" {
			errs = append(errs, rowErr(row, colTraining[0], "people.training.import.training_unknown", training))
		}
		raw := cell(row, colDate[0])
		d, ok := importDay(raw, f == tabular.XLSX)
		switch {
		case raw == "":
			errs = append(errs, rowErr(row, colDate[0], "people.training.import.required"))
		case !ok:
			errs = append(errs, rowErr(row, colDate[0], "people.training.import.date_invalid", raw))
		case d.After(today):
			errs = append(errs, rowErr(row, colDate[0], "people.training.import.date_future", raw))
		default:
			x.date = d.Format(time.DateOnly)
		}
		if label := cell(row, colSession[0]); label != "" && x.req != "" && x.date != "" {
			if x.session = sessions[sessKey{x.req, x.date, strings.ToLower(label)}]; x.session == "" {
				errs = append(errs, rowErr(row, colSession[0], "people.training.import.session_unknown", label))
			}
		}
		if x.emp == "" || x.req == "" || x.date == "" {
			continue
		}
		key := rec{x.emp, x.req, x.date, ""}
		if seen[key] {
			rep.Unchanged++
			continue
		}
		seen[key] = true
		recs = append(recs, x)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, x := range recs {
			_, created, err := s.insertAttendance(ctx, tx, sc, x.emp, x.req, x.date, x.session, "import")
			if err != nil {
				return err
			}
			if created {
				rep.New++
			} else {
				rep.Unchanged++
			}
		}
		if dryRun {
			return errDryRun
		}
		if rep.New == 0 {
			return nil
		}
		return s.record(ctx, tx, sc, area+".training.attendance_import", "training_attendance", strconv.Itoa(rep.New))
	})
	if err == errDryRun {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// errDryRun rolls a dry run's transaction back after counting.
var errDryRun = apperr.New(apperr.Invalid, "people.training.import.dry_run")

// importDay reads a date cell: a written day, or in a workbook the serial
// number a date cell holds (days since 30 December 1899).
func importDay(raw string, xlsx bool) (time.Time, bool) {
	if d, ok := parseDay(raw); ok {
		return d, true
	}
	if !xlsx {
		return time.Time{}, false
	}
	n, err := strconv.ParseFloat(raw, 64)
	if err != nil || n < 1 || n > 120000 {
		return time.Time{}, false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)), true
}
