package report

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Chart draws the reports per month; suppressed months are drawn as an
// outlined bar of no height with "< n" above it.
func (d *Dashboard) Chart(lang i18n.Lang) template.HTML {
	c := web.ColumnChart{ID: "meldingen-per-maand", Title: i18n.T(lang, "report.ops.dashboard.chart_title"),
		Desc: i18n.T(lang, "report.ops.dashboard.chart_desc", len(d.Months)), Labels: d.Months}
	for _, n := range d.MonthTotal {
		if n.Suppressed {
			c.Values = append(c.Values, 0)
			c.Texts = append(c.Texts, n.String())
			c.Hollow = append(c.Hollow, true)
			continue
		}
		c.Values = append(c.Values, n.N)
		c.Texts = append(c.Texts, "")
		c.Hollow = append(c.Hollow, false)
	}
	return c.SVG()
}

// Median is the median handling time as shown.
func (d *Dashboard) Median(lang i18n.Lang) string {
	if d.MedianDays < 0 {
		return i18n.T(lang, "report.ops.dashboard.none")
	}
	return i18n.T(lang, "report.ops.dashboard.days", d.MedianDays)
}

// AnonShare is the anonymous share as shown.
func (d *Dashboard) AnonShare(lang i18n.Lang) string {
	if d.AnonymousPct < 0 {
		return i18n.T(lang, "report.ops.dashboard.none")
	}
	return strconv.Itoa(d.AnonymousPct) + "%"
}

// Row is one category's counts per month, for the template.
type Row struct {
	Category Category
	Counts   []Count
	Total    Count
}

// Rows are the table rows of the dashboard.
func (d *Dashboard) Rows() []Row {
	var out []Row
	for _, c := range d.Categories {
		out = append(out, Row{c, d.PerMonth[c], d.Totals[c]})
	}
	return out
}

func (s *Store) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Dashboard(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "dashboard_report", TitleKey: "report.ops.dashboard.title", Data: d})
}

func (s *Store) apiDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Dashboard(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, d)
}

// dashboardExport writes the overview as CSV, XLSX or PDF, suppressed as
// on the page.
func (s *Store) dashboardExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	d, err := s.Dashboard(r.Context(), sc)
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	perMonth := export.Table{Title: t("report.ops.dashboard.per_month"), Columns: append([]string{t("report.ops.dashboard.col_category")}, d.Months...)}
	perMonth.Columns = append(perMonth.Columns, t("report.ops.dashboard.col_total"))
	for _, row := range d.Rows() {
		line := []string{t("report.ops.category." + string(row.Category))}
		for _, c := range row.Counts {
			line = append(line, c.String())
		}
		perMonth.Rows = append(perMonth.Rows, append(line, row.Total.String()))
	}
	if d.Suppress {
		perMonth.Note = t("report.ops.dashboard.suppressed_note", d.Threshold)
	}
	summary := export.Table{Title: t("report.ops.dashboard.summary"), Columns: []string{t("report.ops.dashboard.col_figure"), t("report.ops.dashboard.col_value")},
		Rows: [][]string{
			{t("report.ops.dashboard.total"), d.Total.String()},
			{t("report.ops.dashboard.anonymous"), d.AnonShare(lang)},
			{t("report.ops.dashboard.median"), d.Median(lang)},
			{t("report.ops.dashboard.overdue"), d.Overdue.String()},
		}}
	for _, dec := range Decisions {
		summary.Rows = append(summary.Rows, []string{t("report.ops.decision." + string(dec)), d.Outcomes[dec].String()})
	}
	if err := s.opsRecord(r.Context(), s.db.Write, sc, area+".dashboard.export", "report_dashboard", sc.OrgID); err != nil {
		return err
	}
	tables := []export.Table{perMonth, summary}
	format := r.URL.Query().Get("formaat")
	if strings.EqualFold(strings.TrimSpace(format), "csv") {
		tables = tables[:1] // a CSV holds one table: the counts per month
	}
	return export.Serve(w, format, "meldpunt-overzicht-"+sc.OrgSlug, export.Document{
		Title: t("report.ops.dashboard.title"), Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang, Tables: tables})
}

// Outcome is one decision with its count, for the template.
type Outcome struct {
	Decision Decision
	Count    Count
}

// OutcomeRows are the decisions in the order of Decisions.
func (d *Dashboard) OutcomeRows() []Outcome {
	var out []Outcome
	for _, dec := range Decisions {
		out = append(out, Outcome{dec, d.Outcomes[dec]})
	}
	return out
}
