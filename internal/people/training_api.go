package people

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"time"

	"github.com/weerbaar/weerbaar/internal/web"
)

// The training duties as the API shows them: Dutch field names, codes as
// stored.

type apiRequirement struct {
	ID                string   `json:"id"`
	Code              string   `json:"code"`
	Naam              string   `json:"naam"`
	Omschrijving      string   `json:"omschrijving"`
	Doelgroep         string   `json:"doelgroep"`
	Functies          []string `json:"functies"`
	EersteBinnenMaand int      `json:"eersteBinnenMaanden"`
	HerhalingMaanden  int      `json:"herhalingMaanden"`
}

func toAPIRequirement(r *Requirement) apiRequirement {
	fns := r.FunctionIDs
	if fns == nil {
		fns = []string{}
	}
	return apiRequirement{ID: r.ID, Code: r.Code, Naam: r.Name, Omschrijving: r.Description, Doelgroep: string(r.Audience),
		Functies: fns, EersteBinnenMaand: r.FirstMonths, HerhalingMaanden: r.RefreshMonths}
}

type apiRequirementIn struct {
	Code              string   `json:"code"`
	Naam              string   `json:"naam"`
	Omschrijving      string   `json:"omschrijving"`
	Doelgroep         string   `json:"doelgroep"`
	Functies          []string `json:"functies"`
	EersteBinnenMaand int      `json:"eersteBinnenMaanden"`
	HerhalingMaanden  int      `json:"herhalingMaanden"`
}

func (in apiRequirementIn) input() RequirementInput {
	return RequirementInput{Code: in.Code, Name: in.Naam, Description: in.Omschrijving, Audience: Audience(in.Doelgroep),
		FunctionIDs: in.Functies, FirstMonths: in.EersteBinnenMaand, RefreshMonths: in.HerhalingMaanden}
}

