package plan

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// goalRoutes are the pages, exports and API of the goals and indicators.
func (s *Store) goalRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /doelen", Perm: auth.GoalsRead, Handle: s.goalsPage},
		{Pattern: "POST /doelen", Perm: auth.GoalsEdit, Handle: s.goalCreatePage},
		{Pattern: "GET /doelen/export", Perm: auth.GoalsRead, Handle: s.goalsExport},
		{Pattern: "GET /doelen/{goalID}", Perm: auth.GoalsRead, Handle: s.goalPage},
		{Pattern: "POST /doelen/{goalID}/streefwaarde", Perm: auth.GoalsEdit, Handle: s.goalTargetPage},
		{Pattern: "GET /indicatoren", Perm: auth.GoalsRead, Handle: s.indicatorsPage},
		{Pattern: "POST /indicatoren", Perm: auth.GoalsEdit, Handle: s.indicatorCreatePage},
		{Pattern: "GET /indicatoren/{key}", Perm: auth.GoalsRead, Handle: s.indicatorPage},
		{Pattern: "POST /indicatoren/{key}/waarden", Perm: auth.GoalsEdit, Handle: s.indicatorValuePage},
		{Pattern: "POST /indicatoren/{key}/metingen", Perm: auth.GoalsEdit, Handle: s.indicatorImportPage},
		{Pattern: "GET /api/v1/doelen", Perm: auth.GoalsRead, Handle: s.apiGoals, Summary: "Doelen met de waarde van hun indicator en hun streefwaarde in een jaar (?jaar=)"},
		{Pattern: "POST /api/v1/doelen", Perm: auth.GoalsEdit, Handle: s.apiGoalCreate, Summary: "Een effect- of prestatiedoel aanmaken"},
		{Pattern: "GET /api/v1/doelen/{goalID}", Perm: auth.GoalsRead, Handle: s.apiGoal, Summary: "Eén doel: streefwaarde en werkelijke waarde per jaar"},
		{Pattern: "PUT /api/v1/doelen/{goalID}/streefwaarden/{jaar}", Perm: auth.GoalsEdit, Handle: s.apiGoalTarget, Summary: "De streefwaarde van een doel in een jaar vastleggen"},
		{Pattern: "GET /api/v1/indicatoren", Perm: auth.GoalsRead, Handle: s.apiIndicators, Summary: "Alle indicatoren van de organisatie in een jaar (?jaar=): berekend en handmatig"},
		{Pattern: "GET /api/v1/indicatoren/{key}/metingen", Perm: auth.GoalsRead, Handle: s.apiHistory, Summary: "De vastgelegde metingen van een indicator (maandelijks berekend, jaarlijks handmatig)"},
		{Pattern: "PUT /api/v1/indicatoren/{key}/waarden/{jaar}", Perm: auth.GoalsEdit, Handle: s.apiEnterValue, Summary: "De waarde van een handmatige indicator in een jaar vastleggen, met bron"},
		{Pattern: "PUT /api/v1/indicatoren/{key}/metingen/{periode}", Perm: auth.GoalsEdit, Handle: s.apiImport, Summary: "Een eerdere maandwaarde (JJJJ-MM) van een berekende indicator inlezen, met bron, bijvoorbeeld uit een monitor van voor Weerbaar"},
	}
}

// FormatValue shows an indicator value the Dutch way: "12", "87,5%",
// "14 dagen", or "—" when there is no data.
func FormatValue(v float64, known bool, unit string) string {
	if !known {
		return "—"
	}
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if v != float64(int64(v)) {
		n = strconv.FormatFloat(v, 'f', 1, 64)
	}
	n = strings.Replace(n, ".", ",", 1)
	switch unit {
	case UnitPercent:
		return n + "%"
	case UnitDays:
		return n + " dagen"
	}
	return n
}

// Shown is an indicator value as the pages show it.
func (v IndicatorValue) Shown() string { return FormatValue(v.Value, v.Known, v.Unit) }

// ShownTarget is the goal's target in its indicator's unit.
func (g GoalProgress) ShownTarget() string {
	return FormatValue(g.Target, g.HasTarget, g.Indicator.Unit)
}

// ShownTarget is the year's target in the indicator's unit.
func (y YearProgress) ShownTarget() string { return FormatValue(y.Target, y.HasTarget, y.Value.Unit) }

