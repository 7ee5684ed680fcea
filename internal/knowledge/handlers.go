package knowledge

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/kaart.css
var stylesheet []byte

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// maxEditBody bounds an edit form. A card at its limits, with every
// character percent-encoded, stays far below it.
const maxEditBody = 256 << 10

// Module returns the routes and navigation of the knowledge cards. Every
// role reads the cards; only coordinators rewrite them.
func (s *Store) Module() web.Module {
	return web.Module{
		Name:      "knowledge",
		Templates: Templates(),
		Routes: append([]web.Route{
			{Pattern: "GET /kennis", Perm: auth.KnowledgeRead, Handle: s.listPage},
			{Pattern: "GET /kennis/kaart.css", Perm: auth.KnowledgeRead, Handle: s.stylesheet},
			{Pattern: "GET /kennis/{processCode}", Perm: auth.KnowledgeRead, Handle: s.cardPage},
			{Pattern: "GET /kennis/{processCode}/bewerken", Perm: auth.KnowledgeEdit, Handle: s.editPage},
			{Pattern: "POST /kennis/{processCode}", Perm: auth.KnowledgeEdit, Handle: s.savePage, MaxBody: maxEditBody},
			{Pattern: "POST /kennis/{processCode}/standaard", Perm: auth.KnowledgeEdit, Handle: s.resetPage},
			{Pattern: "GET /api/v1/kenniskaarten", Perm: auth.KnowledgeRead, Handle: s.apiList,
				Summary: "Kenniskaarten: per kwetsbaar proces wat er mis kan gaan, signalen, wat te doen en wie te bellen, zoals de organisatie ze toont"},
			{Pattern: "GET /api/v1/kenniskaarten/{processCode}", Perm: auth.KnowledgeRead, Handle: s.apiGet,
				Summary: "Eén kenniskaart, op procescode (bijvoorbeeld subsidies)"},
		}, s.templateRoutes()...),
		Nav: []web.NavItem{{Key: "nav.knowledge", Path: "/kennis", Perm: auth.KnowledgeRead, Order: 33, Group: "nav.group.risk"}},
	}
}

func (s *Store) listPage(w http.ResponseWriter, r *http.Request) error {
	cards, err := s.List(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "knowledge_list", TitleKey: "cards.title", Data: cards})
}

// stylesheet serves the card's screen and print styles. The layout's
// stylesheet belongs to the platform; the card page links this one too.
func (s *Store) stylesheet(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err := w.Write(stylesheet)
	return err
}

func (s *Store) cardPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Get(r.Context(), web.ScopeOf(r), r.PathValue("processCode"))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "knowledge_card", TitleKey: "cards.card_title", Data: c})
}

// editData is what the editor shows: the card as it stands (for its
// address and state) and the fields with their hints.
type editData struct {
	Card   *Card
	Fields []field
}

// field is one input of the editor. Rows is zero for a one-line input.
type field struct {
	Name string
	Hint string
	Rows int
	Max  int
}

func fields(lang i18n.Lang) []field {
	lines := i18n.T(lang, "cards.lines_hint", MaxLines, MaxLine)
	return []field{
		{Name: FieldTitle, Hint: i18n.T(lang, "cards.title_hint", MaxTitle), Max: MaxTitle},
		{Name: FieldSummary, Hint: i18n.T(lang, "cards.summary_hint", MaxSummary), Rows: 4},
		{Name: FieldRisks, Hint: i18n.T(lang, "cards.risks_hint") + " " + lines, Rows: 6},
		{Name: FieldSignals, Hint: i18n.T(lang, "cards.signals_hint") + " " + lines, Rows: 6},
		{Name: FieldSteps, Hint: i18n.T(lang, "cards.steps_hint") + " " + lines, Rows: 6},
		{Name: FieldContacts, Hint: i18n.T(lang, "cards.contacts_hint") + " " + lines, Rows: 5},
		{Name: FieldContactLine, Hint: i18n.T(lang, "cards.contact_line_hint", MaxContactLine), Max: MaxContactLine},
	}
}

