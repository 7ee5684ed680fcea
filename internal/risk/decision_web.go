package risk

import (
	"context"
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// DecisionView is a decision as a page shows it: with the viewer's
// language, so that the "risk_decision_item" partial can translate on its
// own, and whether the viewer may approve or reject it now.
type DecisionView struct {
	Decision
	Lang      i18n.Lang
	MayDecide bool
}

// T translates a catalogue key in the view's language.
func (v DecisionView) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

// DecisionPanel is what the "risk_decision_form" partial shows about one
// vulnerability: its decisions, newest first, and whether a proposal is
// still open (then no new one can be made). A page that includes the
// partial puts it in a field named Decisions of its data.
type DecisionPanel struct {
	VulnerabilityID string
	Decisions       []DecisionView
	HasOpen         bool
	Treatments      []Treatment
	// MayPropose: risk.edit on the team of the vulnerability's process.
	MayPropose bool
}

// DecisionPanel returns the decision panel of a vulnerability for the
// request's viewer; NotFound when the vulnerability is not the
// organisation's.
func (s *Store) DecisionPanel(r *http.Request, vulnerabilityID string) (*DecisionPanel, error) {
	sc := web.ScopeOf(r)
	ds, err := s.VulnerabilityDecisions(r.Context(), sc, vulnerabilityID)
	if err != nil {
		return nil, err
	}
	views, err := s.decisionViews(r, ds)
	if err != nil {
		return nil, err
	}
	p := &DecisionPanel{VulnerabilityID: vulnerabilityID, Decisions: views, Treatments: Treatments}
	if sc.Allows(auth.RiskEdit) {
		p.MayPropose = s.mayEditObject(r.Context(), sc, "vulnerabilityID", vulnerabilityID) == nil
	}
	for _, d := range ds {
		p.HasOpen = p.HasOpen || d.Open()
	}
	return p, nil
}

// decisionViews wraps decisions for a page, working out once whether the
// viewer holds the matrix's approver role.
func (s *Store) decisionViews(r *http.Request, ds []Decision) ([]DecisionView, error) {
	sc := web.ScopeOf(r)
	m, err := s.Matrix(r.Context(), sc)
	if err != nil {
		return nil, err
	}
	approver := sc.Can(auth.RiskApprove) && sc.HasRole(m.ApproverRole)
	out := make([]DecisionView, len(ds))
	for i, d := range ds {
		out[i] = DecisionView{Decision: d, Lang: web.LangOf(r), MayDecide: approver && d.Open() && d.ProposedBy != sc.UserID}
	}
	return out, nil
}

// decisionsData is the overview of treatment decisions.
type decisionsData struct {
	Open, Decided []DecisionView
	ApproverRole  auth.Role
}

func (s *Store) decisionsView(r *http.Request, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	open, decided, err := s.Decisions(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	m, err := s.Matrix(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	d := decisionsData{ApproverRole: m.ApproverRole}
	if d.Open, err = s.decisionViews(r, open); err != nil {
		return web.View{}, err
	}
	if d.Decided, err = s.decisionViews(r, decided); err != nil {
		return web.View{}, err
	}
	return web.View{Name: "risk_decisions", TitleKey: "risk.decision.title", Data: d, Err: ferr, Status: inputStatus(ferr)}, nil
}

func (s *Store) decisionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.decisionsView(r, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

// vulnerabilityData is the page of one vulnerability's decisions: the
// risk as it stands now and the panel. Decisions is the field the
// "risk_decision_form" partial reads.
type vulnerabilityData struct {
	Current   *Snapshot
	Decisions *DecisionPanel
}

func (s *Store) vulnerabilityView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	id := r.PathValue("vulnerabilityID")
	panel, err := s.DecisionPanel(r, id)
	if err != nil {
		return web.View{}, err
	}
	cur, err := takeSnapshot(r.Context(), s.db.Read, web.ScopeOf(r).OrgID, id)
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "risk_decision", TitleKey: "risk.decision.vulnerability_title", Data: vulnerabilityData{Current: cur, Decisions: panel},
		Form: form, Err: ferr, Status: inputStatus(ferr)}, nil
}

func (s *Store) vulnerabilityDecisionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.vulnerabilityView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) proposePage(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("vulnerabilityID")
	f := r.PostForm
	if _, err := s.ProposeDecision(r.Context(), web.ScopeOf(r), id, Treatment(f.Get("treatment")), f.Get("motivation")); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.vulnerabilityView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/risicos/kwetsbaarheden/"+id+"/besluiten", "flash.risk_decision_proposed")
}

func (s *Store) approvePage(w http.ResponseWriter, r *http.Request) error {
	return s.decidePage(w, r, s.Approve, "flash.risk_decision_approved")
}

func (s *Store) rejectPage(w http.ResponseWriter, r *http.Request) error {
	return s.decidePage(w, r, s.Reject, "flash.risk_decision_rejected")
}

func (s *Store) decidePage(w http.ResponseWriter, r *http.Request, decide func(ctx context.Context, sc *auth.Scope, id, note string) (*Decision, error), flash string) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if _, err := decide(r.Context(), web.ScopeOf(r), r.PathValue("decisionID"), r.PostForm.Get("decision_note")); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.decisionsView(r, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/risicos/besluiten", flash)
}
