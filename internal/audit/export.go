package audit

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatJSON = "json" // JSON Lines: one entry object per line
)

// CSVHeader is the header row of a CSV export. The names are part of the file
// format that SIEM parsers rely on, so they are fixed rather than translated.
var CSVHeader = []string{
	"id", "volgnummer", "tijdstip", "organisatie", "actor", "actor_naam", "actie",
	"objecttype", "object", "doel", "resultaat", "verzoek", "span", "vorige_hash", "hash",
}

// Export writes the entries of f's scope that match its conditions to w,
// oldest first, as CSV with a header row or as JSON Lines, for the
// municipality's SIEM. Cursor and Limit are ignored: an export is complete.
// Rows are streamed from the database as they are written.
//
// Times are RFC 3339 in UTC with milliseconds. In CSV, a cell that a
// spreadsheet would run as a formula (starting with = + - @, a tab or a
// carriage return) or that starts with an apostrophe gets one apostrophe in
// front; ParseCSVCell takes it off again.
func (l *Log) Export(ctx context.Context, w io.Writer, format string, f Filter) error {
	if format != FormatCSV && format != FormatJSON {
		return apperr.FieldErr("format", "audit.export_format_invalid", format)
	}
	where, args, err := f.where()
	if err != nil {
		return err
	}
	rows, err := l.db.Read.QueryContext(ctx, `SELECT `+entryColumns+` FROM audit_log`+where+` ORDER BY seq`, args...)
	if err != nil {
		return apperr.Wrap(err, "audit.export_failed")
	}
	defer rows.Close()

	var write func(*Entry) error
	var flush func() error
	if format == FormatCSV {
		cw := csv.NewWriter(w)
		if err := cw.Write(CSVHeader); err != nil {
			return apperr.Wrap(err, "audit.export_failed")
		}
		write = func(e *Entry) error { return cw.Write(csvRecord(e)) }
		flush = func() error { cw.Flush(); return cw.Error() }
	} else {
		enc := json.NewEncoder(w)
		write = func(e *Entry) error { return enc.Encode(e) }
		flush = func() error { return nil }
	}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return apperr.Wrap(err, "audit.export_failed")
		}
		if err := write(&e); err != nil {
			return apperr.Wrap(err, "audit.export_failed")
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "audit.export_failed")
	}
	if err := flush(); err != nil {
		return apperr.Wrap(err, "audit.export_failed")
	}
	return nil
}

func csvRecord(e *Entry) []string {
	rec := []string{
		e.ID, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(exportTime), e.OrgID, e.ActorID,
		e.ActorLabel, e.Action, e.ObjectType, e.ObjectID, e.Purpose, e.Result, e.RequestID,
		e.SpanID, e.PrevHash, e.Hash,
	}
	for i, s := range rec {
		rec[i] = csvCell(s)
	}
	return rec
}

// exportTime is RFC 3339 with exactly three fraction digits, the precision
// at which times are stored.
const exportTime = "2006-01-02T15:04:05.000Z07:00"

// csvCell defuses a value that a spreadsheet would evaluate as a formula.
func csvCell(s string) string {
	if s != "" && isFormulaStart(s[0]) {
		return "'" + s
	}
	return s
}

// ParseCSVCell returns the value of an exported CSV cell, undoing the
// apostrophe that Export puts before formula-like values.
func ParseCSVCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && isFormulaStart(s[1]) {
		return s[1:]
	}
	return s
}

func isFormulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}
