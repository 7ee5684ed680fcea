package risk

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiFinding is a finding as the API shows it (Dutch field names).
type apiFinding struct {
	Sleutel     string           `json:"sleutel"`
	Soort       string           `json:"soort"`
	SoortNaam   string           `json:"soortNaam"`
	Risico      string           `json:"risico"`
	Team        string           `json:"team"`
	TeamNaam    string           `json:"teamNaam"`
	Stappen     []apiFindingStep `json:"stappen"`
	Medewerker  string           `json:"medewerker,omitempty"`
	Naam        string           `json:"medewerkerNaam,omitempty"`
	Houders     []string         `json:"houders,omitempty"`
	Toelichting string           `json:"toelichting"`
	Status      string           `json:"status"`
	Afdekking   *apiMitigation   `json:"afdekking,omitempty"`
}

type apiFindingStep struct {
	ID     string `json:"id"`
	Naam   string `json:"naam"`
	Proces string `json:"proces"`
}

type apiMitigation struct {
	ID           string    `json:"id"`
	Maatregel    string    `json:"maatregel"`
	Eigenaar     string    `json:"eigenaar"`
	EigenaarNaam string    `json:"eigenaarNaam"`
	TotEnMet     string    `json:"totEnMet"`
	Actie        string    `json:"actie,omitempty"`
	VastgelegdOp time.Time `json:"vastgelegdOp"`
}

func toAPIMitigation(m *MitigationRecord) *apiMitigation {
	if m == nil {
		return nil
	}
	return &apiMitigation{ID: m.ID, Maatregel: m.Control, Eigenaar: m.OwnerID, EigenaarNaam: m.OwnerName, TotEnMet: m.Until,
		Actie: m.ActionID, VastgelegdOp: m.CreatedAt.UTC()}
}

func toAPIFinding(row Row, holders []string) apiFinding {
	out := apiFinding{Sleutel: row.Key, Soort: string(row.Kind), SoortNaam: row.KindLabel, Risico: string(row.Risk),
		Team: row.TeamID, TeamNaam: row.TeamName, Medewerker: row.EmployeeID, Naam: row.Employee, Houders: holders,
		Toelichting: row.Detail, Status: row.Status, Afdekking: toAPIMitigation(row.Mitigation), Stappen: []apiFindingStep{}}
	for _, st := range row.Steps {
		out.Stappen = append(out.Stappen, apiFindingStep{ID: st.ID, Naam: st.Name, Proces: st.Process})
	}
	return out
}

