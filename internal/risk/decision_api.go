package risk

import (
	"context"
	"net/http"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiDecision is a treatment decision as the API shows it.
type apiDecision struct {
	ID              string      `json:"id"`
	Kwetsbaarheid   string      `json:"kwetsbaarheid"`
	Behandeling     string      `json:"behandeling"`
	Motivering      string      `json:"motivering"`
	Status          string      `json:"status"`
	VoorgesteldDoor string      `json:"voorgesteldDoor"`
	VoorgesteldOp   time.Time   `json:"voorgesteldOp"`
	BeslotenDoor    string      `json:"beslotenDoor,omitempty"`
	BeslotenOp      *time.Time  `json:"beslotenOp,omitempty"`
	Toelichting     string      `json:"toelichting,omitempty"`
	Momentopname    apiSnapshot `json:"momentopname"`
}

type apiSnapshot struct {
	Kwetsbaarheid apiSnapVulnerability `json:"kwetsbaarheid"`
	Maatregelen   []apiSnapControl     `json:"maatregelen"`
	Matrix        apiSnapMatrix        `json:"matrix"`
}

type apiSnapVulnerability struct {
	ID           string    `json:"id"`
	Proces       string    `json:"proces"`
	ProcesNaam   string    `json:"procesNaam"`
	Titel        string    `json:"titel"`
	Omschrijving string    `json:"omschrijving"`
	Bruto        apiRating `json:"bruto"`
	Netto        apiRating `json:"netto"`
	Behandeling  string    `json:"behandeling"`
}

type apiRating struct {
	Kans        int    `json:"kans"`
	Impact      int    `json:"impact"`
	KansLabel   string `json:"kansLabel,omitempty"`
	ImpactLabel string `json:"impactLabel,omitempty"`
	Score       int    `json:"score"`
	Niveau      string `json:"niveau,omitempty"`
}

type apiSnapControl struct {
	Titel  string `json:"titel"`
	Status string `json:"status"`
}

type apiSnapMatrix struct {
	Rijen          int          `json:"rijen"`
	Kolommen       int          `json:"kolommen"`
	Drempels       apiThreshold `json:"drempels"`
	GoedkeurderRol string       `json:"goedkeurderRol"`
}

func toAPIRating(s Rating) apiRating {
	return apiRating{Kans: s.Likelihood, Impact: s.Impact, KansLabel: s.LikelihoodLabel, ImpactLabel: s.ImpactLabel, Score: s.Value, Niveau: apiLevel[s.Level]}
}

func toAPIDecision(d Decision) apiDecision {
	v := d.Snapshot.Vulnerability
	out := apiDecision{ID: d.ID, Kwetsbaarheid: d.VulnerabilityID, Behandeling: apiTreatment[d.Treatment], Motivering: d.Motivation,
		Status: apiStatus[d.Status], VoorgesteldDoor: d.ProposedBy, VoorgesteldOp: d.ProposedAt, BeslotenDoor: d.DecidedBy, Toelichting: d.Note,
		Momentopname: apiSnapshot{
			Kwetsbaarheid: apiSnapVulnerability{ID: v.ID, Proces: v.ProcessID, ProcesNaam: v.ProcessName, Titel: v.Title, Omschrijving: v.Description,
				Bruto: toAPIRating(v.Inherent), Netto: toAPIRating(v.Residual), Behandeling: apiTreatment[Treatment(v.Treatment)]},
			Maatregelen: []apiSnapControl{},
			Matrix: apiSnapMatrix{Rijen: d.Snapshot.Matrix.Rows, Kolommen: d.Snapshot.Matrix.Cols,
				Drempels:       apiThreshold{Middel: d.Snapshot.Matrix.Thresholds[0], Hoog: d.Snapshot.Matrix.Thresholds[1]},
				GoedkeurderRol: string(d.Snapshot.Matrix.ApproverRole)},
		}}
	for _, c := range d.Snapshot.Controls {
		out.Momentopname.Maatregelen = append(out.Momentopname.Maatregelen, apiSnapControl{Titel: c.Title, Status: c.Status})
	}
	if !d.DecidedAt.IsZero() {
		t := d.DecidedAt
		out.BeslotenOp = &t
	}
	return out
}

// treatmentOf reads a treatment by its Dutch API name (or its code name);
// anything else is passed on for the store to refuse by field.
func treatmentOf(s string) Treatment {
	for t, name := range apiTreatment {
		if s == name {
			return t
		}
	}
	return Treatment(s)
}

func (s *Store) apiDecisions(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	var all []Decision
	if id := r.URL.Query().Get("kwetsbaarheid"); id != "" {
		ds, err := s.VulnerabilityDecisions(r.Context(), sc, id)
		if err != nil {
			return err
		}
		all = ds
	} else {
		open, decided, err := s.Decisions(r.Context(), sc)
		if err != nil {
			return err
		}
		all = append(open, decided...)
	}
	out := make([]apiDecision, len(all))
	for i, d := range all {
		out[i] = toAPIDecision(d)
	}
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiPropose(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Kwetsbaarheid string `json:"kwetsbaarheid"`
		Behandeling   string `json:"behandeling"`
		Motivering    string `json:"motivering"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.ProposeDecision(r.Context(), web.ScopeOf(r), in.Kwetsbaarheid, treatmentOf(in.Behandeling), in.Motivering)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, toAPIDecision(*d))
}

func (s *Store) apiApprove(w http.ResponseWriter, r *http.Request) error {
	return s.apiDecide(w, r, s.Approve)
}

func (s *Store) apiReject(w http.ResponseWriter, r *http.Request) error {
	return s.apiDecide(w, r, s.Reject)
}

func (s *Store) apiDecide(w http.ResponseWriter, r *http.Request, decide func(ctx context.Context, sc *auth.Scope, id, note string) (*Decision, error)) error {
	sc := web.ScopeOf(r)
	// Look the decision up before reading the body, so that a decision
	// the caller may not see is a 404 whatever the body says.
	if _, err := s.Decision(r.Context(), sc, r.PathValue("decisionID")); err != nil {
		return err
	}
	var in struct {
		Toelichting string `json:"toelichting"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
	}
	d, err := decide(r.Context(), sc, r.PathValue("decisionID"), in.Toelichting)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIDecision(*d))
}
