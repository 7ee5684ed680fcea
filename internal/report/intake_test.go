package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// env is an application with organisation A, a coordinator (who gets
// undermining reports), an HR manager (integrity), a teamleider
// (aggression), a vertrouwenspersoon, an employee and a beheerder.
type env struct {
	h                                      *apptest.Harness
	a, b                                   *auth.Organisation
	coord, hr, lead, custodian, emp, admin *auth.User
}

func newEnv(t *testing.T) *env {
	h := apptest.New(t)
	e := &env{h: h, a: h.Org("alfa"), b: h.Org("beta")}
	e.coord = h.User(e.a, "coord", auth.Coordinator)
	e.hr = h.User(e.a, "hr", auth.HR)
	e.lead = h.User(e.a, "lead", auth.TeamLead)
	e.custodian = h.User(e.a, "vp", auth.Custodian)
	e.emp = h.User(e.a, "emp", auth.Employee)
	e.admin = h.User(e.a, "admin", auth.Admin)
	return e
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func want(t *testing.T, what string, res *httptest.ResponseRecorder, code int) string {
	t.Helper()
	if res.Code != code {
		t.Fatalf("%s: status %d, want %d: %s", what, res.Code, code, res.Body.String())
	}
	return html.UnescapeString(res.Body.String())
}

func noCookies(t *testing.T, what string, res *httptest.ResponseRecorder) {
	t.Helper()
	if c := res.Result().Cookies(); len(c) > 0 {
		t.Errorf("%s set cookies: %v", what, c)
	}
	if res.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Cache-Control %q, want no-store", what, res.Header().Get("Cache-Control"))
	}
}

var codePattern = regexp.MustCompile(`data-receipt-code>([A-Z2-7-]+)<`)

// anonymous submits a report on the public form with no cookie at all.
func (e *env) anonymous(t *testing.T, form url.Values) (code string, res *httptest.ResponseRecorder) {
	t.Helper()
	c := e.h.Anonymous()
	res = c.PostForm("/melden/anoniem/alfa", form)
	if m := codePattern.FindStringSubmatch(res.Body.String()); m != nil {
		code = m[1]
	}
	return code, res
}

func reportID(t *testing.T, e *env, ref string) string {
	t.Helper()
	var id string
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, `SELECT id FROM reports WHERE reference = $1`, ref).Scan(&id); err != nil {
		t.Fatalf("report %s: %v", ref, err)
	}
	return id
}

const (
	secretTitle = "Hennepkwekerij-signaal-7Q"
	secretBody  = "Achter de loods aan de Kanaalweg 12 staan elke nacht busjes-XJ9."
)

