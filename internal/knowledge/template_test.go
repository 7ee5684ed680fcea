package knowledge_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// privacyText is Voorbeeldstad's own privacy protocol, typed with a
// Windows line end and a blank line too many.
func privacyText(version string) url.Values {
	return url.Values{
		"tpl_title":       {"Privacyprotocol Voorbeeldstad"},
		"tpl_summary":     {"Hoe wij   binnen Voorbeeldstad signalen delen."},
		"tpl_body":        {"# Doel\r\nSignalen delen we alleen met een doel.\n\n\n# Stappen\n1. Meld bij de coördinator.\n2. De coördinator besluit.\n- bedragen < € 50.000 mogen per mail\n\n" + version},
		"tpl_owner":       {"Coördinator weerbaarheid"},
		"tpl_reviewed_on": {"2026-02-15"},
	}
}

// tplTrail lists the audit actions about templates of one organisation,
// newest first, with the note.
func tplTrail(t *testing.T, h *apptest.Harness, org *auth.Organisation) []string {
	t.Helper()
	entries, _, err := h.App.Audit.List(h.Ctx, audit.Filter{OrgID: org.ID, ObjectType: "knowledge_template"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSpace(e.Action+" "+e.ObjectID+" "+e.Purpose))
	}
	return out
}

type sharedAPI struct {
	ID          string `json:"id"`
	Titel       string `json:"titel"`
	Tekst       string `json:"tekst"`
	Versie      int    `json:"versie"`
	Organisatie string `json:"organisatie"`
}

type templateAPI struct {
	Sleutel      string `json:"sleutel"`
	Titel        string `json:"titel"`
	Tekst        string `json:"tekst"`
	Versie       int    `json:"versie"`
	EigenTekst   bool   `json:"eigenTekst"`
	AfkomstigVan *struct {
		Organisatie string `json:"organisatie"`
		Versie      int    `json:"versie"`
	} `json:"afkomstigVan"`
	NieuwereVersie int `json:"nieuwereVersie"`
}

func library(t *testing.T, h *apptest.Harness, token string) []sharedAPI {
	t.Helper()
	res := h.API(token, http.MethodGet, "/api/v1/gedeelde-modeldocumenten", nil)
	wantStatus(t, "library API", res, http.StatusOK)
	return apptest.Decode[struct {
		Items []sharedAPI `json:"resultaten"`
	}](t, res).Items
}

func TestShippedTemplates(t *testing.T) {
	ts := knowledge.ShippedTemplates()
	var keys []string
	for _, tp := range ts {
		keys = append(keys, tp.Key)
		words := len(strings.Fields(tp.Body))
		// About one A4 each: enough to be of use, short enough to read.
		if words < 300 || words > 650 {
			t.Errorf("%s: %d words, want about one A4", tp.Key, words)
		}
		headings := 0
		for _, b := range knowledge.Blocks(tp.Body) {
			if b.Kind == knowledge.Heading {
				headings++
			}
		}
		if headings < 4 || tp.Summary == "" || tp.Owner == "" || tp.Version != 1 || !tp.Kind.Valid() {
			t.Errorf("%s: %d headings, summary %q, owner %q, version %d, kind %q", tp.Key, headings, tp.Summary, tp.Owner, tp.Version, tp.Kind)
		}
		if len(tp.Body) > knowledge.MaxTemplateBody || len(tp.Title) > knowledge.MaxTemplateTitle || len(tp.Summary) > knowledge.MaxTemplateSummary {
			t.Errorf("%s is beyond the editor's limits", tp.Key)
		}
	}
	if want := []string{"privacyprotocol", "vpt-bestuurders", "organisatienorm", "loo-reglement"}; !slices.Equal(keys, want) {
		t.Errorf("shipped %v, want %v", keys, want)
	}
}

