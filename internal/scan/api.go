package scan

import (
	"bytes"
	"io"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/tabular"
	"github.com/weerbaar/weerbaar/internal/web"
)

// The API's resources: Dutch field names, RFC 3339 times, scores as
// numbers with one decimal (null without answers).

type apiFrameworkSummary struct {
	Code   string `json:"code"`
	Naam   string `json:"naam"`
	Soort  Kind   `json:"soort"`
	Eigen  bool   `json:"eigenVersie"`
	Vragen int    `json:"vragen"`
}

func (s *Store) apiFrameworks(rw http.ResponseWriter, r *http.Request) error {
	fws, err := s.Frameworks(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiFrameworkSummary, 0, len(fws))
	for _, f := range fws {
		out = append(out, apiFrameworkSummary{Code: f.Key, Naam: f.Name, Soort: f.Kind, Eigen: f.Own, Vragen: f.QuestionCount()})
	}
	return web.WritePage(rw, r, out, "")
}

func (s *Store) apiFramework(rw http.ResponseWriter, r *http.Request) error {
	f, err := s.Framework(r.Context(), web.ScopeOf(r), r.PathValue("frameworkKey"))
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusOK, f)
}

// apiFrameworkPut imports a framework in the JSON exchange format under
// the path's key; ?proef=true only checks.
func (s *Store) apiFrameworkPut(rw http.ResponseWriter, r *http.Request) error {
	// Only a framework the organisation has can be replaced; a new one is
	// imported on the import page.
	if _, err := s.Framework(r.Context(), web.ScopeOf(r), r.PathValue("frameworkKey")); err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, tabular.MaxBytes+1))
	if err != nil {
		return apperr.New(apperr.TooLarge, "error.too_large")
	}
	f, err := ReadFrameworkJSON(bytes.NewReader(body))
	if err != nil {
		return err
	}
	if f.Key != "" && f.Key != r.PathValue("frameworkKey") {
		return apperr.FieldErr("code", "scan.err.key_mismatch")
	}
	f.Key = r.PathValue("frameworkKey")
	saved, err := s.SaveFramework(r.Context(), web.ScopeOf(r), *f, r.URL.Query().Get("proef") == "true")
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusOK, saved)
}

type apiScore struct {
	Pijler     string   `json:"pijler"`
	Naam       string   `json:"naam"`
	Waarde     *float64 `json:"waarde"`
	Beantwoord int      `json:"beantwoord"`
	Vragen     int      `json:"vragen"`
}

type apiAnswer struct {
	Vraag   string `json:"vraag"`
	Niveau  int    `json:"niveau"`
	Bewijs  string `json:"bewijs,omitempty"`
	Opmerk  string `json:"opmerking,omitempty"`
	ActieID string `json:"actieId,omitempty"`
}

type apiScan struct {
	ID         string      `json:"id"`
	Titel      string      `json:"titel"`
	Kader      string      `json:"kader"`
	TeamID     string      `json:"teamId,omitempty"`
	Status     Status      `json:"status"`
	Datum      string      `json:"datum"`
	Doelniveau int         `json:"doelniveau"`
	Aangemaakt string      `json:"aangemaakt"`
	Afgerond   string      `json:"afgerond,omitempty"`
	Totaal     *float64    `json:"totaal"`
	PerPijler  []apiScore  `json:"perPijler"`
	Antwoorden []apiAnswer `json:"antwoorden,omitempty"`
	Tekorten   []string    `json:"tekorten,omitempty"`
	EnqueteGem []apiScore  `json:"enquete,omitempty"`
}

func apiScores(scores []Score) []apiScore {
	out := make([]apiScore, 0, len(scores))
	for _, s := range scores {
		a := apiScore{Pijler: s.PillarKey, Naam: s.Pillar, Beantwoord: s.Answered, Vragen: s.Questions}
		if s.HasValue() {
			v := s.Value
			a.Waarde = &v
		}
		out = append(out, a)
	}
	return out
}

func toAPIScan(x *Scan, full bool) apiScan {
	scores := x.Scores()
	a := apiScan{ID: x.ID, Titel: x.Title, Kader: x.Framework.Key, TeamID: x.TeamID, Status: x.Status, Datum: x.HeldOn,
		Doelniveau: x.Target, Aangemaakt: x.CreatedAt.Format(timeRFC3339), PerPijler: apiScores(scores)}
	if !x.FinalisedAt.IsZero() {
		a.Afgerond = x.FinalisedAt.Format(timeRFC3339)
	}
	if v, ok := Overall(scores); ok {
		a.Totaal = &v
	}
	if full {
		for _, p := range x.Framework.Pillars {
			for _, q := range p.Questions {
				if an, ok := x.Answers[q.Key]; ok {
					a.Antwoorden = append(a.Antwoorden, apiAnswer{Vraag: q.Key, Niveau: an.Level, Bewijs: an.Evidence, Opmerk: an.Comment, ActieID: an.ActionID})
				}
			}
		}
		for _, g := range x.Gaps() {
			a.Tekorten = append(a.Tekorten, g.Question.Key)
		}
	}
	return a
}

const timeRFC3339 = "2006-01-02T15:04:05Z07:00"

