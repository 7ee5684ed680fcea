package people

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/web"
)

// The integrity registers as the API shows them: Dutch field names, codes
// as stored, dates as 'YYYY-MM-DD'.

type apiPerson struct {
	Medewerker   string `json:"medewerker"`
	Personeelsnr string `json:"personeelsnummer"`
	Naam         string `json:"naam"`
	Team         string `json:"team"`
	TeamNaam     string `json:"teamNaam"`
	Soort        string `json:"soortPersoon"`
}

func toAPIPerson(p Person) apiPerson {
	return apiPerson{Medewerker: p.ID, Personeelsnr: p.Number, Naam: p.Name, Team: p.TeamID, TeamNaam: p.TeamName, Soort: p.Kind}
}

type apiScreening struct {
	apiPerson
	Vereist             string `json:"vereist"`
	LaatsteScreeningOp  string `json:"laatsteScreeningOp,omitempty"`
	LaatsteSoort        string `json:"laatsteSoort,omitempty"`
	HerscreeningNodig   bool   `json:"herscreeningNodig"`
	Reden               string `json:"reden,omitempty"`
	VolgendeScreeningOp string `json:"volgendeScreeningOp,omitempty"`
}

func (s *Store) apiScreenings(w http.ResponseWriter, r *http.Request) error {
	list, err := s.ScreeningList(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiScreening, 0, len(list))
	for _, x := range list {
		out = append(out, apiScreening{apiPerson: toAPIPerson(x.Person), Vereist: x.Required, LaatsteScreeningOp: x.LastOn, LaatsteSoort: x.LastKind,
			HerscreeningNodig: x.Due, Reden: x.Reason, VolgendeScreeningOp: x.DueOn})
	}
	return web.WritePage(w, r, out, "")
}

type apiID struct {
	ID string `json:"id"`
}

func (s *Store) apiAddScreening(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Medewerker  string `json:"medewerker"`
		Soort       string `json:"soort"`
		Datum       string `json:"datum"`
		Toelichting string `json:"toelichting"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.AddScreening(r.Context(), web.ScopeOf(r), ScreeningInput{EmployeeID: in.Medewerker, Kind: in.Soort, ScreenedOn: in.Datum, Note: in.Toelichting})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiID{id})
}

type apiOath struct {
	apiPerson
	AfgelegdOp string `json:"afgelegdOp,omitempty"`
	Vorm       string `json:"vorm,omitempty"`
}

func (s *Store) apiOaths(w http.ResponseWriter, r *http.Request) error {
	list, err := s.OathRegister(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiOath, 0, len(list))
	for _, o := range list {
		out = append(out, apiOath{apiPerson: toAPIPerson(o.Person), AfgelegdOp: o.TakenOn, Vorm: o.Form})
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiAddOath(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Medewerker string `json:"medewerker"`
		Datum      string `json:"datum"`
		Vorm       string `json:"vorm"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.AddOath(r.Context(), web.ScopeOf(r), OathInput{EmployeeID: in.Medewerker, TakenOn: in.Datum, Form: in.Vorm})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiID{id})
}

type apiSideJob struct {
	ID string `json:"id"`
	apiPerson
	Vanaf           string `json:"vanaf"`
	Tot             string `json:"tot,omitempty"`
	Beoordeling     string `json:"beoordeling"`
	Publiceren      bool   `json:"publiceren"`
	PublicatieTekst string `json:"publicatieTekst,omitempty"`
	NeedToKnow      bool   `json:"needToKnow"`
	Omschrijving    string `json:"omschrijving,omitempty"`
	Motivering      string `json:"motivering,omitempty"`
}

func toAPISideJob(j SideJob) apiSideJob {
	return apiSideJob{ID: j.ID, apiPerson: toAPIPerson(j.Person), Vanaf: j.StartedOn, Tot: j.EndedOn, Beoordeling: j.ReviewStatus,
		Publiceren: j.Publish, PublicatieTekst: j.PublicText, NeedToKnow: j.NeedToKnow, Omschrijving: j.Description, Motivering: j.Motivation}
}

