package risk

import (
	"net/http"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/web"
)

// The register as the API shows it: Dutch field names, codes as stored.

type apiProcess struct {
	ID                          string `json:"id"`
	Team                        string `json:"team"`
	TeamNaam                    string `json:"teamNaam"`
	Code                        string `json:"code"`
	Naam                        string `json:"naam"`
	CatalogusCode               string `json:"catalogusCode,omitempty"`
	Omschrijving                string `json:"omschrijving"`
	HerbeoordelingMaanden       int    `json:"herbeoordelingMaanden"`
	HerbeoordelingOp            string `json:"herbeoordelingOp,omitempty"`
	LaatstBeoordeeldOp          string `json:"laatstBeoordeeldOp,omitempty"`
	HerbeoordelingAchterstallig bool   `json:"herbeoordelingAchterstallig"`
}

type apiProcessSummary struct {
	apiProcess
	Stappen            int    `json:"stappen"`
	Kwetsbaarheden     int    `json:"kwetsbaarheden"`
	OpenMaatregelen    int    `json:"openMaatregelen"`
	HoogsteNettoRisico string `json:"hoogsteNettoRisico,omitempty"`
}

func toAPIProcess(p Process) apiProcess {
	return apiProcess{ID: p.ID, Team: p.TeamID, TeamNaam: p.TeamName, Code: p.Code, Naam: p.Name, CatalogusCode: p.CatalogueCode,
		Omschrijving: p.Description, HerbeoordelingMaanden: p.ReviewMonths, HerbeoordelingOp: p.ReviewDue,
		LaatstBeoordeeldOp: p.ReviewedOn, HerbeoordelingAchterstallig: p.ReviewOverdue}
}

type apiStep struct {
	ID                string   `json:"id"`
	Code              string   `json:"code,omitempty"`
	Naam              string   `json:"naam"`
	Soort             string   `json:"soort"`
	MinimumHouders    int      `json:"minimumHouders"`
	VierOgen          bool     `json:"vierOgen"`
	VierOgenIngericht bool     `json:"vierOgenIngericht"`
	RoulatieMaanden   int      `json:"roulatieMaanden"`
	Object            string   `json:"object,omitempty"`
	Functies          []string `json:"functies"`
}

type apiScore struct {
	Kans   int    `json:"kans"`
	Impact int    `json:"impact"`
	Niveau string `json:"niveau"`
}

type apiVulnerability struct {
	ID           string    `json:"id"`
	Stap         string    `json:"stap,omitempty"`
	Titel        string    `json:"titel"`
	Omschrijving string    `json:"omschrijving"`
	Herkomst     string    `json:"herkomst"`
	Opzet        string    `json:"opzet"`
	Factor       string    `json:"factor"`
	Bruto        *apiScore `json:"bruto,omitempty"`
	Netto        *apiScore `json:"netto,omitempty"`
	Behandeling  string    `json:"behandeling,omitempty"`
}

type apiControl struct {
	ID            string `json:"id"`
	Kwetsbaarheid string `json:"kwetsbaarheid,omitempty"`
	Titel         string `json:"titel"`
	Omschrijving  string `json:"omschrijving"`
	Status        string `json:"status"`
	Bewijs        string `json:"bewijs,omitempty"`
	Eigenaar      string `json:"eigenaar,omitempty"`
	Deadline      string `json:"deadline,omitempty"`
	GetestOp      string `json:"getestOp,omitempty"`
	Actie         string `json:"actie,omitempty"`
	Achterstallig bool   `json:"achterstallig"`
}

type apiCircumstance struct {
	Categorie   string `json:"categorie"`
	Code        string `json:"code"`
	Toelichting string `json:"toelichting,omitempty"`
}

type apiProcessFull struct {
	apiProcess
	Stappen        []apiStep          `json:"stappen"`
	Kwetsbaarheden []apiVulnerability `json:"kwetsbaarheden"`
	Maatregelen    []apiControl       `json:"maatregelen"`
	Omstandigheden []apiCircumstance  `json:"omstandigheden"`
}

func toAPIScore(sc Score, level duty.Risk) *apiScore {
	if !sc.Scored() {
		return nil
	}
	return &apiScore{Kans: sc.Likelihood, Impact: sc.Impact, Niveau: string(level)}
}

func toAPIStep(st Step) apiStep {
	out := apiStep{ID: st.ID, Code: st.Code, Naam: st.Name, Soort: string(st.Kind), MinimumHouders: st.MinHolders, VierOgen: st.FourEyes,
		VierOgenIngericht: st.FourEyesInPlace, RoulatieMaanden: st.RotationMonths, Object: st.Object, Functies: []string{}}
	for _, f := range st.Functions {
		out.Functies = append(out.Functies, f.ID)
	}
	return out
}