func TestAnonymousRoundTripWithoutCookies(t *testing.T) {
	e := newEnv(t)
	anon := e.h.Anonymous()

	res := anon.Get("/melden/anoniem/alfa")
	body := want(t, "anonymous form", res, http.StatusOK)
	noCookies(t, "GET anonymous form", res)
	if !strings.Contains(body, `autocomplete="off"`) || !strings.Contains(body, "Gemeente alfa") {
		t.Error("anonymous form lacks autocomplete=off or the organisation's name")
	}
	want(t, "unknown organisation", anon.Get("/melden/anoniem/bestaat-niet"), http.StatusNotFound)

	code, res := e.anonymous(t, url.Values{"intake_category": {"undermining"}, "title": {secretTitle}, "intake_body": {secretBody},
		"q_location": {"Kanaalweg 12"}, "q_wbk": {"yes"}})
	body = want(t, "anonymous submit", res, http.StatusOK)
	noCookies(t, "POST anonymous form", res)
	if code == "" || len(strings.ReplaceAll(code, "-", "")) != 24 {
		t.Fatalf("no receipt code of 24 characters on the page: %q", code)
	}
	ref := regexp.MustCompile(`M-\d{4}-\d{4}`).FindString(body)
	if ref != "M-2026-0001" {
		t.Fatalf("reference %q, want M-2026-0001", ref)
	}
	id := reportID(t, e, ref)
	if e.count(t, `SELECT COUNT(*) FROM reports WHERE id = $1 AND anonymous = TRUE AND reporter_tag = '' AND channel = 'anonymous'`, id) != 1 {
		t.Error("anonymous report not stored as anonymous without reporter tag")
	}
	if e.count(t, `SELECT COUNT(*) FROM report_identities`) != 0 {
		t.Error("an anonymous report has an identity")
	}
	// The secret is kept only as a hash.
	var hash []byte
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, `SELECT secret_hash FROM report_receipts WHERE report_id = $1`, id).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	raw := strings.ReplaceAll(code, "-", "")
	if bytes.Contains(hash, []byte(raw[8:])) || !bytes.HasPrefix(hash, []byte("$argon2id$")) {
		t.Errorf("receipt secret not stored as an argon2id hash: %q", hash)
	}

	// Routing: undermining goes to the coordinator, not to HR.
	coord := e.h.Login(e.coord)
	list := want(t, "coordinator list", coord.Get("/meldingen"), http.StatusOK)
	if !strings.Contains(list, ref) || strings.Contains(list, secretTitle) {
		t.Errorf("coordinator's list: reference shown %v, content shown %v", strings.Contains(list, ref), strings.Contains(list, secretTitle))
	}
	page := want(t, "coordinator report", coord.Get("/meldingen/"+id), http.StatusOK)
	if !strings.Contains(page, secretBody) || !strings.Contains(page, "Kanaalweg 12") {
		t.Error("report page lacks the body or the answers")
	}
	want(t, "reply", coord.PostForm("/meldingen/"+id+"/bericht", url.Values{"intake_message": {"Kunt u zeggen hoe laat de busjes komen?"}, "internal": {"0"}}), http.StatusSeeOther)
	want(t, "note", coord.PostForm("/meldingen/"+id+"/bericht", url.Values{"intake_message": {"Interne-notitie-ZZ: bekend adres"}, "internal": {"1"}}), http.StatusSeeOther)

	// The reporter reads the reply with the code, in a fresh cookie-free client.
	anon = e.h.Anonymous()
	res = anon.PostForm("/melden/volgen", url.Values{"intake_code": {strings.ToLower(code)}})
	body = want(t, "follow up", res, http.StatusOK)
	noCookies(t, "POST follow-up", res)
	if !strings.Contains(body, "Kunt u zeggen hoe laat de busjes komen?") {
		t.Error("reporter does not see the handler's question")
	}
	if strings.Contains(body, "Interne-notitie-ZZ") {
		t.Error("reporter sees an internal note")
	}
	if strings.Contains(body, e.coord.Name) {
		t.Error("reporter sees the handler's name")
	}
	res = anon.PostForm("/melden/volgen/bericht", url.Values{"intake_code": {code}, "intake_message": {"Rond drie uur 's nachts."}})
	want(t, "reporter answers", res, http.StatusOK)
	noCookies(t, "POST follow-up message", res)
	if page := want(t, "coordinator sees answer", coord.Get("/meldingen/"+id), http.StatusOK); !strings.Contains(page, "Rond drie uur") {
		t.Error("handler does not see the reporter's answer")
	}

	// A malformed code and a wrong code: clear Dutch messages.
	body = want(t, "malformed", anon.PostForm("/melden/volgen", url.Values{"intake_code": {"12345"}}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Dit is geen geldige ontvangstcode") {
		t.Error("malformed code: no clear message")
	}
	wrong := raw[:8] + strings.Repeat("A", 16)
	if wrong == raw {
		wrong = raw[:8] + strings.Repeat("B", 16)
	}
	for i := 0; i < 3; i++ {
		body = want(t, "wrong code", anon.PostForm("/melden/volgen", url.Values{"intake_code": {wrong}}), http.StatusUnprocessableEntity)
		if !strings.Contains(body, "Deze ontvangstcode is onjuist") || strings.Contains(body, "Kunt u zeggen") {
			t.Fatal("wrong code: no clear message, or the report shown")
		}
	}
	// After three wrong secrets the lookup id is locked: even the right
	// code is refused until the lock ends.
	body = want(t, "locked", anon.PostForm("/melden/volgen", url.Values{"intake_code": {code}}), http.StatusTooManyRequests)
	if !strings.Contains(body, "tijdelijk geblokkeerd") || strings.Contains(body, "Kunt u zeggen") {
		t.Error("locked code: no message, or the report shown")
	}
	e.h.Clock.Advance(2 * time.Minute)
	want(t, "after the lock", anon.PostForm("/melden/volgen", url.Values{"intake_code": {code}}), http.StatusOK)
	if e.count(t, `SELECT failures FROM report_receipts WHERE report_id = $1`, id) != 0 {
		t.Error("failures not reset after the right code")
	}
	// Unknown lookup ids count in the global throttle of the minute.
	if e.count(t, `SELECT COALESCE(SUM(failures), 0) FROM report_receipt_throttle`) < 3 {
		t.Error("global throttle does not count failures")
	}
}

func TestGlobalThrottleHoldsAcrossLookupIDs(t *testing.T) {
	e := newEnv(t)
	code, _ := e.anonymous(t, url.Values{"intake_category": {"unsafety"}, "title": {"Losse tegel"}, "intake_body": {"Bij de ingang."}})
	anon := e.h.Anonymous()
	for i := 0; i < report.GlobalFailuresPerMinute; i++ {
		// Every attempt a different (unknown) lookup id.
		c := strings.Repeat(string(rune('A'+i%26)), 4) + strings.Repeat(string(rune('2'+i%6)), 4) + strings.Repeat("Q", 16)
		// (through the store: the per-address limit of the web layer would
		// stop one test client first)
		if _, err := e.h.App.Report.FollowUp(e.h.Ctx, c); err == nil {
			t.Fatal("unknown code accepted")
		}
	}
	body := want(t, "busy", anon.PostForm("/melden/volgen", url.Values{"intake_code": {code}}), http.StatusTooManyRequests)
	if !strings.Contains(body, "te veel onjuiste codes") {
		t.Error("global throttle: no message")
	}
	e.h.Clock.Advance(61 * time.Second)
	want(t, "next minute", anon.PostForm("/melden/volgen", url.Values{"intake_code": {code}}), http.StatusOK)
}

