package people_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// The API routes of issue 6 that mirror write operations of the web pages:
// each works for the right role, refuses bad input with problem+json
// naming the field and writes nothing, and gives another organisation 404.

func wantNames(t *testing.T, what string, res *httptest.ResponseRecorder, names ...string) {
	t.Helper()
	p := apptest.WantProblem(t, what, res, http.StatusUnprocessableEntity)
	for _, n := range names {
		if !slices.Contains(p.Names(), n) {
			t.Errorf("%s: problem names %v, want %q among them", what, p.Names(), n)
		}
	}
}

// query reads one text value.
func (e *ienv) query(t *testing.T, q string, args ...any) string {
	t.Helper()
	var v string
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, q, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

func TestAPISideJobReviewAndGiftDecision(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	team := e.team(t, e.a, "Vergunningen", "")
	emp := e.employee(t, e.a, team, "Eva Vergunning", "2020-01-01", "")
	job, err := e.ps.AddSideJob(h.Ctx, e.hr, people.SideJobInput{EmployeeID: emp, Description: "Bestuurslid voetbalclub", StartedOn: "2024-01-01",
		ReviewStatus: "pending", NeedToKnow: true})
	if err != nil {
		t.Fatal(err)
	}
	gift, err := e.ps.AddGift(h.Ctx, e.hr, people.GiftInput{EmployeeID: emp, Description: "Kerstpakket", ReceivedOn: "2025-12-01", ValueCents: 9000})
	if err != nil {
		t.Fatal(err)
	}
	tok := h.Token(e.a, h.User(e.a, "hr-api", auth.HR))
	tokB := h.Token(e.b, h.User(e.b, "hr-api", auth.HR))
	empTok := h.Token(e.a, h.User(e.a, "emp-api", auth.Employee))
	review := "/api/v1/nevenfuncties/" + job + "/beoordeling"

	// A status outside the list and a missing motivation: named, nothing written.
	wantNames(t, "bad review", h.API(tok, http.MethodPost, review, strings.NewReader(`{"beoordeling":"misschien","publiceren":true}`)),
		"review_status", "public_text")
	wantNames(t, "review without motivation", h.API(tok, http.MethodPost, review, strings.NewReader(`{"beoordeling":"conditions"}`)), "motivation")
	if got := e.query(t, `SELECT review_status FROM side_jobs WHERE id = $1`, job); got != "pending" {
		t.Fatalf("refused review wrote status %q", got)
	}
	// Another organisation's HR and an employee of A never reach it.
	wantStatus(t, "foreign review", h.API(tokB, http.MethodPost, review, strings.NewReader(`{"beoordeling":"no_conflict","motivering":"x"}`)), http.StatusNotFound)
	wantStatus(t, "foreign review, bad body", h.API(tokB, http.MethodPost, review, strings.NewReader(`{}`)), http.StatusNotFound)
	wantStatus(t, "employee review", h.API(empTok, http.MethodPost, review, strings.NewReader(`{"beoordeling":"no_conflict","motivering":"x"}`)), http.StatusForbidden)
	wantStatus(t, "unknown side job", h.API(tok, http.MethodPost, "/api/v1/nevenfuncties/bestaat-niet/beoordeling", strings.NewReader(`{}`)), http.StatusNotFound)
	if got := e.query(t, `SELECT review_status FROM side_jobs WHERE id = $1`, job); got != "pending" {
		t.Fatalf("refused review wrote status %q", got)
	}
	wantStatus(t, "review", h.API(tok, http.MethodPost, review, strings.NewReader(`{"beoordeling":"conditions","motivering":"Niet in werktijd","publiceren":true,"publicatieTekst":"Bestuurslid sportvereniging"}`)), http.StatusNoContent)
	res := h.API(tok, http.MethodGet, "/api/v1/nevenfuncties/"+job, nil)
	got := apptest.Decode[struct {
		Beoordeling     string `json:"beoordeling"`
		Motivering      string `json:"motivering"`
		PublicatieTekst string `json:"publicatieTekst"`
	}](t, res)
	if got.Beoordeling != "conditions" || got.Motivering != "Niet in werktijd" || got.PublicatieTekst != "Bestuurslid sportvereniging" {
		t.Errorf("after the review: %+v", got)
	}

	decide := "/api/v1/geschenken/" + gift + "/besluit"
	wantNames(t, "bad decision", h.API(tok, http.MethodPost, decide, strings.NewReader(`{"besluit":"opeten"}`)), "decision")
	wantStatus(t, "foreign decision", h.API(tokB, http.MethodPost, decide, strings.NewReader(`{"besluit":"keep"}`)), http.StatusNotFound)
	wantStatus(t, "foreign decision, bad body", h.API(tokB, http.MethodPost, decide, strings.NewReader(`nee`)), http.StatusNotFound)
	wantStatus(t, "employee decision", h.API(empTok, http.MethodPost, decide, strings.NewReader(`{"besluit":"keep"}`)), http.StatusForbidden)
	if got := e.query(t, `SELECT decision FROM gifts WHERE id = $1`, gift); got != "" {
		t.Fatalf("refused decision wrote %q", got)
	}
	wantStatus(t, "decision", h.API(tok, http.MethodPost, decide, strings.NewReader(`{"besluit":"donate"}`)), http.StatusNoContent)
	if got := e.query(t, `SELECT decision FROM gifts WHERE id = $1`, gift); got != "donate" {
		t.Fatalf("decision stored as %q", got)
	}
}

func TestAPISettingsAndConfidants(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	tok := h.Token(e.a, h.User(e.a, "hr-api", auth.HR))
	tokB := h.Token(e.b, h.User(e.b, "hr-api", auth.HR))
	empTok := h.Token(e.a, h.User(e.a, "emp-api", auth.Employee))
	type settings struct {
		HerscreeningMaanden int  `json:"herscreeningMaanden"`
		GeschenkDrempelCent int  `json:"geschenkDrempelCent"`
		CollegeEnRaad       bool `json:"collegeEnRaad"`
		Opgeslagen          bool `json:"opgeslagen"`
	}
	if st := apptest.Decode[settings](t, h.API(tok, http.MethodGet, "/api/v1/instellingen/mensen", nil)); st.HerscreeningMaanden != 60 || st.GeschenkDrempelCent != 5000 || st.Opgeslagen {
		t.Errorf("default settings: %+v", st)
	}
	wantStatus(t, "employee settings", h.API(empTok, http.MethodGet, "/api/v1/instellingen/mensen", nil), http.StatusForbidden)
	wantNames(t, "settings without fields", h.API(tok, http.MethodPut, "/api/v1/instellingen/mensen", strings.NewReader(`{"herscreeningMaanden":36}`)),
		"gift_threshold", "include_council")
	wantNames(t, "bad settings", h.API(tok, http.MethodPut, "/api/v1/instellingen/mensen",
		strings.NewReader(`{"herscreeningMaanden":999,"geschenkDrempelCent":-1,"collegeEnRaad":true}`)), "rescreen_months", "gift_threshold")
	if n := e.count(t, `SELECT COUNT(*) FROM people_settings`); n != 0 {
		t.Fatalf("refused settings stored %d rows", n)
	}
	res := h.API(tok, http.MethodPut, "/api/v1/instellingen/mensen", strings.NewReader(`{"herscreeningMaanden":36,"geschenkDrempelCent":2500,"collegeEnRaad":true}`))
	wantStatus(t, "settings", res, http.StatusOK)
	if st := apptest.Decode[settings](t, res); st != (settings{36, 2500, true, true}) {
		t.Errorf("saved settings: %+v", st)
	}
	// B's settings are B's own.
	if st := apptest.Decode[settings](t, h.API(tokB, http.MethodGet, "/api/v1/instellingen/mensen", nil)); st.HerscreeningMaanden != 60 || st.Opgeslagen {
		t.Errorf("B sees A's settings: %+v", st)
	}

	wantNames(t, "bad confidant", h.API(tok, http.MethodPost, "/api/v1/vertrouwenspersonen", strings.NewReader(`{"naam":"","soort":"geheim","email":"geen-adres"}`)),
		"name", "kind", "email")
	wantStatus(t, "employee adds confidant", h.API(empTok, http.MethodPost, "/api/v1/vertrouwenspersonen",
		strings.NewReader(`{"naam":"Iemand","soort":"internal","email":"i@a.test"}`)), http.StatusForbidden)
	if n := e.count(t, `SELECT COUNT(*) FROM confidants`); n != 0 {
		t.Fatalf("refused confidant written (%d)", n)
	}
	res = h.API(tok, http.MethodPost, "/api/v1/vertrouwenspersonen", strings.NewReader(`{"naam":"Carla Vertrouwd","soort":"external","telefoon":"030-1234567"}`))
	wantStatus(t, "confidant", res, http.StatusCreated)
	id := apptest.Decode[struct {
		ID string `json:"id"`
	}](t, res).ID
	if !strings.Contains(h.API(empTok, http.MethodGet, "/api/v1/vertrouwenspersonen", nil).Body.String(), "Carla Vertrouwd") {
		t.Error("the directory does not show the new vertrouwenspersoon")
	}
	wantStatus(t, "foreign delete", h.API(tokB, http.MethodDelete, "/api/v1/vertrouwenspersonen/"+id, nil), http.StatusNotFound)
	wantStatus(t, "employee delete", h.API(empTok, http.MethodDelete, "/api/v1/vertrouwenspersonen/"+id, nil), http.StatusForbidden)
	if n := e.count(t, `SELECT COUNT(*) FROM confidants`); n != 1 {
		t.Fatalf("refused delete removed the confidant")
	}
	wantStatus(t, "delete", h.API(tok, http.MethodDelete, "/api/v1/vertrouwenspersonen/"+id, nil), http.StatusNoContent)
	if n := e.count(t, `SELECT COUNT(*) FROM confidants`); n != 0 {
		t.Fatalf("confidant still there")
	}
}

func TestAPICandidates(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	tok := h.Token(e.a, h.User(e.a, "burgemeester", auth.Executive))
	tokB := h.Token(e.b, h.User(e.b, "burgemeester", auth.Executive))
	hrTok := h.Token(e.a, h.User(e.a, "hr-api", auth.HR))

	wantNames(t, "bad candidate", h.API(tok, http.MethodPost, "/api/v1/kandidaat-wethouders",
		strings.NewReader(`{"naam":"","vogOp":"1-2-2026","conclusie":"prima"}`)), "name", "vog_on", "conclusion")
	if n := e.count(t, `SELECT COUNT(*) FROM candidates`); n != 0 {
		t.Fatal("refused candidate written")
	}
	wantStatus(t, "HR adds candidate", h.API(hrTok, http.MethodPost, "/api/v1/kandidaat-wethouders", strings.NewReader(`{"naam":"X"}`)), http.StatusForbidden)
	res := h.API(tok, http.MethodPost, "/api/v1/kandidaat-wethouders", strings.NewReader(`{"naam":"Kees Kandidaat","vogOp":"2026-02-01","aantekeningen":"Gesprek gepland"}`))
	wantStatus(t, "candidate", res, http.StatusCreated)
	id := apptest.Decode[struct {
		ID string `json:"id"`
	}](t, res).ID
	wantStatus(t, "update", h.API(tok, http.MethodPost, "/api/v1/kandidaat-wethouders",
		strings.NewReader(`{"id":"`+id+`","naam":"Kees Kandidaat","vogOp":"2026-02-01","conclusie":"no_objection","aantekeningen":"Geen bezwaar"}`)), http.StatusOK)
	got := apptest.Decode[struct {
		Naam          string `json:"naam"`
		VOGOp         string `json:"vogOp"`
		Conclusie     string `json:"conclusie"`
		Aantekeningen string `json:"aantekeningen"`
	}](t, h.API(tok, http.MethodGet, "/api/v1/kandidaat-wethouders/"+id, nil))
	if got.Naam != "Kees Kandidaat" || got.VOGOp != "2026-02-01" || got.Conclusie != "no_objection" || got.Aantekeningen != "Geen bezwaar" {
		t.Errorf("candidate: %+v", got)
	}
	res = h.API(tokB, http.MethodGet, "/api/v1/kandidaat-wethouders/"+id, nil)
	wantStatus(t, "foreign candidate", res, http.StatusNotFound)
	if strings.Contains(res.Body.String(), "Kees") {
		t.Error("404 leaks the candidate")
	}
	wantStatus(t, "foreign update", h.API(tokB, http.MethodPost, "/api/v1/kandidaat-wethouders", strings.NewReader(`{"id":"`+id+`","naam":"Overgenomen"}`)), http.StatusNotFound)
	if got := e.query(t, `SELECT name FROM candidates WHERE id = $1`, id); got != "Kees Kandidaat" {
		t.Fatalf("foreign update wrote %q", got)
	}
	wantStatus(t, "HR reads candidate", h.API(hrTok, http.MethodGet, "/api/v1/kandidaat-wethouders/"+id, nil), http.StatusForbidden)
}

func TestAPIFunctionLevelsAndTeamLeads(t *testing.T) {
	e := newIEnv(t)
	h := e.h
	tok := h.Token(e.a, h.User(e.a, "hr-api", auth.HR))
	tokB := h.Token(e.b, h.User(e.b, "hr-api", auth.HR))
	leadTok := h.Token(e.a, e.leadUser)
	fn := e.function(t, e.a, "toezichthouder", "")

	res := h.API(tok, http.MethodGet, "/api/v1/functies/vog", nil)
	list := apptest.Decode[struct {
		Items []struct {
			ID          string `json:"id"`
			VOG         string `json:"vog"`
			Voorgesteld string `json:"voorgesteld"`
		} `json:"resultaten"`
	}](t, res)
	if len(list.Items) != 1 || list.Items[0].ID != fn || list.Items[0].VOG != "" {
		t.Errorf("functions: %+v", list)
	}
	wantStatus(t, "teamleider reads VOG levels", h.API(leadTok, http.MethodGet, "/api/v1/functies/vog", nil), http.StatusForbidden)
	put := "/api/v1/functies/" + fn + "/vog"
	wantNames(t, "bad level", h.API(tok, http.MethodPut, put, strings.NewReader(`{"vog":"vog_x"}`)), "vog_level")
	wantNames(t, "no level", h.API(tok, http.MethodPut, put, strings.NewReader(`{}`)), "vog_level")
	wantStatus(t, "foreign level", h.API(tokB, http.MethodPut, put, strings.NewReader(`{"vog":"vog"}`)), http.StatusNotFound)
	wantStatus(t, "foreign level, bad body", h.API(tokB, http.MethodPut, put, strings.NewReader(`{"vog":"vog_x"}`)), http.StatusNotFound)
	if got := e.query(t, `SELECT vog_level FROM functions WHERE id = $1`, fn); got != "" {
		t.Fatalf("refused level wrote %q", got)
	}
	wantStatus(t, "level", h.API(tok, http.MethodPut, put, strings.NewReader(`{"vog":"vog_p"}`)), http.StatusOK)
	if got := e.query(t, `SELECT vog_level FROM functions WHERE id = $1`, fn); got != "vog_p" {
		t.Fatalf("level stored as %q", got)
	}

	own := e.team(t, e.a, "Klant", "")
	res = h.API(tok, http.MethodGet, "/api/v1/teamleiders", nil)
	leads := apptest.Decode[struct {
		Items []struct {
			Gebruiker string   `json:"gebruiker"`
			Teams     []string `json:"teams"`
		} `json:"resultaten"`
	}](t, res)
	if len(leads.Items) != 1 || leads.Items[0].Gebruiker != e.leadUser.ID || len(leads.Items[0].Teams) != 0 {
		t.Errorf("team leads: %+v", leads)
	}
	teams := "/api/v1/teamleiders/" + e.leadUser.ID + "/teams"
	wantNames(t, "unknown team", h.API(tok, http.MethodPut, teams, strings.NewReader(`{"teams":["`+own+`","bestaat-niet"]}`)), "team")
	wantNames(t, "no teams field", h.API(tok, http.MethodPut, teams, strings.NewReader(`{}`)), "team")
	wantStatus(t, "foreign team leads", h.API(tokB, http.MethodPut, teams, strings.NewReader(`{"teams":[]}`)), http.StatusNotFound)
	wantStatus(t, "teamleider sets own teams", h.API(leadTok, http.MethodPut, teams, strings.NewReader(`{"teams":["`+own+`"]}`)), http.StatusForbidden)
	if n := e.count(t, `SELECT COUNT(*) FROM team_leads`); n != 0 {
		t.Fatalf("refused team leads wrote %d rows", n)
	}
	wantStatus(t, "team leads", h.API(tok, http.MethodPut, teams, strings.NewReader(`{"teams":["`+own+`"]}`)), http.StatusOK)
	if got := e.query(t, `SELECT team_id FROM team_leads WHERE user_id = $1`, e.leadUser.ID); got != own {
		t.Fatalf("led team %q", got)
	}
	// A user of A who is no teamleider is not found either.
	hrID := h.User(e.a, "hr-other", auth.HR).ID
	wantStatus(t, "not a teamleider", h.API(tok, http.MethodPut, "/api/v1/teamleiders/"+hrID+"/teams", strings.NewReader(`{"teams":[]}`)), http.StatusNotFound)
}

// importAPI sends an attendance file to the API.
func importAPI(o *webOrg, token, query, ctype, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/v1/trainingsdeelnames/import"+query, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ctype)
	rec := httptest.NewRecorder()
	o.h.App.Web.ServeHTTP(rec, req)
	return rec
}

func TestAPIImportAttendance(t *testing.T) {
	o := newWebOrg(t)
	tok := o.h.Token(o.a, o.hr)
	count := func() int {
		var n int
		if err := o.h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM training_attendance`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	bad := "personeelsnummer;training;datum\n1001;AGRESSIE;2026-02-20\n1002;AGRESSIE;2026-02-20\n"
	res := importAPI(o, tok, "?proef=false", "text/csv; charset=utf-8", bad)
	p := apptest.WantProblem(t, "bad file", res, http.StatusUnprocessableEntity)
	if !slices.Contains(p.Names(), "personeelsnummer") {
		t.Errorf("problem names %v", p.Names())
	}
	rows := apptest.Decode[struct {
		Fouten []struct {
			Rij     int    `json:"rij"`
			Kolom   string `json:"kolom"`
			Melding string `json:"melding"`
		} `json:"fouten"`
	}](t, res)
	if len(rows.Fouten) != 1 || rows.Fouten[0].Rij != 3 || rows.Fouten[0].Kolom != "personeelsnummer" || !strings.Contains(rows.Fouten[0].Melding, "1002") {
		t.Errorf("row errors: %+v", rows)
	}
	if count() != 0 {
		t.Fatal("a file with a bad row wrote attendance")
	}
	good := "personeelsnummer;training;datum\n1001;AGRESSIE;20-02-2026\n"
	wantNames := func(what string, res *httptest.ResponseRecorder, name string) {
		t.Helper()
		if p := apptest.WantProblem(t, what, res, http.StatusUnprocessableEntity); !slices.Contains(p.Names(), name) {
			t.Errorf("%s: problem names %v, want %q", what, p.Names(), name)
		}
	}
	wantNames("bad proef", importAPI(o, tok, "?proef=ja", "text/csv", good), "proef")
	wantNames("bad type", importAPI(o, tok, "?proef=false", "application/json", good), "Content-Type")
	wantStatus(t, "teamleider imports", importAPI(o, o.h.Token(o.a, o.lead), "?proef=false", "text/csv", good), http.StatusForbidden)
	type report struct {
		Proef       bool `json:"proef"`
		Rijen       int  `json:"rijen"`
		Nieuw       int  `json:"nieuw"`
		Ongewijzigd int  `json:"ongewijzigd"`
	}
	res = importAPI(o, tok, "", "text/csv", good)
	wantStatus(t, "dry run", res, http.StatusOK)
	if r := apptest.Decode[report](t, res); r != (report{true, 1, 1, 0}) || count() != 0 {
		t.Fatalf("dry run: %+v, %d written", r, count())
	}
	res = importAPI(o, tok, "?proef=false", "text/csv", good)
	if r := apptest.Decode[report](t, res); res.Code != http.StatusOK || r != (report{false, 1, 1, 0}) || count() != 1 {
		t.Fatalf("import: %d %+v, %d written", res.Code, r, count())
	}
	// Another organisation's HR: A's employee number means nothing there.
	res = importAPI(o, o.h.Token(o.b, o.hrB), "?proef=false", "text/csv", good)
	apptest.WantProblem(t, "import in B", res, http.StatusUnprocessableEntity)
	if count() != 1 {
		t.Fatal("B's import wrote attendance")
	}
}

func TestAPIImportAttendanceXLSXAndSize(t *testing.T) {
	o := newWebOrg(t)
	tok := o.h.Token(o.a, o.hr)
	f := excelize.NewFile()
	for i, r := range [][]any{{"Personeelsnummer", "Training", "Datum"}, {"1001", "AGRESSIE", "2026-02-20"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res := importAPI(o, tok, "?proef=false", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.String())
	if res.Code != http.StatusOK || apptest.Decode[struct {
		Nieuw int `json:"nieuw"`
	}](t, res).Nieuw != 1 {
		t.Fatalf("XLSX import: %d %s", res.Code, res.Body.String())
	}
	// A CSV body sent as XLSX is refused as unreadable, nothing written.
	res = importAPI(o, tok, "?proef=false", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "personeelsnummer;training;datum\n")
	apptest.WantProblem(t, "CSV as XLSX", res, http.StatusUnprocessableEntity)
	// Larger than the web import takes: 413.
	big := "personeelsnummer;training;datum\n" + strings.Repeat("x", tabular.MaxBytes)
	res = importAPI(o, tok, "?proef=true", "text/csv", big)
	apptest.WantProblem(t, "too large", res, http.StatusRequestEntityTooLarge)
	var n int
	if err := o.h.App.DB.Read.QueryRow(`SELECT COUNT(*) FROM training_attendance`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("attendance rows %d (%v), want the one from the XLSX file", n, err)
	}
}