// apiFindings lists today's findings, sorted by key so that the cursor
// (the last key of a page) stays valid while findings come and go.
func (s *Store) apiFindings(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.Limit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f, err := ParseFilter(q.Get("soort"), q.Get("team"), q.Get("status"))
	if err != nil {
		return renameFields(err, map[string]string{"kind": "soort"}, nil)
	}
	rep, err := s.Report(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	fs := rep.Filtered(f)
	slices.SortFunc(fs, func(x, y duty.Finding) int { return strings.Compare(x.Key, y.Key) })
	after := q.Get("cursor")
	start, _ := slices.BinarySearchFunc(fs, after, func(f duty.Finding, k string) int { return strings.Compare(f.Key, k) })
	if after != "" && start < len(fs) && fs[start].Key == after {
		start++
	}
	fs = fs[start:]
	next := ""
	if len(fs) > limit {
		fs = fs[:limit]
		next = fs[limit-1].Key
	}
	out := make([]apiFinding, len(fs))
	for i := range fs {
		out[i] = toAPIFinding(rep.Row(&fs[i], i18n.NL), fs[i].Holders)
	}
	return web.WritePage(w, r, out, next)
}

// apiMitigationIn is the body of a new mitigation.
type apiMitigationIn struct {
	Bevinding     string `json:"bevinding"`
	Maatregel     string `json:"maatregel"`
	Eigenaar      string `json:"eigenaar"`
	TotEnMet      string `json:"totEnMet"`
	ActieAanmaken bool   `json:"actieAanmaken"`
}

var mitigationAPIFields = map[string]string{"finding_key": "bevinding", "control": "maatregel", "owner": "eigenaar",
	"until": "totEnMet", "make_action": "actieAanmaken"}

func (s *Store) apiMitigate(w http.ResponseWriter, r *http.Request) error {
	var in apiMitigationIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	m, err := s.Mitigate(r.Context(), web.ScopeOf(r), NewMitigation{FindingKey: in.Bevinding, Control: in.Maatregel,
		OwnerID: in.Eigenaar, Until: in.TotEnMet, MakeAction: in.ActieAanmaken})
	if err != nil {
		return renameFields(err, mitigationAPIFields, nil)
	}
	return web.JSON(w, http.StatusCreated, toAPIMitigation(m))
}

// apiProposal is the body of a simulation.
type apiProposal struct {
	Toevoegen []struct {
		Medewerker string `json:"medewerker"`
		Functie    string `json:"functie"`
		Begin      string `json:"begin"`
		Einde      string `json:"einde"`
	} `json:"toevoegen"`
	Beeindigen []struct {
		Toewijzing string `json:"toewijzing"`
		Einde      string `json:"einde"`
	} `json:"beeindigen"`
}

type apiSimulation struct {
	Toegevoegd []apiFinding `json:"toegevoegd"`
	Weggenomen []apiFinding `json:"weggenomen"`
	Voor       apiCounts    `json:"voor"`
	Na         apiCounts    `json:"na"`
}

type apiCounts struct {
	Totaal   int `json:"totaal"`
	Open     int `json:"open"`
	Afgedekt int `json:"afgedekt"`
	Heropend int `json:"heropend"`
}

func toAPICounts(c duty.Counts) apiCounts {
	return apiCounts{Totaal: c.Total, Open: c.Open, Afgedekt: c.Mitigated, Heropend: c.Reopened}
}

// simulationAPIFields names the engine's fields as the API body does; the
// row goes in as an index ("toevoegen[0].begin").
var simulationAPIFields = map[string]string{
	"add.employee": "toevoegen.medewerker", "add.function": "toevoegen.functie", "add.start": "toevoegen.begin",
	"add.end": "toevoegen.einde", "end.assignment": "beeindigen.toewijzing", "end.end": "beeindigen.einde",
}

func (s *Store) apiSimulate(w http.ResponseWriter, r *http.Request) error {
	var in apiProposal
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	var p Proposal
	for _, a := range in.Toevoegen {
		p.Add = append(p.Add, ProposedAssignment{EmployeeID: a.Medewerker, FunctionID: a.Functie, Start: a.Begin, End: a.Einde})
	}
	for _, e := range in.Beeindigen {
		p.End = append(p.End, ProposedEnding{AssignmentID: e.Toewijzing, End: e.Einde})
	}
	sim, err := s.Simulate(r.Context(), web.ScopeOf(r), p)
	if err != nil {
		return renameFields(err, simulationAPIFields, func(field string, row int) string {
			if row < 1 {
				return field
			}
			list, col, ok := strings.Cut(field, ".")
			if !ok {
				return field
			}
			return fmt.Sprintf("%s[%d].%s", list, row-1, col)
		})
	}
	out := apiSimulation{Toegevoegd: []apiFinding{}, Weggenomen: []apiFinding{},
		Voor: toAPICounts(sim.Diff.Before), Na: toAPICounts(sim.Diff.After)}
	for i := range sim.Diff.Added {
		f := &sim.Diff.Added[i]
		out.Toegevoegd = append(out.Toegevoegd, toAPIFinding(sim.Report.Row(f, i18n.NL), f.Holders))
	}
	for i := range sim.Diff.Removed {
		f := &sim.Diff.Removed[i]
		out.Weggenomen = append(out.Weggenomen, toAPIFinding(sim.Report.Row(f, i18n.NL), f.Holders))
	}
	return web.JSON(w, http.StatusOK, out)
}

type apiRule struct {
	Sleutel      string `json:"sleutel"`
	CodeA        string `json:"stapcodeA"`
	CodeB        string `json:"stapcodeB"`
	ZelfdeObject bool   `json:"zelfdeObject"`
	Risico       string `json:"risico"`
	Naam         string `json:"naam"`
	Onderbouwing string `json:"onderbouwing"`
	Actief       bool   `json:"actief"`
	Standaard    bool   `json:"standaard"`
}

type apiRules struct {
	// Eigen is false while the organisation uses the shipped defaults.
	Eigen  bool      `json:"eigen"`
	Regels []apiRule `json:"regels"`
}

func (s *Store) apiRules(w http.ResponseWriter, r *http.Request) error {
	rules, stored, err := s.Rules(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := apiRules{Eigen: stored, Regels: []apiRule{}}
	for _, ru := range rules {
		out.Regels = append(out.Regels, apiRule{Sleutel: ru.Key, CodeA: ru.CodeA, CodeB: ru.CodeB, ZelfdeObject: ru.SameObject,
			Risico: string(ru.Risk), Naam: ru.Name, Onderbouwing: ru.Rationale, Actief: ru.Active, Standaard: ru.Shipped})
	}
	return web.JSON(w, http.StatusOK, out)
}