func TestIntakeChannels(t *testing.T) {
	e := newEnv(t)
	ctx := e.h.Ctx

	// Signed in: the reporter finds the report back; the table names no one.
	emp := e.h.Login(e.emp)
	want(t, "employee form", emp.Get("/melden"), http.StatusOK)
	res := emp.PostForm("/melden", url.Values{"intake_category": {"integrity"}, "title": {"Vriendjespolitiek"}, "intake_body": {"Opdrachten gaan steeds naar hetzelfde bureau."},
		"q_wbk": {"yes"}, "q_function": {"inkoper"}})
	body := want(t, "signed-in submit", res, http.StatusOK)
	ref := regexp.MustCompile(`M-\d{4}-\d{4}`).FindString(body)
	id := reportID(t, e, ref)
	if codePattern.MatchString(body) {
		t.Error("signed-in report shows a receipt code")
	}
	if e.count(t, `SELECT COUNT(*) FROM reports WHERE id = $1 AND reporter_tag <> '' AND reporter_tag <> $2 AND channel = 'online' AND feedback_due = 0 AND ack_due > 0 AND triage_due > 0`, id, e.emp.ID) != 1 {
		t.Error("signed-in report: reporter tag or deadlines wrong")
	}
	mine := want(t, "my reports", emp.Get("/melden/mijn"), http.StatusOK)
	if !strings.Contains(mine, ref) {
		t.Error("reporter does not find their report")
	}
	other := e.h.Login(e.h.User(e.a, "emp2", auth.Employee))
	if strings.Contains(want(t, "other's reports", other.Get("/melden/mijn"), http.StatusOK), ref) {
		t.Error("another employee sees the report")
	}
	want(t, "other's report page", other.Get("/melden/mijn/"+id), http.StatusNotFound)
	// Integrity goes to HR.
	if ok, _ := e.h.App.Auth.MayAccess(ctx, e.h.Scope(e.a, e.hr), auth.ObjectRef{Type: report.ObjReport, ID: id}); !ok {
		t.Error("integrity report not routed to HR")
	}
	if ok, _ := e.h.App.Auth.MayAccess(ctx, e.h.Scope(e.a, e.coord), auth.ObjectRef{Type: report.ObjReport, ID: id}); ok {
		t.Error("integrity report routed to the coordinator")
	}
	// Acknowledging sets the Wbk feedback term (3 months).
	hr := e.h.Login(e.hr)
	want(t, "acknowledge", hr.PostForm("/meldingen/"+id+"/status", url.Values{"intake_status": {"acknowledged"}}), http.StatusSeeOther)
	var ack, fb int64
	if err := e.h.App.DB.Read.QueryRowContext(ctx, `SELECT acknowledged_at, feedback_due FROM reports WHERE id = $1`, id).Scan(&ack, &fb); err != nil {
		t.Fatal(err)
	}
	if ack == 0 || store.Time(fb).Sub(store.Time(ack)) < 89*24*time.Hour {
		t.Errorf("acknowledgement: acknowledged_at %d, feedback_due %d", ack, fb)
	}
	// The reporter reads a reply on /melden/mijn.
	want(t, "hr reply", hr.PostForm("/meldingen/"+id+"/bericht", url.Values{"intake_message": {"Dank, we onderzoeken dit."}}), http.StatusSeeOther)
	if !strings.Contains(want(t, "my report", emp.Get("/melden/mijn/"+id), http.StatusOK), "Dank, we onderzoeken dit.") {
		t.Error("signed-in reporter does not see the reply")
	}

	// Recorded by staff: consent required, with a clear Dutch message.
	coord := e.h.Login(e.coord)
	form := url.Values{"intake_channel": {"phone"}, "intake_category": {"aggression"}, "title": {"Dreiging aan de balie"}, "intake_body": {"Man dreigde met geweld."},
		"q_injured": {"no"}, "q_police": {"yes"}, "intake_name": {"Piet Melder"}}
	body = want(t, "no consent", coord.PostForm("/meldingen/nieuw", form), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "toestemming") {
		t.Error("no consent: no clear message")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM reports`); n != 1 {
		t.Fatalf("refused recording wrote a report (%d reports)", n)
	}
	form.Set("intake_consent", "1")
	res = coord.PostForm("/meldingen/nieuw", form)
	want(t, "recorded", res, http.StatusSeeOther)
	rid := strings.TrimPrefix(strings.SplitN(res.Header().Get("Location"), "?", 2)[0], "/meldingen/")
	if e.count(t, `SELECT COUNT(*) FROM reports WHERE id = $1 AND channel = 'phone' AND consent = TRUE AND recorded_by = $2`, rid, e.coord.ID) != 1 {
		t.Error("recorded report: channel, consent or recorder wrong")
	}
	if e.count(t, `SELECT COUNT(*) FROM report_identities WHERE report_id = $1`, rid) != 1 {
		t.Error("recorded report lost the reporter's identity")
	}
	// Aggression goes to the teamleiders; the recorder keeps access.
	for _, u := range []*auth.User{e.lead, e.coord} {
		if ok, _ := e.h.App.Auth.MayAccess(ctx, e.h.Scope(e.a, u), auth.ObjectRef{Type: report.ObjReport, ID: rid}); !ok {
			t.Errorf("recorded aggression report not on the list of %s", u.Name)
		}
	}
	// A forwarded tip needs its source.
	tip := url.Values{"intake_channel": {"external"}, "intake_category": {"undermining"}, "title": {"Tip MMA"}, "intake_body": {"Witwassen via kapsalon."}}
	body = want(t, "tip without source", coord.PostForm("/meldingen/nieuw", tip), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Vul de bron van de doorgestuurde tip in.") {
		t.Error("tip without source: no clear message")
	}
	tip.Set("intake_source", "Meld Misdaad Anoniem")
	want(t, "tip", coord.PostForm("/meldingen/nieuw", tip), http.StatusSeeOther)
	if e.count(t, `SELECT COUNT(*) FROM reports WHERE channel = 'external' AND external_source = 'Meld Misdaad Anoniem'`) != 1 {
		t.Error("tip not stored with its source")
	}
	// References count per organisation.
	if e.count(t, `SELECT COUNT(*) FROM reports WHERE reference = 'M-2026-0003'`) != 1 {
		t.Error("references not numbered in order")
	}
	// An employee cannot record reports.
	want(t, "employee records", emp.Get("/meldingen/nieuw"), http.StatusForbidden)
}

func TestNeedToKnowAndAdmin(t *testing.T) {
	e := newEnv(t)
	_, res := e.anonymous(t, url.Values{"intake_category": {"undermining"}, "title": {secretTitle}, "intake_body": {secretBody}})
	id := reportID(t, e, regexp.MustCompile(`M-\d{4}-\d{4}`).FindString(res.Body.String()))

	hr := e.h.Login(e.hr)
	if strings.Contains(want(t, "hr list", hr.Get("/meldingen"), http.StatusOK), "M-2026-0001") {
		t.Error("handler without need-to-know sees the report in the list")
	}
	want(t, "hr report page", hr.Get("/meldingen/"+id), http.StatusNotFound)
	want(t, "hr status", hr.PostForm("/meldingen/"+id+"/status", url.Values{"intake_status": {"acknowledged"}}), http.StatusNotFound)
	tok := e.h.Token(e.a, e.hr)
	apptest.WantProblem(t, "hr API read", e.h.API(tok, http.MethodGet, "/api/v1/meldingen/"+id, nil), http.StatusNotFound)
	// The beheerder holds no report.handle: no content in UI or API.
	admin := e.h.Login(e.admin)
	if b := admin.Get("/meldingen/" + id); b.Code != http.StatusForbidden || strings.Contains(b.Body.String(), secretBody) {
		t.Errorf("admin reads the report: %d", b.Code)
	}
	// B's coordinator sees nothing of A.
	bcoord := e.h.User(e.b, "coord", auth.Coordinator)
	want(t, "foreign coordinator", e.h.Login(bcoord).Get("/meldingen/"+id), http.StatusNotFound)

	// The coordinator puts HR on the list, with a reason; then HR reads it.
	coord := e.h.Login(e.coord)
	body := want(t, "grant without reason", coord.PostForm("/meldingen/"+id+"/toegang", url.Values{"access_user": {e.hr.ID}}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Reden voor toegang") {
		t.Error("grant without reason: message does not name the field")
	}
	want(t, "grant employee", coord.PostForm("/meldingen/"+id+"/toegang", url.Values{"access_user": {e.emp.ID}, "access_reason": {"x"}}), http.StatusUnprocessableEntity)
	want(t, "grant", coord.PostForm("/meldingen/"+id+"/toegang", url.Values{"access_user": {e.hr.ID}, "access_reason": {"integriteitsaspect"}}), http.StatusSeeOther)
	if !strings.Contains(want(t, "hr reads", hr.Get("/meldingen/"+id), http.StatusOK), secretBody) {
		t.Error("granted handler cannot read")
	}
	r := e.h.API(tok, http.MethodGet, "/api/v1/meldingen/"+id, nil)
	var got map[string]any
	if err := json.Unmarshal([]byte(want(t, "hr API", r, http.StatusOK)), &got); err != nil || got["omschrijving"] != secretBody || got["identiteit"] != "geen" {
		t.Errorf("API read: %v %v", err, got)
	}
	want(t, "revoke", coord.PostForm("/meldingen/"+id+"/toegang/intrekken", url.Values{"access_user": {e.hr.ID}}), http.StatusSeeOther)
	want(t, "hr after revoke", hr.Get("/meldingen/"+id), http.StatusNotFound)
	// Every read of content is audited with its purpose.
	if e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.read' AND object_id = $1 AND actor_id = $2`, id, e.hr.ID) < 2 {
		t.Error("reads not audited")
	}
}

