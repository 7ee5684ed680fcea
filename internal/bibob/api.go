package bibob

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// The JSON shapes of the Bibob API; amounts in euro cents, dates ISO.

type apiPolicy struct {
	Soorten            []string `json:"soorten"`
	Drempel            int64    `json:"drempel_centen"`
	DrempelRisico      int64    `json:"drempel_risicogebied_centen"`
	Risicogebieden     []string `json:"risicogebieden"`
	VensterMaanden     int      `json:"venster_maanden"`
	Tranche            string   `json:"tranche"`
	BijgewerktOp       string   `json:"bijgewerkt_op"`
	Vastgelegd         bool     `json:"vastgelegd"`
	OuderDanWetswijzig []string `json:"ouder_dan_wetswijzigingen"`
}

type apiPolicyInput struct {
	Soorten        []string `json:"soorten"`
	Drempel        string   `json:"drempel"`
	DrempelRisico  string   `json:"drempel_risicogebied"`
	Risicogebieden []string `json:"risicogebieden"`
	VensterMaanden string   `json:"venster_maanden"`
	Tranche        string   `json:"tranche"`
	BijgewerktOp   string   `json:"bijgewerkt_op"`
}

type apiParty struct {
	Naam string `json:"naam"`
	KvK  string `json:"kvk,omitempty"`
}

type apiApplication struct {
	ID            string     `json:"id"`
	Zaaknummer    string     `json:"zaaknummer"`
	Type          string     `json:"type"`
	Aanvrager     string     `json:"aanvrager"`
	KvK           string     `json:"kvk,omitempty"`
	Partijen      []apiParty `json:"betrokken_partijen"`
	Adres         string     `json:"adres,omitempty"`
	Perceel       string     `json:"perceel,omitempty"`
	Bedrag        int64      `json:"bedrag_centen"`
	Ontvangen     string     `json:"datum_ontvangst"`
	Beslistermijn string     `json:"beslistermijn,omitempty"`
	OnderBeleid   bool       `json:"onder_beleid"`
	Reden         string     `json:"reden_niet_onder_beleid,omitempty"`
	Risicogebied  bool       `json:"risicogebied"`
	ScreeningID   string     `json:"screening_id,omitempty"`
	Opgeknipt     []string   `json:"opgeknipt_met,omitempty"`
}

func toAPIApplication(a Application) apiApplication {
	out := apiApplication{ID: a.ID, Zaaknummer: a.CaseNumber, Type: a.Type, Aanvrager: a.Applicant, KvK: a.KvK, Partijen: []apiParty{},
		Adres: a.Address, Perceel: a.Plot, Bedrag: a.Amount, Ontvangen: a.ReceivedOn, Beslistermijn: a.DecisionDue, OnderBeleid: a.UnderPolicy,
		Reden: a.NotWhy, Risicogebied: a.RiskArea, ScreeningID: a.ScreeningID}
	for _, p := range a.Parties {
		out.Partijen = append(out.Partijen, apiParty{Naam: p.Name, KvK: p.KvK})
	}
	return out
}

