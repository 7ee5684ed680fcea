package risk

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/web"
)

// formInt reads a whole number from a form; "" is 0 and text that is not a
// number is -1, which every range check refuses with the field's message.
func formInt(f url.Values, field string) int {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func formBool(f url.Values, field string) bool {
	v := f.Get(field)
	return v == "on" || v == "true" || v == "1"
}

// inputErr renders page again with the form and its errors when err is an
// input error, and returns any other error as it is.
func inputErr(w http.ResponseWriter, r *http.Request, err error, page func(url.Values, error) (web.View, error)) error {
	if !web.IsInputError(err) {
		return err
	}
	v, verr := page(r.PostForm, err)
	if verr != nil {
		return verr
	}
	v.Status = http.StatusUnprocessableEntity
	return web.Render(w, r, v)
}

type processesData struct {
	Processes []ProcessSummary
	Teams     []FunctionRef
	// EditTeams are the teams the user may add processes for (all for
	// the coordinator, the led teams for a teamleider).
	EditTeams []FunctionRef
	Catalogue []CatalogueProcess
	TeamID    string
	Overdue   bool
	// Unmapped are the teams without any process.
	Unmapped []FunctionRef
}

func (s *Store) processesView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	q := r.URL.Query()
	f := ProcessFilter{TeamID: q.Get("team"), ReviewOverdue: q.Get("herbeoordeling") == "achterstallig"}
	list, err := s.ListProcesses(r.Context(), sc, f)
	if err != nil {
		return web.View{}, err
	}
	teams, err := s.Teams(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	editTeams, _, err := s.editTeams(r, teams)
	if err != nil {
		return web.View{}, err
	}
	d := processesData{Processes: list, Teams: teams, EditTeams: editTeams, Catalogue: Catalogue, TeamID: f.TeamID, Overdue: f.ReviewOverdue}
	if f.TeamID == "" && !f.ReviewOverdue {
		mapped := map[string]bool{}
		for _, p := range list {
			mapped[p.TeamID] = true
		}
		for _, t := range teams {
			if !mapped[t.ID] {
				d.Unmapped = append(d.Unmapped, t)
			}
		}
	}
	return web.View{Name: "risk_processes", TitleKey: "risk.processes.title", Data: d, Form: form, Err: ferr}, nil
}

func (s *Store) processesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.processesView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) processCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f, sc := r.PostForm, web.ScopeOf(r)
	var p *Process
	var err error
	if code := f.Get("catalogue_code"); code != "" {
		p, err = s.CreateFromCatalogue(r.Context(), sc, f.Get("team_id"), code)
	} else {
		p, err = s.CreateProcess(r.Context(), sc, NewProcess{TeamID: f.Get("team_id"), Code: f.Get("code"), Name: f.Get("name"),
			Description: f.Get("description"), ReviewMonths: formInt(f, "review_months")})
	}
	if err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.processesView(r, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+p.ID, "flash.risk_process_created")
}

// editTeams narrows teams to those whose register the user may change,
// and gives the test for one team; without risk.edit, none.
func (s *Store) editTeams(r *http.Request, teams []FunctionRef) ([]FunctionRef, func(teamID string) bool, error) {
	sc := web.ScopeOf(r)
	if !sc.Allows(auth.RiskEdit) {
		return nil, func(string) bool { return false }, nil
	}
	all, led, err := s.EditableTeams(r.Context(), sc)
	if err != nil {
		return nil, nil, err
	}
	may := func(teamID string) bool { return all || led[teamID] }
	var out []FunctionRef
	for _, t := range teams {
		if may(t.ID) {
			out = append(out, t)
		}
	}
	return out, may, nil
}

type processData struct {
	Process         *Process
	Steps           []Step
	Vulnerabilities []Vulnerability
	Controls        []Control
	Circumstances   []Circumstance
	Catalogue       any
	Changes         []Change
	Teams           []FunctionRef // the teams the process may be handed to
	// Editable tells whether the user may change this process: risk.edit
	// and, for a teamleider, a team they lead.
	Editable bool
	Matrix   Matrix
	Heatmap  *Heatmap
	// Chosen marks the recorded circumstances by "category/code".
	Chosen map[string]bool
	Today  string
}

