package report

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// opsRoutes are deadlines and overdue views, aggression and aftercare, the
// trend dashboard, retention and the meldpunt's settings.
func (s *Store) opsRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /instellingen/meldpunt", Perm: auth.ReportSettings, Handle: s.settingsPage},
		{Pattern: "POST /instellingen/meldpunt", Perm: auth.ReportSettings, Handle: s.settingsPost},
		{Pattern: "GET /meldingen/termijnen", Perm: auth.ReportHandle, Handle: s.overduePage},
		{Pattern: "GET /meldingen/overzicht", Perm: auth.ReportInsight, Handle: s.dashboardPage},
		{Pattern: "GET /meldingen/overzicht/export", Perm: auth.ReportInsight, Handle: s.dashboardExport},
		{Pattern: "GET /meldingen/{reportID}/bewaring", Perm: auth.ReportHandle, Handle: s.retentionPage},
		{Pattern: "GET /meldingen/{incidentID}/agressie", Perm: auth.ReportHandle, Handle: s.incidentPage},
		{Pattern: "POST /meldingen/{incidentID}/agressie", Perm: auth.ReportHandle, Handle: s.incidentPost},
		{Pattern: "POST /meldingen/{incidentID}/nazorg", Perm: auth.ReportHandle, Handle: s.aftercarePost},
		{Pattern: "GET /meldingen/nazorg", Perm: auth.ReportHandle, Handle: s.aftercareOverduePage},
		{Pattern: "GET /meldingen/agressie/jaarverslag", Perm: auth.ReportInsight, Handle: s.yearReportExport},

		{Pattern: "GET /api/v1/instellingen/meldpunt", Perm: auth.ReportSettings, Handle: s.apiSettings,
			Summary: "De instellingen van het meldpunt: termijnen, routering en bewaartermijnen per categorie, werkdagen, drempel voor kleine aantallen, nazorg en organisatienorm"},
		{Pattern: "PUT /api/v1/instellingen/meldpunt", Perm: auth.ReportSettings, Handle: s.apiSaveSettings,
			Summary: "De instellingen van het meldpunt vervangen; alles of niets, met een foutmelding per veld"},
		{Pattern: "GET /api/v1/meldingen-termijnen", Perm: auth.ReportHandle, Handle: s.apiOverdue,
			Summary: "Termijnen (ontvangstbevestiging, triage, terugkoppeling) van meldingen op uw need-to-knowlijst die verlopen zijn of binnen twee werkdagen verlopen; zonder inhoud"},
		{Pattern: "GET /api/v1/meldingen/{incidentID}/agressie", Perm: auth.ReportHandle, Handle: s.apiIncident,
			Summary: "De agressiegegevens van een melding (gedragsband, soort, aangifte met VPT-code, ernst) met de nazorg; alleen voor wie op de need-to-knowlijst staat"},
		{Pattern: "PUT /api/v1/meldingen/{incidentID}/agressie", Perm: auth.ReportHandle, Handle: s.apiSaveIncident,
			Summary: "De agressiegegevens van een melding vastleggen; bij een ernstig incident krijgt de gemeentesecretaris een bericht zonder inhoud"},
		{Pattern: "GET /api/v1/meldingen-nazorg", Perm: auth.ReportHandle, Handle: s.apiOverdueAftercare,
			Summary: "Nazorgstappen na agressie die te laat zijn, van meldingen op uw need-to-knowlijst; zonder inhoud"},
		{Pattern: "GET /api/v1/meldingen-overzicht", Perm: auth.ReportInsight, Handle: s.apiDashboard,
			Summary: "Trends van het meldpunt over twaalf maanden: aantallen per categorie en maand, behandelduur, verlopen termijnen, aandeel anoniem, besluiten; kleine aantallen onderdrukt zonder report.handle"},
	}
}

// opsNav is the navigation of the overviews and settings.
func (s *Store) opsNav() []web.NavItem {
	return []web.NavItem{
		{Key: "report.ops.nav.dashboard", Path: "/meldingen/overzicht", Perm: auth.ReportInsight, Order: 51, Group: "nav.group.report"},
		{Key: "report.ops.nav.overdue", Path: "/meldingen/termijnen", Perm: auth.ReportHandle, Order: 52, Group: "nav.group.report"},
		{Key: "report.ops.nav.aftercare", Path: "/meldingen/nazorg", Perm: auth.ReportHandle, Order: 53, Group: "nav.group.report"},
	}
}

const opsFlash = "flash.report_ops_saved"

