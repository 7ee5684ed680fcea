package scan

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

type surveysData struct {
	Surveys    []Survey
	Frameworks []Framework
	Teams      []Team
	Threshold  int
	Link       string // the shared link of a survey just made, shown once
}

func (s *Store) surveysView(rw http.ResponseWriter, r *http.Request, form url.Values, ferr error, link string) error {
	sc := web.ScopeOf(r)
	d := surveysData{Link: link}
	var err error
	if d.Surveys, err = s.Surveys(r.Context(), sc); err != nil {
		return err
	}
	fws, err := s.Frameworks(r.Context(), sc)
	if err != nil {
		return err
	}
	for _, f := range fws {
		if f.Kind == Maturity {
			d.Frameworks = append(d.Frameworks, f)
		}
	}
	if d.Teams, err = s.Teams(r.Context(), sc); err != nil {
		return err
	}
	if d.Threshold, err = s.Threshold(r.Context(), sc.OrgID); err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"threshold": {strconv.Itoa(d.Threshold)}}
	}
	return web.Render(rw, r, web.View{Name: "scan_surveys", TitleKey: "scan.surveys.title", Data: d, Form: form, Err: ferr})
}

func (s *Store) surveysPage(rw http.ResponseWriter, r *http.Request) error {
	return s.surveysView(rw, r, nil, nil, "")
}

func (s *Store) surveyCreate(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	_, code, err := s.CreateSurvey(r.Context(), web.ScopeOf(r), NewSurvey{FrameworkKey: f.Get("framework"), TeamID: f.Get("team"),
		Title: f.Get("title"), SharedLink: f.Get("shared_link") == "ja"})
	if web.IsInputError(err) {
		return s.surveysView(rw, r, f, err, "")
	}
	if err != nil {
		return err
	}
	// The shared link is shown once, on this answer to the post; only its
	// hash is kept.
	link := ""
	if code != "" {
		link = "/enquete?code=" + url.QueryEscape(code)
	}
	return s.surveysView(rw, r, nil, nil, link)
}

func (s *Store) surveyThreshold(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PostForm.Get("threshold"))
	if err != nil {
		n = 0
	}
	err = s.SetThreshold(r.Context(), web.ScopeOf(r), n)
	if web.IsInputError(err) {
		return s.surveysView(rw, r, r.PostForm, err, "")
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/enquetes", "flash.scan.threshold")
}

type surveyData struct {
	Survey  *Survey
	Results *Results
	Rows    []surveyRowView
	Codes   []string // per-person codes just made, shown once
}

type surveyRowView struct {
	Pillar    string
	Value     string
	Questions []surveyQuestionView
}

type surveyQuestionView struct {
	Text, Mean string
}

func (s *Store) surveyView(rw http.ResponseWriter, r *http.Request, codes []string, ferr error) error {
	sv, res, err := s.SurveyResults(r.Context(), web.ScopeOf(r), r.PathValue("surveyID"))
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	d := surveyData{Survey: sv, Results: res, Codes: codes}
	if res.Shown {
		for i, p := range sv.Framework.Pillars {
			row := surveyRowView{Pillar: p.Name, Value: fmtScore(lang, res.Scores[i].Value, res.Scores[i].HasValue())}
			for _, q := range p.Questions {
				m, ok := res.Means[q.Key]
				row.Questions = append(row.Questions, surveyQuestionView{Text: q.Text, Mean: fmtScore(lang, m, ok)})
			}
			d.Rows = append(d.Rows, row)
		}
	}
	return web.Render(rw, r, web.View{Name: "scan_survey", TitleKey: "scan.survey.title", Data: d, Err: ferr, Form: r.PostForm})
}

func (s *Store) surveyPage(rw http.ResponseWriter, r *http.Request) error {
	return s.surveyView(rw, r, nil, nil)
}

