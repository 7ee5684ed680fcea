package people

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/web"
)

func candidateInput(f url.Values) Candidate {
	return Candidate{Name: f.Get("name"), InterviewOn: f.Get("interview_on"), VOGOn: f.Get("vog_on"), SelfCheckOn: f.Get("self_check_on"),
		RiskAnalysisOn: f.Get("risk_analysis_on"), Conclusion: f.Get("conclusion"), Notes: f.Get("candidate_notes")}
}

func (s *Store) candidatesView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	list, err := s.Candidates(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "integrity_candidates", TitleKey: "integrity.candidate.title", Data: list, Form: form, Err: ferr}, nil
}

func (s *Store) candidatesPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.candidatesView)(w, r)
}

func (s *Store) candidatesPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id, err := s.SaveCandidate(r.Context(), web.ScopeOf(r), Candidate{Name: r.PostForm.Get("name")})
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.candidatesView(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/mensen/kandidaten/"+id, integrityFlash)
}

func (s *Store) candidateView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	c, err := s.Candidate(r.Context(), web.ScopeOf(r), r.PathValue("candidateID"))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"name": {c.Name}, "interview_on": {c.InterviewOn}, "vog_on": {c.VOGOn}, "self_check_on": {c.SelfCheckOn},
			"risk_analysis_on": {c.RiskAnalysisOn}, "conclusion": {c.Conclusion}, "candidate_notes": {c.Notes}}
	}
	return web.View{Name: "integrity_candidate", TitleKey: "integrity.candidate.detail_title", Data: c, Form: form, Err: ferr}, nil
}

func (s *Store) candidatePage(w http.ResponseWriter, r *http.Request) error {
	return show(s.candidateView)(w, r)
}

func (s *Store) candidatePost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("candidateID")
	return submit(w, r, s.candidateView, "/mensen/kandidaten/"+id, func(f url.Values) error {
		c := candidateInput(f)
		c.ID = id
		_, err := s.SaveCandidate(r.Context(), web.ScopeOf(r), c)
		return err
	})
}