// --- settings ---

// settingsForm is one category's fields as the form shows them.
type settingsForm struct {
	Category Category
	Prefix   string
}

func (s *Store) settingsView(r *http.Request, form url.Values, verr error) (web.View, error) {
	st, err := s.Settings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = settingsValues(st)
	}
	var cats []settingsForm
	for _, c := range Categories {
		cats = append(cats, settingsForm{Category: c, Prefix: string(c) + "_"})
	}
	return web.View{Name: "settings_report", TitleKey: "report.ops.settings.title", Form: form, Err: verr, Data: struct {
		Settings   Settings
		Categories []settingsForm
		Roles      []auth.Role
		Bands      []Band
	}{st, cats, ResponsibleRoles, Bands}}, nil
}

func boolValue(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// settingsValues fills the form from stored settings.
func settingsValues(st Settings) url.Values {
	f := url.Values{}
	for _, cs := range st.Categories {
		p := string(cs.Category) + "_"
		f.Set(p+"role", string(cs.ResponsibleRole))
		f.Set(p+"ack_days", strconv.Itoa(cs.AckDays))
		f.Set(p+"ack_working", boolValue(cs.AckWorking))
		f.Set(p+"triage_days", strconv.Itoa(cs.TriageDays))
		f.Set(p+"triage_working", boolValue(cs.TriageWork))
		f.Set(p+"feedback_months", strconv.Itoa(cs.FeedbackMonths))
		f.Set(p+"retention_days", strconv.Itoa(cs.RetentionDays))
		f.Set(p+"drop_retention_days", strconv.Itoa(cs.DropRetentionDays))
	}
	f.Set("good_friday", boolValue(st.Org.Calendar.GoodFriday))
	f.Set("liberation_yearly", boolValue(st.Org.Calendar.LiberationYearly))
	f.Set("small_count", strconv.Itoa(st.Org.SmallCount))
	f.Set("retention_warn_days", strconv.Itoa(st.Org.RetentionWarnDays))
	f.Set("aftercare_hours", strconv.Itoa(st.Org.AftercareHours))
	for _, b := range Bands {
		f.Set("band_"+string(b), st.Org.Bands[b])
	}
	return f
}

// parseSettings reads the form; a number that is not one is reported on
// its field.
func parseSettings(f url.Values) (Settings, error) {
	var errs apperr.List
	num := func(name string) int {
		v := strings.TrimSpace(f.Get(name))
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, apperr.FieldErr(name, "report.ops.settings.err.number"))
			return 0
		}
		return n
	}
	st := Settings{Org: OrgSettings{Bands: map[Band]string{}}}
	for _, c := range Categories {
		p := string(c) + "_"
		st.Categories = append(st.Categories, CategorySettings{Category: c, ResponsibleRole: auth.Role(f.Get(p + "role")),
			AckDays: num(p + "ack_days"), AckWorking: f.Get(p+"ack_working") == "1", TriageDays: num(p + "triage_days"),
			TriageWork: f.Get(p+"triage_working") == "1", FeedbackMonths: num(p + "feedback_months"),
			RetentionDays: num(p + "retention_days"), DropRetentionDays: num(p + "drop_retention_days")})
	}
	st.Org.Calendar = Calendar{GoodFriday: f.Get("good_friday") == "1", LiberationYearly: f.Get("liberation_yearly") == "1"}
	st.Org.SmallCount = num("small_count")
	st.Org.RetentionWarnDays = num("retention_warn_days")
	st.Org.AftercareHours = num("aftercare_hours")
	for _, b := range Bands {
		st.Org.Bands[b] = f.Get("band_" + string(b))
	}
	if len(errs) > 0 {
		if verr := st.Validate(); verr != nil {
			for _, e := range verr.(apperr.List) {
				if !hasField(errs, e.Field) {
					errs = append(errs, e)
				}
			}
		}
		return st, errs
	}
	return st, nil
}

func hasField(errs apperr.List, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

func (s *Store) settingsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.settingsView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) settingsPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	st, err := parseSettings(r.PostForm)
	if err == nil {
		err = s.SaveSettings(r.Context(), web.ScopeOf(r), st)
	}
	if err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.settingsView(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/instellingen/meldpunt", opsFlash)
}