func (s *Store) apiSideJobs(w http.ResponseWriter, r *http.Request) error {
	list, err := s.SideJobs(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiSideJob, 0, len(list))
	for _, j := range list {
		out = append(out, toAPISideJob(j))
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiSideJob(w http.ResponseWriter, r *http.Request) error {
	j, err := s.SideJob(r.Context(), web.ScopeOf(r), r.PathValue("sideJobID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPISideJob(*j))
}

func (s *Store) apiAddSideJob(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Medewerker      string `json:"medewerker"`
		Omschrijving    string `json:"omschrijving"`
		Vanaf           string `json:"vanaf"`
		Tot             string `json:"tot"`
		Beoordeling     string `json:"beoordeling"`
		Motivering      string `json:"motivering"`
		Publiceren      bool   `json:"publiceren"`
		PublicatieTekst string `json:"publicatieTekst"`
		NeedToKnow      bool   `json:"needToKnow"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.AddSideJob(r.Context(), web.ScopeOf(r), SideJobInput{EmployeeID: in.Medewerker, Description: in.Omschrijving, StartedOn: in.Vanaf,
		EndedOn: in.Tot, ReviewStatus: in.Beoordeling, Motivation: in.Motivering, Publish: in.Publiceren, PublicText: in.PublicatieTekst, NeedToKnow: in.NeedToKnow})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiID{id})
}

type apiGift struct {
	ID string `json:"id"`
	apiPerson
	OntvangenOp  string `json:"ontvangenOp"`
	WaardeCent   int    `json:"waardeCent"`
	BovenDrempel bool   `json:"bovenDrempel"`
	Besluit      string `json:"besluit,omitempty"`
	BesluitDoor  string `json:"besluitDoor,omitempty"`
	NeedToKnow   bool   `json:"needToKnow"`
	Omschrijving string `json:"omschrijving,omitempty"`
}

func toAPIGift(g Gift) apiGift {
	return apiGift{ID: g.ID, apiPerson: toAPIPerson(g.Person), OntvangenOp: g.ReceivedOn, WaardeCent: g.ValueCents, BovenDrempel: g.AboveThreshold,
		Besluit: g.Decision, BesluitDoor: g.DecidedBy, NeedToKnow: g.NeedToKnow, Omschrijving: g.Description}
}

func (s *Store) apiGifts(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Gifts(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiGift, 0, len(list))
	for _, g := range list {
		out = append(out, toAPIGift(g))
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiGift(w http.ResponseWriter, r *http.Request) error {
	g, err := s.Gift(r.Context(), web.ScopeOf(r), r.PathValue("giftID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIGift(*g))
}

func (s *Store) apiAddGift(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Medewerker   string `json:"medewerker"`
		Omschrijving string `json:"omschrijving"`
		OntvangenOp  string `json:"ontvangenOp"`
		WaardeCent   int    `json:"waardeCent"`
		Besluit      string `json:"besluit"`
		NeedToKnow   bool   `json:"needToKnow"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.AddGift(r.Context(), web.ScopeOf(r), GiftInput{EmployeeID: in.Medewerker, Description: in.Omschrijving, ReceivedOn: in.OntvangenOp,
		ValueCents: in.WaardeCent, Decision: in.Besluit, NeedToKnow: in.NeedToKnow})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiID{id})
}

type apiConfidant struct {
	ID          string `json:"id"`
	Naam        string `json:"naam"`
	Soort       string `json:"soort"`
	Telefoon    string `json:"telefoon,omitempty"`
	Email       string `json:"email,omitempty"`
	Toelichting string `json:"toelichting,omitempty"`
}

func (s *Store) apiConfidants(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Confidants(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiConfidant, 0, len(list))
	for _, c := range list {
		out = append(out, apiConfidant{ID: c.ID, Naam: c.Name, Soort: c.Kind, Telefoon: c.Phone, Email: c.Email, Toelichting: c.Note})
	}
	return web.WritePage(w, r, out, "")
}

type apiCandidate struct {
	ID                    string `json:"id"`
	Naam                  string `json:"naam"`
	IntegriteitsgesprekOp string `json:"integriteitsgesprekOp,omitempty"`
	VOGOp                 string `json:"vogOp,omitempty"`
	ZelftoetsOp           string `json:"zelftoetsOp,omitempty"`
	RisicoanalyseOp       string `json:"risicoanalyseOp,omitempty"`
	Conclusie             string `json:"conclusie,omitempty"`
}

func (s *Store) apiCandidates(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Candidates(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiCandidate, 0, len(list))
	for _, c := range list {
		out = append(out, apiCandidate{ID: c.ID, Naam: c.Name, IntegriteitsgesprekOp: c.InterviewOn, VOGOp: c.VOGOn, ZelftoetsOp: c.SelfCheckOn,
			RisicoanalyseOp: c.RiskAnalysisOn, Conclusie: c.Conclusion})
	}
	return web.WritePage(w, r, out, "")
}