func (s *Store) apiPolicy(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Policy(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := apiPolicy{Soorten: p.Types, Drempel: p.Threshold, DrempelRisico: p.RiskThreshold, Risicogebieden: p.RiskAreas, VensterMaanden: p.WindowMonths,
		Tranche: p.Tranche, BijgewerktOp: p.UpdatedOn, Vastgelegd: p.Saved, OuderDanWetswijzig: []string{}}
	if out.Risicogebieden == nil {
		out.Risicogebieden = []string{}
	}
	for _, c := range p.Outdated(s.dayNow()) {
		out.OuderDanWetswijzig = append(out.OuderDanWetswijzig, c.ID)
	}
	return web.JSON(w, http.StatusOK, out)
}

func (s *Store) apiSavePolicy(w http.ResponseWriter, r *http.Request) error {
	var in apiPolicyInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	areas := ""
	for _, a := range in.Risicogebieden {
		areas += a + "\n"
	}
	if err := s.SavePolicy(r.Context(), web.ScopeOf(r), PolicyInput{Types: in.Soorten, Threshold: in.Drempel, RiskThreshold: in.DrempelRisico,
		RiskAreas: areas, WindowMonths: in.VensterMaanden, Tranche: in.Tranche, UpdatedOn: in.BijgewerktOp}); err != nil {
		return err
	}
	return s.apiPolicy(w, r)
}

func (s *Store) apiApplications(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.Limit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	list, err := s.Applications(r.Context(), web.ScopeOf(r), ApplicationFilter{UnderPolicy: q.Get("onder_beleid") == "true", After: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		next = list[limit-1].CaseNumber
	}
	out := make([]apiApplication, len(list))
	for i, a := range list {
		out[i] = toAPIApplication(a)
	}
	return web.WritePage(w, r, out, next)
}

type apiApplicationInput struct {
	Zaaknummer    string     `json:"zaaknummer"`
	Type          string     `json:"type"`
	Aanvrager     string     `json:"aanvrager"`
	KvK           string     `json:"kvk"`
	Partijen      []apiParty `json:"betrokken_partijen"`
	Adres         string     `json:"adres"`
	Perceel       string     `json:"perceel"`
	Bedrag        string     `json:"bedrag"`
	Ontvangen     string     `json:"datum_ontvangst"`
	Beslistermijn string     `json:"beslistermijn"`
}

func (s *Store) apiAddApplication(w http.ResponseWriter, r *http.Request) error {
	var in apiApplicationInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	parties := ""
	for _, p := range in.Partijen {
		parties += Party{Name: p.Naam, KvK: p.KvK}.String() + ";"
	}
	sc := web.ScopeOf(r)
	id, err := s.AddApplication(r.Context(), sc, ApplicationInput{CaseNumber: in.Zaaknummer, Type: in.Type, Applicant: in.Aanvrager, KvK: in.KvK,
		Parties: parties, Address: in.Adres, Plot: in.Perceel, Amount: in.Bedrag, ReceivedOn: in.Ontvangen, DecisionDue: in.Beslistermijn})
	if err != nil {
		return err
	}
	a, err := s.Application(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, toAPIApplication(*a))
}

func (s *Store) apiApplication(w http.ResponseWriter, r *http.Request) error {
	ctx, sc := r.Context(), web.ScopeOf(r)
	a, err := s.Application(ctx, sc, r.PathValue("applicationID"))
	if err != nil {
		return err
	}
	out := toAPIApplication(*a)
	sp, err := s.splitOf(ctx, sc, a.ID)
	if err != nil {
		return err
	}
	if sp != nil {
		for _, m := range sp.Applications {
			if m.ID != a.ID {
				out.Opgeknipt = append(out.Opgeknipt, m.ID)
			}
		}
	}
	return web.JSON(w, http.StatusOK, out)
}

type apiImportReport struct {
	Proef       bool `json:"proef"`
	Rijen       int  `json:"rijen"`
	Nieuw       int  `json:"nieuw"`
	Gewijzigd   int  `json:"gewijzigd"`
	Ongewijzigd int  `json:"ongewijzigd"`
}

func (s *Store) apiImport(w http.ResponseWriter, r *http.Request) error {
	format, dryRun, err := web.ImportRequest(r)
	if err != nil {
		return err
	}
	rep, err := s.ImportApplications(r.Context(), web.ScopeOf(r), r.Body, format, dryRun)
	if handled, err := web.ImportOutcome(w, r, dryRun, err); handled || err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, apiImportReport{Proef: rep.DryRun, Rijen: rep.Rows, Nieuw: rep.New, Gewijzigd: rep.Changed, Ongewijzigd: rep.Unchanged})
}

type apiScreening struct {
	ID              string   `json:"id"`
	AanvraagID      string   `json:"aanvraag_id"`
	Zaaknummer      string   `json:"zaaknummer"`
	Stap            string   `json:"stap"`
	Vragenformulier string   `json:"vragenformulier_ontvangen"`
	Bronnen         []string `json:"bronnen"`
	LBBAangevraagd  string   `json:"lbb_aangevraagd,omitempty"`
	LBBVerlenging   int      `json:"lbb_verlenging_weken"`
	LBBUiterlijk    string   `json:"lbb_advies_uiterlijk,omitempty"`
	LBBAdvies       string   `json:"lbb_advies_ontvangen,omitempty"`
	LBBUitkomst     string   `json:"lbb_uitkomst,omitempty"`
	Beslistermijn   string   `json:"beslissen_uiterlijk"`
	LBBTeLaat       bool     `json:"lbb_te_laat"`
	BesluitTeLaat   bool     `json:"besluit_te_laat"`
	Besluit         string   `json:"besluit,omitempty"`
	Maatregel       string   `json:"maatregel,omitempty"`
	BesluitOp       string   `json:"besloten_op,omitempty"`
	Bevindingen     *string  `json:"bevindingen,omitempty"`
	Motivering      *string  `json:"motivering,omitempty"`
	Zaken           []string `json:"zaken,omitempty"` // URLs in Open Zaak, on the single screening
}

func toAPIScreening(x *Screening, sealed bool) apiScreening {
	out := apiScreening{ID: x.ID, AanvraagID: x.Application.ID, Zaaknummer: x.Application.CaseNumber, Stap: x.Step(), Vragenformulier: x.QuestionnaireOn,
		Bronnen: x.Sources, LBBAangevraagd: x.LBBRequestedOn, LBBVerlenging: x.LBBExtension, LBBUiterlijk: x.LBBDue, LBBAdvies: x.LBBAdvisedOn,
		LBBUitkomst: x.LBBOutcome, Beslistermijn: x.DecisionDue, LBBTeLaat: x.LBBOverdue, BesluitTeLaat: x.DecisionOverdue, Besluit: x.Decision,
		Maatregel: x.Measure, BesluitOp: x.DecidedOn}
	if out.Bronnen == nil {
		out.Bronnen = []string{}
	}
	if sealed {
		out.Bevindingen, out.Motivering = &x.Findings, &x.Motivation
		out.Zaken = x.Zaken
	}
	return out
}

func (s *Store) apiScreenings(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Screenings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiScreening, len(list))
	for i := range list {
		out[i] = toAPIScreening(&list[i], false)
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiScreening(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Screening(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIScreening(x, true))
}

type apiSplit struct {
	Totaal    int64            `json:"totaal_centen"`
	Drempel   int64            `json:"drempel_centen"`
	Aanvragen []apiApplication `json:"aanvragen"`
}

func (s *Store) apiSplits(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Splits(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiSplit, len(list))
	for i, g := range list {
		out[i] = apiSplit{Totaal: g.Total, Drempel: g.Threshold}
		for _, a := range g.Applications {
			out[i].Aanvragen = append(out[i].Aanvragen, toAPIApplication(a))
		}
	}
	return web.WritePage(w, r, out, "")
}

type apiDuty struct {
	ScreeningID string `json:"screening_id"`
	Zaaknummer  string `json:"zaaknummer"`
	BeslotenOp  string `json:"besloten_op"`
	Persoon     string `json:"persoon"`
	Rol         string `json:"rol"`
}

func (s *Store) apiDuties(w http.ResponseWriter, r *http.Request) error {
	list, err := s.DutyFindings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiDuty, len(list))
	for i, f := range list {
		out[i] = apiDuty{ScreeningID: f.ScreeningID, Zaaknummer: f.CaseNumber, BeslotenOp: f.DecidedOn, Persoon: f.Person, Rol: f.Role}
	}
	return web.WritePage(w, r, out, "")
}

// The workflow steps through the API: the same rules as the forms.

type apiStartInput struct {
	Vragenformulier string `json:"vragenformulier_ontvangen"`
}

func (s *Store) apiStart(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	// An application of another organisation is not found, whatever the body.
	if _, err := s.Application(r.Context(), sc, r.PathValue("applicationID")); err != nil {
		return err
	}
	var in apiStartInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := s.StartScreening(r.Context(), sc, r.PathValue("applicationID"), in.Vragenformulier)
	if err != nil {
		return err
	}
	x, err := s.Screening(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, toAPIScreening(x, true))
}

type apiResearchInput struct {
	Bronnen     []string `json:"bronnen"`
	Bevindingen string   `json:"bevindingen"`
}

type apiLBBInput struct {
	Stap     string `json:"stap"` // aanvragen, verlengen, advies, hergebruiken
	Datum    string `json:"datum"`
	Weken    int    `json:"weken"`
	Uitkomst string `json:"uitkomst"`
}

type apiDecisionInput struct {
	Gevaar     string `json:"gevaar"`
	Maatregel  string `json:"maatregel"`
	Motivering string `json:"motivering"`
	Datum      string `json:"datum"`
}

// apiStep decodes a step's body, runs it and answers with the screening.
func apiStep[T any](s *Store, w http.ResponseWriter, r *http.Request, do func(in T) error) error {
	// A screening the caller may not see is not found, whatever the body.
	if _, _, err := s.loadScreening(r.Context(), web.ScopeOf(r), r.PathValue("screeningID")); err != nil {
		return err
	}
	var in T
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := do(in); err != nil {
		return err
	}
	x, err := s.Screening(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIScreening(x, true))
}

func (s *Store) apiResearch(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s, w, r, func(in apiResearchInput) error {
		return s.RecordResearch(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), ResearchInput{Sources: in.Bronnen, Findings: in.Bevindingen})
	})
}

var lbbSteps = map[string]string{"aanvragen": "request", "verlengen": "extend", "advies": "advice", "hergebruiken": "reuse"}

func (s *Store) apiLBB(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s, w, r, func(in apiLBBInput) error {
		action, ok := lbbSteps[in.Stap]
		if !ok {
			return apperr.List{apperr.FieldErr("stap", "bibob.err.action")}
		}
		return s.RecordLBB(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), LBBInput{Action: action, On: in.Datum, Weeks: itoa(in.Weken), Outcome: in.Uitkomst})
	})
}

func (s *Store) apiDecide(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s, w, r, func(in apiDecisionInput) error {
		return s.Decide(r.Context(), web.ScopeOf(r), r.PathValue("screeningID"), DecisionInput{Danger: in.Gevaar, Measure: in.Maatregel, Motivation: in.Motivering, On: in.Datum})
	})
}
