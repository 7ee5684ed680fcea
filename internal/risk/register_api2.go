package risk

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Changes through the API replace an object's editable fields as a whole
// (PUT) and carry the reason the register keeps with every change.

type apiReason struct {
	Reden string `json:"reden"`
}

type apiProcessEdit struct {
	Team                  string `json:"team"`
	Naam                  string `json:"naam"`
	Omschrijving          string `json:"omschrijving"`
	HerbeoordelingMaanden int    `json:"herbeoordelingMaanden"`
	Reden                 string `json:"reden"`
}

func (s *Store) apiProcessUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("processID")
	if _, err := s.Process(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiProcessEdit
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.UpdateProcess(r.Context(), web.ScopeOf(r), id, ProcessEdit{TeamID: in.Team, Name: in.Naam, Description: in.Omschrijving,
		ReviewMonths: in.HerbeoordelingMaanden}, in.Reden); err != nil {
		return err
	}
	return s.writeProcess(w, r, id, http.StatusOK)
}

type apiReview struct {
	Bevindingen string `json:"bevindingen"`
}

func (s *Store) apiProcessReview(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("processID")
	if _, err := s.Process(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiReview
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ReviewProcess(r.Context(), web.ScopeOf(r), id, in.Bevindingen); err != nil {
		return renameField(err, "reason", "bevindingen")
	}
	return s.writeProcess(w, r, id, http.StatusOK)
}

type apiCircumstances struct {
	Omstandigheden []apiCircumstance `json:"omstandigheden"`
	Reden          string            `json:"reden"`
}

func (s *Store) apiCircumstancesPut(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("processID")
	if _, err := s.Process(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiCircumstances
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	cs := make([]Circumstance, len(in.Omstandigheden))
	for i, c := range in.Omstandigheden {
		cs[i] = Circumstance{Category: CircumstanceCategory(c.Categorie), Code: c.Code, Note: c.Toelichting}
	}
	if err := s.SetCircumstances(r.Context(), web.ScopeOf(r), id, cs, in.Reden); err != nil {
		return err
	}
	return s.writeProcess(w, r, id, http.StatusOK)
}

type apiStepEdit struct {
	apiNewStep
	Reden string `json:"reden"`
}

func (s *Store) apiStepUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("stepID")
	pid, err := stepProcess(r.Context(), s.db.Read, web.ScopeOf(r).OrgID, id)
	if err != nil {
		return err
	}
	var in apiStepEdit
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	kind := duty.StepKind(in.Soort)
	minHolders, rotation := kind.Defaults()
	if in.MinimumHouders != nil {
		minHolders = *in.MinimumHouders
	}
	if in.RoulatieMaanden != nil {
		rotation = *in.RoulatieMaanden
	}
	if err := s.UpdateStep(r.Context(), web.ScopeOf(r), id, NewStep{Code: in.Code, Name: in.Naam, Kind: kind, MinHolders: minHolders,
		FourEyes: in.VierOgen, FourEyesInPlace: in.VierOgenIngericht, RotationMonths: rotation, Object: in.Object,
		FunctionIDs: in.Functies}, in.Reden); err != nil {
		return err
	}
	return s.writeProcess(w, r, pid, http.StatusOK)
}

func (s *Store) apiStepDelete(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("stepID")
	if _, err := stepProcess(r.Context(), s.db.Read, web.ScopeOf(r).OrgID, id); err != nil {
		return err
	}
	var in apiReason
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.DeleteStep(r.Context(), web.ScopeOf(r), id, in.Reden); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type apiVulnEdit struct {
	apiNewVulnerability
	Reden string `json:"reden"`
}

func (s *Store) apiVulnUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("vulnerabilityID")
	if _, err := s.Vulnerability(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiVulnEdit
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.UpdateVulnerability(r.Context(), web.ScopeOf(r), id, NewVulnerability{StepID: in.Stap, Title: in.Titel,
		Description: in.Omschrijving, Origin: Origin(in.Herkomst), Intent: Intent(in.Opzet), Factor: Factor(in.Factor),
		Inherent: in.Bruto.score(), Residual: in.Netto.score()}, in.Reden); err != nil {
		return err
	}
	v, err := s.Vulnerability(r.Context(), web.ScopeOf(r), id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIVuln(*v))
}

func (s *Store) apiVulnDelete(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("vulnerabilityID")
	if _, err := s.Vulnerability(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiReason
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.DeleteVulnerability(r.Context(), web.ScopeOf(r), id, in.Reden); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type apiControlEdit struct {
	apiNewControl
	Reden string `json:"reden"`
}

func (s *Store) apiControlUpdate(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("controlID")
	if _, err := s.Control(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiControlEdit
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.UpdateControl(r.Context(), web.ScopeOf(r), id, NewControl{VulnerabilityID: in.Kwetsbaarheid, Title: in.Titel,
		Description: in.Omschrijving, Status: ControlStatus(in.Status), Evidence: in.Bewijs, OwnerID: in.Eigenaar,
		DueDate: in.Deadline}, in.Reden); err != nil {
		return err
	}
	c, err := s.Control(r.Context(), web.ScopeOf(r), id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIControl(*c))
}

func (s *Store) apiControlDelete(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("controlID")
	if _, err := s.Control(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	var in apiReason
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.DeleteControl(r.Context(), web.ScopeOf(r), id, in.Reden); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type apiActionRef struct {
	Actie string `json:"actie"`
}

func (s *Store) apiControlAction(w http.ResponseWriter, r *http.Request) error {
	id, err := s.ControlAction(r.Context(), web.ScopeOf(r), r.PathValue("controlID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiActionRef{Actie: id})
}
