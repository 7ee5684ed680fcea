package knowledge

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// apiTemplate is a template as the API shows it (Dutch field names, RFC
// 3339 UTC times).
type apiTemplate struct {
	Sleutel          string          `json:"sleutel"`
	Soort            string          `json:"soort"`
	Titel            string          `json:"titel"`
	Samenvatting     string          `json:"samenvatting"`
	Tekst            string          `json:"tekst"`
	Versie           int             `json:"versie"`
	LaatstBeoordeeld string          `json:"laatstBeoordeeld"`
	Eigenaar         string          `json:"eigenaar"`
	EigenTekst       bool            `json:"eigenTekst"`
	GewijzigdOp      *time.Time      `json:"gewijzigdOp,omitempty"`
	AfkomstigVan     *apiSource      `json:"afkomstigVan,omitempty"`
	NieuwereVersie   int             `json:"nieuwereVersie,omitempty"`
	Gepubliceerd     *apiPublication `json:"gepubliceerd,omitempty"`
}

type apiSource struct {
	GedeeldID   string `json:"gedeeldId"`
	Organisatie string `json:"organisatie"`
	Versie      int    `json:"versie"`
}

type apiPublication struct {
	GedeeldID string    `json:"gedeeldId"`
	Versie    int       `json:"versie"`
	Op        time.Time `json:"op"`
}

func templateToAPI(t Template) apiTemplate {
	out := apiTemplate{Sleutel: t.Key, Soort: string(t.Kind), Titel: t.Title, Samenvatting: t.Summary, Tekst: t.Body, Versie: t.Version,
		LaatstBeoordeeld: t.ReviewedOn, Eigenaar: t.Owner, EigenTekst: t.Own, NieuwereVersie: t.NewerVersion}
	if t.Own {
		at := t.UpdatedAt.UTC()
		out.GewijzigdOp = &at
	}
	if t.Source != nil {
		out.AfkomstigVan = &apiSource{GedeeldID: t.Source.SharedID, Organisatie: t.Source.Org, Versie: t.Source.Version}
	}
	if t.Published != nil {
		out.Gepubliceerd = &apiPublication{GedeeldID: t.Published.SharedID, Versie: t.Published.Version, Op: t.Published.At.UTC()}
	}
	return out
}

// apiShared is a library entry as the API shows it.
type apiShared struct {
	ID               string    `json:"id"`
	Sleutel          string    `json:"sleutel"`
	Soort            string    `json:"soort"`
	Titel            string    `json:"titel"`
	Samenvatting     string    `json:"samenvatting"`
	Tekst            string    `json:"tekst"`
	Versie           int       `json:"versie"`
	LaatstBeoordeeld string    `json:"laatstBeoordeeld"`
	Eigenaar         string    `json:"eigenaar"`
	Organisatie      string    `json:"organisatie"`
	GepubliceerdOp   time.Time `json:"gepubliceerdOp"`
	EigenOrganisatie bool      `json:"eigenOrganisatie"`
	OvergenomenAls   string    `json:"overgenomenAls,omitempty"`
}

func sharedToAPI(x Shared) apiShared {
	return apiShared{ID: x.ID, Sleutel: x.Key, Soort: string(x.Kind), Titel: x.Title, Samenvatting: x.Summary, Tekst: x.Body, Versie: x.Version,
		LaatstBeoordeeld: x.ReviewedOn, Eigenaar: x.Owner, Organisatie: x.OrgName, GepubliceerdOp: x.PublishedAt.UTC(),
		EigenOrganisatie: x.Mine, OvergenomenAls: x.CopyKey}
}

