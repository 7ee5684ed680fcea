package bibob

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/web"
)

// ivFlash is shown after every successful change of the register.
const ivFlash = "flash.bibob_iv_saved"

// ivForm turns a posted form into an input.
func ivForm(f url.Values) InterventionInput {
	return InterventionInput{Kind: f.Get("kind"), OccurredOn: f.Get("occurred_on"), LegalBasis: f.Get("legal_basis"),
		ObjectAddress: f.Get("object_address"), BusinessName: f.Get("business_name"), Outcome: f.Get("outcome"),
		ScreeningRef: f.Get("screening_ref"), Note: f.Get("note")}
}

// interventionsData is the register with its filters and the form.
type interventionsData struct {
	List       []Intervention
	Next       string // query of the next page, "" at the end
	Kind       string
	Year       string
	Kinds      []string
	Bases      []string
	Delegated  bool
	ZaakActive bool
}

func (s *Store) interventionsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	q := r.URL.Query()
	f := InterventionFilter{Kind: q.Get("soort"), Cursor: q.Get("cursor"), Limit: 100}
	if y := q.Get("jaar"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1990 || n > 2200 {
			return web.View{}, apperr.List{apperr.FieldErr("jaar", "bibob.iv.year_invalid", 2200)}
		}
		f.Year = n
	}
	list, next, err := s.Interventions(r.Context(), sc, f)
	if err != nil {
		return web.View{}, err
	}
	d := interventionsData{List: list, Kind: f.Kind, Year: q.Get("jaar"), Kinds: InterventionKinds, Bases: LegalBases, Delegated: sc.Delegated != nil}
	if next != "" {
		nq := url.Values{"cursor": {next}}
		if f.Kind != "" {
			nq.Set("soort", f.Kind)
		}
		if d.Year != "" {
			nq.Set("jaar", d.Year)
		}
		d.Next = nq.Encode()
	}
	if form == nil {
		form = url.Values{"occurred_on": {s.ivToday()}}
	}
	return web.View{Name: "intervention_list", TitleKey: "bibob.iv.title", Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) interventionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.interventionsView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

// ivSubmit parses a posted form and runs do, which returns where the
// browser goes on success; on an input error the page is shown again with
// the errors next to the fields and nothing written.
func ivSubmit(w http.ResponseWriter, r *http.Request, view func(*http.Request, url.Values, error) (web.View, error), do func(url.Values) (string, error)) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	to, err := do(r.PostForm)
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := view(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		v.Status = http.StatusUnprocessableEntity
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, to, ivFlash)
}

func (s *Store) interventionsPost(w http.ResponseWriter, r *http.Request) error {
	return ivSubmit(w, r, s.interventionsView, func(f url.Values) (string, error) {
		id, err := s.AddIntervention(r.Context(), web.ScopeOf(r), ivForm(f))
		return "/bibob/interventies/" + id, err
	})
}

// interventionData is one intervention with the edit form.
type interventionData struct {
	X      *Intervention
	Kinds  []string
	Bases  []string
	ZaakOn bool
}

func (s *Store) interventionView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	x, err := s.Intervention(r.Context(), sc, r.PathValue("interventionID"))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"kind": {x.Kind}, "occurred_on": {x.OccurredOn}, "legal_basis": {x.LegalBasis}, "object_address": {x.ObjectAddress},
			"business_name": {x.BusinessName}, "outcome": {x.Outcome}, "screening_ref": {x.ScreeningRef}, "note": {x.Note}}
	}
	zs, _, _, err := s.zaakSettings(r.Context(), sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "intervention", TitleKey: "bibob.iv.detail_title", Form: form, Err: ferr,
		Data: interventionData{X: x, Kinds: InterventionKinds, Bases: LegalBases, ZaakOn: zs.Enabled}}, nil
}

func (s *Store) interventionPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.interventionView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) interventionPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("interventionID")
	return ivSubmit(w, r, s.interventionView, func(f url.Values) (string, error) {
		return "/bibob/interventies/" + id, s.UpdateIntervention(r.Context(), web.ScopeOf(r), id, ivForm(f), f.Get("reason"))
	})
}