func toAPIVuln(v Vulnerability) apiVulnerability {
	return apiVulnerability{ID: v.ID, Stap: v.StepID, Titel: v.Title, Omschrijving: v.Description, Herkomst: string(v.Origin),
		Opzet: string(v.Intent), Factor: string(v.Factor), Bruto: toAPIScore(v.Inherent, v.InherentLevel),
		Netto: toAPIScore(v.Residual, v.ResidualLevel), Behandeling: v.Treatment}
}

func toAPIControl(c Control) apiControl {
	return apiControl{ID: c.ID, Kwetsbaarheid: c.VulnerabilityID, Titel: c.Title, Omschrijving: c.Description, Status: string(c.Status),
		Bewijs: c.Evidence, Eigenaar: c.OwnerID, Deadline: c.DueDate, GetestOp: c.TestedOn, Actie: c.ActionID, Achterstallig: c.Overdue}
}

func (s *Store) apiProcesses(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	overdue, _ := strconv.ParseBool(q.Get("herbeoordelingAchterstallig"))
	list, err := s.ListProcesses(r.Context(), web.ScopeOf(r), ProcessFilter{TeamID: q.Get("team"), ReviewOverdue: overdue})
	if err != nil {
		return err
	}
	out := make([]apiProcessSummary, len(list))
	for i, p := range list {
		out[i] = apiProcessSummary{apiProcess: toAPIProcess(p.Process), Stappen: p.Steps, Kwetsbaarheden: p.Vulnerabilities,
			OpenMaatregelen: p.OpenControls, HoogsteNettoRisico: string(p.MaxResidual)}
	}
	return web.WritePage(w, r, out, "")
}

type apiNewProcess struct {
	Team                  string `json:"team"`
	Code                  string `json:"code"`
	Naam                  string `json:"naam"`
	CatalogusCode         string `json:"catalogusCode"`
	Omschrijving          string `json:"omschrijving"`
	HerbeoordelingMaanden int    `json:"herbeoordelingMaanden"`
}

func (s *Store) apiProcessCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiNewProcess
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	sc := web.ScopeOf(r)
	var p *Process
	var err error
	if in.CatalogusCode != "" {
		p, err = s.CreateFromCatalogue(r.Context(), sc, in.Team, in.CatalogusCode)
	} else {
		p, err = s.CreateProcess(r.Context(), sc, NewProcess{TeamID: in.Team, Code: in.Code, Name: in.Naam,
			Description: in.Omschrijving, ReviewMonths: in.HerbeoordelingMaanden})
	}
	if err != nil {
		return err
	}
	return s.writeProcess(w, r, p.ID, http.StatusCreated)
}

func (s *Store) writeProcess(w http.ResponseWriter, r *http.Request, id string, status int) error {
	sc, ctx := web.ScopeOf(r), r.Context()
	p, err := s.Process(ctx, sc, id)
	if err != nil {
		return err
	}
	out := apiProcessFull{apiProcess: toAPIProcess(*p), Stappen: []apiStep{}, Kwetsbaarheden: []apiVulnerability{},
		Maatregelen: []apiControl{}, Omstandigheden: []apiCircumstance{}}
	steps, err := s.StepsWithFunctions(ctx, sc, id)
	if err != nil {
		return err
	}
	for _, st := range steps {
		out.Stappen = append(out.Stappen, toAPIStep(st))
	}
	vulns, err := s.Vulnerabilities(ctx, sc, id)
	if err != nil {
		return err
	}
	for _, v := range vulns {
		out.Kwetsbaarheden = append(out.Kwetsbaarheden, toAPIVuln(v))
	}
	controls, err := s.Controls(ctx, sc, id)
	if err != nil {
		return err
	}
	for _, c := range controls {
		out.Maatregelen = append(out.Maatregelen, toAPIControl(c))
	}
	cs, err := s.Circumstances(ctx, sc, id)
	if err != nil {
		return err
	}
	for _, c := range cs {
		out.Omstandigheden = append(out.Omstandigheden, apiCircumstance{Categorie: string(c.Category), Code: c.Code, Toelichting: c.Note})
	}
	return web.JSON(w, status, out)
}

func (s *Store) apiProcess(w http.ResponseWriter, r *http.Request) error {
	return s.writeProcess(w, r, r.PathValue("processID"), http.StatusOK)
}

type apiNewStep struct {
	Code              string   `json:"code"`
	Naam              string   `json:"naam"`
	Soort             string   `json:"soort"`
	MinimumHouders    *int     `json:"minimumHouders"`
	VierOgen          bool     `json:"vierOgen"`
	VierOgenIngericht bool     `json:"vierOgenIngericht"`
	RoulatieMaanden   *int     `json:"roulatieMaanden"`
	Object            string   `json:"object"`
	Functies          []string `json:"functies"`
}

