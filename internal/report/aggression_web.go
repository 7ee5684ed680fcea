package report

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) incidentView(r *http.Request, form url.Values, verr error) (web.View, error) {
	sc := web.ScopeOf(r)
	in, err := s.Incident(r.Context(), sc, r.PathValue("incidentID"))
	if err != nil {
		return web.View{}, err
	}
	st, err := s.orgSettings(r.Context(), s.db.Read, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{}
		if in.Recorded {
			form.Set("band", string(in.Band))
			form.Set("kind", string(in.Kind))
			form.Set("aangifte", boolValue(in.Aangifte))
			form.Set("vpt", boolValue(in.VPT))
			form.Set("serious", boolValue(in.Serious))
		}
	}
	return web.View{Name: "aggression_report", TitleKey: "report.ops.aggression.title", Form: form, Err: verr, Data: struct {
		Incident *Incident
		Bands    []Band
		Kinds    []Kind
		Norm     map[Band]string
	}{in, Bands, Kinds, st.Bands}}, nil
}

func (s *Store) incidentPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.incidentView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func incidentInput(f url.Values) IncidentInput {
	return IncidentInput{Band: Band(f.Get("band")), Kind: Kind(f.Get("kind")), Aangifte: f.Get("aangifte") == "1",
		VPT: f.Get("vpt") == "1", Serious: f.Get("serious") == "1"}
}

func (s *Store) incidentPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("incidentID")
	if err := s.SaveIncident(r.Context(), web.ScopeOf(r), id, incidentInput(r.PostForm)); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.incidentView(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/meldingen/"+id+"/agressie", opsFlash)
}

func (s *Store) aftercarePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("incidentID")
	if err := s.CompleteAftercare(r.Context(), web.ScopeOf(r), id, AftercareStep(r.PostForm.Get("step"))); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.incidentView(r, nil, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/meldingen/"+id+"/agressie", opsFlash)
}

func (s *Store) aftercareOverduePage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.OverdueAftercare(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "aftercare_report", TitleKey: "report.ops.aftercare.title", Data: struct{ Items []AftercareDue }{items}})
}

func (s *Store) apiIncident(w http.ResponseWriter, r *http.Request) error {
	in, err := s.Incident(r.Context(), web.ScopeOf(r), r.PathValue("incidentID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, in)
}

func (s *Store) apiSaveIncident(w http.ResponseWriter, r *http.Request) error {
	// Whoever may not see the report learns nothing, not even that the
	// body was wrong.
	if _, _, err := s.aggressionReport(r.Context(), s.db.Read, web.ScopeOf(r), r.PathValue("incidentID")); err != nil {
		return err
	}
	var in struct {
		Band     Band `json:"band"`
		Soort    Kind `json:"soort"`
		Aangifte bool `json:"aangifte"`
		VPT      bool `json:"vptCode"`
		Ernstig  bool `json:"ernstig"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.SaveIncident(r.Context(), web.ScopeOf(r), r.PathValue("incidentID"),
		IncidentInput{Band: in.Band, Kind: in.Soort, Aangifte: in.Aangifte, VPT: in.VPT, Serious: in.Ernstig}); err != nil {
		return err
	}
	return s.apiIncident(w, r)
}

func (s *Store) apiOverdueAftercare(w http.ResponseWriter, r *http.Request) error {
	items, err := s.OverdueAftercare(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	if items == nil {
		items = []AftercareDue{}
	}
	return web.JSON(w, http.StatusOK, struct {
		Items []AftercareDue `json:"items"`
	}{items})
}

// yearReportExport writes the yearly management report on aggression,
// PDF by default.
func (s *Store) yearReportExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	year := s.clk.Now().Year()
	if v := strings.TrimSpace(r.URL.Query().Get("jaar")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return apperr.FieldErr("jaar", "report.ops.aggression.err.year")
		}
		year = n
	}
	y, err := s.AggressionYear(r.Context(), sc, year)
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	share := func(p int) string {
		if p < 0 {
			return t("report.ops.dashboard.none")
		}
		return strconv.Itoa(p) + "%"
	}
	months := export.Table{Title: t("report.ops.year.per_month"), Columns: []string{t("report.ops.year.col_month"), t("report.ops.year.col_count")}}
	for i, c := range y.PerMonth {
		months.Rows = append(months.Rows, []string{t("report.ops.month." + strconv.Itoa(i+1)), c.String()})
	}
	bands := export.Table{Title: t("report.ops.year.per_band"), Columns: []string{t("report.ops.year.col_band"), t("report.ops.year.col_count")}}
	for _, b := range Bands {
		bands.Rows = append(bands.Rows, []string{t("report.ops.band." + string(b)), y.PerBand[b].String()})
	}
	kinds := export.Table{Title: t("report.ops.year.per_kind"), Columns: []string{t("report.ops.year.col_kind"), t("report.ops.year.col_count")}}
	for _, k := range Kinds {
		kinds.Rows = append(kinds.Rows, []string{t("report.ops.kind." + string(k)), y.PerKind[k].String()})
	}
	summary := export.Table{Title: t("report.ops.year.summary"), Columns: []string{t("report.ops.dashboard.col_figure"), t("report.ops.dashboard.col_value")},
		Rows: [][]string{
			{t("report.ops.year.total"), y.Total.String()},
			{t("report.ops.year.aangifte"), share(y.AangiftePct)},
			{t("report.ops.year.vpt"), share(y.VPTPct)},
			{t("report.ops.year.on_time"), share(y.OnTimePct)},
		}}
	if y.Suppress {
		summary.Note = t("report.ops.dashboard.suppressed_note", y.Threshold)
	}
	format := r.URL.Query().Get("formaat")
	if format == "" {
		format = "pdf"
	}
	tables := []export.Table{summary, months, bands, kinds}
	if strings.EqualFold(format, "csv") {
		tables = tables[1:2]
	}
	return export.Serve(w, format, "agressie-jaarverslag-"+strconv.Itoa(year)+"-"+sc.OrgSlug, export.Document{
		Title: t("report.ops.year.title", year), Subtitle: t("report.ops.year.subtitle"), Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang, Tables: tables})
}
