package risk

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiMatrixOut is the risk matrix as the API shows and takes it.
type apiMatrixOut struct {
	KansLabels     []string     `json:"kansLabels"`
	ImpactLabels   []string     `json:"impactLabels"`
	Drempels       apiThreshold `json:"drempels"`
	GoedkeurderRol string       `json:"goedkeurderRol"`
}

// apiThreshold holds the lowest score (kans × impact) of medium and high.
type apiThreshold struct {
	Middel int `json:"middel"`
	Hoog   int `json:"hoog"`
}

func toAPIMatrix(m Matrix) apiMatrixOut {
	return apiMatrixOut{KansLabels: m.LikelihoodLabels, ImpactLabels: m.ImpactLabels,
		Drempels: apiThreshold{Middel: m.Thresholds[0], Hoog: m.Thresholds[1]}, GoedkeurderRol: string(m.ApproverRole)}
}

func (s *Store) apiMatrix(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Matrix(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIMatrix(m))
}

func (s *Store) apiPutMatrix(w http.ResponseWriter, r *http.Request) error {
	var in apiMatrixOut
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	m := Matrix{LikelihoodLabels: in.KansLabels, ImpactLabels: in.ImpactLabels,
		Thresholds: [2]int{in.Drempels.Middel, in.Drempels.Hoog}, ApproverRole: auth.Role(in.GoedkeurderRol)}
	sc := web.ScopeOf(r)
	if err := s.SaveMatrix(r.Context(), sc, m); err != nil {
		return err
	}
	saved, err := s.Matrix(r.Context(), sc)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPIMatrix(saved))
}
