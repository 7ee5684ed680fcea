package bibob

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

const savedFlash = "flash.bibob_saved"

// viewFunc builds a page with a form (web.FormView).
type viewFunc = web.FormView

// show serves a page without a submission.
func show(view viewFunc) web.Handler { return web.Show(view) }

// submit runs do on a posted form (web.Submit) with the capability's flash.
func submit(w http.ResponseWriter, r *http.Request, view viewFunc, to func() string, do func(f url.Values) error) error {
	return web.Submit(w, r, view, to, savedFlash, do)
}

func fixed(path string) func() string { return func() string { return path } }

// homeData is the overview: the policy warning, the split groups, the
// terms and the separation-of-duties findings at a glance.
type homeData struct {
	Policy   Policy
	Outdated []LawChange
	Splits   []Split
	Overdue  []Screening
	Findings int
	Under    int
	Total    int
}

func (s *Store) homePage(w http.ResponseWriter, r *http.Request) error {
	ctx, sc := r.Context(), web.ScopeOf(r)
	pol, err := s.Policy(ctx, sc)
	if err != nil {
		return err
	}
	apps, err := s.Applications(ctx, sc, ApplicationFilter{})
	if err != nil {
		return err
	}
	d := homeData{Policy: pol, Outdated: pol.Outdated(s.dayNow()), Total: len(apps)}
	for _, a := range apps {
		if a.UnderPolicy {
			d.Under++
		}
	}
	if d.Splits, err = s.Splits(ctx, sc); err != nil {
		return err
	}
	if d.Overdue, err = s.Overdue(ctx, sc, SoonDays); err != nil {
		return err
	}
	f, err := s.DutyFindings(ctx, sc)
	if err != nil {
		return err
	}
	d.Findings = len(f)
	return web.Render(w, r, web.View{Name: "bibob_home", TitleKey: "bibob.title", Data: d})
}

// policyData is the policy page.
type policyData struct {
	Policy   Policy
	Outdated []LawChange
	Types    []string
	Changes  []LawChange
	History  []Policy
}

func (s *Store) policyView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	ctx, sc := r.Context(), web.ScopeOf(r)
	pol, err := s.Policy(ctx, sc)
	if err != nil {
		return web.View{}, err
	}
	hist, err := s.PolicyHistory(ctx, sc)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"threshold": {euros(pol.Threshold)}, "risk_threshold": {euros(pol.RiskThreshold)}, "risk_areas": {joinLines(pol.RiskAreas)},
			"window_months": {itoa(pol.WindowMonths)}, "tranche": {pol.Tranche}, "updated_on": {pol.UpdatedOn}, "types": pol.Types}
	}
	return web.View{Name: "bibob_policy", TitleKey: "bibob.policy.title", Form: form, Err: ferr,
		Data: policyData{Policy: pol, Outdated: pol.Outdated(s.dayNow()), Types: Types, Changes: LawChanges, History: hist}}, nil
}

func (s *Store) policyPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.policyView)(w, r)
}

func (s *Store) policyPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.policyView, fixed("/bibob/beleid"), func(f url.Values) error {
		return s.SavePolicy(r.Context(), web.ScopeOf(r), PolicyInput{Types: f["types"], Threshold: f.Get("threshold"), RiskThreshold: f.Get("risk_threshold"),
			RiskAreas: f.Get("risk_areas"), WindowMonths: f.Get("window_months"), Tranche: f.Get("tranche"), UpdatedOn: f.Get("updated_on")})
	})
}

// applicationsData is the list of applications with the form to register
// one.
type applicationsData struct {
	List        []Application
	Types       []string
	UnderPolicy bool
	Flagged     map[string]bool
}

func (s *Store) applicationsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	ctx, sc := r.Context(), web.ScopeOf(r)
	under := r.URL.Query().Get("onder_beleid") == "1"
	list, err := s.Applications(ctx, sc, ApplicationFilter{UnderPolicy: under})
	if err != nil {
		return web.View{}, err
	}
	splits, err := s.Splits(ctx, sc)
	if err != nil {
		return web.View{}, err
	}
	flagged := map[string]bool{}
	for _, g := range splits {
		for _, a := range g.Applications {
			flagged[a.ID] = true
		}
	}
	return web.View{Name: "bibob_applications", TitleKey: "bibob.applications.title", Form: form, Err: ferr,
		Data: applicationsData{List: list, Types: Types, UnderPolicy: under, Flagged: flagged}}, nil
}

func (s *Store) applicationsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.applicationsView)(w, r)
}

func (s *Store) applicationsPost(w http.ResponseWriter, r *http.Request) error {
	var id string
	return submit(w, r, s.applicationsView, func() string { return "/bibob/aanvragen/" + id }, func(f url.Values) error {
		var err error
		id, err = s.AddApplication(r.Context(), web.ScopeOf(r), ApplicationInput{CaseNumber: f.Get("case_number"), Type: f.Get("app_type"),
			Applicant: f.Get("applicant"), KvK: f.Get("kvk"), Parties: f.Get("parties"), Address: f.Get("address"), Plot: f.Get("plot"),
			Amount: f.Get("amount"), ReceivedOn: f.Get("received_on"), DecisionDue: f.Get("decision_due")})
		return err
	})
}

// applicationData is one application with its split group and the form
// that starts the screening.
type applicationData struct {
	App   *Application
	Split *Split
}