func (s *Store) apiTemplates(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Templates(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiTemplate, len(ts))
	for i, t := range ts {
		out[i] = templateToAPI(t)
	}
	// A handful of documents per organisation: one page, no cursor.
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiTemplate(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Template(r.Context(), web.ScopeOf(r), r.PathValue("templateKey"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, templateToAPI(*t))
}

func (s *Store) apiLibrary(w http.ResponseWriter, r *http.Request) error {
	xs, err := s.Library(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiShared, len(xs))
	for i, x := range xs {
		out[i] = sharedToAPI(x)
	}
	// The library holds what coordinators chose to publish: tens, not
	// thousands; one page.
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiShared(w http.ResponseWriter, r *http.Request) error {
	x, err := s.SharedTemplate(r.Context(), web.ScopeOf(r), r.PathValue("sharedID"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, sharedToAPI(*x))
}

// templateExport serves a template as PDF (?formaat=pdf) or as Markdown
// (?formaat=markdown), which is also readable as plain text.
func (s *Store) templateExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	t, err := s.Template(r.Context(), sc, r.PathValue("templateKey"))
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	name := fmt.Sprintf("%s-versie-%d", t.Key, t.Version)
	switch strings.ToLower(strings.TrimSpace(r.URL.Query().Get("formaat"))) {
	case "pdf":
		return export.Serve(w, export.PDF, name, PDFDocument(*t, sc.OrgName, s.clk.Now(), lang))
	case "markdown", "md", "txt":
		b := []byte(Markdown(*t, sc.OrgName, lang))
		h := w.Header()
		h.Set("Content-Type", "text/markdown; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.md"`)
		h.Set("Content-Length", strconv.Itoa(len(b)))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		_, err := w.Write(b)
		return err
	}
	return apperr.FieldErr("formaat", "template.format_invalid")
}

// meta are the template's particulars as label–value pairs, for both
// exports.
func meta(t Template, lang i18n.Lang) [][2]string {
	rows := [][2]string{
		{i18n.T(lang, "template.kind"), i18n.T(lang, "template.kind."+string(t.Kind))},
		{i18n.T(lang, "template.version"), strconv.Itoa(t.Version)},
		{i18n.T(lang, "template.reviewed"), t.Reviewed()},
		{i18n.T(lang, "template.owner"), t.Owner},
	}
	if t.Source != nil {
		rows = append(rows, [2]string{i18n.T(lang, "template.source"), i18n.T(lang, "template.source_line", t.Source.Org, t.Source.Version)})
	}
	return rows
}

// Markdown writes a template as a Markdown file: the title, the summary,
// the particulars and the body, which is written in Markdown's own simple
// headings and lists already.
func Markdown(t Template, org string, lang i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", t.Title)
	if t.Summary != "" {
		fmt.Fprintf(&b, "%s\n\n", t.Summary)
	}
	fmt.Fprintf(&b, "- %s: %s\n", i18n.T(lang, "template.organisation"), org)
	for _, m := range meta(t, lang) {
		fmt.Fprintf(&b, "- %s: %s\n", m[0], m[1])
	}
	b.WriteString("\n")
	for _, bl := range Blocks(t.Body) {
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", bl.Level+1), bl.Text)
		case Paragraph:
			fmt.Fprintf(&b, "%s\n\n", bl.Text)
		case BulletList:
			for _, it := range bl.Items {
				fmt.Fprintf(&b, "- %s\n", it)
			}
			b.WriteString("\n")
		case NumberList:
			for i, it := range bl.Items {
				fmt.Fprintf(&b, "%d. %s\n", i+1, it)
			}
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// PDFDocument lays a template out for the export package's PDF writer,
// which writes tables: the particulars as a two-column table, then one
// single-column table per section of the body, headed by the section's
// heading, with a row per paragraph or list item.
func PDFDocument(t Template, org string, now time.Time, lang i18n.Lang) export.Document {
	d := export.Document{Title: t.Title, Subtitle: t.Summary, Org: org, Generated: now, Lang: lang}
	var rows [][]string
	for _, m := range meta(t, lang) {
		rows = append(rows, []string{m[0], m[1]})
	}
	d.Tables = append(d.Tables, export.Table{Columns: []string{i18n.T(lang, "template.particular"), i18n.T(lang, "template.value")}, Rows: rows})
	cur := export.Table{Columns: []string{t.Title}}
	flush := func() {
		if len(cur.Rows) > 0 {
			d.Tables = append(d.Tables, cur)
		}
	}
	for _, bl := range Blocks(t.Body) {
		switch bl.Kind {
		case Heading:
			flush()
			cur = export.Table{Columns: []string{bl.Text}}
		case Paragraph:
			cur.Rows = append(cur.Rows, []string{bl.Text})
		case BulletList:
			for _, it := range bl.Items {
				cur.Rows = append(cur.Rows, []string{"• " + it})
			}
		case NumberList:
			for i, it := range bl.Items {
				cur.Rows = append(cur.Rows, []string{fmt.Sprintf("%d. %s", i+1, it)})
			}
		}
	}
	flush()
	if len(d.Tables) > export.MaxTables {
		// Merge the tail into the last table rather than refuse: a body
		// with that many headings is still one document.
		last := d.Tables[export.MaxTables-1]
		for _, extra := range d.Tables[export.MaxTables:] {
			last.Rows = append(last.Rows, []string{extra.Columns[0]})
			last.Rows = append(last.Rows, extra.Rows...)
		}
		d.Tables = append(d.Tables[:export.MaxTables-1], last)
	}
	return d
}
