package risk

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

func errNotFound() error { return apperr.New(apperr.NotFound, "error.not_found") }

// renameField moves a field error to another form field, for pages with
// several forms that each have a reason.
func renameField(err error, from, to string) error {
	var l apperr.List
	if !errors.As(err, &l) {
		return err
	}
	out := make(apperr.List, len(l))
	for i, e := range l {
		c := *e
		if c.Field == from {
			c.Field = to
		}
		out[i] = &c
	}
	return out
}

type vulnData struct {
	Process       *Process
	Vulnerability *Vulnerability // nil for a new one
	Steps         []Step
	Matrix        Matrix
	Origins       []Origin
	Intents       []Intent
	Factors       []Factor
	Controls      []Control
	Decisions     *DecisionPanel
	// Editable tells whether the user may change the vulnerability (see
	// EditableTeams).
	Editable bool
}

func (s *Store) vulnView(r *http.Request, processID string, v *Vulnerability, form url.Values, ferr error) (web.View, error) {
	sc, ctx := web.ScopeOf(r), r.Context()
	p, err := s.Process(ctx, sc, processID)
	if err != nil {
		return web.View{}, err
	}
	d := vulnData{Process: p, Vulnerability: v, Origins: Origins, Intents: Intents, Factors: Factors}
	if sc.Allows(auth.RiskEdit) {
		d.Editable = s.mayEditTeam(ctx, sc, p.TeamID) == nil
	}
	if d.Steps, err = s.Steps(ctx, sc, processID); err != nil {
		return web.View{}, err
	}
	if d.Matrix, err = loadMatrix(ctx, s.db.Read, sc.OrgID); err != nil {
		return web.View{}, err
	}
	if v != nil {
		if d.Decisions, err = s.DecisionPanel(r, v.ID); err != nil {
			return web.View{}, err
		}
		all, err := s.Controls(ctx, sc, processID)
		if err != nil {
			return web.View{}, err
		}
		for _, c := range all {
			if c.VulnerabilityID == v.ID {
				d.Controls = append(d.Controls, c)
			}
		}
	}
	if form == nil {
		form = url.Values{"origin": {string(Internal)}, "intent": {string(Intended)}, "factor": {string(Human)}}
		if v != nil {
			form = url.Values{"title": {v.Title}, "description": {v.Description}, "step_id": {v.StepID},
				"origin": {string(v.Origin)}, "intent": {string(v.Intent)}, "factor": {string(v.Factor)},
				"inherent_likelihood": {scoreValue(v.Inherent.Likelihood)}, "inherent_impact": {scoreValue(v.Inherent.Impact)},
				"residual_likelihood": {scoreValue(v.Residual.Likelihood)}, "residual_impact": {scoreValue(v.Residual.Impact)}}
		}
	}
	title := "risk.vuln.new_title"
	if v != nil {
		title = "risk.vuln.edit_title"
	}
	return web.View{Name: "risk_vulnerability", TitleKey: title, Data: d, Form: form, Err: ferr}, nil
}

func scoreValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func vulnInput(f url.Values) NewVulnerability {
	return NewVulnerability{StepID: f.Get("step_id"), Title: f.Get("title"), Description: f.Get("description"),
		Origin: Origin(f.Get("origin")), Intent: Intent(f.Get("intent")), Factor: Factor(f.Get("factor")),
		Inherent: Score{formInt(f, "inherent_likelihood"), formInt(f, "inherent_impact")},
		Residual: Score{formInt(f, "residual_likelihood"), formInt(f, "residual_impact")}}
}

func (s *Store) vulnNewPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vulnView(r, r.PathValue("processID"), nil, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) vulnCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	pid := r.PathValue("processID")
	n := vulnInput(r.PostForm)
	n.ProcessID = pid
	if _, err := s.CreateVulnerability(r.Context(), web.ScopeOf(r), n); err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.vulnView(r, pid, nil, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+pid+"#kwetsbaarheden", "flash.risk_vuln_created")
}

func (s *Store) vulnEditPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Vulnerability(r.Context(), web.ScopeOf(r), r.PathValue("vulnerabilityID"))
	if err != nil {
		return err
	}
	view, err := s.vulnView(r, v.ProcessID, v, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, view)
}

func (s *Store) vulnUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	v, err := s.Vulnerability(r.Context(), web.ScopeOf(r), r.PathValue("vulnerabilityID"))
	if err != nil {
		return err
	}
	if err := s.UpdateVulnerability(r.Context(), web.ScopeOf(r), v.ID, vulnInput(r.PostForm), r.PostForm.Get("reason")); err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.vulnView(r, v.ProcessID, v, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+v.ProcessID+"#kwetsbaarheden", "flash.risk_saved")
}

