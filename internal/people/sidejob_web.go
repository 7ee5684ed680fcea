package people

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// sideJobsData is the side-job register with the form that registers one.
type sideJobsData struct {
	List     []SideJob
	People   []Person
	Statuses []string
}

func (s *Store) sideJobsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	list, err := s.SideJobs(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	people, err := s.personOptions(r)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"review_status": {"pending"}}
	}
	return web.View{Name: "integrity_sidejobs", TitleKey: "integrity.sidejob.title", Form: form, Err: ferr,
		Data: sideJobsData{List: list, People: people, Statuses: ReviewStatuses}}, nil
}

func (s *Store) sideJobsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.sideJobsView)(w, r)
}

func sideJobInput(f url.Values) SideJobInput {
	return SideJobInput{EmployeeID: f.Get("employee"), Description: f.Get("description"), StartedOn: f.Get("started_on"),
		EndedOn: f.Get("ended_on"), ReviewStatus: f.Get("review_status"), Motivation: f.Get("motivation"),
		Publish: f.Get("publish") == "1", PublicText: f.Get("public_text"), NeedToKnow: f.Get("need_to_know") == "1"}
}

func (s *Store) sideJobsPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.sideJobsView, "/mensen/nevenfuncties", func(f url.Values) error {
		_, err := s.AddSideJob(r.Context(), web.ScopeOf(r), sideJobInput(f))
		return err
	})
}

func (s *Store) publicationPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.PublicationList(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "integrity_publication", TitleKey: "integrity.publication.title", Data: list})
}

// sideJobData is one side job with its sealed text, its need-to-know list
// (HR) and the forms for the review and for access.
type sideJobData struct {
	Job      *SideJob
	Base     string // the page's address, for the forms
	Grants   []auth.Grant
	Members  []Member
	Statuses []string
}

func (s *Store) sideJobView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	id := r.PathValue("sideJobID")
	j, err := s.SideJob(r.Context(), sc, id)
	if err != nil {
		return web.View{}, err
	}
	grants, members, err := s.accessPanel(r, ObjSideJob, id, j.NeedToKnow)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"review_status": {j.ReviewStatus}, "motivation": {j.Motivation}, "public_text": {j.PublicText}}
		if j.Publish {
			form.Set("publish", "1")
		}
	}
	return web.View{Name: "integrity_sidejob", TitleKey: "integrity.sidejob.detail_title", Form: form, Err: ferr,
		Data: sideJobData{Job: j, Base: "/mensen/nevenfuncties/" + id, Grants: grants, Members: members, Statuses: ReviewStatuses}}, nil
}

func (s *Store) sideJobPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.sideJobView)(w, r)
}

func (s *Store) sideJobReviewPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("sideJobID")
	return submit(w, r, s.sideJobView, "/mensen/nevenfuncties/"+id, func(f url.Values) error {
		return s.ReviewSideJob(r.Context(), web.ScopeOf(r), id, f.Get("review_status"), f.Get("motivation"), f.Get("publish") == "1", f.Get("public_text"))
	})
}

func (s *Store) sideJobGrantPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("sideJobID")
	return submit(w, r, s.sideJobView, "/mensen/nevenfuncties/"+id, func(f url.Values) error {
		return s.GrantRecord(r.Context(), web.ScopeOf(r), ObjSideJob, id, f.Get("access_user"), f.Get("reason"))
	})
}

func (s *Store) sideJobRevokePost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("sideJobID")
	return submit(w, r, s.sideJobView, "/mensen/nevenfuncties/"+id, func(f url.Values) error {
		return s.RevokeRecord(r.Context(), web.ScopeOf(r), ObjSideJob, id, f.Get("access_user"))
	})
}
