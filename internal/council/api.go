package council

import (
	"net/http"
	"time"

	"github.com/weerbaar/weerbaar/internal/web"
)

// The API's resources: Dutch field names, RFC 3339 UTC times, verdicts as
// behaald / deels / niet_behaald. Counts 1–4 are never sent: they come as
// null with minderDanVijf true.

type apiReportSummary struct {
	ID           string     `json:"id"`
	Periode      string     `json:"periode"`
	Van          string     `json:"van"`
	Tot          string     `json:"tot"`
	Titel        string     `json:"titel"`
	Status       Status     `json:"status"`
	AangemaaktOp time.Time  `json:"aangemaaktOp"`
	DefinitiefOp *time.Time `json:"definitiefOp"`
}

type apiFigure struct {
	Code          string   `json:"code"`
	Naam          string   `json:"naam"`
	Eenheid       string   `json:"eenheid"`
	Waarde        *float64 `json:"waarde"`
	MinderDanVijf bool     `json:"minderDanVijf"`
}

type apiGoal struct {
	Titel        string    `json:"titel"`
	Kengetal     apiFigure `json:"kengetal"`
	Streefwaarde *float64  `json:"streefwaarde"`
	Gehaald      bool      `json:"gehaald"`
}

type apiPillar struct {
	Code   string   `json:"code"`
	Naam   string   `json:"naam"`
	Waarde *float64 `json:"waarde"`
}

type apiChange struct {
	Onderdeel string   `json:"onderdeel"`
	Eerder    *float64 `json:"eerder"`
	Nu        *float64 `json:"nu"`
	Verschil  *float64 `json:"verschil"`
}

type apiReport struct {
	apiReportSummary
	Samenvatting     string          `json:"samenvatting"`
	Volwassenheid    *float64        `json:"volwassenheid"`
	ScanDatum        string          `json:"scanDatum,omitempty"`
	Pijlers          []apiPillar     `json:"pijlers"`
	Kengetallen      []apiFigure     `json:"kengetallen"`
	Doelen           []apiGoal       `json:"doelen"`
	VorigeRaadsbrief string          `json:"vorigeRaadsbrief,omitempty"`
	Veranderingen    []apiChange     `json:"veranderingen"`
	Oordelen         map[Verdict]int `json:"oordelen"`
}