func (s *Store) processView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc, ctx, id := web.ScopeOf(r), r.Context(), r.PathValue("processID")
	p, err := s.Process(ctx, sc, id)
	if err != nil {
		return web.View{}, err
	}
	d := processData{Process: p, Catalogue: CircumstanceCatalogue, Chosen: map[string]bool{}, Today: s.today()}
	if d.Steps, err = s.StepsWithFunctions(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	if d.Vulnerabilities, err = s.Vulnerabilities(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	if d.Controls, err = s.Controls(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	if d.Circumstances, err = s.Circumstances(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	for _, c := range d.Circumstances {
		d.Chosen[string(c.Category)+"/"+c.Code] = true
	}
	if d.Changes, err = s.Changes(ctx, sc, id); err != nil {
		return web.View{}, err
	}
	teams, err := s.Teams(ctx, sc)
	if err != nil {
		return web.View{}, err
	}
	var may func(string) bool
	if d.Teams, may, err = s.editTeams(r, teams); err != nil {
		return web.View{}, err
	}
	d.Editable = may(p.TeamID)
	if d.Matrix, err = loadMatrix(ctx, s.db.Read, sc.OrgID); err != nil {
		return web.View{}, err
	}
	if len(d.Vulnerabilities) > 0 {
		if d.Heatmap, err = s.Heatmap(ctx, sc, HeatmapFilter{ProcessID: id}); err != nil {
			return web.View{}, err
		}
	}
	if form == nil {
		form = url.Values{"team_id": {p.TeamID}, "name": {p.Name}, "description": {p.Description},
			"review_months": {strconv.Itoa(p.ReviewMonths)}}
	}
	return web.View{Name: "risk_process", TitleKey: "risk.process.title", Data: d, Form: form, Err: ferr}, nil
}

func (s *Store) processPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.processView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) processUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f, id := r.PostForm, r.PathValue("processID")
	err := s.UpdateProcess(r.Context(), web.ScopeOf(r), id, ProcessEdit{TeamID: f.Get("team_id"), Name: f.Get("name"),
		Description: f.Get("description"), ReviewMonths: formInt(f, "review_months")}, f.Get("reason"))
	if err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.processView(r, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+id, "flash.risk_saved")
}

func (s *Store) processReview(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("processID")
	if err := s.ReviewProcess(r.Context(), web.ScopeOf(r), id, r.PostForm.Get("review_findings")); err != nil {
		return inputErr(w, r, renameField(err, "reason", "review_findings"), func(f url.Values, e error) (web.View, error) {
			v, err := s.processView(r, nil, e)
			if err != nil {
				return v, err
			}
			v.Form.Set("review_findings", f.Get("review_findings"))
			return v, nil
		})
	}
	return web.Redirect(w, r, "/processen/"+id, "flash.risk_reviewed")
}

func (s *Store) circumstancesPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f, id := r.PostForm, r.PathValue("processID")
	var cs []Circumstance
	for _, v := range f["circumstance"] {
		cat, code, _ := strings.Cut(v, "/")
		cs = append(cs, Circumstance{Category: CircumstanceCategory(cat), Code: code, Note: f.Get("note_" + code)})
	}
	if err := s.SetCircumstances(r.Context(), web.ScopeOf(r), id, cs, f.Get("circ_reason")); err != nil {
		return inputErr(w, r, renameField(err, "reason", "circ_reason"), func(f url.Values, e error) (web.View, error) {
			v, err := s.processView(r, nil, e)
			if err != nil {
				return v, err
			}
			v.Form.Set("circ_reason", f.Get("circ_reason"))
			d := v.Data.(processData)
			d.Chosen = map[string]bool{}
			for _, key := range f["circumstance"] {
				d.Chosen[key] = true
			}
			v.Data = d
			return v, nil
		})
	}
	return web.Redirect(w, r, "/processen/"+id+"#omstandigheden", "flash.risk_saved")
}

// stepData is the step form, new or existing.
type stepData struct {
	Process   *Process
	Step      *Step // nil for a new step
	Functions []FunctionRef
	Kinds     []duty.StepKind
	// Linked marks the chosen functions.
	Linked map[string]bool
}

