package people

import (
	"net/http"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// The write operations of the people registers that were only web pages:
// the review of a side job, the decision about a gift, the settings, the
// directory of vertrouwenspersonen, the candidate checklists, the VOG
// levels of functions, the teams of teamleiders and the attendance import.
// Every handler calls the store method the web page calls; field names in
// problems are the store's, as for the other API routes of the package.

// apiSideJobReview reviews a side job (HR). A foreign or unknown id gives
// 404 before the body is looked at.
func (s *Store) apiSideJobReview(w http.ResponseWriter, r *http.Request) error {
	if err := s.apiRecordExists(r, ObjSideJob, r.PathValue("sideJobID")); err != nil {
		return err
	}
	var in struct {
		Beoordeling     string `json:"beoordeling"`
		Motivering      string `json:"motivering"`
		Publiceren      bool   `json:"publiceren"`
		PublicatieTekst string `json:"publicatieTekst"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.ReviewSideJob(r.Context(), web.ScopeOf(r), r.PathValue("sideJobID"), in.Beoordeling, in.Motivering, in.Publiceren, in.PublicatieTekst); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiGiftDecision records the decision about a gift (HR).
func (s *Store) apiGiftDecision(w http.ResponseWriter, r *http.Request) error {
	if err := s.apiRecordExists(r, ObjGift, r.PathValue("giftID")); err != nil {
		return err
	}
	var in struct {
		Besluit string `json:"besluit"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.DecideGift(r.Context(), web.ScopeOf(r), r.PathValue("giftID"), in.Besluit); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiRecordExists gives 404 for a side job or gift that is not the
// organisation's, before a body is read; only HR writes these records.
func (s *Store) apiRecordExists(r *http.Request, objType, id string) error {
	sc := web.ScopeOf(r)
	if err := canManage(sc); err != nil {
		return err
	}
	return s.recordExists(r.Context(), sc, objType, id)
}

type apiSettings struct {
	HerscreeningMaanden int  `json:"herscreeningMaanden"`
	GeschenkDrempelCent int  `json:"geschenkDrempelCent"`
	CollegeEnRaad       bool `json:"collegeEnRaad"`
	Opgeslagen          bool `json:"opgeslagen"`
}

func toAPISettings(st Settings) apiSettings {
	return apiSettings{HerscreeningMaanden: st.RescreenMonths, GeschenkDrempelCent: st.GiftThresholdCents, CollegeEnRaad: st.IncludeCouncil, Opgeslagen: st.Stored}
}

func (s *Store) apiSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Settings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPISettings(st))
}

// apiSaveSettings replaces the settings; every field is required, so a
// forgotten field does not silently become 0.
func (s *Store) apiSaveSettings(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		HerscreeningMaanden *int  `json:"herscreeningMaanden"`
		GeschenkDrempelCent *int  `json:"geschenkDrempelCent"`
		CollegeEnRaad       *bool `json:"collegeEnRaad"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	var errs apperr.List
	if in.HerscreeningMaanden == nil {
		errs = append(errs, apperr.FieldErr("rescreen_months", "field.required"))
	}
	if in.GeschenkDrempelCent == nil {
		errs = append(errs, apperr.FieldErr("gift_threshold", "field.required"))
	}
	if in.CollegeEnRaad == nil {
		errs = append(errs, apperr.FieldErr("include_council", "field.required"))
	}
	if len(errs) > 0 {
		return errs
	}
	sc := web.ScopeOf(r)
	if err := s.SaveSettings(r.Context(), sc, Settings{RescreenMonths: *in.HerscreeningMaanden, GiftThresholdCents: *in.GeschenkDrempelCent, IncludeCouncil: *in.CollegeEnRaad}); err != nil {
		return err
	}
	st, err := s.Settings(r.Context(), sc)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPISettings(st))
}

func (s *Store) apiAddConfidant(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Naam        string `json:"naam"`
		Soort       string `json:"soort"`
		Telefoon    string `json:"telefoon"`
		Email       string `json:"email"`
		Toelichting string `json:"toelichting"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.AddConfidant(r.Context(), web.ScopeOf(r), Confidant{Name: in.Naam, Kind: in.Soort, Phone: in.Telefoon, Email: in.Email, Note: in.Toelichting})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiID{id})
}

func (s *Store) apiRemoveConfidant(w http.ResponseWriter, r *http.Request) error {
	if err := s.RemoveConfidant(r.Context(), web.ScopeOf(r), r.PathValue("confidantID")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiCandidateDetail is one checklist with its notes.
type apiCandidateDetail struct {
	apiCandidate
	Aantekeningen string `json:"aantekeningen"`
}

func (s *Store) apiCandidate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Candidate(r.Context(), web.ScopeOf(r), r.PathValue("candidateID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, apiCandidateDetail{apiCandidate: apiCandidate{ID: c.ID, Naam: c.Name, IntegriteitsgesprekOp: c.InterviewOn,
		VOGOp: c.VOGOn, ZelftoetsOp: c.SelfCheckOn, RisicoanalyseOp: c.RiskAnalysisOn, Conclusie: c.Conclusion}, Aantekeningen: c.Notes})
}

