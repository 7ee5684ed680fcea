package scan

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Chart colours: dark enough for 3:1 against white (WCAG 1.4.11); the
// series also differ in line style.
const (
	colourScan    = "#1f5f99"
	colourEarlier = "#5c5c5c"
	colourSurvey  = "#a34a00"
)

type scansData struct {
	Scans      []scanSummary
	Frameworks []Framework
	Teams      []Team
	Today      string
}

type scanSummary struct {
	Scan    Scan
	Overall string
}

func (s *Store) scansView(rw http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	sc := web.ScopeOf(r)
	scans, err := s.Scans(r.Context(), sc, "")
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	d := scansData{Today: s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly)}
	for _, x := range scans {
		v, ok := Overall(x.Scores())
		d.Scans = append(d.Scans, scanSummary{Scan: x, Overall: fmtScore(lang, v, ok)})
	}
	if d.Frameworks, err = s.Frameworks(r.Context(), sc); err != nil {
		return err
	}
	if d.Teams, err = s.Teams(r.Context(), sc); err != nil {
		return err
	}
	return web.Render(rw, r, web.View{Name: "scan_list", TitleKey: "scan.list.title", Data: d, Form: form, Err: ferr})
}

// fmtScore shows a score with one decimal, with a decimal comma in Dutch.
func fmtScore(lang i18n.Lang, v float64, ok bool) string {
	if !ok {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if lang != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func fmtDelta(lang i18n.Lang, d Difference) string {
	if !d.Has {
		return "—"
	}
	s := fmtScore(lang, d.Delta, true)
	if d.Delta > 0 {
		s = "+" + s
	}
	return s
}

func (s *Store) scansPage(rw http.ResponseWriter, r *http.Request) error {
	return s.scansView(rw, r, nil, nil)
}

func (s *Store) scanCreate(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	target, _ := strconv.Atoi(f.Get("target"))
	x, err := s.CreateScan(r.Context(), web.ScopeOf(r), NewScan{FrameworkKey: f.Get("framework"), TeamID: f.Get("team"),
		Title: f.Get("title"), HeldOn: f.Get("held_on"), Target: target})
	if web.IsInputError(err) {
		return s.scansView(rw, r, f, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/scans/"+x.ID, "flash.scan.created")
}

type pillarRow struct {
	Key, Name, Value, Survey, Earlier, Delta string
	Pillar                                   Pillar
	Questions                                []questionRow
}

type questionRow struct {
	Question Question
	Answer   Answer
	Links    []Link
	Gap      bool
}

type scanData struct {
	Scan     *Scan
	Overall  string
	Rows     []pillarRow
	Radar    web.RadarChart
	Bars     web.BarChart
	Earlier  []Scan
	Compare  *Scan
	Survey   *Survey
	Gaps     []Gap
	Members  []Member
	Evidence bool
	Levels   []int
	Today    string
}

func (s *Store) scanData(r *http.Request, id string) (*scanData, error) {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	x, err := s.Scan(r.Context(), sc, id)
	if err != nil {
		return nil, err
	}
	d := &scanData{Scan: x, Evidence: SeesEvidence(sc), Gaps: x.Gaps(), Today: s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly)}
	for l := 1; l <= x.Framework.Kind.MaxLevel(); l++ {
		d.Levels = append(d.Levels, l)
	}
	scores := x.Scores()
	v, ok := Overall(scores)
	d.Overall = fmtScore(lang, v, ok)
	all, err := s.Scans(r.Context(), sc, x.Framework.Key)
	if err != nil {
		return nil, err
	}
	for _, e := range all {
		if e.ID != x.ID && e.TeamID == x.TeamID {
			d.Earlier = append(d.Earlier, e)
		}
	}
	cmp := r.URL.Query().Get("vergelijk")
	if cmp == "" && len(d.Earlier) > 0 {
		// By default, compare with the newest earlier scan of the group.
		for _, e := range d.Earlier {
			if e.HeldOn <= x.HeldOn {
				cmp = e.ID
				break
			}
		}
	}
	var diffs []Difference
	if i := slices.IndexFunc(d.Earlier, func(e Scan) bool { return e.ID == cmp }); i >= 0 {
		d.Compare = &d.Earlier[i]
		diffs = Compare(d.Compare.Scores(), scores)
	}
	sv, svScores, err := s.SurveyScores(r.Context(), sc, x.Framework.Key, x.TeamID)
	if err != nil {
		return nil, err
	}
	d.Survey = sv
	max := float64(x.Framework.Kind.MaxLevel())
	d.Radar = web.RadarChart{ID: "radar-" + x.ID, Title: i18n.T(lang, "scan.chart.radar_title", x.Title), Desc: i18n.T(lang, "scan.chart.desc"), Max: max}
	d.Bars = web.BarChart{ID: "bars-" + x.ID, Title: i18n.T(lang, "scan.chart.bars_title", x.Title), Desc: i18n.T(lang, "scan.chart.desc"), Max: max}
	own := web.ChartSeries{Name: x.Title, Colour: colourScan}
	earlier := web.ChartSeries{Colour: colourEarlier}
	survey := web.ChartSeries{Name: i18n.T(lang, "scan.chart.survey"), Colour: colourSurvey}
	if d.Compare != nil {
		earlier.Name = d.Compare.Title
	}
	for i, sco := range scores {
		p := x.Framework.Pillars[i]
		row := pillarRow{Key: p.Key, Name: p.Name, Pillar: p, Value: fmtScore(lang, sco.Value, sco.HasValue()), Survey: "—", Earlier: "—", Delta: "—"}
		d.Radar.Axes = append(d.Radar.Axes, p.Name)
		d.Bars.Labels = append(d.Bars.Labels, p.Name)
		own.Values = append(own.Values, valueOr(sco))
		if svScores != nil {
			row.Survey = fmtScore(lang, svScores[i].Value, svScores[i].HasValue())
			survey.Values = append(survey.Values, valueOr(svScores[i]))
		}
		if diffs != nil {
			row.Earlier = fmtScore(lang, diffs[i].Earlier, diffs[i].Has)
			row.Delta = fmtDelta(lang, diffs[i])
			ev := -1.0
			if diffs[i].Has {
				ev = diffs[i].Earlier
			}
			earlier.Values = append(earlier.Values, ev)
		}
		for _, q := range p.Questions {
			a := x.Answers[q.Key]
			qr := questionRow{Question: q, Answer: a, Gap: a.Level > 0 && a.Level < x.Target}
			for _, l := range x.Links {
				if l.QuestionKey == q.Key {
					qr.Links = append(qr.Links, l)
				}
			}
			row.Questions = append(row.Questions, qr)
		}
		d.Rows = append(d.Rows, row)
	}
	d.Radar.Series = append(d.Radar.Series, own)
	d.Bars.Series = append(d.Bars.Series, own)
	if d.Compare != nil {
		d.Radar.Series = append(d.Radar.Series, earlier)
		d.Bars.Series = append(d.Bars.Series, earlier)
	}
	if svScores != nil {
		d.Radar.Series = append(d.Radar.Series, survey)
		d.Bars.Series = append(d.Bars.Series, survey)
	}
	if sc.Can(auth.ScanEdit) {
		if d.Members, err = s.Members(r.Context(), sc); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func valueOr(s Score) float64 {
	if !s.HasValue() {
		return -1
	}
	return s.Value
}

// answerForm fills the answer form from the stored answers.
func answerForm(x *Scan) url.Values {
	f := url.Values{}
	for k, a := range x.Answers {
		f.Set("level-"+k, strconv.Itoa(a.Level))
		f.Set("evidence-"+k, a.Evidence)
		f.Set("comment-"+k, a.Comment)
	}
	return f
}

func (s *Store) scanView(rw http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	d, err := s.scanData(r, r.PathValue("scanID"))
	if err != nil {
		return err
	}
	if form == nil {
		form = answerForm(d.Scan)
	}
	return web.Render(rw, r, web.View{Name: "scan_detail", TitleKey: "scan.detail.title", Data: d, Form: form, Err: ferr})
}

func (s *Store) scanPage(rw http.ResponseWriter, r *http.Request) error {
	return s.scanView(rw, r, nil, nil)
}

func (s *Store) scanAnswers(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	sc, id := web.ScopeOf(r), r.PathValue("scanID")
	x, err := s.Scan(r.Context(), sc, id)
	if err != nil {
		return err
	}
	f := r.PostForm
	var in []AnswerInput
	for _, p := range x.Framework.Pillars {
		for _, q := range p.Questions {
			if _, ok := f["level-"+q.Key]; !ok {
				continue
			}
			l, err := strconv.Atoi(f.Get("level-" + q.Key))
			if err != nil {
				l = -1
			}
			in = append(in, AnswerInput{QuestionKey: q.Key, Level: l, Evidence: f.Get("evidence-" + q.Key), Comment: f.Get("comment-" + q.Key)})
		}
	}
	err = s.SaveAnswers(r.Context(), sc, id, in)
	if web.IsInputError(err) {
		return s.scanView(rw, r, f, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/scans/"+id, "flash.scan.saved")
}

func (s *Store) scanLink(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id, f := r.PathValue("scanID"), r.PostForm
	_, err := s.AddLink(r.Context(), web.ScopeOf(r), id, Link{QuestionKey: f.Get("question"), Type: f.Get("ref_type"), RefID: f.Get("ref_id"), Label: f.Get("label")})
	if web.IsInputError(err) {
		return s.scanView(rw, r, nil, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/scans/"+id, "flash.scan.linked")
}

func (s *Store) scanFinalise(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("scanID")
	err := s.Finalise(r.Context(), web.ScopeOf(r), id)
	if apperr.Is(err, apperr.Invalid) {
		return s.scanView(rw, r, nil, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/scans/"+id, "flash.scan.finalised")
}

func (s *Store) scanGapAction(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id, f := r.PathValue("scanID"), r.PostForm
	key := f.Get("question")
	_, err := s.GapAction(r.Context(), web.ScopeOf(r), id, key, GapInput{Title: f.Get("title"), OwnerID: f.Get("owner_id"), DueDate: f.Get("due_date")})
	if list, ok := err.(apperr.List); ok {
		// The form of each gap has its own field ids.
		for _, e := range list {
			e.Field = e.Field + "-" + key
		}
		return s.scanView(rw, r, nil, list)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/scans/"+id+"#tekorten", "flash.scan.action")
}
