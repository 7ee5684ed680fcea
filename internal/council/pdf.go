package council

import (
	"context"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) recordExport(ctx context.Context, sc *auth.Scope, action, objType, id string) error {
	return s.record(ctx, s.db.Write, sc, action, objType, id)
}

// reportDocument is the council report as a PDF document: the same parts
// as the page, with the maturity per pillar as a bar chart.
func reportDocument(lang i18n.Lang, org string, v *reportView) export.Document {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	r := v.Report
	status := t("council.status." + string(r.Status))
	doc := export.Document{Title: r.Title, Subtitle: t("council.pdf.subtitle", v.PeriodName, status), Org: org, Lang: lang}
	if r.Final() {
		doc.Generated = r.FinalisedAt
	}
	summary := r.Summary
	if summary == "" {
		summary = v.Draft
	}
	doc.Tables = append(doc.Tables, export.Table{Title: t("council.report.summary"), Text: paragraphsOf(summary)})

	mat := export.Table{Title: t("council.report.maturity"), Columns: []string{t("council.col.pillar"), t("council.col.score")}}
	if v.Snap.Maturity != nil {
		mat.Text = []string{t("council.report.maturity_lead", v.ScanOn, v.Overall)}
		ch := &export.Chart{Max: 5}
		for i, p := range v.Pillars {
			mat.Rows = append(mat.Rows, []string{p.Label, p.Value})
			ch.Labels = append(ch.Labels, p.Label)
			ch.Values = append(ch.Values, v.Chart.Series[0].Values[i])
			ch.Texts = append(ch.Texts, p.Value)
		}
		mat.Chart = ch
		mat.Rows = append(mat.Rows, []string{t("council.report.overall"), v.Overall})
	} else {
		mat.Columns, mat.Text = nil, []string{t("council.report.no_scan")}
	}
	doc.Tables = append(doc.Tables, mat)

	ind := export.Table{Title: t("council.report.indicators"), Columns: []string{t("council.col.indicator"), t("council.col.value")}}
	for _, x := range v.Indicators {
		ind.Rows = append(ind.Rows, []string{x.Label, x.Value})
	}
	if len(v.Indicators) == 0 {
		ind.Columns, ind.Text = nil, []string{t("council.report.no_figures")}
	} else {
		ind.Note = t("council.report.suppressed_note")
	}
	doc.Tables = append(doc.Tables, ind)

	goals := export.Table{Title: t("council.report.goals"), Columns: []string{t("council.col.goal"), t("council.col.indicator"),
		t("council.col.value"), t("council.col.target"), t("council.col.met")}}
	for _, g := range v.Goals {
		goals.Rows = append(goals.Rows, []string{g.Title, g.Indicator, g.Value, g.Target, g.Met})
	}
	if len(v.Goals) == 0 {
		goals.Columns, goals.Text = nil, []string{t("council.report.no_goals")}
	}
	doc.Tables = append(doc.Tables, goals)

	changes := export.Table{Title: t("council.report.changes"), Columns: []string{t("council.col.part"), t("council.col.earlier"),
		t("council.col.now"), t("council.col.delta")}}
	for _, c := range v.Changes {
		changes.Rows = append(changes.Rows, []string{c.Label, c.Earlier, c.Now, c.Delta})
	}
	if v.Previous == nil {
		changes.Columns, changes.Text = nil, []string{t("council.report.no_previous")}
	} else {
		changes.Text = []string{t("council.report.changes_lead", v.Previous.Title)}
	}
	doc.Tables = append(doc.Tables, changes)

	norms := export.Table{Title: t("council.report.norms"), Columns: []string{t("council.col.verdict"), t("council.col.count")}}
	for _, x := range v.Verdicts {
		norms.Rows = append(norms.Rows, []string{x.Label, x.Value})
	}
	doc.Tables = append(doc.Tables, norms)
	return doc
}

func (s *Store) serveReportPDF(rw http.ResponseWriter, r *http.Request, v *reportView) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	doc := reportDocument(lang, sc.OrgName, v)
	if doc.Generated.IsZero() {
		doc.Generated = s.clk.Now()
	}
	return export.Serve(rw, export.PDF, "raadsbrief-"+v.Report.Period+"-"+sc.OrgSlug, doc)
}

// paragraphsOf splits text at blank lines.
func paragraphsOf(s string) []string {
	var out []string
	cur := ""
	for _, line := range splitLines(s) {
		if line == "" {
			if cur != "" {
				out = append(out, cur)
			}
			cur = ""
			continue
		}
		if cur != "" {
			cur += "\n"
		}
		cur += line
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, trimCR(s[start:i]))
			start = i + 1
		}
	}
	return append(out, trimCR(s[start:]))
}

func trimCR(s string) string {
	if len(s) > 0 && s[len(s)-1] == '\r' {
		return s[:len(s)-1]
	}
	return s
}