func TestIdentityAllowList(t *testing.T) {
	e := newEnv(t)
	emp := e.h.Login(e.emp)
	res := emp.PostForm("/melden", url.Values{"intake_category": {"undermining"}, "title": {"Drugsoverlast"}, "intake_body": {"Dealen bij het station."}})
	id := reportID(t, e, regexp.MustCompile(`M-\d{4}-\d{4}`).FindString(want(t, "submit", res, http.StatusOK)))

	coord := e.h.Login(e.coord)
	page := want(t, "page", coord.Get("/meldingen/"+id), http.StatusOK)
	if !strings.Contains(page, "Identiteit afgeschermd.") || strings.Contains(page, e.emp.Name) || strings.Contains(page, e.emp.Email) {
		t.Fatal("identity not hidden from the handler")
	}
	body := want(t, "request without motivation", coord.PostForm("/meldingen/"+id+"/identiteit", url.Values{}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Vul dit veld in.") {
		t.Error("request without motivation: no message")
	}
	want(t, "request", coord.PostForm("/meldingen/"+id+"/identiteit", url.Values{"motivation": {"Getuige-nodig-M1"}}), http.StatusSeeOther)
	page = want(t, "pending", coord.Get("/meldingen/"+id), http.StatusOK)
	if strings.Contains(page, e.emp.Email) || !strings.Contains(page, "ligt bij de vertrouwenspersoon") {
		t.Error("pending request shows the identity or no state")
	}

	// The vertrouwenspersoon sees the motivation, not the content.
	vp := e.h.Login(e.custodian)
	list := want(t, "requests", vp.Get("/identiteitsverzoeken"), http.StatusOK)
	if !strings.Contains(list, "Getuige-nodig-M1") || strings.Contains(list, "Dealen bij het station") {
		t.Error("custodian's list: motivation missing or content shown")
	}
	want(t, "custodian cannot open the report", vp.Get("/meldingen/"+id), http.StatusNotFound)
	var reqID string
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, `SELECT id FROM report_identity_requests`).Scan(&reqID); err != nil {
		t.Fatal(err)
	}
	want(t, "deny without reason", vp.PostForm("/identiteitsverzoeken/"+reqID, url.Values{"decision": {"deny"}}), http.StatusUnprocessableEntity)
	want(t, "deny", vp.PostForm("/identiteitsverzoeken/"+reqID, url.Values{"decision": {"deny"}, "reason": {"Niet noodzakelijk"}}), http.StatusSeeOther)
	page = want(t, "denied", coord.Get("/meldingen/"+id), http.StatusOK)
	if strings.Contains(page, e.emp.Email) || !strings.Contains(page, "afgewezen") {
		t.Error("denied request shows the identity")
	}
	want(t, "decide again", vp.PostForm("/identiteitsverzoeken/"+reqID, url.Values{"decision": {"approve"}, "reason": {"toch"}}), http.StatusUnprocessableEntity)

	// A new request, approved: the identity shows to that requester only.
	want(t, "request again", coord.PostForm("/meldingen/"+id+"/identiteit", url.Values{"motivation": {"Nieuwe feiten"}}), http.StatusSeeOther)
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, `SELECT id FROM report_identity_requests WHERE status = 'pending'`).Scan(&reqID); err != nil {
		t.Fatal(err)
	}
	want(t, "approve", vp.PostForm("/identiteitsverzoeken/"+reqID, url.Values{"decision": {"approve"}, "reason": {"Noodzakelijk voor aangifte"}}), http.StatusSeeOther)
	page = want(t, "approved", coord.Get("/meldingen/"+id), http.StatusOK)
	if !strings.Contains(page, e.emp.Name) || !strings.Contains(page, e.emp.Email) {
		t.Error("approved request does not show the identity")
	}
	want(t, "grant hr", coord.PostForm("/meldingen/"+id+"/toegang", url.Values{"access_user": {e.hr.ID}, "access_reason": {"meekijken"}}), http.StatusSeeOther)
	if strings.Contains(want(t, "hr page", e.h.Login(e.hr).Get("/meldingen/"+id), http.StatusOK), e.emp.Email) {
		t.Error("another handler sees the identity approved for the coordinator")
	}
	for _, action := range []string{"report.identity.request", "report.identity.decide", "report.identity.read"} {
		if e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = $1`, action) == 0 {
			t.Errorf("no audit entry %s", action)
		}
	}
}

// jpegWithGPS is a small JPEG with an EXIF APP1 segment carrying a GPS tag.
func jpegWithGPS(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := 0; x < 16; x++ {
		img.Set(x, x, color.RGBA{200, 10, 10, 255})
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00MM\x00\x2a"), []byte("GPSLatitude=52.0907N;GPSLongitude=5.1214E")...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	seg = append(seg, payload...)
	raw := buf.Bytes()
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// multipartPost posts a form with files.
func multipartPost(c *apptest.Client, path string, form url.Values, files map[string][]byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile("intake_files", name)
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.RemoteAddr = "203.0.113.77:5555"
	return c.Do(req)
}

func TestAttachmentsAndEncryptionAtRest(t *testing.T) {
	e := newEnv(t)
	anon := e.h.Anonymous()
	base := url.Values{"intake_category": {"undermining"}, "title": {secretTitle}, "intake_body": {secretBody}}
	pdf := []byte("%PDF-1.4\n% Geheime-bijlage-PDF-K8\n%%EOF\n")
	photo := jpegWithGPS(t)
	if !bytes.Contains(photo, []byte("GPSLatitude")) {
		t.Fatal("test photo lacks its GPS marker")
	}

	// A wrong type and an oversized file: Dutch messages naming the file,
	// nothing saved — not the report either.
	res := multipartPost(anon, "/melden/anoniem/alfa", base, map[string][]byte{"programma.exe": []byte("MZ\x90\x00\x03\x00\x00\x00binary")})
	body := want(t, "wrong type", res, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Het bestand programma.exe is geen foto") {
		t.Error("wrong type: no message naming the file")
	}
	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), report.MaxFileSize)...)
	body = want(t, "too large", multipartPost(anon, "/melden/anoniem/alfa", base, map[string][]byte{"groot.pdf": big}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Het bestand groot.pdf is groter dan 10 MB") {
		t.Error("oversized file: no message naming the file")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM reports`) + e.count(t, `SELECT COUNT(*) FROM report_attachments`); n != 0 {
		t.Fatalf("refused uploads wrote %d rows", n)
	}

	res = multipartPost(anon, "/melden/anoniem/alfa", base, map[string][]byte{"foto.jpg": photo, "stuk.pdf": pdf})
	body = want(t, "with files", res, http.StatusOK)
	noCookies(t, "multipart anonymous submit", res)
	code := codePattern.FindStringSubmatch(body)[1]
	id := reportID(t, e, regexp.MustCompile(`M-\d{4}-\d{4}`).FindString(body))

	coord := e.h.Login(e.coord)
	page := want(t, "page", coord.Get("/meldingen/"+id), http.StatusOK)
	if !strings.Contains(page, "kan verborgen gegevens bevatten") {
		t.Error("the PDF is shown without the warning")
	}
	var photoID, pdfID string
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, `SELECT id FROM report_attachments WHERE content_type = 'image/jpeg'`).Scan(&photoID); err != nil {
		t.Fatal(err)
	}
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, `SELECT id FROM report_attachments WHERE content_type = 'application/pdf'`).Scan(&pdfID); err != nil {
		t.Fatal(err)
	}
	got := coord.Get("/meldingen/" + id + "/bijlagen/" + photoID)
	want(t, "download photo", got, http.StatusOK)
	if bytes.Contains(got.Body.Bytes(), []byte("GPSLatitude")) || bytes.Contains(got.Body.Bytes(), []byte("Exif")) {
		t.Error("stored photo still carries its EXIF/GPS data")
	}
	if _, err := jpeg.Decode(bytes.NewReader(got.Body.Bytes())); err != nil {
		t.Errorf("re-encoded photo does not decode: %v", err)
	}
	if got := coord.Get("/meldingen/" + id + "/bijlagen/" + pdfID); !bytes.Equal(got.Body.Bytes(), pdf) {
		t.Error("PDF not stored as is")
	}
	if e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.attachment.read' AND object_id = $1`, id) != 2 {
		t.Error("downloads not audited")
	}
	// Without need-to-know: 404; the reporter downloads with the code.
	want(t, "hr download", e.h.Login(e.hr).Get("/meldingen/"+id+"/bijlagen/"+pdfID), http.StatusNotFound)
	dl := anon.PostForm("/melden/volgen/bijlage", url.Values{"intake_code": {code}, "attachment": {pdfID}})
	if want(t, "reporter download", dl, http.StatusOK); !bytes.Equal(dl.Body.Bytes(), pdf) {
		t.Error("reporter cannot download their file with the code")
	}

	// Identity of a recorded report, for the at-rest check.
	if _, err := e.h.App.Report.Record(e.h.Ctx, e.h.Scope(e.a, e.coord), report.Input{Channel: report.Phone, Consent: true, Category: report.Unsafety,
		Title: "Kapotte trap", Body: "Leuning los.", ReporterName: "Identiteit-Jansen-Q4", ReporterContact: "06-99887766"}); err != nil {
		t.Fatal(err)
	}

	// At rest: no report text, identity, file bytes or client address in
	// the clear — in the columns, and for SQLite in the database file.
	secrets := []string{secretTitle, secretBody, "Geheime-bijlage-PDF-K8", "Identiteit-Jansen-Q4", "06-99887766", "203.0.113.77", "foto.jpg", "stuk.pdf"}
	for _, q := range []string{`SELECT title FROM reports`, `SELECT body FROM reports`, `SELECT answers FROM reports`, `SELECT identity FROM report_identities`,
		`SELECT data FROM report_attachments`, `SELECT name FROM report_attachments`, `SELECT body FROM report_messages`} {
		rows, err := e.h.App.DB.Read.QueryContext(e.h.Ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			for _, s := range secrets {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s holds %q in the clear", q, s)
				}
			}
		}
		rows.Close()
	}
	if e.h.App.DB.Dialect == store.SQLite {
		if _, err := e.h.App.DB.Write.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(e.h.App.DB.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(raw, []byte("M-2026-0001")) {
			t.Fatal("database file check reads the wrong file")
		}
		for _, s := range secrets {
			if bytes.Contains(raw, []byte(s)) {
				t.Errorf("database file holds %q in the clear", s)
			}
		}
	}
}