func (s *Store) apiStepCreate(w http.ResponseWriter, r *http.Request) error {
	// A foreign or unknown process is not found, whatever the body.
	if _, err := s.Process(r.Context(), web.ScopeOf(r), r.PathValue("processID")); err != nil {
		return err
	}
	var in apiNewStep
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
	st, err := s.CreateStep(r.Context(), web.ScopeOf(r), NewStep{ProcessID: r.PathValue("processID"), Code: in.Code, Name: in.Naam,
		Kind: kind, MinHolders: minHolders, FourEyes: in.VierOgen, FourEyesInPlace: in.VierOgenIngericht, RotationMonths: rotation,
		Object: in.Object, FunctionIDs: in.Functies})
	if err != nil {
		return err
	}
	st.Functions = nil
	for _, id := range in.Functies {
		st.Functions = append(st.Functions, FunctionRef{ID: id})
	}
	return web.JSON(w, http.StatusCreated, toAPIStep(*st))
}

type apiNewScore struct {
	Kans   int `json:"kans"`
	Impact int `json:"impact"`
}

type apiNewVulnerability struct {
	Stap         string       `json:"stap"`
	Titel        string       `json:"titel"`
	Omschrijving string       `json:"omschrijving"`
	Herkomst     string       `json:"herkomst"`
	Opzet        string       `json:"opzet"`
	Factor       string       `json:"factor"`
	Bruto        *apiNewScore `json:"bruto"`
	Netto        *apiNewScore `json:"netto"`
}

func (sc *apiNewScore) score() Score {
	if sc == nil {
		return Score{}
	}
	return Score{Likelihood: sc.Kans, Impact: sc.Impact}
}

func (s *Store) apiVulnCreate(w http.ResponseWriter, r *http.Request) error {
	// A foreign or unknown process is not found, whatever the body.
	if _, err := s.Process(r.Context(), web.ScopeOf(r), r.PathValue("processID")); err != nil {
		return err
	}
	var in apiNewVulnerability
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.CreateVulnerability(r.Context(), web.ScopeOf(r), NewVulnerability{ProcessID: r.PathValue("processID"), StepID: in.Stap,
		Title: in.Titel, Description: in.Omschrijving, Origin: Origin(in.Herkomst), Intent: Intent(in.Opzet), Factor: Factor(in.Factor),
		Inherent: in.Bruto.score(), Residual: in.Netto.score()})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, toAPIVuln(*v))
}

type apiNewControl struct {
	Kwetsbaarheid string `json:"kwetsbaarheid"`
	Titel         string `json:"titel"`
	Omschrijving  string `json:"omschrijving"`
	Status        string `json:"status"`
	Bewijs        string `json:"bewijs"`
	Eigenaar      string `json:"eigenaar"`
	Deadline      string `json:"deadline"`
}

func (s *Store) apiControlCreate(w http.ResponseWriter, r *http.Request) error {
	// A foreign or unknown process is not found, whatever the body.
	if _, err := s.Process(r.Context(), web.ScopeOf(r), r.PathValue("processID")); err != nil {
		return err
	}
	var in apiNewControl
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Status == "" {
		in.Status = string(Planned)
	}
	c, err := s.CreateControl(r.Context(), web.ScopeOf(r), NewControl{ProcessID: r.PathValue("processID"), VulnerabilityID: in.Kwetsbaarheid,
		Title: in.Titel, Description: in.Omschrijving, Status: ControlStatus(in.Status), Evidence: in.Bewijs, OwnerID: in.Eigenaar, DueDate: in.Deadline})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, toAPIControl(*c))
}

type apiCatalogueProcess struct {
	Code           string   `json:"code"`
	Naam           string   `json:"naam"`
	Stappen        []string `json:"stappen"`
	Kwetsbaarheden []string `json:"kwetsbaarheden"`
	Maatregelen    []string `json:"maatregelen"`
}

func (s *Store) apiCatalogue(w http.ResponseWriter, r *http.Request) error {
	out := make([]apiCatalogueProcess, len(Catalogue))
	for i, c := range Catalogue {
		out[i] = apiCatalogueProcess{Code: c.Code, Naam: c.Name, Maatregelen: c.Controls}
		for _, st := range c.Steps {
			out[i].Stappen = append(out[i].Stappen, st.Name)
		}
		for _, v := range c.Vulnerabilities {
			out[i].Kwetsbaarheden = append(out[i].Kwetsbaarheden, v.Title)
		}
	}
	return web.WritePage(w, r, out, "")
}
