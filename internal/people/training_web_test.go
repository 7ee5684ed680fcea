package people_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// webOrg is organisation A in the full application (clock on 2 March
// 2026): teams Klant and Handhaving, a teamleider of Klant, HR, an
// employee, and B's HR.
type webOrg struct {
	h                  *apptest.Harness
	a, b               *auth.Organisation
	hr, lead, emp, hrB *auth.User
	klant, handhav     string
	anna, daan         string
}

func (o *webOrg) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := o.h.App.DB.Write.ExecContext(o.h.Ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func newWebOrg(t *testing.T) *webOrg {
	h := apptest.New(t)
	o := &webOrg{h: h, a: h.Org("voorbeeldstad"), b: h.Org("buurdorp")}
	o.hr = h.User(o.a, "hr", auth.HR)
	o.lead = h.User(o.a, "teamleider", auth.TeamLead)
	o.emp = h.User(o.a, "medewerker", auth.Employee)
	o.hrB = h.User(o.b, "hr", auth.HR)
	o.klant, o.handhav = store.NewID(), store.NewID()
	o.exec(t, `INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Klantcontactcentrum', 0, 0), ($3, $2, 'Handhaving', 0, 0)`, o.klant, o.a.ID, o.handhav)
	o.exec(t, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, o.a.ID, o.lead.ID, o.klant)
	o.anna, o.daan = store.NewID(), store.NewID()
	// Anna: client contact since January 2025, never trained → overdue
	// since January 2026. Daan: Handhaving, no client contact.
	o.exec(t, `INSERT INTO employees (id, org_id, number, name, team_id, start_date, client_contact, created_at, updated_at)
		VALUES ($1, $2, '1001', 'Anna Klant', $3, '2025-01-15', TRUE, 0, 0), ($4, $2, '2001', 'Daan Handhaver', $5, '2010-01-01', FALSE, 0, 0)`,
		o.anna, o.a.ID, o.klant, o.daan, o.handhav)
	return o
}

func uploadAttendance(t *testing.T, c *apptest.Client, name, content, mode string) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write([]byte(content))
	_ = mw.WriteField("mode", mode)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/mensen/training/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func TestHRImportsAttendanceAndTheHeatmapUpdates(t *testing.T) {
	o := newWebOrg(t)
	hr := o.h.Login(o.hr)
	res := hr.Get("/mensen/training")
	page := res.Body.String()
	if res.Code != http.StatusOK || !strings.Contains(page, "<svg") || !strings.Contains(page, "Klantcontactcentrum, Omgaan met agressie: 0% op orde (0 van 1), 1 achterstallig") {
		t.Fatalf("overview before the import: %d\n%s", res.Code, page)
	}
	count := func() int {
		var n int
		_ = o.h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM training_attendance`).Scan(&n)
		return n
	}
	bad := "personeelsnummer;training;datum\n1001;AGRESSIE;2026-02-20\n1002;AGRESSIE;2026-02-20\n"
	res = uploadAttendance(t, hr, "deelnames.csv", bad, "import")
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Er is geen medewerker met personeelsnummer &#39;1002&#39;") ||
		!strings.Contains(res.Body.String(), "<td>3</td><td>personeelsnummer</td>") {
		t.Fatalf("bad file: %d\n%s", res.Code, res.Body.String())
	}
	if count() != 0 {
		t.Fatal("a file with a bad row wrote attendance")
	}
	good := "personeelsnummer;training;datum\n1001;AGRESSIE;20-02-2026\n"
	res = uploadAttendance(t, hr, "deelnames.csv", good, "check")
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "data-import-checked") || count() != 0 {
		t.Fatalf("check: %d, %d rows\n%s", res.Code, count(), res.Body.String())
	}
	res = uploadAttendance(t, hr, "deelnames.csv", good, "import")
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "data-import-done") || count() != 1 {
		t.Fatalf("import: %d, %d rows\n%s", res.Code, count(), res.Body.String())
	}
	page = hr.Get("/mensen/training").Body.String()
	if !strings.Contains(page, "Klantcontactcentrum, Omgaan met agressie: 100% op orde (1 van 1), 0 achterstallig") {
		t.Fatalf("the heatmap did not update:\n%s", page)
	}
	// The export is served and audited.
	res = hr.Get("/mensen/training/export?formaat=xlsx")
	if res.Code != http.StatusOK || !strings.Contains(res.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
}

func TestTrainingPagesFollowTeamScope(t *testing.T) {
	o := newWebOrg(t)
	lead := o.h.Login(o.lead)
	page := lead.Get("/mensen/training").Body.String()
	if !strings.Contains(page, "Anna Klant") || strings.Contains(page, "Handhaving") || strings.Contains(page, "Daan") {
		t.Fatalf("teamleider of Klantcontactcentrum sees:\n%s", page)
	}
	if res := lead.Get("/mensen/training/personen/" + o.daan); res.Code != http.StatusNotFound {
		t.Fatalf("teamleider opens someone of another team: %d", res.Code)
	}
	if res := lead.Get("/mensen/training/personen/" + o.anna); res.Code != http.StatusOK {
		t.Fatalf("teamleider opens own team member: %d", res.Code)
	}
	hr := o.h.Login(o.hr)
	page = hr.Get("/mensen/training").Body.String()
	if !strings.Contains(page, "Handhaving") || !strings.Contains(page, "Klantcontactcentrum") {
		t.Fatal("HR does not see all teams")
	}
	if res := o.h.Login(o.emp).Get("/mensen/training"); res.Code != http.StatusForbidden {
		t.Fatalf("employee opens the overview: %d", res.Code)
	}
	if res := o.h.Login(o.hrB).Get("/mensen/training/personen/" + o.anna); res.Code != http.StatusNotFound || strings.Contains(res.Body.String(), "Anna") {
		t.Fatalf("B's HR opens A's employee: %d", res.Code)
	}
	// The API follows the same scope.
	tok := o.h.Token(o.a, o.lead)
	res := o.h.API(tok, http.MethodGet, "/api/v1/trainingsoverzicht", nil)
	if res.Code != http.StatusOK || strings.Contains(res.Body.String(), "Daan") || !strings.Contains(res.Body.String(), "Anna Klant") {
		t.Fatalf("API overview for the teamleider: %d %s", res.Code, res.Body.String())
	}
	res = o.h.API(o.h.Token(o.b, o.hrB), http.MethodGet, "/api/v1/trainingsplichten/"+o.anna, nil)
	apptest.WantProblem(t, "B's HR asks for A's employee", res, http.StatusNotFound)
}

func TestRequirementFormAndAPI(t *testing.T) {
	o := newWebOrg(t)
	hr := o.h.Login(o.hr)
	res := hr.PostForm("/mensen/training/eisen", url.Values{"code": {""}, "name": {"EHBO"}, "audience": {"all"}, "first_months": {"zes"}, "refresh_months": {"12"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Vul een code in.") || !strings.Contains(res.Body.String(), "Vul een heel getal in.") {
		t.Fatalf("bad form: %d\n%s", res.Code, res.Body.String())
	}
	res = hr.PostForm("/mensen/training/eisen", url.Values{"code": {"ehbo"}, "name": {"EHBO"}, "audience": {"all"}, "first_months": {"6"}, "refresh_months": {"12"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("good form: %d\n%s", res.Code, res.Body.String())
	}
	tok := o.h.Token(o.a, o.hr)
	res = o.h.API(tok, http.MethodPost, "/api/v1/trainingseisen", strings.NewReader(`{"code":"x","naam":"","doelgroep":"niemand","eersteBinnenMaanden":1}`))
	p := apptest.WantProblem(t, "bad requirement", res, http.StatusUnprocessableEntity)
	if names := strings.Join(p.Names(), ","); !strings.Contains(names, "name") || !strings.Contains(names, "audience") {
		t.Fatalf("problem names %v", p.Names())
	}
	res = o.h.API(tok, http.MethodGet, "/api/v1/trainingseisen", nil)
	if res.Code != http.StatusOK || !strings.Contains(res.Body.String(), `"code": "EHBO"`) || !strings.Contains(res.Body.String(), `"code": "AGRESSIE"`) {
		t.Fatalf("list: %d %s", res.Code, res.Body.String())
	}
	res = o.h.API(o.h.Token(o.a, o.lead), http.MethodPost, "/api/v1/trainingseisen", strings.NewReader(`{"code":"Y","naam":"Y","doelgroep":"all"}`))
	apptest.WantProblem(t, "teamleider creates a requirement", res, http.StatusForbidden)
}

func TestAttendanceAndCertificateThroughThePersonPage(t *testing.T) {
	o := newWebOrg(t)
	hr := o.h.Login(o.hr)
	page := hr.Get("/mensen/training/personen/" + o.anna).Body.String()
	if !strings.Contains(page, "achterstallig sinds 15-01-2026") {
		t.Fatalf("Anna's page does not show the overdue aggression training:\n%s", page)
	}
	var agr string
	if err := o.h.App.DB.Read.QueryRow(`SELECT id FROM training_requirements WHERE org_id = $1 AND code = 'AGRESSIE'`, o.a.ID).Scan(&agr); err != nil {
		t.Fatal(err)
	}
	res := hr.PostForm("/mensen/training/personen/"+o.anna+"/deelname", url.Values{"requirement": {agr}, "date": {"31-02-2026"}})
	if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "Vul een geldige datum in") {
		t.Fatalf("bad date: %d\n%s", res.Code, res.Body.String())
	}
	res = hr.PostForm("/mensen/training/personen/"+o.anna+"/deelname", url.Values{"requirement": {agr}, "date": {"27-02-2026"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("attendance: %d\n%s", res.Code, res.Body.String())
	}
	var att string
	if err := o.h.App.DB.Read.QueryRow(`SELECT id FROM training_attendance WHERE employee_id = $1`, o.anna).Scan(&att); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("certificate", "certificaat.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4\ncertificaat Anna\n%%EOF\n"))
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/mensen/training/deelnames/"+att+"/certificaat", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if res := hr.Do(req); res.Code != http.StatusSeeOther {
		t.Fatalf("certificate upload: %d\n%s", res.Code, res.Body.String())
	}
	page = o.h.Login(o.lead).Get("/mensen/training/personen/" + o.anna).Body.String()
	if !strings.Contains(page, "op orde tot 27-02-2029") || !strings.Contains(page, "certificaat.pdf") {
		t.Fatalf("after the training the teamleider sees:\n%s", page)
	}
	var cert string
	if err := o.h.App.DB.Read.QueryRow(`SELECT id FROM training_certificates WHERE attendance_id = $1`, att).Scan(&cert); err != nil {
		t.Fatal(err)
	}
	res = o.h.Login(o.lead).Get("/mensen/training/certificaten/" + cert)
	if res.Code != http.StatusOK || res.Header().Get("Content-Type") != "application/pdf" || !strings.Contains(res.Body.String(), "certificaat Anna") {
		t.Fatalf("download: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	if res := o.h.Login(o.hrB).Get("/mensen/training/certificaten/" + cert); res.Code != http.StatusNotFound {
		t.Fatalf("B's HR downloads A's certificate: %d", res.Code)
	}
}