func (s *Store) apiScans(rw http.ResponseWriter, r *http.Request) error {
	scans, err := s.Scans(r.Context(), web.ScopeOf(r), r.URL.Query().Get("kader"))
	if err != nil {
		return err
	}
	out := make([]apiScan, 0, len(scans))
	for i := range scans {
		out = append(out, toAPIScan(&scans[i], false))
	}
	return web.WritePage(rw, r, out, "")
}

func (s *Store) apiScan(rw http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	x, err := s.Scan(r.Context(), sc, r.PathValue("scanID"))
	if err != nil {
		return err
	}
	a := toAPIScan(x, true)
	if _, scores, err := s.SurveyScores(r.Context(), sc, x.Framework.Key, x.TeamID); err != nil {
		return err
	} else if scores != nil {
		a.EnqueteGem = apiScores(scores)
	}
	return web.JSON(rw, http.StatusOK, a)
}

func (s *Store) apiScanCreate(rw http.ResponseWriter, r *http.Request) error {
	var in struct {
		Kader      string `json:"kader"`
		TeamID     string `json:"teamId"`
		Titel      string `json:"titel"`
		Datum      string `json:"datum"`
		Doelniveau int    `json:"doelniveau"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := s.CreateScan(r.Context(), web.ScopeOf(r), NewScan{FrameworkKey: in.Kader, TeamID: in.TeamID, Title: in.Titel, HeldOn: in.Datum, Target: in.Doelniveau})
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusCreated, toAPIScan(x, true))
}

func (s *Store) apiScanAnswers(rw http.ResponseWriter, r *http.Request) error {
	if _, err := s.Scan(r.Context(), web.ScopeOf(r), r.PathValue("scanID")); err != nil {
		return err
	}
	var in []apiAnswer
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	answers := make([]AnswerInput, len(in))
	for i, a := range in {
		answers[i] = AnswerInput{QuestionKey: a.Vraag, Level: a.Niveau, Evidence: a.Bewijs, Comment: a.Opmerk}
	}
	sc, id := web.ScopeOf(r), r.PathValue("scanID")
	if err := s.SaveAnswers(r.Context(), sc, id, answers); err != nil {
		return err
	}
	x, err := s.Scan(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusOK, toAPIScan(x, true))
}

func (s *Store) apiScanFinalise(rw http.ResponseWriter, r *http.Request) error {
	sc, id := web.ScopeOf(r), r.PathValue("scanID")
	if err := s.Finalise(r.Context(), sc, id); err != nil {
		return err
	}
	x, err := s.Scan(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusOK, toAPIScan(x, true))
}

func (s *Store) apiScanGapAction(rw http.ResponseWriter, r *http.Request) error {
	if _, err := s.Scan(r.Context(), web.ScopeOf(r), r.PathValue("scanID")); err != nil {
		return err
	}
	var in struct {
		Vraag    string `json:"vraag"`
		Titel    string `json:"titel"`
		Eigenaar string `json:"eigenaarId"`
		Deadline string `json:"deadline"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.GapAction(r.Context(), web.ScopeOf(r), r.PathValue("scanID"), in.Vraag, GapInput{Title: in.Titel, OwnerID: in.Eigenaar, DueDate: in.Deadline})
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusCreated, map[string]string{"actieId": id})
}

type apiSurvey struct {
	ID         string       `json:"id"`
	Titel      string       `json:"titel"`
	Kader      string       `json:"kader"`
	TeamID     string       `json:"teamId,omitempty"`
	Status     SurveyStatus `json:"status"`
	Aangemaakt string       `json:"aangemaakt"`
	Resultaten *apiResults  `json:"resultaten,omitempty"`
	Gedeeld    bool         `json:"gedeeldeLink"`
	Codes      int          `json:"codes"`
	CodesGebr  int          `json:"codesGebruikt"`
}

// apiResults are shown only from the threshold on: below it, zichtbaar is
// false and nothing else is sent.
type apiResults struct {
	Zichtbaar  bool               `json:"zichtbaar"`
	Drempel    int                `json:"drempel"`
	Respondent int                `json:"respondenten,omitempty"`
	PerPijler  []apiScore         `json:"perPijler,omitempty"`
	PerVraag   map[string]float64 `json:"perVraag,omitempty"`
}

func toAPISurvey(v *Survey) apiSurvey {
	return apiSurvey{ID: v.ID, Titel: v.Title, Kader: v.Framework.Key, TeamID: v.TeamID, Status: v.Status,
		Aangemaakt: v.CreatedAt.Format(timeRFC3339), Gedeeld: v.HasLink, Codes: v.Tokens, CodesGebr: v.TokensUsed}
}

func (s *Store) apiSurveys(rw http.ResponseWriter, r *http.Request) error {
	svs, err := s.Surveys(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiSurvey, 0, len(svs))
	for i := range svs {
		out = append(out, toAPISurvey(&svs[i]))
	}
	return web.WritePage(rw, r, out, "")
}

func (s *Store) apiSurvey(rw http.ResponseWriter, r *http.Request) error {
	sv, res, err := s.SurveyResults(r.Context(), web.ScopeOf(r), r.PathValue("surveyID"))
	if err != nil {
		return err
	}
	a := toAPISurvey(sv)
	a.Resultaten = &apiResults{Zichtbaar: res.Shown, Drempel: res.Threshold}
	if res.Shown {
		a.Resultaten.Respondent, a.Resultaten.PerPijler, a.Resultaten.PerVraag = res.Respondents, apiScores(res.Scores), res.Means
	}
	return web.JSON(rw, http.StatusOK, a)
}