func opt(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func apiFigureOf(f Figure) apiFigure {
	return apiFigure{Code: f.Key, Naam: f.Label, Eenheid: f.Unit, Waarde: opt(f.Value, f.Known && !f.Suppressed), MinderDanVijf: f.Suppressed}
}

func summaryOf(r *Report) apiReportSummary {
	out := apiReportSummary{ID: r.ID, Periode: r.Period, Van: r.From, Tot: r.To, Titel: r.Title, Status: r.Status, AangemaaktOp: r.CreatedAt}
	if r.Final() {
		t := r.FinalisedAt
		out.DefinitiefOp = &t
	}
	return out
}

func (s *Store) apiReports(rw http.ResponseWriter, r *http.Request) error {
	list, err := s.Reports(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiReportSummary, 0, len(list))
	for i := range list {
		out = append(out, summaryOf(&list[i]))
	}
	return web.WritePage(rw, r, out, "")
}

func (s *Store) apiReport(rw http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	x, err := s.Report(r.Context(), sc, r.PathValue("councilReportID"))
	if err != nil {
		return err
	}
	snap, err := s.Figures(r.Context(), sc, x)
	if err != nil {
		return err
	}
	prev, err := s.Previous(r.Context(), sc, x)
	if err != nil {
		return err
	}
	if err := s.RecordView(r.Context(), sc, x); err != nil {
		return err
	}
	out := apiReport{apiReportSummary: summaryOf(x), Samenvatting: x.Summary, Pijlers: []apiPillar{}, Kengetallen: []apiFigure{},
		Doelen: []apiGoal{}, Veranderingen: []apiChange{}, Oordelen: snap.Verdicts}
	if m := snap.Maturity; m != nil {
		out.Volwassenheid, out.ScanDatum = opt(m.Overall, m.HasOverall), m.HeldOn
		for _, p := range m.Pillars {
			out.Pijlers = append(out.Pijlers, apiPillar{Code: p.Key, Naam: p.Name, Waarde: opt(p.Value, p.Has)})
		}
	}
	for _, f := range snap.Indicators {
		out.Kengetallen = append(out.Kengetallen, apiFigureOf(f))
	}
	for _, g := range snap.Goals {
		out.Doelen = append(out.Doelen, apiGoal{Titel: g.Title, Kengetal: apiFigureOf(g.Figure), Streefwaarde: opt(g.Target, g.HasTarget), Gehaald: g.Met})
	}
	if prev != nil {
		out.VorigeRaadsbrief = prev.ID
		for _, c := range Changes(prev.Snapshot, snap) {
			name := c.Label
			if name == "" {
				name = "volwassenheid"
			}
			out.Veranderingen = append(out.Veranderingen, apiChange{Onderdeel: name,
				Eerder: opt(c.Earlier.Value, c.Earlier.Known && !c.Earlier.Suppressed), Nu: opt(c.Now.Value, c.Now.Known && !c.Now.Suppressed),
				Verschil: opt(c.Delta, c.HasDelta)})
		}
	}
	return web.JSON(rw, http.StatusOK, out)
}

type apiValue struct {
	Naam      string `json:"naam"`
	Waarde    string `json:"waarde"`
	Ontbreekt bool   `json:"ontbreekt"`
}

type apiDecision struct {
	Oordeel         Verdict    `json:"oordeel"`
	Voorstel        Verdict    `json:"voorstel"`
	Afgeweken       bool       `json:"afgeweken"`
	Motivering      string     `json:"motivering"`
	VastgesteldDoor string     `json:"vastgesteldDoor"`
	VastgesteldOp   time.Time  `json:"vastgesteldOp"`
	Bewijs          []apiValue `json:"bewijs"`
}

type apiNorm struct {
	Code        string       `json:"code"`
	Norm        string       `json:"norm"`
	Groep       string       `json:"groep"`
	Regel       string       `json:"regel"`
	Voorstel    Verdict      `json:"voorstel"`
	Bewijs      []apiValue   `json:"bewijs"`
	Oordeel     Verdict      `json:"oordeel"`
	Vastgesteld *apiDecision `json:"vastgesteld"`
}

func apiValues(r *http.Request, vals []Value) []apiValue {
	lang := web.LangOf(r)
	out := make([]apiValue, 0, len(vals))
	for _, v := range showValues(lang, vals) {
		out = append(out, apiValue{Naam: v.Label, Waarde: v.Value})
	}
	for i, v := range vals {
		if v.Missing {
			out[i].Waarde, out[i].Ontbreekt = "", true
		}
	}
	return out
}

func apiDecisionOf(r *http.Request, d *Decision) *apiDecision {
	if d == nil {
		return nil
	}
	return &apiDecision{Oordeel: d.Verdict, Voorstel: d.Proposed, Afgeweken: d.Overridden(), Motivering: d.Motivation,
		VastgesteldDoor: d.DecidedBy, VastgesteldOp: d.DecidedAt.UTC(), Bewijs: apiValues(r, d.Values)}
}

func (s *Store) apiNorms(rw http.ResponseWriter, r *http.Request) error {
	as, _, err := s.Assess(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	out := make([]apiNorm, 0, len(as))
	for _, a := range as {
		out = append(out, apiNorm{Code: a.Norm.Key, Norm: t(lang, "council.norm."+a.Norm.Key), Groep: a.Norm.Group,
			Regel: t(lang, "council.rule."+a.Norm.Key), Voorstel: a.Proposed, Bewijs: apiValues(r, a.Values), Oordeel: a.Final(),
			Vastgesteld: apiDecisionOf(r, a.Decision)})
	}
	return web.WritePage(rw, r, out, "")
}

type apiDecideBody struct {
	Oordeel    Verdict `json:"oordeel"`
	Motivering string  `json:"motivering"`
}

func (s *Store) apiNormDecide(rw http.ResponseWriter, r *http.Request) error {
	var body apiDecideBody
	if err := web.DecodeJSON(r, &body); err != nil {
		return err
	}
	d, err := s.Decide(r.Context(), web.ScopeOf(r), r.PathValue("normKey"), body.Oordeel, body.Motivering)
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusOK, apiDecisionOf(r, d))
}

type apiDistribution struct {
	Deelnemers int     `json:"deelnemers"`
	Min        float64 `json:"min"`
	P25        float64 `json:"p25"`
	Mediaan    float64 `json:"mediaan"`
	P75        float64 `json:"p75"`
	Max        float64 `json:"max"`
}

type apiComparison struct {
	Code    string           `json:"code"`
	Naam    string           `json:"naam"`
	Eenheid string           `json:"eenheid,omitempty"`
	Eigen   *float64         `json:"eigen"`
	Anderen *apiDistribution `json:"anderen"` // null: te weinig deelnemers
}

type apiBenchmark struct {
	Deelname      bool            `json:"deelname"`
	Jaar          int             `json:"jaar"`
	MinimumAndere int             `json:"minimumAndere"`
	Volwassenheid []apiComparison `json:"volwassenheid"`
	Kengetallen   []apiComparison `json:"kengetallen"`
}

func apiComparisons(cs []Comparison) []apiComparison {
	out := make([]apiComparison, 0, len(cs))
	for _, c := range cs {
		a := apiComparison{Code: c.Key, Naam: c.Label, Eenheid: c.Unit, Eigen: opt(c.Own, c.HasOwn)}
		if c.Enough {
			o := c.Others
			a.Anderen = &apiDistribution{Deelnemers: o.N, Min: o.Min, P25: o.P25, Mediaan: o.Median, P75: o.P75, Max: o.Max}
		}
		out = append(out, a)
	}
	return out
}

func (s *Store) apiBenchmark(rw http.ResponseWriter, r *http.Request) error {
	year := s.today().Year()
	b, err := s.Benchmark(r.Context(), web.ScopeOf(r), year)
	if err != nil {
		return err
	}
	return web.JSON(rw, http.StatusOK, apiBenchmark{Deelname: b.OptedIn, Jaar: year, MinimumAndere: MinOthers,
		Volwassenheid: apiComparisons(b.Maturity), Kengetallen: apiComparisons(b.Indicators)})
}
