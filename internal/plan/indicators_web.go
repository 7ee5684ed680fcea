package plan

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

type indicatorsData struct {
	Year       int
	Years      []int
	Indicators []IndicatorValue
	Units      []string
}

func (s *Store) indicatorsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	year, err := s.yearOf(r)
	if err != nil {
		return web.View{}, err
	}
	values, err := s.Indicators(r.Context(), sc, year)
	if err != nil {
		return web.View{}, err
	}
	var years []int
	for y := s.thisYear() - 4; y <= s.thisYear(); y++ {
		years = append(years, y)
	}
	return web.View{Name: "indicators", TitleKey: "goals.indicators_title", Form: form, Err: ferr,
		Data: indicatorsData{Year: year, Years: years, Indicators: values, Units: Units}}, nil
}

func (s *Store) indicatorsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.indicatorsView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) indicatorCreatePage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	d, err := s.DefineIndicator(r.Context(), web.ScopeOf(r), NewIndicator{Key: f.Get("key"), Label: f.Get("label"), Unit: f.Get("unit"),
		HigherIsBetter: f.Get("direction") != "lager"})
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.indicatorsView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/indicatoren/"+d.Key, "flash.indicator_created")
}

type indicatorData struct {
	Def     Definition
	Label   string
	Source  string
	Years   []IndicatorValue
	YearNrs []int
	History []Measurement
	Chart   template.HTML
}

// ShownValue is a measurement in its indicator's unit.
func (d indicatorData) ShownValue(m Measurement) string {
	return FormatValue(m.Value, true, d.Def.Unit)
}

func (s *Store) indicatorView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	key := r.PathValue("key")
	d, err := s.Definition(r.Context(), sc, key)
	if err != nil {
		return web.View{}, err
	}
	lang := web.LangOf(r)
	data := indicatorData{Def: d, Label: d.Label, Source: i18n.T(lang, "goals.source.manual")}
	if !d.Manual {
		data.Label, data.Source = i18n.T(lang, d.LabelKey), i18n.T(lang, d.SourceKey)
	}
	chart := web.ColumnChart{ID: "indicator-chart", Title: i18n.T(lang, "goals.trend_title", data.Label), Desc: i18n.T(lang, "goals.trend_desc")}
	for y := s.thisYear() - 4; y <= s.thisYear(); y++ {
		values, err := s.Indicators(r.Context(), sc, y)
		if err != nil {
			return web.View{}, err
		}
		for _, v := range values {
			if v.Key != key {
				continue
			}
			data.Years, data.YearNrs = append(data.Years, v), append(data.YearNrs, y)
			chart.Labels = append(chart.Labels, strconv.Itoa(y))
			chart.Values = append(chart.Values, int(v.Value+0.5))
			chart.Texts = append(chart.Texts, v.Shown())
			chart.Hollow = append(chart.Hollow, !v.Known)
		}
	}
	data.Chart = chart.SVG()
	if data.History, err = s.History(r.Context(), sc, key); err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"year": {strconv.Itoa(s.thisYear())}}
	}
	return web.View{Name: "indicator", TitleKey: "goals.indicator_title", Form: form, Err: ferr, Data: data}, nil
}

func (s *Store) indicatorPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.indicatorView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) indicatorImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	key := r.PathValue("key")
	if _, err := s.Definition(r.Context(), web.ScopeOf(r), key); err != nil {
		return err
	}
	if err := s.ImportMeasurement(r.Context(), web.ScopeOf(r), key, strings.TrimSpace(f.Get("period")), f.Get("value"), f.Get("source")); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.indicatorView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/indicatoren/"+key, "flash.indicator_saved")
}

func (s *Store) indicatorValuePage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	key := r.PathValue("key")
	year, _ := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if err := s.EnterValue(r.Context(), web.ScopeOf(r), key, year, f.Get("value"), f.Get("source")); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.indicatorView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/indicatoren/"+key, "flash.indicator_saved")
}