func (s *Store) vulnDelete(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	v, err := s.Vulnerability(r.Context(), web.ScopeOf(r), r.PathValue("vulnerabilityID"))
	if err != nil {
		return err
	}
	if err := s.DeleteVulnerability(r.Context(), web.ScopeOf(r), v.ID, r.PostForm.Get("delete_reason")); err != nil {
		return inputErr(w, r, renameField(err, "reason", "delete_reason"), func(f url.Values, e error) (web.View, error) {
			view, err := s.vulnView(r, v.ProcessID, v, nil, e)
			if err != nil {
				return view, err
			}
			view.Form.Set("delete_reason", f.Get("delete_reason"))
			return view, nil
		})
	}
	return web.Redirect(w, r, "/processen/"+v.ProcessID+"#kwetsbaarheden", "flash.risk_deleted")
}

type controlData struct {
	Process         *Process
	Control         *Control // nil for a new one
	Vulnerabilities []Vulnerability
	Members         []FunctionRef
	Statuses        []ControlStatus
}

// members lists the active users of the organisation as owners.
func (s *Store) members(r *http.Request) ([]FunctionRef, error) {
	return queryRefs(r.Context(), s.db.Read, `SELECT DISTINCT u.id, '', u.name FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.org_id = $1 AND u.disabled = FALSE ORDER BY u.name`, web.ScopeOf(r).OrgID)
}

func (s *Store) controlView(r *http.Request, processID string, c *Control, form url.Values, ferr error) (web.View, error) {
	sc, ctx := web.ScopeOf(r), r.Context()
	p, err := s.Process(ctx, sc, processID)
	if err != nil {
		return web.View{}, err
	}
	d := controlData{Process: p, Control: c, Statuses: ControlStatuses}
	if d.Vulnerabilities, err = s.Vulnerabilities(ctx, sc, processID); err != nil {
		return web.View{}, err
	}
	if d.Members, err = s.members(r); err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"status": {string(Planned)}, "vulnerability_id": {r.URL.Query().Get("kwetsbaarheid")}}
		if c != nil {
			form = url.Values{"title": {c.Title}, "description": {c.Description}, "status": {string(c.Status)},
				"evidence": {c.Evidence}, "owner_id": {c.OwnerID}, "due_date": {c.DueDate}, "vulnerability_id": {c.VulnerabilityID}}
		}
	}
	title := "risk.control.new_title"
	if c != nil {
		title = "risk.control.edit_title"
	}
	return web.View{Name: "risk_control", TitleKey: title, Data: d, Form: form, Err: ferr}, nil
}

func controlInput(f url.Values) NewControl {
	return NewControl{VulnerabilityID: f.Get("vulnerability_id"), Title: f.Get("title"), Description: f.Get("description"),
		Status: ControlStatus(f.Get("status")), Evidence: f.Get("evidence"), OwnerID: f.Get("owner_id"), DueDate: f.Get("due_date")}
}

func (s *Store) controlNewPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.controlView(r, r.PathValue("processID"), nil, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) controlCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	pid := r.PathValue("processID")
	n := controlInput(r.PostForm)
	n.ProcessID = pid
	if _, err := s.CreateControl(r.Context(), web.ScopeOf(r), n); err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.controlView(r, pid, nil, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+pid+"#maatregelen", "flash.risk_control_created")
}

func (s *Store) controlEditPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Control(r.Context(), web.ScopeOf(r), r.PathValue("controlID"))
	if err != nil {
		return err
	}
	v, err := s.controlView(r, c.ProcessID, c, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) controlUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	c, err := s.Control(r.Context(), web.ScopeOf(r), r.PathValue("controlID"))
	if err != nil {
		return err
	}
	if err := s.UpdateControl(r.Context(), web.ScopeOf(r), c.ID, controlInput(r.PostForm), r.PostForm.Get("reason")); err != nil {
		return inputErr(w, r, err, func(f url.Values, e error) (web.View, error) { return s.controlView(r, c.ProcessID, c, f, e) })
	}
	return web.Redirect(w, r, "/processen/"+c.ProcessID+"#maatregelen", "flash.risk_saved")
}

func (s *Store) controlDelete(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	c, err := s.Control(r.Context(), web.ScopeOf(r), r.PathValue("controlID"))
	if err != nil {
		return err
	}
	if err := s.DeleteControl(r.Context(), web.ScopeOf(r), c.ID, r.PostForm.Get("delete_reason")); err != nil {
		return inputErr(w, r, renameField(err, "reason", "delete_reason"), func(f url.Values, e error) (web.View, error) {
			v, err := s.controlView(r, c.ProcessID, c, nil, e)
			if err != nil {
				return v, err
			}
			v.Form.Set("delete_reason", f.Get("delete_reason"))
			return v, nil
		})
	}
	return web.Redirect(w, r, "/processen/"+c.ProcessID+"#maatregelen", "flash.risk_deleted")
}

func (s *Store) controlActionPost(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ControlAction(r.Context(), web.ScopeOf(r), r.PathValue("controlID"))
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/acties/"+id, "flash.risk_action_created")
}
