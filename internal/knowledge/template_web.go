package knowledge

import (
	"net/http"
	"net/url"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// maxTemplateBody bounds the template editor's form: a body at its limit,
// every character percent-encoded three times over, stays below it.
const maxTemplateBody = 512 << 10

// templateRoutes are the routes of the model documents and the shared
// library. Everyone who reads the cards reads them; coordinators edit,
// publish, withdraw and adopt.
func (s *Store) templateRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /modeldocumenten", Perm: auth.KnowledgeRead, Handle: s.templatesPage},
		{Pattern: "GET /modeldocumenten/{templateKey}", Perm: auth.KnowledgeRead, Handle: s.templatePage},
		{Pattern: "GET /modeldocumenten/{templateKey}/bewerken", Perm: auth.KnowledgeEdit, Handle: web.Show(s.templateEditView)},
		{Pattern: "POST /modeldocumenten/{templateKey}", Perm: auth.KnowledgeEdit, Handle: s.templateSave, MaxBody: maxTemplateBody},
		{Pattern: "POST /modeldocumenten/{templateKey}/publiceren", Perm: auth.KnowledgeEdit, Handle: s.templatePublish},
		{Pattern: "POST /modeldocumenten/{templateKey}/intrekken", Perm: auth.KnowledgeEdit, Handle: s.templateUnpublish},
		{Pattern: "GET /modeldocumenten/{templateKey}/export", Perm: auth.KnowledgeRead, Handle: s.templateExport},
		{Pattern: "GET /gedeelde-modeldocumenten", Perm: auth.KnowledgeRead, Handle: s.libraryPage},
		{Pattern: "GET /gedeelde-modeldocumenten/{sharedID}", Perm: auth.KnowledgeRead, Handle: s.sharedPage},
		{Pattern: "POST /gedeelde-modeldocumenten/{sharedID}/overnemen", Perm: auth.KnowledgeEdit, Handle: s.adoptPage},
		{Pattern: "GET /api/v1/modeldocumenten", Perm: auth.KnowledgeRead, Handle: s.apiTemplates,
			Summary: "Modeldocumenten van de organisatie (protocollen en werkwijzen): de standaardteksten, eigen versies en overgenomen kopieën"},
		{Pattern: "GET /api/v1/modeldocumenten/{templateKey}", Perm: auth.KnowledgeRead, Handle: s.apiTemplate,
			Summary: "Eén modeldocument op sleutel (bijvoorbeeld privacyprotocol), met tekst, versie en publicatie"},
		{Pattern: "GET /api/v1/gedeelde-modeldocumenten", Perm: auth.KnowledgeRead, Handle: s.apiLibrary,
			Summary: "De gedeelde bibliotheek van deze installatie: alleen gepubliceerde versies, van alle organisaties"},
		{Pattern: "GET /api/v1/gedeelde-modeldocumenten/{sharedID}", Perm: auth.KnowledgeRead, Handle: s.apiShared,
			Summary: "Eén gepubliceerd modeldocument uit de gedeelde bibliotheek"},
	}
}

// templateData is what the template page shows.
type templateData struct {
	T      *Template
	Blocks []Block
}

func (s *Store) templatesPage(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Templates(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "knowledge_templates", TitleKey: "template.list_title", Data: ts})
}

func (s *Store) templatePage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Template(r.Context(), web.ScopeOf(r), r.PathValue("templateKey"))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "knowledge_template", TitleKey: "template.title", Data: templateData{T: t, Blocks: Blocks(t.Body)}})
}

// editData is what the template editor shows.
type tplEditData struct {
	T      *Template
	Fields []field
}

func tplFields(lang i18n.Lang) []field {
	return []field{
		{Name: FieldTplTitle, Hint: i18n.T(lang, "template.title_hint", MaxTemplateTitle), Max: MaxTemplateTitle},
		{Name: FieldTplSummary, Hint: i18n.T(lang, "template.summary_hint", MaxTemplateSummary), Rows: 3},
		{Name: FieldTplBody, Hint: i18n.T(lang, "template.body_hint", MaxTemplateBody), Rows: 24},
		{Name: FieldTplOwner, Hint: i18n.T(lang, "template.owner_hint", MaxTemplateOwner), Max: MaxTemplateOwner},
		{Name: FieldTplReviewed, Hint: i18n.T(lang, "template.reviewed_hint"), Max: 10},
	}
}

func (s *Store) templateEditView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	t, err := s.Template(r.Context(), web.ScopeOf(r), r.PathValue("templateKey"))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{FieldTplTitle: {t.Title}, FieldTplSummary: {t.Summary}, FieldTplBody: {t.Body},
			FieldTplOwner: {t.Owner}, FieldTplReviewed: {t.ReviewedOn}}
	}
	return web.View{Name: "knowledge_template_edit", TitleKey: "template.edit_title", Form: form, Err: ferr,
		Data: tplEditData{T: t, Fields: tplFields(web.LangOf(r))}}, nil
}

func (s *Store) templateSave(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("templateKey")
	return web.Submit(w, r, s.templateEditView, func() string { return "/modeldocumenten/" + key }, "flash.template_saved", func(f url.Values) error {
		_, err := s.SaveTemplate(r.Context(), web.ScopeOf(r), key, TemplateEdit{Title: f.Get(FieldTplTitle), Summary: f.Get(FieldTplSummary),
			Body: f.Get(FieldTplBody), Owner: f.Get(FieldTplOwner), ReviewedOn: f.Get(FieldTplReviewed)})
		return err
	})
}

func (s *Store) templatePublish(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("templateKey")
	if err := s.Publish(r.Context(), web.ScopeOf(r), key); err != nil {
		return err
	}
	return web.Redirect(w, r, "/modeldocumenten/"+key, "flash.template_published")
}

func (s *Store) templateUnpublish(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("templateKey")
	if err := s.Unpublish(r.Context(), web.ScopeOf(r), key); err != nil {
		return err
	}
	return web.Redirect(w, r, "/modeldocumenten/"+key, "flash.template_unpublished")
}

// sharedData is what a library entry's page shows.
type sharedData struct {
	X      *Shared
	Blocks []Block
}

func (s *Store) libraryPage(w http.ResponseWriter, r *http.Request) error {
	xs, err := s.Library(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "knowledge_library", TitleKey: "template.library_title", Data: xs})
}

func (s *Store) sharedPage(w http.ResponseWriter, r *http.Request) error {
	x, err := s.SharedTemplate(r.Context(), web.ScopeOf(r), r.PathValue("sharedID"))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "knowledge_shared", TitleKey: "template.shared_title", Data: sharedData{X: x, Blocks: Blocks(x.Body)}})
}

func (s *Store) adoptPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Adopt(r.Context(), web.ScopeOf(r), r.PathValue("sharedID"))
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/modeldocumenten/"+t.Key, "flash.template_adopted")
}

// Reviewed is the review date as people in the Netherlands write it.
func (t Template) Reviewed() string { return dutchDate(t.ReviewedOn) }

// Reviewed is the review date as people in the Netherlands write it.
func (x Shared) Reviewed() string { return dutchDate(x.ReviewedOn) }

func dutchDate(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return d.Format("02-01-2006")
}
