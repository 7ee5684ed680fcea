package bibob

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiIntervention is an intervention in the API (Dutch field names).
type apiInterventionJSON struct {
	ID           string          `json:"id"`
	Soort        string          `json:"soort"`
	Datum        string          `json:"datum"`
	Grondslag    string          `json:"grondslag"`
	Adres        string          `json:"adres"`
	Bedrijfsnaam string          `json:"bedrijfsnaam"`
	Uitkomst     string          `json:"uitkomst"`
	Referentie   string          `json:"referentie"`
	Bron         string          `json:"bron"`
	Toelichting  *string         `json:"toelichting,omitempty"`
	Wijzigingen  []apiChangeJSON `json:"wijzigingen,omitempty"`
	Zaken        []string        `json:"zaken,omitempty"`
}

type apiChangeJSON struct {
	Velden        []string  `json:"velden"`
	Reden         string    `json:"reden"`
	GewijzigdDoor string    `json:"gewijzigdDoor"`
	GewijzigdOp   time.Time `json:"gewijzigdOp"`
}

// apiInterventionIn is the body of a POST or PUT.
type apiInterventionIn struct {
	Soort        string `json:"soort"`
	Datum        string `json:"datum"`
	Grondslag    string `json:"grondslag"`
	Adres        string `json:"adres"`
	Bedrijfsnaam string `json:"bedrijfsnaam"`
	Uitkomst     string `json:"uitkomst"`
	Referentie   string `json:"referentie"`
	Toelichting  string `json:"toelichting"`
	Reden        string `json:"reden"`
}

func (in apiInterventionIn) input() InterventionInput {
	return InterventionInput{Kind: in.Soort, OccurredOn: in.Datum, LegalBasis: in.Grondslag, ObjectAddress: in.Adres,
		BusinessName: in.Bedrijfsnaam, Outcome: in.Uitkomst, ScreeningRef: in.Referentie, Note: in.Toelichting}
}

// apiFieldNames maps the store's field names to the API's.
var apiFieldNames = map[string]string{"kind": "soort", "occurred_on": "datum", "legal_basis": "grondslag", "object_address": "adres",
	"business_name": "bedrijfsnaam", "outcome": "uitkomst", "screening_ref": "referentie", "note": "toelichting", "reason": "reden"}

// apiErr renames the fields of input errors to the API's names.
func apiErr(err error) error {
	list, ok := err.(apperr.List)
	if !ok {
		return err
	}
	out := make(apperr.List, len(list))
	for i, e := range list {
		c := *e
		if n, ok := apiFieldNames[c.Field]; ok {
			c.Field = n
		}
		out[i] = &c
	}
	return out
}

func toJSON(x Intervention, full bool) apiInterventionJSON {
	j := apiInterventionJSON{ID: x.ID, Soort: x.Kind, Datum: x.OccurredOn, Grondslag: x.LegalBasis, Adres: x.ObjectAddress,
		Bedrijfsnaam: x.BusinessName, Uitkomst: x.Outcome, Referentie: x.ScreeningRef, Bron: x.Source}
	if full {
		note := x.Note
		j.Toelichting, j.Zaken = &note, x.Zaken
		for _, c := range x.Changes {
			j.Wijzigingen = append(j.Wijzigingen, apiChangeJSON{Velden: strings.Split(c.Fields, ","), Reden: c.Reason, GewijzigdDoor: c.ChangedBy, GewijzigdOp: c.ChangedAt.UTC()})
		}
	}
	return j
}

func (s *Store) apiInterventions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := web.Limit(r)
	if err != nil {
		return apperr.List{err.(*apperr.Error)}
	}
	f := InterventionFilter{Kind: q.Get("soort"), Cursor: q.Get("cursor"), Limit: limit}
	if y := q.Get("jaar"); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil {
			return apperr.List{apperr.FieldErr("jaar", "bibob.iv.year_invalid", 2200)}
		}
	}
	list, next, err := s.Interventions(r.Context(), web.ScopeOf(r), f)
	if err != nil {
		return err
	}
	out := make([]apiInterventionJSON, len(list))
	for i, x := range list {
		out[i] = toJSON(x, false)
	}
	return web.WritePage(w, r, out, next)
}

func (s *Store) apiAddIntervention(w http.ResponseWriter, r *http.Request) error {
	var in apiInterventionIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	sc := web.ScopeOf(r)
	id, err := s.AddIntervention(r.Context(), sc, in.input())
	if err != nil {
		return apiErr(err)
	}
	x, err := s.Intervention(r.Context(), sc, id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/interventies/"+id)
	return web.JSON(w, http.StatusCreated, toJSON(*x, true))
}

func (s *Store) apiIntervention(w http.ResponseWriter, r *http.Request) error {
	x, err := s.Intervention(r.Context(), web.ScopeOf(r), r.PathValue("interventionID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toJSON(*x, true))
}

func (s *Store) apiUpdateIntervention(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	id := r.PathValue("interventionID")
	if _, _, err := s.intervention(r.Context(), sc, id); err != nil {
		return err // 404 before the body is judged
	}
	var in apiInterventionIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.UpdateIntervention(r.Context(), sc, id, in.input(), in.Reden); err != nil {
		return apiErr(err)
	}
	x, err := s.Intervention(r.Context(), sc, id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toJSON(*x, true))
}

// apiFiguresJSON is the year × type table in the API.
type apiFiguresJSON struct {
	Van     int             `json:"van"`
	Tot     int             `json:"tot"`
	Jaren   []int           `json:"jaren"`
	Soorten []apiFigureJSON `json:"soorten"`
	Totalen []int           `json:"totalenPerJaar"`
	Totaal  int             `json:"totaal"`
}

type apiFigureJSON struct {
	Soort  string `json:"soort"`
	Aantal []int  `json:"aantalPerJaar"`
	Totaal int    `json:"totaal"`
}

func (s *Store) apiFigures(w http.ResponseWriter, r *http.Request) error {
	f, err := s.figures(r)
	if err != nil {
		return err
	}
	out := apiFiguresJSON{Van: f.From, Tot: f.To, Jaren: f.Years, Totalen: f.Totals, Totaal: f.Total}
	for _, row := range f.Rows {
		out.Soorten = append(out.Soorten, apiFigureJSON{Soort: row.Kind, Aantal: row.Counts, Totaal: row.Total})
	}
	return web.JSON(w, http.StatusOK, out)
}

// apiImportJSON is the outcome of an import.
type apiImportJSON struct {
	Proef bool `json:"proef"`
	Rijen int  `json:"rijen"`
	Nieuw int  `json:"nieuw"`
}

func (s *Store) apiImportInterventions(w http.ResponseWriter, r *http.Request) error {
	format, dryRun, err := web.ImportRequest(r)
	if err != nil {
		return err
	}
	rep, err := s.ImportInterventions(r.Context(), web.ScopeOf(r), r.Body, format, dryRun)
	if handled, err := web.ImportOutcome(w, r, dryRun, err); handled || err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, apiImportJSON{Proef: rep.DryRun, Rijen: rep.Rows, Nieuw: rep.New})
}

func (s *Store) apiInterventionZaak(w http.ResponseWriter, r *http.Request) error {
	u, err := s.RegisterInterventionZaak(r.Context(), web.ScopeOf(r), r.PathValue("interventionID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, map[string]string{"zaak": u})
}