// yearOf reads ?jaar=, defaulting to this year.
func (s *Store) yearOf(r *http.Request) (int, error) {
	q := r.URL.Query().Get("jaar")
	if q == "" {
		return s.thisYear(), nil
	}
	y, err := strconv.Atoi(q)
	if err != nil {
		return 0, apperr.List{apperr.FieldErr("jaar", "goals.err.year", MinYear, s.thisYear()+10)}
	}
	if e := s.checkYear(y); e != nil {
		return 0, apperr.List{e}
	}
	return y, nil
}

type goalsData struct {
	Year       int
	Years      []int
	Progress   []GoalProgress
	Defs       []Definition
	Kinds      []string
	Chart      template.HTML
	ThisYear   int
	Indicators []IndicatorValue
}

func (s *Store) goalsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	year, err := s.yearOf(r)
	if err != nil {
		return web.View{}, err
	}
	progress, err := s.GoalProgress(r.Context(), sc, year)
	if err != nil {
		return web.View{}, err
	}
	defs, err := s.Definitions(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	lang := web.LangOf(r)
	for i := range defs {
		if !defs[i].Manual {
			defs[i].Label = i18n.T(lang, defs[i].LabelKey)
		}
	}
	if form == nil {
		form = url.Values{"year": {strconv.Itoa(year)}}
	}
	var years []int
	for y := s.thisYear() - 4; y <= s.thisYear()+1; y++ {
		years = append(years, y)
	}
	return web.View{Name: "goals", TitleKey: "goals.title", Form: form, Err: ferr,
		Data: goalsData{Year: year, Years: years, Progress: progress, Defs: defs, Kinds: Kinds, ThisYear: s.thisYear()}}, nil
}

func (s *Store) goalsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.goalsView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) goalCreatePage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	year, _ := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	g, err := s.CreateGoal(r.Context(), web.ScopeOf(r), NewGoal{Title: f.Get("title"), Description: f.Get("description"), Kind: f.Get("kind"),
		IndicatorKey: f.Get("indicator"), Direction: f.Get("direction"), Year: year, Target: f.Get("target")})
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.goalsView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/doelen/"+g.ID, "flash.goal_created")
}

type goalData struct {
	Goal      *Goal
	Def       Definition
	Label     string
	Years     []YearProgress
	Chart     template.HTML
	ThisYear  int
	Direction string
}

func (s *Store) goalView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	g, err := s.Goal(r.Context(), sc, r.PathValue("goalID"))
	if err != nil {
		return web.View{}, err
	}
	d, err := s.Definition(r.Context(), sc, g.IndicatorKey)
	if err != nil {
		return web.View{}, err
	}
	lang := web.LangOf(r)
	label := d.Label
	if !d.Manual {
		label = i18n.T(lang, d.LabelKey)
	}
	years, err := s.GoalYears(r.Context(), sc, g)
	if err != nil {
		return web.View{}, err
	}
	chart := web.BarChart{ID: "goal-chart", Title: i18n.T(lang, "goals.chart_title", g.Title), Desc: i18n.T(lang, "goals.chart_desc", label)}
	actual := web.ChartSeries{Name: i18n.T(lang, "goals.col_actual"), Colour: "#1f4e79"}
	target := web.ChartSeries{Name: i18n.T(lang, "goals.col_target"), Colour: "#b35900"}
	for _, y := range years {
		chart.Labels = append(chart.Labels, strconv.Itoa(y.Year))
		av, tv := -1.0, -1.0
		if y.Value.Known {
			av = y.Value.Value
		}
		if y.HasTarget {
			tv = y.Target
		}
		actual.Values, target.Values = append(actual.Values, av), append(target.Values, tv)
		chart.Max = max(chart.Max, av, tv)
	}
	chart.Series = []web.ChartSeries{actual, target}
	if form == nil {
		form = url.Values{"year": {strconv.Itoa(s.thisYear())}}
	}
	dir := "lager"
	if g.HigherIsBetter {
		dir = "hoger"
	}
	return web.View{Name: "goal", TitleKey: "goals.detail_title", Form: form, Err: ferr,
		Data: goalData{Goal: g, Def: d, Label: label, Years: years, Chart: chart.SVG(), ThisYear: s.thisYear(), Direction: dir}}, nil
}

func (s *Store) goalPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.goalView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) goalTargetPage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	id := r.PathValue("goalID")
	year, _ := strconv.Atoi(strings.TrimSpace(f.Get("year")))
	if _, err := s.SetTarget(r.Context(), web.ScopeOf(r), id, year, f.Get("target")); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.goalView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/doelen/"+id, "flash.goal_saved")
}