func (s *Store) surveyCodes(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PostForm.Get("count"))
	if err != nil {
		n = 0
	}
	codes, err := s.IssueTokens(r.Context(), web.ScopeOf(r), r.PathValue("surveyID"), n)
	if web.IsInputError(err) {
		return s.surveyView(rw, r, nil, err)
	}
	if err != nil {
		return err
	}
	return s.surveyView(rw, r, codes, nil)
}

func (s *Store) surveyClose(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("surveyID")
	if err := s.CloseSurvey(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	return web.Redirect(rw, r, "/enquetes/"+id, "flash.scan.survey_closed")
}

// surveyExport downloads a survey's results; below the threshold it is
// refused, so that no file of a small group exists.
func (s *Store) surveyExport(rw http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	sv, res, err := s.SurveyResults(r.Context(), sc, r.PathValue("surveyID"))
	if err != nil {
		return err
	}
	if !res.Shown {
		return apperr.New(apperr.Conflict, "scan.survey.too_few", res.Threshold)
	}
	t := export.Table{Title: i18n.T(lang, "scan.export.questions"), Columns: []string{i18n.T(lang, "scan.col.pillar"), i18n.T(lang, "scan.col.question"), i18n.T(lang, "scan.col.mean")}}
	p := export.Table{Title: i18n.T(lang, "scan.export.pillars"), Columns: []string{i18n.T(lang, "scan.col.pillar"), i18n.T(lang, "scan.col.mean")}}
	for i, pl := range sv.Framework.Pillars {
		p.Rows = append(p.Rows, []string{pl.Name, fmtScore(lang, res.Scores[i].Value, res.Scores[i].HasValue())})
		for _, q := range pl.Questions {
			m, ok := res.Means[q.Key]
			t.Rows = append(t.Rows, []string{pl.Name, q.Text, fmtScore(lang, m, ok)})
		}
	}
	p.Note = i18n.T(lang, "scan.survey.respondents", res.Respondents)
	return export.Serve(rw, r.URL.Query().Get("formaat"), "enquete", export.Document{Title: sv.Title, Org: sc.OrgName,
		Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{p, t}})
}

// --- the respondent's pages ---

type publicData struct {
	Code   string
	Survey *PublicSurvey
	Levels []int
	Done   bool
}

func (s *Store) publicView(rw http.ResponseWriter, r *http.Request, code string, form url.Values, ferr error) error {
	ps, err := s.OpenSurvey(r.Context(), code)
	if err != nil {
		return err
	}
	d := publicData{Code: code, Survey: ps}
	for l := 1; l <= ps.Framework.Kind.MaxLevel(); l++ {
		d.Levels = append(d.Levels, l)
	}
	rw.Header().Set("Cache-Control", "no-store")
	rw.Header().Set("Referrer-Policy", "no-referrer")
	return web.Render(rw, r, web.View{Name: "scan_public", TitleKey: "scan.public.title", Data: d, Form: form, Err: ferr})
}

func (s *Store) publicForm(rw http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("code")
	if code == "" {
		rw.Header().Set("Referrer-Policy", "no-referrer")
		return web.Render(rw, r, web.View{Name: "scan_public", TitleKey: "scan.public.title", Data: publicData{}})
	}
	return s.publicView(rw, r, code, nil, nil)
}

func (s *Store) publicAnswer(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	code := f.Get("code")
	ps, err := s.OpenSurvey(r.Context(), code)
	if err != nil {
		return err
	}
	levels := map[string]int{}
	for _, p := range ps.Framework.Pillars {
		for _, q := range p.Questions {
			if v := f.Get("level-" + q.Key); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					n = -1
				}
				levels[q.Key] = n
			}
		}
	}
	err = s.Respond(r.Context(), code, levels)
	if web.IsInputError(err) && !apperr.Is(err, apperr.NotFound) {
		return s.publicView(rw, r, code, f, err)
	}
	if err != nil {
		return err
	}
	rw.Header().Set("Cache-Control", "no-store")
	return web.Render(rw, r, web.View{Name: "scan_public", TitleKey: "scan.public.title", Data: publicData{Done: true}})
}