func (s *Store) apiRequirements(w http.ResponseWriter, r *http.Request) error {
	reqs, err := s.Requirements(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiRequirement, len(reqs))
	for i, q := range reqs {
		out[i] = toAPIRequirement(q)
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiRequirementCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiRequirementIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	sc := web.ScopeOf(r)
	id, err := s.CreateRequirement(r.Context(), sc, in.input())
	if err != nil {
		return err
	}
	q, err := s.Requirement(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, toAPIRequirement(q))
}

func (s *Store) apiRequirementUpdate(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	if _, err := s.Requirement(r.Context(), sc, r.PathValue("requirementID")); err != nil {
		return err
	}
	var in apiRequirementIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.UpdateRequirement(r.Context(), sc, r.PathValue("requirementID"), in.input()); err != nil {
		return err
	}
	q, err := s.Requirement(r.Context(), sc, r.PathValue("requirementID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIRequirement(q))
}

func (s *Store) apiRequirementDelete(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	if _, err := s.Requirement(r.Context(), sc, r.PathValue("requirementID")); err != nil {
		return err
	}
	// Deleting removes the attendance history too: the caller confirms
	// with ?bevestig=ja.
	if r.URL.Query().Get("bevestig") != "ja" {
		return apperr.List{apperr.FieldErr("bevestig", "people.training.err.confirm_delete")}
	}
	if err := s.DeleteRequirement(r.Context(), sc, r.PathValue("requirementID")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type apiSession struct {
	ID           string `json:"id"`
	Trainingseis string `json:"trainingseis"`
	Datum        string `json:"datum"`
	Locatie      string `json:"locatie"`
	Capaciteit   int    `json:"capaciteit"`
	Deelnemers   int    `json:"deelnemers"`
}

func (s *Store) apiSessions(w http.ResponseWriter, r *http.Request) error {
	xs, err := s.Sessions(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiSession, len(xs))
	for i, x := range xs {
		out[i] = apiSession{ID: x.ID, Trainingseis: x.RequirementID, Datum: x.Date, Locatie: x.Location, Capaciteit: x.Capacity, Deelnemers: x.Attendees}
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiSessionCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Trainingseis string `json:"trainingseis"`
		Datum        string `json:"datum"`
		Locatie      string `json:"locatie"`
		Capaciteit   int    `json:"capaciteit"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	sc := web.ScopeOf(r)
	id, err := s.CreateSession(r.Context(), sc, SessionInput{RequirementID: in.Trainingseis, Date: in.Datum, Location: in.Locatie, Capacity: in.Capaciteit})
	if err != nil {
		return err
	}
	x, err := s.SessionByID(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, apiSession{ID: x.ID, Trainingseis: x.RequirementID, Datum: x.Date, Locatie: x.Location, Capaciteit: x.Capacity, Deelnemers: x.Attendees})
}

func (s *Store) apiAttendanceCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Medewerker   string `json:"medewerker"`
		Trainingseis string `json:"trainingseis"`
		Datum        string `json:"datum"`
		Sessie       string `json:"sessie"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.RecordAttendance(r.Context(), web.ScopeOf(r), AttendanceInput{EmployeeID: in.Medewerker, RequirementID: in.Trainingseis, Date: in.Datum, SessionID: in.Sessie})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, map[string]string{"id": id})
}

type apiCell struct {
	Trainingseis  string `json:"trainingseis"`
	Plichtig      int    `json:"plichtig"`
	OpOrde        int    `json:"opOrde"`
	Binnenkort    int    `json:"binnenkort"`
	Achterstallig int    `json:"achterstallig"`
	Procent       *int   `json:"procent"`
}

func toAPICells(cs []Cell) []apiCell {
	out := make([]apiCell, len(cs))
	for i, c := range cs {
		out[i] = apiCell{Trainingseis: c.RequirementID, Plichtig: c.Applicable, OpOrde: c.Covered, Binnenkort: c.Soon, Achterstallig: c.Overdue}
		if p := c.Percent(); p >= 0 {
			out[i].Procent = &p
		}
	}
	return out
}

type apiTeamCoverage struct {
	Team     string    `json:"team"`
	TeamNaam string    `json:"teamNaam"`
	Mensen   int       `json:"mensen"`
	Dekking  []apiCell `json:"dekking"`
}

type apiPersonSummary struct {
	Medewerker       string `json:"medewerker"`
	Personeelsnummer string `json:"personeelsnummer"`
	Naam             string `json:"naam"`
	Team             string `json:"team"`
	Achterstallig    int    `json:"achterstallig"`
	Binnenkort       int    `json:"binnenkort"`
	NogTeDoen        int    `json:"nogTeDoen"`
}

func (s *Store) apiOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Overview(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := struct {
		Datum          string             `json:"datum"`
		AlleTeams      bool               `json:"alleTeams"`
		Trainingseisen []apiRequirement   `json:"trainingseisen"`
		Totaal         []apiCell          `json:"totaal"`
		Teams          []apiTeamCoverage  `json:"teams"`
		Mensen         []apiPersonSummary `json:"mensen"`
	}{Datum: o.Day, AlleTeams: o.All, Totaal: toAPICells(o.Total), Teams: []apiTeamCoverage{}, Mensen: []apiPersonSummary{}, Trainingseisen: []apiRequirement{}}
	for _, q := range o.Requirements {
		out.Trainingseisen = append(out.Trainingseisen, toAPIRequirement(q))
	}
	for _, tc := range o.Teams {
		out.Teams = append(out.Teams, apiTeamCoverage{Team: tc.TeamID, TeamNaam: tc.TeamName, Mensen: tc.People, Dekking: toAPICells(tc.Cells)})
	}
	for _, p := range o.People {
		out.Mensen = append(out.Mensen, apiPersonSummary{Medewerker: p.EmployeeID, Personeelsnummer: p.Number, Naam: p.Name, Team: p.TeamID,
			Achterstallig: p.Overdue, Binnenkort: p.Soon, NogTeDoen: p.Pending})
	}
	return web.JSON(w, http.StatusOK, out)
}

func dayString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (s *Store) apiPerson(w http.ResponseWriter, r *http.Request) error {
	pt, err := s.Person(r.Context(), web.ScopeOf(r), r.PathValue("personID"))
	if err != nil {
		return err
	}
	type plicht struct {
		Trainingseis string `json:"trainingseis"`
		Code         string `json:"code"`
		Status       string `json:"status"`
		Datum        string `json:"datum,omitempty"`
		LaatstGedaan string `json:"laatstGedaan,omitempty"`
	}
	type deelname struct {
		ID           string `json:"id"`
		Trainingseis string `json:"trainingseis"`
		Datum        string `json:"datum"`
		Sessie       string `json:"sessie,omitempty"`
		Bron         string `json:"bron"`
		Certificaten int    `json:"certificaten"`
	}
	out := struct {
		Medewerker       string     `json:"medewerker"`
		Personeelsnummer string     `json:"personeelsnummer"`
		Naam             string     `json:"naam"`
		Team             string     `json:"team"`
		InDienst         bool       `json:"inDienst"`
		Plichten         []plicht   `json:"plichten"`
		Deelnames        []deelname `json:"deelnames"`
	}{Medewerker: pt.EmployeeID, Personeelsnummer: pt.Number, Naam: pt.Name, Team: pt.TeamName, InDienst: pt.Current, Plichten: []plicht{}, Deelnames: []deelname{}}
	for _, l := range pt.Lines {
		out.Plichten = append(out.Plichten, plicht{Trainingseis: l.Requirement.ID, Code: l.Requirement.Code, Status: string(l.Item.Status),
			Datum: dayString(l.Item.Date), LaatstGedaan: dayString(l.Item.Last)})
	}
	for _, a := range pt.Attendance {
		out.Deelnames = append(out.Deelnames, deelname{ID: a.ID, Trainingseis: a.RequirementID, Datum: a.Date, Sessie: a.SessionID, Bron: a.Source, Certificaten: len(a.Certificates)})
	}
	return web.JSON(w, http.StatusOK, out)
}