// apiSaveCandidate creates a checklist, or updates the one named by "id"
// (201 for a new one, 200 for an update).
func (s *Store) apiSaveCandidate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ID                    string `json:"id"`
		Naam                  string `json:"naam"`
		IntegriteitsgesprekOp string `json:"integriteitsgesprekOp"`
		VOGOp                 string `json:"vogOp"`
		ZelftoetsOp           string `json:"zelftoetsOp"`
		RisicoanalyseOp       string `json:"risicoanalyseOp"`
		Conclusie             string `json:"conclusie"`
		Aantekeningen         string `json:"aantekeningen"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.SaveCandidate(r.Context(), web.ScopeOf(r), Candidate{ID: in.ID, Name: in.Naam, InterviewOn: in.IntegriteitsgesprekOp, VOGOn: in.VOGOp,
		SelfCheckOn: in.ZelftoetsOp, RiskAnalysisOn: in.RisicoanalyseOp, Conclusion: in.Conclusie, Notes: in.Aantekeningen})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if in.ID != "" {
		status = http.StatusOK
	}
	return web.JSON(w, status, apiID{id})
}

type apiFunctionVOG struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Naam        string `json:"naam"`
	VOG         string `json:"vog"`
	Voorgesteld string `json:"voorgesteld"`
}

func (s *Store) apiFunctionLevels(w http.ResponseWriter, r *http.Request) error {
	list, err := s.FunctionLevels(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiFunctionVOG, 0, len(list))
	for _, f := range list {
		out = append(out, apiFunctionVOG{ID: f.ID, Code: f.Code, Naam: f.Name, VOG: f.Level, Voorgesteld: f.Suggested})
	}
	return web.WritePage(w, r, out, "")
}

// apiSetFunctionLevel sets the VOG level of a function: "", "vog" or
// "vog_p". The function must be the organisation's (404 otherwise, before
// the body is checked).
func (s *Store) apiSetFunctionLevel(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	id := r.PathValue("functionID")
	list, err := s.FunctionLevels(r.Context(), sc)
	if err != nil {
		return err
	}
	var found *FunctionVOG
	for i := range list {
		if list[i].ID == id {
			found = &list[i]
		}
	}
	if found == nil {
		return apperr.New(apperr.NotFound, "integrity.not_found")
	}
	var in struct {
		VOG *string `json:"vog"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.VOG == nil {
		return apperr.List{apperr.FieldErr("vog_level", "field.required")}
	}
	if err := s.SetFunctionLevel(r.Context(), sc, id, *in.VOG); err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, apiFunctionVOG{ID: found.ID, Code: found.Code, Naam: found.Name, VOG: *in.VOG, Voorgesteld: found.Suggested})
}

type apiTeamLead struct {
	Gebruiker string   `json:"gebruiker"`
	Naam      string   `json:"naam"`
	Email     string   `json:"email"`
	Teams     []string `json:"teams"`
}

func (s *Store) apiTeamLeads(w http.ResponseWriter, r *http.Request) error {
	list, err := s.TeamLeads(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiTeamLead, 0, len(list))
	for _, tl := range list {
		teams := tl.Teams
		if teams == nil {
			teams = []string{}
		}
		out = append(out, apiTeamLead{Gebruiker: tl.UserID, Naam: tl.Name, Email: tl.Email, Teams: teams})
	}
	return web.WritePage(w, r, out, "")
}

// apiSetLedTeams replaces the teams a teamleider leads; an empty list
// leaves them leading none.
func (s *Store) apiSetLedTeams(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	userID := r.PathValue("userID")
	// A foreign or unknown user, or one who is no teamleider, gives 404
	// before the body is looked at.
	leads, err := s.TeamLeads(r.Context(), sc)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(leads, func(tl TeamLead) bool { return tl.UserID == userID }) {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	var in struct {
		Teams *[]string `json:"teams"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Teams == nil {
		return apperr.List{apperr.FieldErr("team", "field.required")}
	}
	teams := *in.Teams
	if teams == nil {
		teams = []string{}
	}
	if err := s.SetLedTeams(r.Context(), sc, userID, teams); err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, struct {
		Gebruiker string   `json:"gebruiker"`
		Teams     []string `json:"teams"`
	}{userID, teams})
}

// apiImportReport is the outcome of an attendance import.
type apiImportReport struct {
	Proef       bool `json:"proef"`
	Rijen       int  `json:"rijen"`
	Nieuw       int  `json:"nieuw"`
	Ongewijzigd int  `json:"ongewijzigd"`
}

// apiImportRowError is one problem of the file, by row and column.

// apiImportAttendance checks (?proef=true, the default) or imports
// (?proef=false) an attendance file sent as the body, CSV or XLSX by its
// Content-Type. A refused file gives problem+json with every bad row in
// "fouten"; nothing is written then.
func (s *Store) apiImportAttendance(w http.ResponseWriter, r *http.Request) error {
	format, dryRun, err := web.ImportRequest(r)
	if err != nil {
		return err
	}
	rep, err := s.ImportAttendance(r.Context(), web.ScopeOf(r), r.Body, format, dryRun)
	if handled, err := web.ImportOutcome(w, r, dryRun, err); handled || err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, apiImportReport{Proef: rep.DryRun, Rijen: rep.Rows, Nieuw: rep.New, Ongewijzigd: rep.Unchanged})
}