func (s *Store) interventionZaakPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("interventionID")
	if _, err := s.RegisterInterventionZaak(r.Context(), web.ScopeOf(r), id); err != nil {
		return err
	}
	return web.Redirect(w, r, "/bibob/interventies/"+id, "flash.bibob_zaak_created")
}

// figuresData is the year × type table with its range form.
type figuresData struct {
	F     *Figures
	Query string // van/tot of the table, for the export links
}

func (s *Store) figures(r *http.Request) (*Figures, error) {
	sc := web.ScopeOf(r)
	q := r.URL.Query()
	from, to, err := s.FigureYears(r.Context(), sc, strings.TrimSpace(q.Get("van")), strings.TrimSpace(q.Get("tot")))
	if err != nil {
		return nil, err
	}
	return s.Figures(r.Context(), sc, from, to)
}

func (s *Store) figuresPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.figures(r)
	if err == nil {
		form := url.Values{"van": {strconv.Itoa(f.From)}, "tot": {strconv.Itoa(f.To)}}
		return web.Render(w, r, web.View{Name: "intervention_figures", TitleKey: "bibob.iv.figures.title", Form: form,
			Data: figuresData{F: f, Query: form.Encode()}})
	}
	if !web.IsInputError(err) {
		return err
	}
	// A bad range shows the errors next to the fields and the last five
	// years meanwhile.
	this := s.clk.Now().In(clock.Amsterdam).Year()
	f, ferr := s.Figures(r.Context(), web.ScopeOf(r), this-4, this)
	if ferr != nil {
		return ferr
	}
	return web.Render(w, r, web.View{Name: "intervention_figures", TitleKey: "bibob.iv.figures.title", Form: r.URL.Query(), Err: err,
		Status: http.StatusUnprocessableEntity, Data: figuresData{F: f}})
}

func (s *Store) figuresExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	format := strings.ToLower(r.URL.Query().Get("formaat"))
	if format != export.XLSX && format != export.PDF && format != export.CSV {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	f, err := s.figures(r)
	if err != nil {
		return err
	}
	if err := s.audit.Record(r.Context(), s.db.Write, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: area + ".intervention.figures_export", ObjectType: "intervention_figures", ObjectID: format, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return err
	}
	return export.Serve(w, format, "interventies-"+sc.OrgSlug+"-"+strconv.Itoa(f.From)+"-"+strconv.Itoa(f.To), s.FiguresDocument(sc, f, web.LangOf(r)))
}

func (s *Store) ivImportPage(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, web.View{Name: "intervention_import", TitleKey: "bibob.iv.import.title", Data: web.ImportData{}})
}

// ivImportPost checks or imports a file; nothing of the file is kept.
func (s *Store) ivImportPost(w http.ResponseWriter, r *http.Request) error {
	return web.ServeImport(w, r, web.View{Name: "intervention_import", TitleKey: "bibob.iv.import.title"}, ivImportMaxBody,
		web.Importer(s.ImportInterventions), func(dryRun bool) any { return &InterventionImport{DryRun: dryRun} })
}

// regionalOrg is one organisation that lent its Bibob work to the user.
type regionalOrg struct {
	OrgID, OrgName string
	Current        bool
}

// regionalPage lists the organisations that delegated "bibob" to the
// signed-in user, each with a button to switch to it.
func (s *Store) regionalPage(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	var orgs []regionalOrg
	if s.iv.members != nil {
		ms, err := s.iv.members.Memberships(r.Context(), sc.UserID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			for _, c := range m.Delegated {
				if c == "bibob" {
					orgs = append(orgs, regionalOrg{OrgID: m.OrgID, OrgName: m.OrgName, Current: m.OrgID == sc.OrgID})
				}
			}
		}
	}
	return web.Render(w, r, web.View{Name: "intervention_regional", TitleKey: "bibob.iv.regional.title", Data: orgs})
}