// apiCategory is one category's settings in the API.
type apiCategory struct {
	Categorie               Category `json:"categorie"`
	VerantwoordelijkeRol    string   `json:"verantwoordelijkeRol"`
	OntvangstTermijn        int      `json:"ontvangstTermijn"`
	OntvangstWerkdagen      bool     `json:"ontvangstInWerkdagen"`
	TriageTermijn           int      `json:"triageTermijn"`
	TriageWerkdagen         bool     `json:"triageInWerkdagen"`
	TerugkoppelingMaanden   int      `json:"terugkoppelingMaanden"`
	BewaartermijnDagen      int      `json:"bewaartermijnDagen"`
	BewaartermijnAfgeschaal int      `json:"bewaartermijnAfgeschaaldDagen"`
}

type apiSettings struct {
	Categorieen          []apiCategory   `json:"categorieen"`
	GoedeVrijdagVrij     *bool           `json:"goedeVrijdagVrij"`
	BevrijdingsdagJaarly *bool           `json:"bevrijdingsdagElkJaar"`
	Drempel              *int            `json:"drempelKleineAantallen"`
	WaarschuwingDagen    *int            `json:"waarschuwingVoorVernietigingDagen"`
	NazorgUren           *int            `json:"nazorgContactUren"`
	Organisatienorm      map[Band]string `json:"organisatienorm"`
}

func toAPISettings(st Settings) apiSettings {
	out := apiSettings{Organisatienorm: st.Org.Bands, GoedeVrijdagVrij: &st.Org.Calendar.GoodFriday,
		BevrijdingsdagJaarly: &st.Org.Calendar.LiberationYearly, Drempel: &st.Org.SmallCount,
		WaarschuwingDagen: &st.Org.RetentionWarnDays, NazorgUren: &st.Org.AftercareHours}
	for _, cs := range st.Categories {
		out.Categorieen = append(out.Categorieen, apiCategory{cs.Category, string(cs.ResponsibleRole), cs.AckDays, cs.AckWorking,
			cs.TriageDays, cs.TriageWork, cs.FeedbackMonths, cs.RetentionDays, cs.DropRetentionDays})
	}
	return out
}

func (s *Store) apiSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.Settings(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, toAPISettings(st))
}

func (s *Store) apiSaveSettings(w http.ResponseWriter, r *http.Request) error {
	var in apiSettings
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	var errs apperr.List
	for name, v := range map[string]bool{"good_friday": in.GoedeVrijdagVrij == nil, "liberation_yearly": in.BevrijdingsdagJaarly == nil,
		"small_count": in.Drempel == nil, "retention_warn_days": in.WaarschuwingDagen == nil, "aftercare_hours": in.NazorgUren == nil} {
		if v {
			errs = append(errs, apperr.FieldErr(name, "field.required"))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	st := Settings{Org: OrgSettings{Calendar: Calendar{GoodFriday: *in.GoedeVrijdagVrij, LiberationYearly: *in.BevrijdingsdagJaarly},
		SmallCount: *in.Drempel, RetentionWarnDays: *in.WaarschuwingDagen, AftercareHours: *in.NazorgUren, Bands: map[Band]string{}}}
	for b, t := range in.Organisatienorm {
		if !b.Valid() {
			return apperr.FieldErr("organisatienorm", "report.ops.settings.err.band")
		}
		st.Org.Bands[b] = t
	}
	for _, c := range in.Categorieen {
		st.Categories = append(st.Categories, CategorySettings{Category: c.Categorie, ResponsibleRole: auth.Role(c.VerantwoordelijkeRol),
			AckDays: c.OntvangstTermijn, AckWorking: c.OntvangstWerkdagen, TriageDays: c.TriageTermijn, TriageWork: c.TriageWerkdagen,
			FeedbackMonths: c.TerugkoppelingMaanden, RetentionDays: c.BewaartermijnDagen, DropRetentionDays: c.BewaartermijnAfgeschaal})
	}
	sc := web.ScopeOf(r)
	if err := s.SaveSettings(r.Context(), sc, st); err != nil {
		return err
	}
	return s.apiSettings(w, r)
}

// --- overdue ---

func (s *Store) overduePage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Overdue(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "overdue_report", TitleKey: "report.ops.overdue.title", Data: struct{ Items []DueItem }{items}})
}

func (s *Store) apiOverdue(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Overdue(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	if items == nil {
		items = []DueItem{}
	}
	return web.JSON(w, http.StatusOK, struct {
		Items []DueItem `json:"items"`
	}{items})
}

// --- retention ---

func (s *Store) retentionPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.Retained(r.Context(), web.ScopeOf(r), r.PathValue("reportID"))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "retention_report", TitleKey: "report.ops.retention.title", Data: t})
}
