package council

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

type benchmarkData struct {
	Bench     *Benchmark
	Year      int
	Edit      bool
	MinOthers int
	Sections  []benchSection
}

type benchSection struct {
	ID, Heading, Caption, Empty string
	Rows                        []benchRow
}

type benchRow struct {
	Label, Own                 string
	Enough                     bool
	N                          int
	Min, P25, Median, P75, Max string
	Position                   string // where the own value stands, in words
}

func benchRows(lang i18n.Lang, cs []Comparison) []benchRow {
	out := make([]benchRow, 0, len(cs))
	for _, c := range cs {
		label := c.Label
		if c.Key == "overall" {
			label = i18n.T(lang, "council.report.overall")
		}
		f := func(v float64) string { return showFigure(lang, Figure{Value: v, Unit: c.Unit, Known: true}) }
		b := benchRow{Label: label, Own: "—", Enough: c.Enough, N: c.Others.N}
		if c.HasOwn {
			b.Own = f(c.Own)
		}
		if c.Enough {
			o := c.Others
			b.Min, b.P25, b.Median, b.P75, b.Max = f(o.Min), f(o.P25), f(o.Median), f(o.P75), f(o.Max)
			if c.HasOwn {
				b.Position = i18n.T(lang, "council.bench.pos."+position(c.Own, o))
			}
		}
		out = append(out, b)
	}
	return out
}

// position places a value among the quartiles of the others.
func position(v float64, d Distribution) string {
	switch {
	case v < d.P25:
		return "low"
	case v <= d.P75:
		return "middle"
	}
	return "high"
}

func (s *Store) benchmarkPage(rw http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	year := s.today().Year()
	b, err := s.Benchmark(r.Context(), sc, year)
	if err != nil {
		return err
	}
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	d := benchmarkData{Bench: b, Year: year, Edit: SeesDrafts(sc), MinOthers: MinOthers}
	noInd := t("council.report.no_figures")
	if b.HasFigures {
		noInd = t("council.bench.no_indicators")
	}
	d.Sections = []benchSection{
		{ID: "volwassenheid", Heading: t("council.bench.maturity"), Caption: t("council.bench.maturity_caption"), Empty: t("council.bench.no_maturity"), Rows: benchRows(lang, b.Maturity)},
		{ID: "kengetallen", Heading: t("council.bench.indicators", year), Caption: t("council.bench.indicators_caption", year), Empty: noInd, Rows: benchRows(lang, b.Indicators)},
	}
	return web.Render(rw, r, web.View{Name: "council_benchmark", TitleKey: "council.bench.title", Data: d})
}

func (s *Store) benchmarkOptIn(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	var on bool
	switch r.PostForm.Get("deelname") {
	case "ja":
		on = true
	case "nee":
	default:
		return apperr.FieldErr("deelname", "council.err.optin")
	}
	if err := s.SetOptIn(r.Context(), web.ScopeOf(r), on); err != nil {
		return err
	}
	key := "flash.council.optin_off"
	if on {
		key = "flash.council.optin_on"
	}
	return web.Redirect(rw, r, "/raad/benchmark", key)
}