func TestStatusFlowAndLOOInterface(t *testing.T) {
	e := newEnv(t)
	ctx := e.h.Ctx
	sc := e.h.Scope(e.a, e.coord)
	c, err := e.h.App.Report.Record(ctx, sc, report.Input{Channel: report.External, ExternalSource: "politie", Category: report.Undermining,
		Title: "Witwassen", Body: "Contant geld.", OccurredOn: "2026-02-01", Answers: map[string]string{"location": "Dorpsstraat 1"}})
	if err != nil {
		t.Fatal(err)
	}
	coord := e.h.Login(e.coord)
	// An illegal transition: a clear message, nothing changed.
	body := want(t, "illegal", coord.PostForm("/meldingen/"+c.ID+"/status", url.Values{"intake_status": {"closed"}}), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Deze statuswijziging is niet toegestaan") {
		t.Error("illegal transition: no clear message")
	}
	if e.count(t, `SELECT COUNT(*) FROM reports WHERE id = $1 AND status = 'received' AND closed_at = 0`, c.ID) != 1 ||
		e.count(t, `SELECT COUNT(*) FROM report_events WHERE report_id = $1`, c.ID) != 1 {
		t.Error("illegal transition changed the report")
	}
	tok := e.h.Token(e.a, e.coord)
	p := apptest.WantProblem(t, "API illegal", e.h.API(tok, http.MethodPost, "/api/v1/meldingen/"+c.ID+"/status", strings.NewReader(`{"status":"scheduled"}`)), http.StatusUnprocessableEntity)
	if len(p.InvalidParams) == 0 || p.InvalidParams[0].Name != "status" {
		t.Errorf("API illegal transition: %+v", p)
	}
	for _, st := range []report.Status{report.Acknowledged, report.InProgress} {
		if err := e.h.App.Report.ChangeStatus(ctx, sc, c.ID, st, ""); err != nil {
			t.Fatal(err)
		}
	}
	// The LOO's interface.
	agenda, err := e.h.App.Report.AgendaCandidates(ctx, sc)
	if err != nil || len(agenda) != 1 || agenda[0].Title != "Witwassen" {
		t.Fatalf("agenda candidates: %v %+v", err, agenda)
	}
	if other, _ := e.h.App.Report.AgendaCandidates(ctx, e.h.Scope(e.a, e.hr)); len(other) != 0 {
		t.Error("agenda candidates ignore need-to-know")
	}
	if err := e.h.App.Report.Schedule(ctx, e.h.Scope(e.a, e.hr), c.ID); err == nil {
		t.Error("schedule without need-to-know allowed")
	}
	if err := e.h.App.Report.Schedule(ctx, sc, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.h.App.Report.Unschedule(ctx, sc, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.h.App.Report.Schedule(ctx, sc, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.h.App.Report.Decide(ctx, sc, c.ID, report.DecideRIEC, ""); err == nil {
		t.Error("decision without reason accepted")
	}
	if err := e.h.App.Report.Decide(ctx, sc, c.ID, report.DecideRIEC, "Past in RIEC-casus"); err != nil {
		t.Fatal(err)
	}
	esc, err := e.h.App.Report.Escalation(ctx, sc, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if esc.Decision != report.DecideRIEC || esc.Location != "Dorpsstraat 1" || esc.Summary != "Contant geld." || esc.OccurredOn != "2026-02-01" || esc.DecidedOn == "" {
		t.Errorf("escalation %+v", esc)
	}
	if _, err := e.h.App.Report.Escalation(ctx, e.h.Scope(e.a, e.hr), c.ID); err == nil {
		t.Error("escalation without need-to-know")
	}
	if e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.read' AND purpose = 'RIEC-signaal'`) != 1 {
		t.Error("escalation read not audited")
	}
	// History holds every step.
	if n := e.count(t, `SELECT COUNT(*) FROM report_events WHERE report_id = $1`, c.ID); n != 7 {
		t.Errorf("history has %d events, want 7", n)
	}
}

// The anonymous reporter's address is nowhere: not in the access log,
// not in any other log line, not in the database.
func TestNoAddressOfAnonymousReporterInLogs(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mk, err := vault.NewMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t)
	a, err := app.OpenWith(context.Background(), app.Config{BaseURL: "https://weerbaar.test"}, clock.NewFake(apptest.Start), logger, db, mk)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Auth.CreateOrganisation(context.Background(), "alfa", "Gemeente alfa", "gemeente"); err != nil {
		t.Fatal(err)
	}
	send := func(method, path string, form url.Values) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", "198.51.100.23")
		req.RemoteAddr = "203.0.113.77:5555"
		rec := httptest.NewRecorder()
		a.Web.ServeHTTP(rec, req)
		return rec
	}
	send(http.MethodGet, "/melden/anoniem/alfa", nil)
	res := send(http.MethodPost, "/melden/anoniem/alfa", url.Values{"intake_category": {"unsafety"}, "title": {"Losse tegel"}, "intake_body": {"Bij de ingang."}})
	code := codePattern.FindStringSubmatch(res.Body.String())
	if code == nil {
		t.Fatalf("no receipt code: %s", res.Body.String())
	}
	send(http.MethodPost, "/melden/volgen", url.Values{"intake_code": {code[1]}})
	send(http.MethodPost, "/melden/volgen", url.Values{"intake_code": {"ZZZZZZZZ" + strings.Repeat("Q", 16)}})
	if !strings.Contains(logs.String(), `"path":"/melden/volgen"`) {
		t.Fatalf("the access log was not captured: %s", logs.String())
	}
	for _, addr := range []string{"203.0.113.77", "198.51.100.23", code[1], strings.ReplaceAll(code[1], "-", "")} {
		if strings.Contains(logs.String(), addr) {
			t.Errorf("the logs hold %q", addr)
		}
	}
}

func TestRoutingChannelsAndFileLimit(t *testing.T) {
	e := newEnv(t)
	ctx := e.h.Ctx
	sc := e.h.Scope(e.a, e.custodian) // the vertrouwenspersoon records reports too (report.intake)
	// Two teams, each with its own teamleider: an aggression report about
	// one team goes to that team's leader only.
	other := e.h.User(e.a, "lead2", auth.TeamLead)
	teamA, teamB := store.NewID(), store.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Balie', 0, 0)`, []any{teamA, e.a.ID}},
		{`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Handhaving', 0, 0)`, []any{teamB, e.a.ID}},
		{`INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, []any{e.a.ID, e.lead.ID, teamA}},
		{`INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, []any{e.a.ID, other.ID, teamB}},
	} {
		if _, err := e.h.App.DB.Write.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	may := func(u *auth.User, id string) bool {
		ok, err := e.h.App.Auth.MayAccess(ctx, e.h.Scope(e.a, u), auth.ObjectRef{Type: report.ObjReport, ID: id})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	for _, ch := range []report.Channel{report.ViaLead, report.ViaCustod, report.Resident, report.Phone} {
		c, err := e.h.App.Report.Record(ctx, sc, report.Input{Channel: ch, Consent: true, Category: report.Aggression, TeamID: teamA,
			Title: "Schreeuwende bezoeker", Body: "Aan de balie.", Answers: map[string]string{"injured": "no", "behaviour": "schelden"}})
		if err != nil {
			t.Fatalf("%s: %v", ch, err)
		}
		if !may(e.lead, c.ID) || may(other, c.ID) || !may(e.custodian, c.ID) || may(e.coord, c.ID) {
			t.Errorf("%s: routed to lead %v, other lead %v, recorder %v, coordinator %v", ch, may(e.lead, c.ID), may(other, c.ID), may(e.custodian, c.ID), may(e.coord, c.ID))
		}
	}
	// Without a team: every teamleider.
	c, err := e.h.App.Report.Record(ctx, sc, report.Input{Channel: report.Phone, Consent: true, Category: report.Aggression, Title: "Dreiging", Body: "Telefonisch."})
	if err != nil {
		t.Fatal(err)
	}
	if !may(e.lead, c.ID) || !may(other, c.ID) {
		t.Error("aggression report without a team not routed to every teamleider")
	}
	// A yes/no answer must be yes or no; an unknown team is refused.
	_, err = e.h.App.Report.Record(ctx, sc, report.Input{Channel: report.Phone, Consent: true, Category: report.Aggression, Title: "x", Body: "y",
		Answers: map[string]string{"injured": "misschien"}})
	if err == nil || !strings.Contains(err.Error(), "q_injured") {
		t.Errorf("bad yes/no answer: %v", err)
	}
	if _, err := e.h.App.Report.Record(ctx, sc, report.Input{Channel: report.Phone, Consent: true, Category: report.Aggression, Title: "x", Body: "y", TeamID: "bestaat-niet"}); err == nil {
		t.Error("unknown team accepted")
	}

	// At most five files per report, over intake and later messages.
	txt := func(n int) []report.Upload {
		var out []report.Upload
		for i := 0; i < n; i++ {
			out = append(out, report.Upload{Name: "notitie.txt", Data: []byte("tekst")})
		}
		return out
	}
	before := e.count(t, `SELECT COUNT(*) FROM reports`)
	if _, err := e.h.App.Report.Submit(ctx, e.h.Scope(e.a, e.emp), report.Input{Category: report.Unsafety, Title: "x", Body: "y", Files: txt(6)}); err == nil ||
		!strings.Contains(err.Error(), "report.file_too_many") {
		t.Errorf("six files: %v", err)
	}
	if e.count(t, `SELECT COUNT(*) FROM reports`) != before {
		t.Fatal("refused report written")
	}
	own, err := e.h.App.Report.Submit(ctx, e.h.Scope(e.a, e.emp), report.Input{Category: report.Unsafety, Title: "x", Body: "y", Files: txt(4)})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.h.App.Report.MyMessage(ctx, e.h.Scope(e.a, e.emp), own.ID, "nog twee", txt(2)); err == nil {
		t.Error("a seventh file accepted through a message")
	}
	if e.count(t, `SELECT COUNT(*) FROM report_messages WHERE report_id = $1`, own.ID) != 0 {
		t.Error("refused message written")
	}
	if err := e.h.App.Report.MyMessage(ctx, e.h.Scope(e.a, e.emp), own.ID, "nog één", txt(1)); err != nil {
		t.Fatal(err)
	}
}

// An integrity report in an organisation without an HR manager goes to the
// coordinator rather than to nobody: a report no one may open would lie
// unhandled past every term.
func TestRoutingFallsBackToTheCoordinator(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("klein")
	coord := h.User(org, "coord", auth.Coordinator)
	emp := h.User(org, "emp", auth.Employee)
	created, err := h.App.Report.Submit(h.Ctx, h.Scope(org, emp), report.Input{Category: report.Integrity,
		Title: "Collega neemt geld aan", Body: "Gezien bij de balie.", Answers: map[string]string{"misstand": "no"}})
	if err != nil {
		t.Fatal(err)
	}
	ok, err := h.App.Auth.MayAccess(h.Ctx, h.Scope(org, coord), auth.ObjectRef{Type: report.ObjReport, ID: created.ID})
	if err != nil || !ok {
		t.Fatalf("coordinator on the list of an integrity report without HR: %v, %v", ok, err)
	}
}

// Reports seeded for the demo and reports taken in by intake draw from one
// counter per organisation and year, so that their references follow on
// and never collide.
func TestSeededAndTakenInReportsShareTheReferenceCounter(t *testing.T) {
	e := newEnv(t)
	ctx, coord := e.h.Ctx, e.h.Scope(e.a, e.coord)
	now := e.h.Clock.Now()
	_, first, err := e.h.App.Report.SeedReport(ctx, coord, report.Seed{Category: report.Undermining, Status: report.Received,
		Title: "Eerste", Body: "Eerste melding.", ReceivedAt: now, Handlers: []string{e.coord.ID}})
	if err != nil {
		t.Fatal(err)
	}
	taken, err := e.h.App.Report.Submit(ctx, e.h.Scope(e.a, e.emp), report.Input{Category: report.Undermining, Title: "Tweede", Body: "Tweede melding."})
	if err != nil {
		t.Fatal(err)
	}
	_, third, err := e.h.App.Report.SeedReport(ctx, coord, report.Seed{Category: report.Undermining, Status: report.Received,
		Title: "Derde", Body: "Derde melding.", ReceivedAt: now, Handlers: []string{e.coord.ID}})
	if err != nil {
		t.Fatal(err)
	}
	year := now.In(clock.Amsterdam).Year()
	want := []string{fmt.Sprintf("M-%d-0001", year), fmt.Sprintf("M-%d-0002", year), fmt.Sprintf("M-%d-0003", year)}
	if got := []string{first, taken.Reference, third}; !slices.Equal(got, want) {
		t.Fatalf("references = %v, want %v", got, want)
	}
}
