package risk

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// ActionFindingsExport is audited for every export of the findings, which
// name people.
const ActionFindingsExport = area + ".findings.export"

// findingsTable writes the findings of rep that pass the filter as an
// export table: one row per finding with the steps, the process, the
// people and the mitigation written out.
func findingsTable(rep *Report, f Filter, lang i18n.Lang) export.Table {
	t := func(key string) string { return i18n.T(lang, key) }
	tb := export.Table{Title: t("risk.findings.list"), Columns: []string{t("risk.findings.export.col_kind"), t("risk.findings.export.col_risk"),
		t("risk.findings.export.col_team"), t("risk.findings.export.col_process"), t("risk.findings.export.col_steps"),
		t("risk.findings.export.col_person"), t("risk.findings.export.col_detail"), t("risk.findings.export.col_status"),
		t("risk.findings.export.col_control"), t("risk.findings.export.col_owner"), t("risk.findings.export.col_until")}}
	for _, row := range rep.Rows(rep.Result.Findings, f, lang) {
		var procs, steps []string
		for _, st := range row.Steps {
			if !slices.Contains(procs, st.Process) {
				procs = append(procs, st.Process)
			}
			steps = append(steps, st.Name)
		}
		person := row.Employee
		if person == "" {
			person = strings.Join(row.Holders, ", ")
		}
		var control, owner, until string
		if m := row.Mitigation; m != nil {
			control, owner, until = m.Control, m.OwnerName, displayDay(m.Until)
		}
		tb.Rows = append(tb.Rows, []string{row.KindLabel, row.RiskLabel, row.TeamName, strings.Join(procs, ", "), strings.Join(steps, ", "),
			person, row.Detail, row.StatusText, control, owner, until})
	}
	return tb
}

// ExportRows returns today's findings of the scope's organisation that
// pass the filter as a table for any export: a header row with Dutch
// column names, then one row per finding.
func (s *Store) ExportRows(ctx context.Context, sc *auth.Scope, f Filter) ([][]string, error) {
	rep, err := s.Report(ctx, sc)
	if err != nil {
		return nil, err
	}
	tb := findingsTable(rep, f, i18n.NL)
	return append([][]string{tb.Columns}, tb.Rows...), nil
}

// FindingsDocument is today's findings of the scope's organisation that
// pass the filter as an export document: the findings, then the counts
// per team.
func (s *Store) FindingsDocument(ctx context.Context, sc *auth.Scope, f Filter, lang i18n.Lang) (export.Document, error) {
	rep, err := s.Report(ctx, sc)
	if err != nil {
		return export.Document{}, err
	}
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	teams := export.Table{Title: t("risk.findings.per_team"), Columns: []string{t("risk.findings.col_team"), t("risk.findings.col_total"),
		t("risk.findings.col_open"), t("risk.findings.col_reopened"), t("risk.findings.col_mitigated")}}
	for _, g := range rep.Result.ByTeam() {
		teams.Rows = append(teams.Rows, []string{rep.TeamName(g.ID), itoa(g.Total), itoa(g.Open), itoa(g.Reopened), itoa(g.Mitigated)})
	}
	return export.Document{Title: t("risk.findings.title"), Subtitle: t("risk.findings.on", displayDate(rep.Result.On)), Org: sc.OrgName,
		Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{findingsTable(rep, f, lang), teams}}, nil
}

// findingsExport serves the findings as CSV (the findings only), XLSX or
// PDF; the page takes the filter as kind, the API as soort.
func (s *Store) findingsExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	q := r.URL.Query()
	format := strings.ToLower(q.Get("formaat"))
	if format != export.XLSX && format != export.PDF && format != export.CSV {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	kind := q.Get("kind")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		kind = q.Get("soort")
	}
	f, err := ParseFilter(kind, q.Get("team"), q.Get("status"))
	if err != nil {
		return err
	}
	doc, err := s.FindingsDocument(r.Context(), sc, f, web.LangOf(r))
	if err != nil {
		return err
	}
	if format == export.CSV {
		doc.Tables = doc.Tables[:1]
	}
	if err := s.audit.Record(r.Context(), s.db.Write, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: ActionFindingsExport, ObjectType: "findings", ObjectID: format, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return err
	}
	return export.Serve(w, format, "functiescheiding-"+sc.OrgSlug, doc)
}
