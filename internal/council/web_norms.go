package council

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

type normsData struct {
	Norms    []normRow
	Groups   []string
	Counts   []row
	Today    string
	Year     int
	Edit     bool
	Verdicts []Verdict
	Figures  bool
}

type normRow struct {
	Assessment
	Number  int
	History []Decision // earlier decisions, newest first, without the current one
	Values  []row      // today's evidence
	Basis   []row      // the evidence the current decision rested on, else today's
}

func (s *Store) normsData(ctx context.Context, sc *auth.Scope, lang i18n.Lang) (*normsData, error) {
	as, in, err := s.Assess(ctx, sc)
	if err != nil {
		return nil, err
	}
	all, err := s.decisions(ctx, sc, "")
	if err != nil {
		return nil, err
	}
	d := &normsData{Today: dayNL(in.Today.Format("2006-01-02")), Year: in.Year, Edit: sc.Can(auth.CouncilEdit),
		Verdicts: []Verdict{Met, Partly, NotMet}, Figures: in.HasFigures, Groups: []string{"beleid", "uitvoering", "resultaten", "raad"}}
	counts := map[Verdict]int{}
	for i, a := range as {
		nr := normRow{Assessment: a, Number: i + 1, Values: showValues(lang, a.Values)}
		nr.Basis = nr.Values
		if a.Decision != nil && len(a.Decision.Values) > 0 {
			nr.Basis = showValues(lang, a.Decision.Values)
		}
		for _, h := range all {
			if h.NormKey == a.Norm.Key && (a.Decision == nil || h.ID != a.Decision.ID) {
				nr.History = append(nr.History, h)
			}
		}
		counts[a.Final()]++
		d.Norms = append(d.Norms, nr)
	}
	for _, v := range d.Verdicts {
		d.Counts = append(d.Counts, row{i18n.T(lang, "council.verdict."+string(v)), strconv.Itoa(counts[v])})
	}
	return d, nil
}

// showValues formats evidence values for people.
func showValues(lang i18n.Lang, vals []Value) []row {
	out := make([]row, 0, len(vals))
	for _, v := range vals {
		text := v.Text
		if v.Missing {
			text = i18n.T(lang, "council.ev.missing")
		}
		out = append(out, row{i18n.T(lang, v.Label), text})
	}
	return out
}

func (s *Store) normsView(rw http.ResponseWriter, r *http.Request, form url.Values, ferr error) error {
	d, err := s.normsData(r.Context(), web.ScopeOf(r), web.LangOf(r))
	if err != nil {
		return err
	}
	return web.Render(rw, r, web.View{Name: "council_norms", TitleKey: "council.norms.title", Data: d, Form: form, Err: ferr})
}

func (s *Store) normsPage(rw http.ResponseWriter, r *http.Request) error {
	return s.normsView(rw, r, nil, nil)
}

func (s *Store) normDecide(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	key, f := r.PathValue("normKey"), r.PostForm
	_, err := s.Decide(r.Context(), web.ScopeOf(r), key, Verdict(f.Get("verdict")), f.Get("motivation"))
	if list, ok := err.(apperr.List); ok {
		// Each norm's form has its own field ids.
		for _, e := range list {
			e.Field += "-" + key
		}
		form := url.Values{"verdict-" + key: {f.Get("verdict")}, "motivation-" + key: {f.Get("motivation")}}
		return s.normsView(rw, r, form, list)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/raad/normenkader#norm-"+key, "flash.council.verdict")
}

func (s *Store) chapterPage(rw http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	d, err := s.normsData(r.Context(), sc, web.LangOf(r))
	if err != nil {
		return err
	}
	return web.Render(rw, r, web.View{Name: "council_chapter", TitleKey: "council.chapter.title", Data: d})
}

func (s *Store) chapterPDF(rw http.ResponseWriter, r *http.Request) error {
	sc, lang := web.ScopeOf(r), web.LangOf(r)
	d, err := s.normsData(r.Context(), sc, lang)
	if err != nil {
		return err
	}
	if err := s.recordExport(r.Context(), sc, ActionNormExport, "council_norm", ""); err != nil {
		return err
	}
	return export.Serve(rw, export.PDF, "normenkader-"+sc.OrgSlug, chapterDocument(lang, sc.OrgName, d, s.clk.Now()))
}

// chapterDocument is the norm framework as the chapter an audit office
// writes: per norm the verdict, how it came about, the evidence and the
// rule, and the motivation of an override.
func chapterDocument(lang i18n.Lang, org string, d *normsData, now time.Time) export.Document {
	t := func(k string, a ...any) string { return i18n.T(lang, k, a...) }
	doc := export.Document{Title: t("council.chapter.title"), Subtitle: t("council.chapter.subtitle", d.Today), Org: org, Generated: now, Lang: lang}
	summary := export.Table{Title: t("council.chapter.summary"), Text: []string{t("council.chapter.lead")},
		Columns: []string{t("council.col.verdict"), t("council.col.count")}}
	for _, c := range d.Counts {
		summary.Rows = append(summary.Rows, []string{c.Label, c.Value})
	}
	doc.Tables = append(doc.Tables, summary)
	for _, n := range d.Norms {
		tab := export.Table{Title: t("council.chapter.norm_title", n.Number, t("council.norm."+n.Norm.Key)),
			Columns: []string{t("council.col.part"), t("council.col.value")}}
		how := t("council.chapter.proposed_only")
		if n.Decision != nil {
			how = t("council.chapter.confirmed", n.Decision.DecidedBy, n.Decision.DecidedAt.In(clock.Amsterdam).Format("02-01-2006"))
			if n.Decision.Overridden() {
				how = t("council.chapter.overridden", t("council.verdict."+string(n.Decision.Proposed)), n.Decision.DecidedBy,
					n.Decision.DecidedAt.In(clock.Amsterdam).Format("02-01-2006"))
			}
		}
		tab.Rows = append(tab.Rows, []string{t("council.col.verdict"), t("council.verdict." + string(n.Final()))}, []string{t("council.chapter.how"), how})
		if n.Decision != nil && n.Decision.Motivation != "" {
			tab.Rows = append(tab.Rows, []string{t("council.field.motivation"), n.Decision.Motivation})
		}
		tab.Rows = append(tab.Rows, []string{t("council.chapter.rule"), t("council.rule." + n.Norm.Key)})
		for _, v := range n.Basis {
			tab.Rows = append(tab.Rows, []string{v.Label, v.Value})
		}
		doc.Tables = append(doc.Tables, tab)
	}
	return doc
}
