package bibob_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

// env is the application with two municipalities and the Bibob people of A.
// The clock starts on Monday 2 March 2026.
type env struct {
	h                *apptest.Harness
	a, b             *auth.Organisation
	bibobU, bibob2U  *auth.User // two Bibob coordinators (screen and decide)
	coordU, execU    *auth.User
	otherB           *auth.User
	bibobSc, bibob2S *auth.Scope
}

func newEnv(t *testing.T) *env {
	t.Helper()
	h := apptest.New(t)
	e := &env{h: h, a: h.Org("gemeente-a"), b: h.Org("gemeente-b")}
	e.bibobU = h.User(e.a, "bibob", auth.Bibob)
	e.bibob2U = h.User(e.a, "bibob2", auth.Bibob)
	e.coordU = h.User(e.a, "coord", auth.Coordinator)
	e.execU = h.User(e.a, "burgemeester", auth.Executive)
	e.otherB = h.User(e.b, "bibob", auth.Bibob)
	e.bibobSc = h.Scope(e.a, e.bibobU)
	e.bibob2S = h.Scope(e.a, e.bibob2U)
	return e
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func status(t *testing.T, what string, res interface{ Result() *http.Response }, want int) {
	t.Helper()
	if got := res.Result().StatusCode; got != want {
		t.Fatalf("%s: status %d, want %d", what, got, want)
	}
}

func body(res interface{ Result() *http.Response }) string {
	r := res.Result()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return html.UnescapeString(b.String())
}

func TestPolicyWarningEditingAndHistory(t *testing.T) {
	e := newEnv(t)
	coord := e.h.Login(e.coordU)
	exec := e.h.Login(e.execU)

	// No policy yet: the defaults apply and the warning shows.
	page := body(coord.Get("/bibob/beleid"))
	if !strings.Contains(page, "data-policy-outdated") || !strings.Contains(page, "nog geen beleid") {
		t.Fatal("policy page without a saved policy shows no warning")
	}
	// A bad form names the fields in Dutch and writes nothing.
	res := coord.PostForm("/bibob/beleid", url.Values{"types": {"omgevingsvergunning", "kermis"}, "threshold": {"veel"}, "risk_threshold": {"600.000"},
		"window_months": {"0"}, "tranche": {"tranche1_2020"}, "updated_on": {"2018-05-01"}})
	status(t, "bad policy", res, http.StatusUnprocessableEntity)
	page = body(res)
	for _, want := range []string{"Onbekende soort aanvraag: \"kermis\"", "Drempelbedrag: Vul een bedrag in euro in", "Venster voor opknippen (maanden): Vul een venster van 1 tot en met 60 maanden in."} {
		if !strings.Contains(page, want) {
			t.Errorf("error summary lacks %q\n%s", want, page)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_policies`); n != 0 {
		t.Fatalf("refused policy wrote %d rows", n)
	}
	// The burgemeester reads but may not change the policy.
	status(t, "executive saves the policy", exec.PostForm("/bibob/beleid", url.Values{"threshold": {"1"}}), http.StatusForbidden)

	// A policy of 2018: the warning names the later changes.
	form := url.Values{"types": {"drank_horecavergunning", "omgevingsvergunning"}, "threshold": {"500.000"}, "risk_threshold": {"50.000"},
		"risk_areas": {"1234\nHavenkwartier"}, "window_months": {"12"}, "tranche": {"evaluatie_2013"}, "updated_on": {"2018-05-01"}}
	status(t, "save policy", coord.PostForm("/bibob/beleid", form), http.StatusSeeOther)
	page = body(coord.Get("/bibob/beleid"))
	if !strings.Contains(page, "data-policy-outdated") || !strings.Contains(page, "Wet uitbreiding Bibob-instrumentarium") || !strings.Contains(page, "01-05-2018") {
		t.Error("a policy of 2018 does not warn about the 2020 change")
	}
	// Brought up to date: the warning goes, the history keeps both versions.
	form.Set("tranche", "omgevingswet_2024")
	form.Set("updated_on", "2026-02-01")
	status(t, "update policy", coord.PostForm("/bibob/beleid", form), http.StatusSeeOther)
	page = body(coord.Get("/bibob/beleid"))
	if strings.Contains(page, "data-policy-outdated") {
		t.Error("an up-to-date policy still warns")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_policy_history WHERE org_id = $1`, e.a.ID); n != 2 {
		t.Errorf("history has %d versions, want 2", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'bibob.policy.save'`, e.a.ID); n != 2 {
		t.Errorf("%d policy changes audited, want 2", n)
	}
	// Another organisation still has the defaults.
	pol, err := e.h.App.Bibob.Policy(e.h.Ctx, e.h.Scope(e.b, e.otherB))
	if err != nil || pol.Saved {
		t.Errorf("organisation B sees a saved policy: %+v %v", pol, err)
	}
}

const goodCSV = `zaaknummer,type,aanvrager,KvK-nummer,betrokken partijen,adres,perceel,bedrag,datum ontvangst
Z-1,omgevingsvergunning,Bouw BV,12345678,,Dorpsstraat 1,VBS01 A 100,200000,2026-01-05
Z-2,omgevingsvergunning,Alfa Vastgoed,,Bouw BV (12345678),Dorpsstraat 1,VBS01 A 100,200.000,10-02-2026
Z-3,omgevingsvergunning,Bouw BV,12345678,,Dorpsstraat 1,VBS01 A 100,150000,2026-02-20
Z-4,drank- en horecavergunning,Café De Hoek,87654321,,Markt 2,,0,2026-02-01
`

func TestImportApplicationsAllOrNothingAndRepeatable(t *testing.T) {
	e := newEnv(t)
	ctx := e.h.Ctx
	s := e.h.App.Bibob
	bad := goodCSV + "Z-5,kermisvergunning,X,123,,Dorpsstraat 9,,veel,2026-13-01\nZ-1,subsidie,Y,,,Kerkweg 1,,10,2026-01-01\nZ-8,subsidie,Y,,,,,10,2026-01-01\n"
	_, err := s.ImportApplications(ctx, e.bibobSc, strings.NewReader(bad), tabular.CSV, false)
	msgs := map[string]bool{}
	if list, ok := err.(interface{ Error() string }); ok && list != nil {
		for _, line := range strings.Split(err.Error(), "; ") {
			msgs[line] = true
		}
	}
	if err == nil {
		t.Fatal("a file with bad rows was accepted")
	}
	type rc struct {
		row int
		col string
	}
	got := map[rc]bool{}
	for _, x := range asList(err) {
		got[rc{x.Row, x.Field}] = true
	}
	for _, want := range []rc{{6, "type"}, {6, "KvK-nummer"}, {6, "bedrag"}, {6, "datum ontvangst"}, {7, "zaaknummer"}, {8, "adres"}} {
		if !got[want] {
			t.Errorf("no error on row %d column %q; got %v", want.row, want.col, got)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_applications`); n != 0 {
		t.Fatalf("a refused file wrote %d applications", n)
	}
	rep, err := s.ImportApplications(ctx, e.bibobSc, strings.NewReader(goodCSV), tabular.CSV, true)
	if err != nil || rep.New != 4 || e.count(t, `SELECT COUNT(*) FROM bibob_applications`) != 0 {
		t.Fatalf("dry run: %+v %v, or it wrote", rep, err)
	}
	if rep, err = s.ImportApplications(ctx, e.bibobSc, strings.NewReader(goodCSV), tabular.CSV, false); err != nil || rep.New != 4 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if rep, err = s.ImportApplications(ctx, e.bibobSc, strings.NewReader(goodCSV), tabular.CSV, false); err != nil || rep.Unchanged != 4 || rep.New != 0 {
		t.Fatalf("re-import: %+v %v", rep, err)
	}
	changed := strings.Replace(goodCSV, "150000,2026-02-20", "160000,2026-02-20", 1)
	if rep, err = s.ImportApplications(ctx, e.bibobSc, strings.NewReader(changed), tabular.CSV, false); err != nil || rep.Changed != 1 || rep.Unchanged != 3 {
		t.Fatalf("changed re-import: %+v %v", rep, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_applications WHERE org_id = $1`, e.a.ID); n != 4 {
		t.Fatalf("%d applications after three imports, want 4", n)
	}

	// The three building applications are below €500,000 each, together
	// above, by one applicant and a related party on one plot: one group.
	coord := e.h.Login(e.coordU)
	page := body(coord.Get("/bibob/splitsing"))
	if n := strings.Count(page, "data-split-group"); n != 1 || !strings.Contains(page, "Z-1") || !strings.Contains(page, "Z-2") || !strings.Contains(page, "Z-3") || strings.Contains(page, "Z-4") {
		t.Errorf("split page: %d groups; Z-1..3 shown, Z-4 not expected", n)
	}
	page = body(coord.Get("/bibob/aanvragen?onder_beleid=1"))
	if !strings.Contains(page, "Z-4") || strings.Contains(page, ">Z-1<") {
		t.Error("under-policy list: the horeca licence should be in, the single building application (below the threshold) out")
	}
	// Organisation B sees none of it.
	other := e.h.Login(e.otherB)
	if page := body(other.Get("/bibob/aanvragen")); strings.Contains(page, "Z-1") {
		t.Error("organisation B sees A's applications")
	}
	// The web import form reports rows and columns.
	res := e.h.Login(e.bibobU).Do(uploadRequest(t, "/bibob/aanvragen/import", "aanvragen.csv", bad, "import"))
	status(t, "web import of a bad file", res, http.StatusUnprocessableEntity)
	if page := body(res); !strings.Contains(page, "data-import-errors") || !strings.Contains(page, "datum ontvangst") {
		t.Error("web import does not show the row errors")
	}
}

func TestScreeningWorkflowNeedToKnowClocksAndSeparationOfDuties(t *testing.T) {
	e := newEnv(t)
	h := e.h
	ctx := h.Ctx
	s := h.App.Bibob
	screener := h.Login(e.bibobU)

	// Register a horeca licence by hand.
	res := screener.PostForm("/bibob/aanvragen", url.Values{"case_number": {"H-1"}, "app_type": {"drank_horecavergunning"}, "applicant": {"Café De Hoek"},
		"kvk": {"87654321"}, "address": {"Markt 2"}, "received_on": {"2026-02-23"}})
	status(t, "register", res, http.StatusSeeOther)
	appPath := res.Header().Get("Location")
	appID := strings.TrimPrefix(strings.Split(appPath, "?")[0], "/bibob/aanvragen/")
	res = screener.PostForm("/bibob/aanvragen/"+appID+"/screening", url.Values{"questionnaire_on": {"2026-03-02"}})
	status(t, "start screening", res, http.StatusSeeOther)
	var id string
	if err := h.App.DB.Read.QueryRowContext(ctx, `SELECT id FROM bibob_screenings`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	base := "/bibob/screenings/" + id
	const secret = "Aanvrager verzweeg een eerdere veroordeling"
	status(t, "research without sources", screener.PostForm(base+"/onderzoek", url.Values{"findings": {secret}}), http.StatusUnprocessableEntity)
	status(t, "research", screener.PostForm(base+"/onderzoek", url.Values{"sources": {"open_bronnen", "kvk", "justid"}, "findings": {secret}}), http.StatusSeeOther)
	status(t, "lbb request", screener.PostForm(base+"/lbb", url.Values{"action": {"request"}, "lbb_on": {"2026-03-02"}}), http.StatusSeeOther)
	status(t, "extension of 5 weeks", screener.PostForm(base+"/lbb", url.Values{"action": {"extend"}, "lbb_weeks": {"5"}}), http.StatusUnprocessableEntity)
	status(t, "extension of 2 weeks", screener.PostForm(base+"/lbb", url.Values{"action": {"extend"}, "lbb_weeks": {"2"}}), http.StatusSeeOther)
	status(t, "second extension", screener.PostForm(base+"/lbb", url.Values{"action": {"extend"}, "lbb_weeks": {"2"}}), http.StatusUnprocessableEntity)

	// The findings are sealed: not in the table as text.
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_screenings WHERE CAST(findings AS TEXT) LIKE '%veroordeling%'`); n != 0 {
		t.Error("findings stored in plain text")
	}
	// The screener sees them; a coordinator with bibob.read who is not on
	// the list gets 404 in UI and API; so does organisation B.
	page := body(screener.Get(base))
	if !strings.Contains(page, secret) || !strings.Contains(page, "data-lbb-due>11-05-2026") {
		t.Errorf("screener's page lacks the findings or the LBB term of 8+2 weeks (11-05-2026):\n%s", page)
	}
	coord := h.Login(e.coordU)
	status(t, "coordinator not on the list", coord.Get(base), http.StatusNotFound)
	tok := h.Token(e.a, e.coordU, auth.BibobRead)
	status(t, "coordinator API not on the list", h.API(tok, "GET", "/api/v1/bibob-screenings/"+id, nil), http.StatusNotFound)
	status(t, "other organisation", h.Login(e.otherB).Get(base), http.StatusNotFound)
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bibob.screening.read' AND object_id = $1`, id); n == 0 {
		t.Error("reading the sealed findings is not audited")
	}

	// The screener may not decide: the form shows the warning, the post is
	// refused with a Dutch message, nothing is written.
	if !strings.Contains(page, "data-duty-warning") {
		t.Error("the screener's decision form shows no separation-of-duties warning")
	}
	// Advice first, so the refusal is about the person only.
	h.Clock.Advance(11 * 7 * 24 * time.Hour) // 18 May 2026: the LBB term (11 May) has passed
	screener = h.Login(e.bibobU)
	page = body(screener.Get("/bibob/termijnen"))
	if !strings.Contains(page, "H-1") || !strings.Contains(page, "(verstreken)") {
		t.Error("the terms page does not show the overdue LBB advice")
	}
	// The content-free reminder: once a day, no case numbers.
	n, err := s.Remind(ctx, h.App.Outbox, "https://weerbaar.test")
	if err != nil || n == 0 {
		t.Fatalf("reminder sent %d mails: %v", n, err)
	}
	if again, _ := s.Remind(ctx, h.App.Outbox, "https://weerbaar.test"); again != 0 {
		t.Errorf("second reminder the same day sent %d mails", again)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM outbox WHERE body LIKE '%H-1%' OR subject LIKE '%H-1%' OR body LIKE '%Hoek%'`); n != 0 {
		t.Error("the reminder names the case")
	}
	status(t, "lbb advice", screener.PostForm(base+"/lbb", url.Values{"action": {"advice"}, "lbb_on": {"2026-05-15"}, "lbb_outcome": {"mindere_mate"}}), http.StatusSeeOther)
	res = screener.PostForm(base+"/besluit", url.Values{"danger": {"mindere_mate"}, "measure": {"voorschriften"}, "motivation": {"x"}, "decided_on": {"2026-05-18"}})
	status(t, "screener decides", res, http.StatusUnprocessableEntity)
	if !strings.Contains(body(res), "Wie screent, mag niet besluiten") {
		t.Error("refusal does not say why in Dutch")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM bibob_screenings WHERE decided_on <> ''`); n != 0 {
		t.Fatal("a refused decision was written")
	}
	// The decision term: received 23 Feb + 8 weeks = 20 April, plus 74 days
	// suspended (2 March → 15 May) = 3 July.
	x, err := s.Screening(ctx, e.bibobSc, id)
	if err != nil || x.DecisionDue != "2026-07-03" {
		t.Fatalf("decision due %q (%v), want 2026-07-03", x.DecisionDue, err)
	}

	// The burgemeester is put on the list by the screener and decides.
	status(t, "grant", screener.PostForm(base+"/toegang", url.Values{"access_user": {e.execU.ID}}), http.StatusSeeOther)
	exec := h.Login(e.execU)
	status(t, "measure that does not fit", exec.PostForm(base+"/besluit", url.Values{"danger": {"geen_gevaar"}, "measure": {"weigeren"}, "motivation": {"m"}, "decided_on": {"2026-05-18"}}), http.StatusUnprocessableEntity)
	status(t, "decide", exec.PostForm(base+"/besluit", url.Values{"danger": {"mindere_mate"}, "measure": {"voorschriften"}, "motivation": {"Voorschriften over de bedrijfsvoering"}, "decided_on": {"2026-05-18"}}), http.StatusSeeOther)
	if page := body(exec.Get(base)); !strings.Contains(page, "Voorschriften over de bedrijfsvoering") {
		t.Error("decider does not see the motivation")
	}
	if page := body(screener.Get("/bibob/functiescheiding")); strings.Contains(page, "data-duty-finding") {
		t.Error("a proper decision is reported as a separation-of-duties finding")
	}

	// A new application of the same applicant can reuse the advice for five
	// years.
	id2 := e.startScreening(t, "H-2", "2026-05-18")
	x2, err := s.Screening(ctx, e.bibobSc, id2)
	if err != nil || x2.Reusable == nil || x2.Reusable.CaseNumber != "H-1" || x2.Reusable.Until != "2031-05-14" {
		t.Fatalf("reusable advice %+v (%v), want H-1's until 2031-05-14", x2.Reusable, err)
	}
	h.Clock.Set(time.Date(2031, 5, 16, 9, 0, 0, 0, time.UTC))
	id3 := e.startScreening(t, "H-3", "2031-05-16")
	if x3, err := s.Screening(ctx, e.bibobSc, id3); err != nil || x3.Reusable != nil {
		t.Errorf("an advice of more than five years ago offered for reuse: %+v %v", x3.Reusable, err)
	}
}

// startScreening registers an application of Café De Hoek and starts its
// screening as the Bibob coordinator.
func (e *env) startScreening(t *testing.T, caseNo, on string) string {
	t.Helper()
	s, ctx := e.h.App.Bibob, e.h.Ctx
	sc := e.h.Scope(e.a, e.bibobU)
	appID, err := s.AddApplication(ctx, sc, bibob.ApplicationInput{CaseNumber: caseNo, Type: "drank_horecavergunning", Applicant: "Café de Hoek B.V.",
		KvK: "87654321", Address: "Markt 2", ReceivedOn: on})
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.StartScreening(ctx, sc, appID, on)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSeparationOfDutiesFindingOnTakenOverData(t *testing.T) {
	e := newEnv(t)
	s, ctx := e.h.App.Bibob, e.h.Ctx
	id := e.startScreening(t, "H-9", "2026-03-02")
	// Data taken over from an older system: the screener also decided.
	if _, err := e.h.App.DB.Write.ExecContext(ctx, `UPDATE bibob_screenings SET decision = 'geen_gevaar', measure = 'geen', decided_on = '2026-03-02', decided_by = screened_by WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	list, err := s.DutyFindings(ctx, e.h.Scope(e.a, e.coordU))
	if err != nil || len(list) != 1 || list[0].CaseNumber != "H-9" || list[0].Role != "screened" {
		t.Fatalf("findings %+v %v, want one on H-9", list, err)
	}
	page := body(e.h.Login(e.coordU).Get("/bibob/functiescheiding"))
	if !strings.Contains(page, "data-duty-finding") || !strings.Contains(page, "H-9") || !strings.Contains(page, "Test bibob") {
		t.Error("the findings page does not show the case and the person")
	}
	if other, _ := s.DutyFindings(ctx, e.h.Scope(e.b, e.otherB)); len(other) != 0 {
		t.Error("organisation B sees A's findings")
	}
}

// Someone on a screening's need-to-know list can take a colleague off it:
// the colleague no longer finds the screening. Someone not on the list,
// and the last one on it, cannot be taken off; nothing changes then.
func TestScreeningAccessCanBeRevoked(t *testing.T) {
	e := newEnv(t)
	h := e.h
	id := e.startScreening(t, "H-9", "2026-02-23")
	base := "/bibob/screenings/" + id
	screener := h.Login(e.bibobU)
	status(t, "grant", screener.PostForm(base+"/toegang", url.Values{"access_user": {e.execU.ID}}), http.StatusSeeOther)
	exec := h.Login(e.execU)
	status(t, "the granted burgemeester opens the screening", exec.Get(base), http.StatusOK)
	if page := body(screener.Get(base)); !strings.Contains(page, "Toegang intrekken") {
		t.Fatal("the list offers no revoke button")
	}
	listed := func() int {
		return e.count(t, `SELECT COUNT(*) FROM need_to_know WHERE object_type = 'bibob_screening' AND object_id = '`+id+`'`)
	}
	before := listed()
	res := screener.PostForm(base+"/toegang/intrekken", url.Values{"access_user": {e.coordU.ID}})
	status(t, "revoke someone not on the list", res, http.StatusUnprocessableEntity)
	if !strings.Contains(body(res), "staat niet op de lijst") {
		t.Error("the refusal does not say why")
	}
	status(t, "revoke", screener.PostForm(base+"/toegang/intrekken", url.Values{"access_user": {e.execU.ID}}), http.StatusSeeOther)
	if n := listed(); n != before-1 {
		t.Errorf("list %d → %d after one revocation", before, n)
	}
	if res := exec.Get(base); res.Code != http.StatusNotFound {
		t.Errorf("the revoked burgemeester still opens the screening: %d", res.Code)
	}
	for listed() > 1 {
		var other string
		if err := h.App.DB.Read.QueryRowContext(h.Ctx, `SELECT user_id FROM need_to_know WHERE object_type = 'bibob_screening' AND object_id = $1 AND user_id <> $2`,
			id, e.bibobU.ID).Scan(&other); err != nil {
			t.Fatal(err)
		}
		status(t, "revoke the others", screener.PostForm(base+"/toegang/intrekken", url.Values{"access_user": {other}}), http.StatusSeeOther)
	}
	res = screener.PostForm(base+"/toegang/intrekken", url.Values{"access_user": {e.bibobU.ID}})
	status(t, "revoke the last one", res, http.StatusUnprocessableEntity)
	if n := listed(); n != 1 {
		t.Errorf("the last one was taken off the list (%d left)", n)
	}
}
