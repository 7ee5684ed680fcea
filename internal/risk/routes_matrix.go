package risk

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/web"
)

// matrixRoutes are the risk matrix settings, the heatmap and the
// treatment decisions.
func (s *Store) matrixRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /instellingen/risicomatrix", Perm: auth.RiskRead, Handle: s.matrixPage},
		{Pattern: "POST /instellingen/risicomatrix", Perm: auth.RiskSettings, Handle: s.matrixSave},
		{Pattern: "GET /risicos", Perm: auth.RiskRead, Handle: s.heatmapPage},
		{Pattern: "GET /risicos/besluiten", Perm: auth.RiskRead, Handle: s.decisionsPage},
		{Pattern: "GET /risicos/kwetsbaarheden/{vulnerabilityID}/besluiten", Perm: auth.RiskRead, Handle: s.vulnerabilityDecisionsPage},
		{Pattern: "POST /risicos/kwetsbaarheden/{vulnerabilityID}/besluiten", Perm: auth.RiskEdit, Handle: s.proposePage},
		{Pattern: "POST /risicos/besluiten/{decisionID}/goedkeuren", Perm: auth.RiskApprove, Handle: s.approvePage},
		{Pattern: "POST /risicos/besluiten/{decisionID}/afwijzen", Perm: auth.RiskApprove, Handle: s.rejectPage},

		{Pattern: "GET /api/v1/risicomatrix", Perm: auth.RiskRead, Handle: s.apiMatrix,
			Summary: "De risicomatrix van de organisatie: labels van kans en impact (laagste eerst), drempels voor middel en hoog, en de rol die behandelbesluiten goedkeurt"},
		{Pattern: "PUT /api/v1/risicomatrix", Perm: auth.RiskSettings, Handle: s.apiPutMatrix,
			Summary: "De risicomatrix instellen (2 tot en met 10 labels per as); een kleinere matrix wordt geweigerd zolang gescoorde kwetsbaarheden erbuiten vallen"},
		{Pattern: "GET /api/v1/risicos", Perm: auth.RiskRead, Handle: s.apiHeatmap,
			Summary: "Risico's per cel van de matrix: aantallen kwetsbaarheden bruto (inherent) en netto (restrisico), optioneel per team (?team=) of proces (?proces=)"},
		{Pattern: "GET /api/v1/behandelbesluiten", Perm: auth.RiskRead, Handle: s.apiDecisions,
			Summary: "Behandelbesluiten over risico's: eerst de openstaande voorstellen, dan de genomen besluiten; optioneel van één kwetsbaarheid (?kwetsbaarheid=)"},
		{Pattern: "POST /api/v1/behandelbesluiten", Perm: auth.RiskEdit, Handle: s.apiPropose,
			Summary: "Een behandeling voorstellen (beheersen, accepteren, vermijden of overdragen) met motivering; legt een momentopname van het risico vast"},
		{Pattern: "POST /api/v1/behandelbesluiten/{decisionID}/goedkeuren", Perm: auth.RiskApprove, Handle: s.apiApprove,
			Summary: "Een voorgestelde behandeling goedkeuren: alleen de rol uit de risicomatrix, nooit de indiener zelf"},
		{Pattern: "POST /api/v1/behandelbesluiten/{decisionID}/afwijzen", Perm: auth.RiskApprove, Handle: s.apiReject,
			Summary: "Een voorgestelde behandeling afwijzen, met toelichting: alleen de rol uit de risicomatrix, nooit de indiener zelf"},
	}
}

// matrixData is the settings page: the form, the level of every cell of
// the stored matrix as a preview, and the roles that can approve.
type matrixData struct {
	Matrix Matrix
	Rows   []matrixRow
	Roles  []auth.Role
}

type matrixRow struct {
	Label  string
	Levels []duty.Risk
}

func (s *Store) matrixView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	m, err := s.Matrix(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{
			"likelihood_labels": {strings.Join(m.LikelihoodLabels, "\n")},
			"impact_labels":     {strings.Join(m.ImpactLabels, "\n")},
			"threshold_medium":  {strconv.Itoa(m.Thresholds[0])},
			"threshold_high":    {strconv.Itoa(m.Thresholds[1])},
			"approver_role":     {string(m.ApproverRole)},
		}
	}
	d := matrixData{Matrix: m, Roles: ApproverRoles()}
	for l := len(m.LikelihoodLabels); l >= 1; l-- {
		row := matrixRow{Label: m.LikelihoodLabels[l-1]}
		for i := 1; i <= len(m.ImpactLabels); i++ {
			row.Levels = append(row.Levels, m.Level(l, i))
		}
		d.Rows = append(d.Rows, row)
	}
	return web.View{Name: "risk_matrix", TitleKey: "risk.matrix.title", Data: d, Form: form, Err: ferr, Status: inputStatus(ferr)}, nil
}

func (s *Store) matrixPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.matrixView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) matrixSave(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	m := Matrix{
		LikelihoodLabels: SplitLabels(f.Get("likelihood_labels")),
		ImpactLabels:     SplitLabels(f.Get("impact_labels")),
		Thresholds:       [2]int{formInt(f, "threshold_medium"), formInt(f, "threshold_high")},
		ApproverRole:     auth.Role(strings.TrimSpace(f.Get("approver_role"))),
	}
	if err := s.SaveMatrix(r.Context(), web.ScopeOf(r), m); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.matrixView(r, f, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/instellingen/risicomatrix", "flash.risk_matrix_saved")
}

// inputStatus is the status of a form shown again: 409 for a state
// conflict, 422 for bad input, 200 without error.
func inputStatus(err error) int {
	switch {
	case err == nil:
		return 0
	case apperr.CodeOf(err) == apperr.Conflict:
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}