func (s *Store) stepView(r *http.Request, processID string, st *Step, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	p, err := s.Process(r.Context(), sc, processID)
	if err != nil {
		return web.View{}, err
	}
	funcs, err := s.Functions(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	d := stepData{Process: p, Step: st, Functions: funcs, Kinds: duty.StepKinds, Linked: map[string]bool{}}
	if form == nil {
		if st != nil {
			form = url.Values{"name": {st.Name}, "kind": {string(st.Kind)}, "code": {st.Code}, "object": {st.Object},
				"min_holders": {strconv.Itoa(st.MinHolders)}, "rotation_months": {strconv.Itoa(st.RotationMonths)}}
			if st.FourEyes {
				form.Set("four_eyes", "on")
			}
			if st.FourEyesInPlace {
				form.Set("four_eyes_in_place", "on")
			}
			for _, f := range st.Functions {
				form.Add("function_ids", f.ID)
			}
		} else {
			minHolders, rotation := duty.Decision.Defaults()
			form = url.Values{"kind": {string(duty.Decision)}, "min_holders": {strconv.Itoa(minHolders)}, "rotation_months": {strconv.Itoa(rotation)}}
		}
	}
	for _, id := range form["function_ids"] {
		d.Linked[id] = true
	}
	title := "risk.step.new_title"
	if st != nil {
		title = "risk.step.edit_title"
	}
	return web.View{Name: "risk_step", TitleKey: title, Data: d, Form: form, Err: ferr}, nil
}

func stepInput(f url.Values) NewStep {
	ids := f["function_ids"]
	if ids == nil {
		ids = []string{}
	}
	return NewStep{Code: f.Get("code"), Name: f.Get("name"), Kind: duty.StepKind(f.Get("kind")), MinHolders: formInt(f, "min_holders"),
		FourEyes: formBool(f, "four_eyes"), FourEyesInPlace: formBool(f, "four_eyes_in_place"),
		RotationMonths: formInt(f, "rotation_months"), Object: f.Get("object"), FunctionIDs: ids}
}

func (s *Store) stepNewPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.stepView(r, r.PathValue("processID"), nil, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) stepCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	pid := r.PathValue("processID")
	n := stepInput(r.PostForm)
	n.ProcessID = pid
	if _, err := s.CreateStep(r.Context(), web.ScopeOf(r), n); err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.stepView(r, pid, nil, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+pid+"#stappen", "flash.risk_step_created")
}

// stepOf reads a step with its functions by id.
func (s *Store) stepOf(r *http.Request) (*Step, error) {
	sc := web.ScopeOf(r)
	pid, err := stepProcess(r.Context(), s.db.Read, sc.OrgID, r.PathValue("stepID"))
	if err != nil {
		return nil, err
	}
	steps, err := s.StepsWithFunctions(r.Context(), sc, pid)
	if err != nil {
		return nil, err
	}
	for i := range steps {
		if steps[i].ID == r.PathValue("stepID") {
			return &steps[i], nil
		}
	}
	return nil, errNotFound()
}

func (s *Store) stepEditPage(w http.ResponseWriter, r *http.Request) error {
	st, err := s.stepOf(r)
	if err != nil {
		return err
	}
	v, err := s.stepView(r, st.ProcessID, st, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) stepUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	st, err := s.stepOf(r)
	if err != nil {
		return err
	}
	if err := s.UpdateStep(r.Context(), web.ScopeOf(r), st.ID, stepInput(r.PostForm), r.PostForm.Get("reason")); err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.stepView(r, st.ProcessID, st, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+st.ProcessID+"#stappen", "flash.risk_saved")
}

func (s *Store) stepDelete(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	st, err := s.stepOf(r)
	if err != nil {
		return err
	}
	if err := s.DeleteStep(r.Context(), web.ScopeOf(r), st.ID, r.PostForm.Get("delete_reason")); err != nil {
		return inputErr(w, r, renameField(err, "reason", "delete_reason"), func(f url.Values, e error) (web.View, error) {
			v, err := s.stepView(r, st.ProcessID, st, nil, e)
			if err != nil {
				return v, err
			}
			v.Form.Set("delete_reason", f.Get("delete_reason"))
			return v, nil
		})
	}
	return web.Redirect(w, r, "/processen/"+st.ProcessID+"#stappen", "flash.risk_deleted")
}
