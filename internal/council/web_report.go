package council

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

type reportsData struct {
	Reports    []Report
	Edit       bool
	Benchmark  bool
	NextPeriod string
}

func (s *Store) reportsView(rw http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	sc := web.ScopeOf(r)
	list, err := s.Reports(r.Context(), sc)
	if err != nil {
		return err
	}
	d := reportsData{Reports: list, Edit: SeesDrafts(sc), NextPeriod: strconv.Itoa(s.today().Year())}
	if form == nil {
		form = url.Values{"period": {d.NextPeriod}}
	}
	return web.Render(rw, r, web.View{Name: "council_reports", TitleKey: "council.reports.title", Data: d, Form: form, Err: ferr})
}

func (s *Store) reportsPage(rw http.ResponseWriter, r *http.Request) error {
	return s.reportsView(rw, r, nil, nil)
}

func (s *Store) reportCreate(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	x, err := s.CreateReport(r.Context(), web.ScopeOf(r), f.Get("period"), f.Get("title"), "")
	if web.IsInputError(err) {
		return s.reportsView(rw, r, f, err)
	}
	if err != nil {
		return err
	}
	// The concept starts with the generated plain-language summary.
	sc := web.ScopeOf(r)
	v, err := s.reportView(r.Context(), sc, web.LangOf(r), x)
	if err != nil {
		return err
	}
	if err := s.SaveSummary(r.Context(), sc, x.ID, x.Title, v.Draft); err != nil {
		return err
	}
	return web.Redirect(rw, r, "/raad/brieven/"+x.ID, "flash.council.created")
}

func (s *Store) reportPageView(rw http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	sc := web.ScopeOf(r)
	x, err := s.Report(r.Context(), sc, r.PathValue("councilReportID"))
	if err != nil {
		return err
	}
	v, err := s.reportView(r.Context(), sc, web.LangOf(r), x)
	if err != nil {
		return err
	}
	if form == nil {
		if err := s.RecordView(r.Context(), sc, x); err != nil {
			return err
		}
		form = url.Values{"title": {x.Title}, "summary": {x.Summary}}
	}
	return web.Render(rw, r, web.View{Name: "council_report", TitleKey: "council.report.title", Data: v, Form: form, Err: ferr})
}

func (s *Store) reportPage(rw http.ResponseWriter, r *http.Request) error {
	return s.reportPageView(rw, r, nil, nil)
}

func (s *Store) reportSave(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id, f := r.PathValue("councilReportID"), r.PostForm
	err := s.SaveSummary(r.Context(), web.ScopeOf(r), id, f.Get("title"), f.Get("summary"))
	if web.IsInputError(err) {
		return s.reportPageView(rw, r, f, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/raad/brieven/"+id, "flash.council.saved")
}

func (s *Store) reportFinalise(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("councilReportID")
	err := s.Finalise(r.Context(), web.ScopeOf(r), id)
	if web.IsInputError(err) {
		return s.reportPageView(rw, r, nil, err)
	}
	if apperr.Is(err, apperr.Conflict) {
		return s.reportPageView(rw, r, nil, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/raad/brieven/"+id, "flash.council.finalised")
}

func (s *Store) reportPDF(rw http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	x, err := s.Report(r.Context(), sc, r.PathValue("councilReportID"))
	if err != nil {
		return err
	}
	v, err := s.reportView(r.Context(), sc, web.LangOf(r), x)
	if err != nil {
		return err
	}
	if err := s.recordExport(r.Context(), sc, ActionReportExport, "council_report", x.ID); err != nil {
		return err
	}
	return s.serveReportPDF(rw, r, v)
}