func (s *Store) applicationView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	ctx, sc := r.Context(), web.ScopeOf(r)
	a, err := s.Application(ctx, sc, r.PathValue("applicationID"))
	if err != nil {
		return web.View{}, err
	}
	sp, err := s.splitOf(ctx, sc, a.ID)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"questionnaire_on": {s.dayNow()}}
	}
	return web.View{Name: "bibob_application", TitleKey: "bibob.application.title", Form: form, Err: ferr, Data: applicationData{App: a, Split: sp}}, nil
}

func (s *Store) applicationPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.applicationView)(w, r)
}

func (s *Store) startPost(w http.ResponseWriter, r *http.Request) error {
	var id string
	return submit(w, r, s.applicationView, func() string { return "/bibob/screenings/" + id }, func(f url.Values) error {
		var err error
		id, err = s.StartScreening(r.Context(), web.ScopeOf(r), r.PathValue("applicationID"), f.Get("questionnaire_on"))
		return err
	})
}

func (s *Store) screeningsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Screenings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "bibob_screenings", TitleKey: "bibob.screenings.title", Data: list})
}

// screeningData is one screening with its forms.
type screeningData struct {
	X        *Screening
	Sources  []string
	Dangers  []string
	Measures []string
	Conflict bool // the viewer screened it and may not decide
	Grants   []auth.Grant
	Members  []Member
	Base     string
	Steps    []string
	ZaakOn   bool // the Open Zaak link is on: offer "Registreer als zaak"
}

func (s *Store) screeningView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	ctx, sc := r.Context(), web.ScopeOf(r)
	id := r.PathValue("screeningID")
	x, err := s.Screening(ctx, sc, id)
	if err != nil {
		return web.View{}, err
	}
	grants, err := s.AccessList(ctx, sc, id)
	if err != nil {
		return web.View{}, err
	}
	members, err := s.members(ctx, sc)
	if err != nil {
		return web.View{}, err
	}
	zs, _, _, err := s.zaakSettings(ctx, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		today := s.dayNow()
		form = url.Values{"findings": {x.Findings}, "sources": x.Sources, "lbb_on": {today}, "decided_on": {today}}
	}
	return web.View{Name: "bibob_screening", TitleKey: "bibob.screening.title", Form: form, Err: ferr,
		Data: screeningData{X: x, Sources: Sources, Dangers: Dangers, Measures: []string{"geen", "voorschriften", "weigeren", "intrekken"},
			Conflict: x.Conflict(sc.UserID), Grants: grants, Members: members, Base: "/bibob/screenings/" + id,
			Steps: []string{StepResearch, StepLBB, StepDecision, StepDecided}, ZaakOn: zs.Enabled}}, nil
}

func (s *Store) screeningPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.screeningView)(w, r)
}

func (s *Store) screeningBack(r *http.Request) func() string {
	return fixed("/bibob/screenings/" + r.PathValue("screeningID"))
}

func (s *Store) researchPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.screeningView, s.screeningBack(r), func(f url.Values) error {
		return s.RecordResearch(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), ResearchInput{Sources: f["sources"], Findings: f.Get("findings")})
	})
}

func (s *Store) lbbPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.screeningView, s.screeningBack(r), func(f url.Values) error {
		return s.RecordLBB(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), LBBInput{Action: f.Get("action"), On: f.Get("lbb_on"),
			Weeks: f.Get("lbb_weeks"), Outcome: f.Get("lbb_outcome")})
	})
}

func (s *Store) decidePost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.screeningView, s.screeningBack(r), func(f url.Values) error {
		return s.Decide(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), DecisionInput{Danger: f.Get("danger"), Measure: f.Get("measure"),
			Motivation: f.Get("motivation"), On: f.Get("decided_on")})
	})
}

func (s *Store) grantPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.screeningView, s.screeningBack(r), func(f url.Values) error {
		return s.GrantScreening(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), f.Get("access_user"))
	})
}

func (s *Store) revokePost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.screeningView, s.screeningBack(r), func(f url.Values) error {
		return s.RevokeScreening(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), f.Get("access_user"))
	})
}

func (s *Store) splitsPage(w http.ResponseWriter, r *http.Request) error {
	ctx, sc := r.Context(), web.ScopeOf(r)
	list, err := s.Splits(ctx, sc)
	if err != nil {
		return err
	}
	pol, err := s.Policy(ctx, sc)
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "bibob_splits", TitleKey: "bibob.splits.title", Data: struct {
		List   []Split
		Policy Policy
	}{list, pol}})
}

func (s *Store) termsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Overdue(r.Context(), web.ScopeOf(r), SoonDays)
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "bibob_terms", TitleKey: "bibob.terms.title", Data: struct {
		List  []Screening
		Today string
	}{list, s.dayNow()}})
}

func (s *Store) dutiesPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.DutyFindings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "bibob_duties", TitleKey: "bibob.duties.title", Data: list})
}

// importRow is one problem of an import file as the error table shows it.
func (s *Store) importPage(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, web.View{Name: "bibob_import", TitleKey: "bibob.import.title", Data: web.ImportData{}})
}

// importPost checks or imports a file of applications; nothing of the file
// is kept.
func (s *Store) importPost(w http.ResponseWriter, r *http.Request) error {
	return web.ServeImport(w, r, web.View{Name: "bibob_import", TitleKey: "bibob.import.title"}, importMaxBody,
		web.Importer(s.ImportApplications), func(dryRun bool) any { return &ImportReport{DryRun: dryRun} })
}
