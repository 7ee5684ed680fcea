package scan

import (
	"net/http"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// scanExport downloads a scan as XLSX or PDF: the maturity per pillar
// (with the survey's means from the threshold on, and the comparison
// shown on the page) and the answers. Evidence and comments are left out
// for scopes that see results only.
func (s *Store) scanExport(rw http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	d, err := s.scanData(r, r.PathValue("scanID"))
	if err != nil {
		return err
	}
	x := d.Scan
	t := func(k string, args ...any) string { return i18n.T(lang, k, args...) }
	pillars := export.Table{Title: t("scan.export.pillars"),
		Columns: []string{t("scan.col.pillar"), t("scan.col.maturity"), t("scan.col.survey"), t("scan.col.earlier"), t("scan.col.delta")}}
	for _, row := range d.Rows {
		pillars.Rows = append(pillars.Rows, []string{row.Name, row.Value, row.Survey, row.Earlier, row.Delta})
	}
	pillars.Note = t("scan.export.overall", d.Overall)
	cols := []string{t("scan.col.pillar"), t("scan.col.question"), t("scan.col.level")}
	if d.Evidence {
		cols = append(cols, t("scan.col.evidence"), t("scan.col.comment"))
	}
	answers := export.Table{Title: t("scan.export.answers"), Columns: cols}
	for _, row := range d.Rows {
		for _, q := range row.Questions {
			level := "—"
			if q.Answer.Level > 0 {
				level = levelLabel(lang, x.Framework.Kind, q.Answer.Level)
			}
			cells := []string{row.Name, q.Question.Text, level}
			if d.Evidence {
				cells = append(cells, q.Answer.Evidence, q.Answer.Comment)
			}
			answers.Rows = append(answers.Rows, cells)
		}
	}
	if err := s.record(r.Context(), s.db.Write, sc, ActionScanExport, "scan", x.ID); err != nil {
		return err
	}
	return export.Serve(rw, r.URL.Query().Get("formaat"), "scan-"+x.HeldOn, export.Document{Title: x.Title,
		Subtitle: x.Framework.Name + " · " + x.HeldOn, Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang,
		Tables: []export.Table{pillars, answers}})
}

// levelLabel names an answer level: the step number of a maturity
// framework, the verdict of a verdict framework.
func levelLabel(lang i18n.Lang, k Kind, level int) string {
	if k == Verdict {
		return i18n.T(lang, "scan.verdict."+strconv.Itoa(level))
	}
	return strconv.Itoa(level)
}