func (s *Store) editView(r *http.Request, form url.Values, ferr error, status int) (web.View, error) {
	c, err := s.Get(r.Context(), web.ScopeOf(r), r.PathValue("processCode"))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = formOf(c)
	}
	return web.View{Name: "knowledge_edit", TitleKey: "cards.edit_title", Form: form, Err: ferr, Status: status,
		Data: editData{Card: c, Fields: fields(web.LangOf(r))}}, nil
}

// formOf fills the editor with a card: one bullet per line.
func formOf(c *Card) url.Values {
	return url.Values{
		FieldTitle: {c.Title}, FieldSummary: {c.Summary},
		FieldRisks: {strings.Join(c.Risks, "\n")}, FieldSignals: {strings.Join(c.Signals, "\n")},
		FieldSteps: {strings.Join(c.Steps, "\n")}, FieldContacts: {strings.Join(c.Contacts, "\n")},
		FieldContactLine: {c.ContactLine},
	}
}

func (s *Store) editPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.editView(r, nil, nil, 0)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) savePage(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("processCode")
	if err := web.ParseForm(r); err != nil {
		if apperr.CodeOf(err) != apperr.TooLarge {
			return err
		}
		// The oversized form is lost; show the card as it stands with an
		// explanation rather than a bare error page.
		v, verr := s.editView(r, nil, apperr.New(apperr.TooLarge, "card.too_large", maxEditBody>>10), http.StatusRequestEntityTooLarge)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	f := r.PostForm
	_, err := s.Save(r.Context(), web.ScopeOf(r), code, Edit{
		Title: f.Get(FieldTitle), Summary: f.Get(FieldSummary),
		Risks: typedLines(f.Get(FieldRisks)), Signals: typedLines(f.Get(FieldSignals)),
		Steps: typedLines(f.Get(FieldSteps)), Contacts: typedLines(f.Get(FieldContacts)),
		ContactLine: f.Get(FieldContactLine),
	})
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.editView(r, f, err, 0)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/kennis/"+code, "flash.card_saved")
}

func (s *Store) resetPage(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("processCode")
	if err := s.Reset(r.Context(), web.ScopeOf(r), code); err != nil {
		return err
	}
	return web.Redirect(w, r, "/kennis/"+code, "flash.card_reset")
}

// apiCard is a card as the API shows it (Dutch field names, RFC 3339 UTC
// times).
type apiCard struct {
	Code            string     `json:"code"`
	Titel           string     `json:"titel"`
	Uitleg          string     `json:"uitleg"`
	WatKanErMisgaan []string   `json:"watKanErMisgaan"`
	Signalen        []string   `json:"signalen"`
	WatDoetU        []string   `json:"watDoetU"`
	WieBeltU        []string   `json:"wieBeltU"`
	Contactgegevens string     `json:"contactgegevens"`
	EigenTekst      bool       `json:"eigenTekst"`
	GewijzigdOp     *time.Time `json:"gewijzigdOp,omitempty"`
}

func toAPI(c Card) apiCard {
	list := func(l []string) []string {
		if l == nil {
			return []string{}
		}
		return l
	}
	out := apiCard{Code: c.Code, Titel: c.Title, Uitleg: c.Summary, WatKanErMisgaan: list(c.Risks), Signalen: list(c.Signals),
		WatDoetU: list(c.Steps), WieBeltU: list(c.Contacts), Contactgegevens: c.ContactLine, EigenTekst: c.Edited}
	if c.Edited {
		t := c.UpdatedAt.UTC()
		out.GewijzigdOp = &t
	}
	return out
}

func (s *Store) apiList(w http.ResponseWriter, r *http.Request) error {
	cards, err := s.List(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	out := make([]apiCard, len(cards))
	for i, c := range cards {
		out[i] = toAPI(c)
	}
	// Eight cards: one page, no cursor.
	return web.WritePage(w, r, out, "")
}

func (s *Store) apiGet(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Get(r.Context(), web.ScopeOf(r), r.PathValue("processCode"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPI(*c))
}
