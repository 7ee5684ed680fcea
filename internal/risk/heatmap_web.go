package risk

import (
	"context"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/web"
)

// TeamOption is a team in the heatmap's filter.
type TeamOption struct {
	ID   string
	Name string
}

// risksData is the heatmap page. Heatmap is the field the "risk_heatmap"
// partial reads.
type risksData struct {
	Heatmap *Heatmap
	Teams   []TeamOption
	TeamID  string
}

func (s *Store) heatmapPage(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	teamID := r.URL.Query().Get("team")
	h, err := s.Heatmap(r.Context(), sc, HeatmapFilter{TeamID: teamID})
	if err != nil {
		return err
	}
	teams, err := s.teamOptions(r.Context(), sc)
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "risk_scores", TitleKey: "risk.heatmap.page_title", Data: risksData{Heatmap: h, Teams: teams, TeamID: teamID}})
}

// teamOptions lists the organisation's teams by name.
func (s *Store) teamOptions(ctx context.Context, sc *auth.Scope) ([]TeamOption, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, name FROM teams WHERE org_id = $1 ORDER BY lower(name), id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []TeamOption
	for rows.Next() {
		var t TeamOption
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// The API's names of levels, treatments and decision states.
var (
	apiLevel     = map[duty.Risk]string{duty.Low: "laag", duty.Medium: "middel", duty.High: "hoog"}
	apiTreatment = map[Treatment]string{Mitigate: "beheersen", Accept: "accepteren", Avoid: "vermijden", Transfer: "overdragen"}
	apiStatus    = map[DecisionStatus]string{Proposed: "voorgesteld", Approved: "goedgekeurd", Rejected: "afgewezen"}
)

type apiCell struct {
	Kans   int    `json:"kans"`
	Impact int    `json:"impact"`
	Score  int    `json:"score"`
	Niveau string `json:"niveau"`
	Aantal int    `json:"aantal"`
}

type apiGrid struct {
	Cellen       []apiCell `json:"cellen"`
	NietGescoord int       `json:"nietGescoord"`
}

type apiHeatmapOut struct {
	Matrix apiMatrixOut `json:"matrix"`
	Totaal int          `json:"totaal"`
	Bruto  apiGrid      `json:"bruto"`
	Netto  apiGrid      `json:"netto"`
}

func toAPIGrid(m Matrix, g Grid) apiGrid {
	out := apiGrid{Cellen: []apiCell{}, NietGescoord: g.Unscored}
	for l := 1; l <= len(m.LikelihoodLabels); l++ {
		for i := 1; i <= len(m.ImpactLabels); i++ {
			out.Cellen = append(out.Cellen, apiCell{Kans: l, Impact: i, Score: l * i, Niveau: apiLevel[m.Level(l, i)], Aantal: g.Count(l, i)})
		}
	}
	return out
}

func (s *Store) apiHeatmap(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	h, err := s.Heatmap(r.Context(), web.ScopeOf(r), HeatmapFilter{TeamID: q.Get("team"), ProcessID: q.Get("proces")})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, apiHeatmapOut{Matrix: toAPIMatrix(h.Matrix), Totaal: h.Total,
		Bruto: toAPIGrid(h.Matrix, h.Inherent), Netto: toAPIGrid(h.Matrix, h.Residual)})
}
