package bibob

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

// ImportReport says what an import of applications did or, on a dry run,
// would do.
type ImportReport struct {
	DryRun    bool
	Rows      int
	New       int
	Changed   int
	Unchanged int
}

// importCol is a column of the import file: the form field its errors are
// reported on, whether it must be there, and the header names accepted
// (lower case).
type importCol struct {
	field    string
	required bool
	names    []string
}

var importCols = []importCol{
	{"case_number", true, []string{"zaaknummer", "zaak", "kenmerk", "case number"}},
	{"app_type", true, []string{"type", "zaaktype", "soort"}},
	{"applicant", true, []string{"aanvrager", "naam aanvrager", "applicant"}},
	{"kvk", false, []string{"kvk-nummer", "kvk", "kvk nummer", "kvknummer"}},
	{"parties", false, []string{"betrokken partijen", "betrokkenen", "partijen"}},
	{"address", false, []string{"adres", "locatie"}},
	{"plot", false, []string{"perceel", "kadastraal perceel"}},
	{"amount", false, []string{"bedrag", "bouwsom", "waarde"}},
	{"received_on", true, []string{"datum ontvangst", "ontvangen", "ontvangstdatum"}},
	{"decision_due", false, []string{"beslistermijn", "uiterste beslisdatum"}},
}

// ImportApplications registers or updates applications from a CSV or XLSX
// export of a case system (bibob.screen). Every bad row is reported with
// its row number and column and nothing is written unless the whole file
// is right. A case number already registered is updated, so importing the
// same file again changes nothing.
func (s *Store) ImportApplications(ctx context.Context, sc *auth.Scope, r io.Reader, f tabular.Format, dryRun bool) (*ImportReport, error) {
	if !sc.Allows(auth.BibobScreen) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	sh, err := tabular.Read(r, f)
	if err != nil {
		return nil, err
	}
	idx, head := map[string]int{}, map[string]string{}
	var errs apperr.List
	for i, h := range sh.Header {
		norm := strings.ToLower(strings.TrimSpace(h))
		for _, c := range importCols {
			for _, n := range c.names {
				if norm != n {
					continue
				}
				if _, dup := idx[c.field]; dup {
					errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "bibob.import.column_twice", Field: strings.TrimSpace(h), Row: sh.HeaderRow})
				}
				idx[c.field], head[c.field] = i, strings.TrimSpace(h)
			}
		}
	}
	for _, c := range importCols {
		if _, ok := idx[c.field]; !ok && c.required {
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "bibob.import.column_missing", Field: c.names[0], Row: sh.HeaderRow})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	cell := func(row tabular.Row, field string) string {
		i, ok := idx[field]
		if !ok || i >= len(row.Cells) {
			return ""
		}
		return strings.TrimSpace(row.Cells[i])
	}
	var apps []Application
	seen := map[string]int{}
	for _, row := range sh.Rows {
		in := ApplicationInput{CaseNumber: cell(row, "case_number"), Type: cell(row, "app_type"), Applicant: cell(row, "applicant"), KvK: cell(row, "kvk"),
			Parties: cell(row, "parties"), Address: cell(row, "address"), Plot: cell(row, "plot"), Amount: cell(row, "amount"),
			ReceivedOn: importDay(cell(row, "received_on"), f), DecisionDue: importDay(cell(row, "decision_due"), f)}
		a, rowErrs := s.checkApplication(in)
		for _, e := range rowErrs {
			col := head[e.Field]
			if col == "" {
				col = e.Field
				for _, c := range importCols {
					if c.field == e.Field {
						col = c.names[0]
					}
				}
			}
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: e.Key, Args: e.Args, Field: col, Row: row.N})
		}
		if len(rowErrs) > 0 {
			continue
		}
		if first, dup := seen[a.CaseNumber]; dup {
			errs = append(errs, &apperr.Error{Code: apperr.Invalid, Key: "bibob.import.case_twice", Args: []any{first}, Field: head["case_number"], Row: row.N})
			continue
		}
		seen[a.CaseNumber] = row.N
		apps = append(apps, a)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	rep := &ImportReport{DryRun: dryRun, Rows: len(sh.Rows)}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, a := range apps {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bibob_applications WHERE org_id = $1 AND case_number = $2`, sc.OrgID, a.CaseNumber).Scan(&exists); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			_, changed, err := s.upsertApplication(ctx, tx, sc, a, "import")
			if err != nil {
				return err
			}
			switch {
			case exists == 0:
				rep.New++
			case changed:
				rep.Changed++
			default:
				rep.Unchanged++
			}
		}
		if dryRun {
			return errDryRun
		}
		return s.logChange(ctx, tx, sc, area+".application.import", "bibob_application", strconv.Itoa(rep.New+rep.Changed))
	})
	if err == errDryRun {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

var errDryRun = apperr.New(apperr.Invalid, "bibob.import.dry_run")

// importDay reads a date cell: an ISO date, a Dutch d-m-yyyy date, or in a
// workbook the serial number of a date cell. Anything else is passed on
// for the check to refuse.
func importDay(raw string, f tabular.Format) string {
	if raw == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, raw); err == nil {
		return raw
	}
	for _, layout := range []string{"2-1-2006", "02-01-2006", "2/1/2006"} {
		if d, err := time.Parse(layout, raw); err == nil {
			return d.Format(time.DateOnly)
		}
	}
	if f == tabular.XLSX {
		if n, err := strconv.ParseFloat(raw, 64); err == nil && n >= 1 && n < 120000 {
			return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)).Format(time.DateOnly)
		}
	}
	return raw
}