func TestBlocks(t *testing.T) {
	got := knowledge.Blocks("Inleiding\nloopt door.\n# Kop\n## Tussenkop\n- een\n* twee\n1. eerst\n2) dan\n\nSlot")
	want := []knowledge.Block{
		{Kind: knowledge.Paragraph, Text: "Inleiding loopt door."},
		{Kind: knowledge.Heading, Level: 1, Text: "Kop"},
		{Kind: knowledge.Heading, Level: 2, Text: "Tussenkop"},
		{Kind: knowledge.BulletList, Items: []string{"een", "twee"}},
		{Kind: knowledge.NumberList, Items: []string{"eerst", "dan"}},
		{Kind: knowledge.Paragraph, Text: "Slot"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d blocks: %+v", len(got), got)
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || got[i].Level != want[i].Level || got[i].Text != want[i].Text || !slices.Equal(got[i].Items, want[i].Items) {
			t.Errorf("block %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestPublishAndAdopt walks the sharing: Voorbeeldstad's coordinator
// rewrites the privacy protocol and publishes it; Buurdorp's coordinator
// sees only the published version, adopts it, is told of a newer version
// and takes that over; withdrawing leaves Buurdorp's copy alone.
func TestPublishAndAdopt(t *testing.T) {
	o := newOffice(t)
	h := o.h
	coord, ncoord, nemp := h.Login(o.coord), h.Login(o.neighbourCoord), h.Login(o.neighbourEmp)
	nToken := h.Token(o.neighbour, o.neighbourCoord)
	shipped := knowledge.ShippedTemplates()[0]

	list := coord.Get("/modeldocumenten")
	wantStatus(t, "list", list, http.StatusOK)
	for _, tp := range knowledge.ShippedTemplates() {
		if !shows(list, tp.Title) {
			t.Errorf("list lacks %q", tp.Title)
		}
	}
	page := coord.Get("/modeldocumenten/privacyprotocol")
	if !strings.Contains(page.Body.String(), "<h2>Doel</h2>") || !shows(page, "standaardtekst van Weerbaar") || !shows(page, "Pas het document eerst aan") {
		t.Error("the shipped protocol is not shown as the standard text with its headings")
	}

	res := coord.PostForm("/modeldocumenten/privacyprotocol", privacyText("Versie twee."))
	wantStatus(t, "save", res, http.StatusSeeOther)
	page = coord.Get("/modeldocumenten/privacyprotocol")
	body := page.Body.String()
	for _, want := range []string{"Privacyprotocol Voorbeeldstad", "Hoe wij binnen Voorbeeldstad signalen delen.", "<h2>Stappen</h2>",
		"<ol><li>Meld bij de coördinator.</li><li>De coördinator besluit.</li></ol>", "<li>bedragen &lt; € 50.000 mogen per mail</li>",
		"<dd>2</dd>", "15-02-2026", "niet gepubliceerd"} {
		if !strings.Contains(body, want) {
			t.Errorf("own protocol does not show %q", want)
		}
	}

	t.Run("a draft never crosses", func(t *testing.T) {
		if lib := ncoord.Get("/gedeelde-modeldocumenten"); shows(lib, "Privacyprotocol Voorbeeldstad") || !shows(lib, "nog geen documenten gepubliceerd") {
			t.Error("the neighbour's library shows an unpublished document")
		}
		if items := library(t, h, nToken); len(items) != 0 {
			t.Errorf("the library API gives drafts: %+v", items)
		}
		own := ncoord.Get("/modeldocumenten/privacyprotocol")
		if shows(own, "Voorbeeldstad") || !shows(own, shipped.Title) {
			t.Error("the neighbour's privacy protocol is not its own standard text")
		}
	})

	wantStatus(t, "publish", coord.PostForm("/modeldocumenten/privacyprotocol/publiceren", nil), http.StatusSeeOther)
	if page := coord.Get("/modeldocumenten/privacyprotocol"); !shows(page, "versie 2 gepubliceerd op") {
		t.Error("the owner is not told the document is published")
	}
	// A later edit is a draft again: the library keeps version 2.
	wantStatus(t, "edit after publishing", coord.PostForm("/modeldocumenten/privacyprotocol", privacyText("Concept van versie drie.")), http.StatusSeeOther)
	if page := coord.Get("/modeldocumenten/privacyprotocol"); !shows(page, "Versie 3 publiceren") {
		t.Error("the owner is not offered to publish the new version")
	}

	var sharedID string
	t.Run("the neighbour sees the published version only", func(t *testing.T) {
		items := library(t, h, nToken)
		if len(items) != 1 || items[0].Versie != 2 || items[0].Organisatie != "Gemeente voorbeeldstad" || strings.Contains(items[0].Tekst, "Concept") {
			t.Fatalf("library %+v", items)
		}
		sharedID = items[0].ID
		lib := nemp.Get("/gedeelde-modeldocumenten")
		if !shows(lib, "Privacyprotocol Voorbeeldstad") || !shows(lib, "Gemeente voorbeeldstad") {
			t.Error("the library page does not list the published protocol")
		}
		page := ncoord.Get("/gedeelde-modeldocumenten/" + sharedID)
		if !shows(page, "Versie twee.") || shows(page, "Concept van versie drie.") || !shows(page, "Overnemen in mijn organisatie") {
			t.Error("the shared page does not show version 2 with the adopt button")
		}
		if shows(nemp.Get("/gedeelde-modeldocumenten/"+sharedID), "Overnemen in mijn organisatie") {
			t.Error("an employee is offered to adopt")
		}
	})

	res = ncoord.PostForm("/gedeelde-modeldocumenten/"+sharedID+"/overnemen", nil)
	wantStatus(t, "adopt", res, http.StatusSeeOther)
	copyPath := "/modeldocumenten/privacyprotocol-gemeente-voorbeeldstad"
	if loc := res.Header().Get("Location"); loc != copyPath+"?ok=flash.template_adopted" {
		t.Fatalf("adopted, then sent to %q", loc)
	}
	t.Run("the copy says where it came from", func(t *testing.T) {
		page := nemp.Get(copyPath)
		wantStatus(t, "copy", page, http.StatusOK)
		if !shows(page, "afkomstig van Gemeente voorbeeldstad, versie 2") || !shows(page, "Versie twee.") || shows(page, "Nieuwere versie") {
			t.Error("the copy does not show its source and version")
		}
		// Buurdorp's own privacy protocol is still the standard one.
		if !shows(nemp.Get("/modeldocumenten/privacyprotocol"), shipped.Title) {
			t.Error("adopting overwrote the neighbour's own protocol")
		}
	})

	wantStatus(t, "publish version 3", coord.PostForm("/modeldocumenten/privacyprotocol/publiceren", nil), http.StatusSeeOther)
	t.Run("a newer version is announced on the copy", func(t *testing.T) {
		if page := nemp.Get(copyPath); !shows(page, "Nieuwere versie beschikbaar.") || !shows(page, "heeft versie 3 gepubliceerd; uw kopie is gebaseerd op versie 2") {
			t.Error("the copy does not announce version 3")
		}
		if list := nemp.Get("/modeldocumenten"); !shows(list, "nieuwere versie beschikbaar: versie 3") {
			t.Error("the list does not announce version 3")
		}
		res := h.API(nToken, http.MethodGet, "/api/v1/modeldocumenten/privacyprotocol-gemeente-voorbeeldstad", nil)
		wantStatus(t, "copy API", res, http.StatusOK)
		c := apptest.Decode[templateAPI](t, res)
		if c.Versie != 2 || c.NieuwereVersie != 3 || c.AfkomstigVan == nil || c.AfkomstigVan.Organisatie != "Gemeente voorbeeldstad" || c.AfkomstigVan.Versie != 2 {
			t.Errorf("copy in the API: %+v", c)
		}
	})
	wantStatus(t, "adopt version 3", ncoord.PostForm("/gedeelde-modeldocumenten/"+sharedID+"/overnemen", nil), http.StatusSeeOther)
	if page := nemp.Get(copyPath); !shows(page, "Concept van versie drie.") || shows(page, "Nieuwere versie beschikbaar.") || !shows(page, "afkomstig van Gemeente voorbeeldstad, versie 3") {
		t.Error("adopting again did not bring version 3")
	}

	t.Run("adopting one's own publication is refused", func(t *testing.T) {
		wantStatus(t, "own adopt", coord.PostForm("/gedeelde-modeldocumenten/"+sharedID+"/overnemen", nil), http.StatusConflict)
	})

	wantStatus(t, "unpublish", coord.PostForm("/modeldocumenten/privacyprotocol/intrekken", nil), http.StatusSeeOther)
	t.Run("withdrawn, the copy stays", func(t *testing.T) {
		if items := library(t, h, nToken); len(items) != 0 {
			t.Errorf("library after withdrawing: %+v", items)
		}
		wantStatus(t, "withdrawn page", ncoord.Get("/gedeelde-modeldocumenten/"+sharedID), http.StatusNotFound)
		wantStatus(t, "withdrawn adopt", ncoord.PostForm("/gedeelde-modeldocumenten/"+sharedID+"/overnemen", nil), http.StatusNotFound)
		if page := nemp.Get(copyPath); !shows(page, "Concept van versie drie.") {
			t.Error("the neighbour's copy went with the withdrawal")
		}
	})

	t.Run("every step is audited in its own organisation", func(t *testing.T) {
		want := []string{
			"knowledge.template.unpublish privacyprotocol",
			"knowledge.template.publish privacyprotocol versie 3",
			"knowledge.template.update privacyprotocol",
			"knowledge.template.publish privacyprotocol versie 2",
			"knowledge.template.update privacyprotocol",
		}
		if got := tplTrail(t, h, o.org); !slices.Equal(got, want) {
			t.Errorf("Voorbeeldstad's trail %q", got)
		}
		want = []string{
			"knowledge.template.adopt privacyprotocol-gemeente-voorbeeldstad versie 3 van Gemeente voorbeeldstad",
			"knowledge.template.adopt privacyprotocol-gemeente-voorbeeldstad versie 2 van Gemeente voorbeeldstad",
		}
		if got := tplTrail(t, h, o.neighbour); !slices.Equal(got, want) {
			t.Errorf("Buurdorp's trail %q", got)
		}
	})
}

func TestTemplateBadInputChangesNothing(t *testing.T) {
	o := newOffice(t)
	h := o.h
	coord := h.Login(o.coord)
	form := privacyText("")
	form.Set("tpl_title", "  ")
	form.Set("tpl_body", "Zie <a href=\"https://example.org\">hier</a>")
	form.Set("tpl_reviewed_on", "2026-12-31")
	form.Set("tpl_owner", strings.Repeat("x", knowledge.MaxTemplateOwner+1))
	res := coord.PostForm("/modeldocumenten/privacyprotocol", form)
	wantStatus(t, "bad save", res, http.StatusUnprocessableEntity)
	for _, want := range []string{"Titel: Vul dit veld in.", "Tekst: Gebruik gewone tekst, zonder HTML-codes",
		"Laatst beoordeeld op: Deze datum ligt in de toekomst", "Eigenaar: Deze tekst is te lang: hoogstens 120 tekens."} {
		if !shows(res, want) {
			t.Errorf("the form does not say %q", want)
		}
	}
	if !shows(res, "Zie <a href=\"https://example.org\">hier</a>") {
		t.Error("the typed text is not shown again")
	}
	form = privacyText("")
	form.Set("tpl_reviewed_on", "15-02-2026")
	if res := coord.PostForm("/modeldocumenten/privacyprotocol", form); !shows(res, "Vul een datum in als jjjj-mm-dd") {
		t.Error("a Dutch-written date is not explained")
	}
	var n int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT COUNT(*) FROM knowledge_templates`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 || len(tplTrail(t, h, o.org)) != 0 {
		t.Errorf("refused input wrote %d templates and %v", n, tplTrail(t, h, o.org))
	}
	wantStatus(t, "unknown", coord.Get("/modeldocumenten/bestaat-niet"), http.StatusNotFound)
	wantStatus(t, "publish unchanged", coord.PostForm("/modeldocumenten/organisatienorm/publiceren", nil), http.StatusConflict)
	if res := coord.Get("/modeldocumenten/privacyprotocol/export?formaat=docx"); res.Code < 400 || res.Code >= 500 {
		t.Errorf("unknown format: %d", res.Code)
	}
}

func TestOnlyCoordinatorsChangeTemplates(t *testing.T) {
	o := newOffice(t)
	h := o.h
	if _, err := knowledge.NewStore(h.App.DB, h.Clock, h.App.Audit).SaveTemplate(h.Ctx, h.Scope(o.neighbour, o.neighbourCoord), "organisatienorm",
		knowledge.TemplateEdit{Title: "Norm Buurdorp", Body: "# Norm\nTekst.", Owner: "Coördinator", ReviewedOn: "2026-01-10"}); err != nil {
		t.Fatal(err)
	}
	st := knowledge.NewStore(h.App.DB, h.Clock, h.App.Audit)
	if err := st.Publish(h.Ctx, h.Scope(o.neighbour, o.neighbourCoord), "organisatienorm"); err != nil {
		t.Fatal(err)
	}
	lib, err := st.Library(h.Ctx, h.Scope(o.org, o.emp))
	if err != nil || len(lib) != 1 {
		t.Fatalf("library %v, %v", lib, err)
	}
	for name, c := range map[string]*apptest.Client{"employee": h.Login(o.emp), "team lead": h.Login(o.lead)} {
		wantStatus(t, name+" reads", c.Get("/modeldocumenten/privacyprotocol"), http.StatusOK)
		wantStatus(t, name+" reads the library", c.Get("/gedeelde-modeldocumenten/"+lib[0].ID), http.StatusOK)
		wantStatus(t, name+" opens the editor", c.Get("/modeldocumenten/privacyprotocol/bewerken"), http.StatusForbidden)
		wantStatus(t, name+" saves", c.PostForm("/modeldocumenten/privacyprotocol", privacyText("")), http.StatusForbidden)
		wantStatus(t, name+" publishes", c.PostForm("/modeldocumenten/privacyprotocol/publiceren", nil), http.StatusForbidden)
		wantStatus(t, name+" adopts", c.PostForm("/gedeelde-modeldocumenten/"+lib[0].ID+"/overnemen", nil), http.StatusForbidden)
		if shows(c.Get("/modeldocumenten/privacyprotocol"), "Document bewerken") {
			t.Errorf("%s is offered the editor", name)
		}
	}
	// A coordinator withdraws only the own organisation's publication.
	wantStatus(t, "withdraw own", h.Login(o.coord).PostForm("/modeldocumenten/organisatienorm/intrekken", nil), http.StatusSeeOther)
	if lib, _ := st.Library(h.Ctx, h.Scope(o.org, o.emp)); len(lib) != 1 {
		t.Error("a coordinator withdrew another organisation's publication")
	}
	if got := tplTrail(t, h, o.org); len(got) != 0 {
		t.Errorf("refused attempts changed the audit trail: %v", got)
	}
}

func TestTemplateExports(t *testing.T) {
	o := newOffice(t)
	h := o.h
	coord := h.Login(o.coord)
	wantStatus(t, "save", coord.PostForm("/modeldocumenten/privacyprotocol", privacyText("Slotzin.")), http.StatusSeeOther)
	emp := h.Login(o.emp)

	pdf := emp.Get("/modeldocumenten/privacyprotocol/export?formaat=pdf")
	wantStatus(t, "pdf", pdf, http.StatusOK)
	if ct := pdf.Header().Get("Content-Type"); ct != "application/pdf" || !strings.HasPrefix(pdf.Body.String(), "%PDF-") {
		t.Errorf("pdf: %q", ct)
	}
	if cd := pdf.Header().Get("Content-Disposition"); !strings.Contains(cd, "privacyprotocol-versie-2.pdf") {
		t.Errorf("pdf file name %q", cd)
	}

	md := emp.Get("/modeldocumenten/privacyprotocol/export?formaat=markdown")
	wantStatus(t, "markdown", md, http.StatusOK)
	want := "# Privacyprotocol Voorbeeldstad\n\nHoe wij binnen Voorbeeldstad signalen delen.\n\n" +
		"- Organisatie: Gemeente voorbeeldstad\n- Soort: Protocol\n- Versie: 2\n- Laatst beoordeeld: 15-02-2026\n- Eigenaar: Coördinator weerbaarheid\n\n" +
		"## Doel\n\nSignalen delen we alleen met een doel.\n\n## Stappen\n\n1. Meld bij de coördinator.\n2. De coördinator besluit.\n\n" +
		"- bedragen < € 50.000 mogen per mail\n\nSlotzin.\n"
	if got := md.Body.String(); got != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, want)
	}
	if ct := md.Header().Get("Content-Type"); ct != "text/markdown; charset=utf-8" {
		t.Errorf("markdown content type %q", ct)
	}

	// The PDF layout: the particulars, then one table per section.
	d := knowledge.PDFDocument(knowledge.ShippedTemplates()[2], "Gemeente X", h.Clock.Now(), "nl")
	if len(d.Tables) != 9 || d.Tables[1].Columns[0] != "Waarvoor dient deze norm" || d.Tables[2].Rows[0][0] != "• Het college heeft een vastgesteld plan van aanpak ondermijning, met doelen voor ten minste twee jaar." {
		t.Errorf("pdf layout: %d tables, %v", len(d.Tables), d.Tables[1].Columns)
	}
}
