package meeting_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

const secretMinutes = "NOTULEN-GEHEIM-7731: pand Kerkstraat 12 gebruikt als dekmantel"

func TestMinutesNeedToKnow(t *testing.T) {
	e := newEnv(t, false)
	ctx := e.h.Ctx
	// The burgemeester takes part; the wethouder (also meeting.read) does not.
	id := e.plan(t, "2026-03-10", e.execUser.ID)
	item, _ := e.ms.AddTopic(ctx, e.coord, id, "Vastgoedtransacties")
	if err := e.ms.Decide(ctx, e.coord, id, item, "local", "Gesprek met eigenaar"); err != nil {
		t.Fatal(err)
	}
	c := e.h.Login(e.coordUser)
	res := c.PostForm("/loo/"+id+"/notulen", url.Values{"loo_minutes": {" "}})
	wantStatus(t, "empty minutes", res, http.StatusUnprocessableEntity)
	if m := contains(html.UnescapeString(res.Body.String()), "Notulen: Vul dit veld in."); m != nil {
		t.Errorf("lacks %q", m)
	}
	wantStatus(t, "save minutes", c.PostForm("/loo/"+id+"/notulen", url.Values{"loo_minutes": {secretMinutes}}), http.StatusSeeOther)

	// Not on the list: the agenda and decisions, but the minutes shielded in UI and API.
	w := e.h.Login(e.otherUser)
	page := html.UnescapeString(w.Get("/loo/" + id).Body.String())
	if m := contains(page, "Vastgoedtransacties", "Lokaal oppakken", "Notulen afgeschermd."); m != nil {
		t.Errorf("meeting page for a reader off the list lacks %q", m)
	}
	res = w.Get("/loo/" + id + "/notulen")
	wantStatus(t, "shielded minutes page", res, http.StatusOK)
	body := html.UnescapeString(res.Body.String())
	if strings.Contains(body, "NOTULEN-GEHEIM") || !strings.Contains(body, "Notulen afgeschermd.") {
		t.Errorf("reader off the list: minutes shown %v, notice shown %v", strings.Contains(body, "NOTULEN-GEHEIM"), strings.Contains(body, "Notulen afgeschermd."))
	}
	wantStatus(t, "off the list grants", w.PostForm("/loo/"+id+"/notulen/toegang", url.Values{"access_user": {e.otherUser.ID}, "reason": {"ik wil"}}), http.StatusNotFound)
	tok := e.h.Token(e.a, e.otherUser, auth.MeetingRead)
	res = e.h.API(tok, "GET", "/api/v1/loo-overleggen/"+id, nil)
	wantStatus(t, "API off the list", res, http.StatusOK)
	if strings.Contains(res.Body.String(), "NOTULEN-GEHEIM") {
		t.Fatal("API shows the minutes to a reader off the list")
	}
	got := apptest.Decode[map[string]any](t, res)
	if got["notulen_afgeschermd"] != true || got["notulen"] != nil || len(got["agendapunten"].([]any)) != 1 {
		t.Errorf("API for a reader off the list: %v", got)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.minutes.read' AND actor_id = $1`, e.otherUser.ID); n != 0 {
		t.Errorf("%d minutes reads logged for a reader who saw none", n)
	}

	// On the list: the burgemeester reads them, and the read is logged with who read.
	x := e.h.Login(e.execUser)
	if !strings.Contains(x.Get("/loo/"+id+"/notulen").Body.String(), "NOTULEN-GEHEIM") {
		t.Fatal("participant cannot read the minutes")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.minutes.read' AND object_id = $1 AND actor_id = $2`, id, e.execUser.ID); n != 1 {
		t.Fatalf("%d logged reads by the participant, want 1", n)
	}
	res = e.h.API(e.h.Token(e.a, e.execUser, auth.MeetingRead), "GET", "/api/v1/loo-overleggen/"+id, nil)
	if !strings.Contains(res.Body.String(), "NOTULEN-GEHEIM") {
		t.Error("API withholds the minutes from a participant")
	}
	// A user on the list puts the wethouder on it, with a reason; a grant without reason is refused.
	res = x.PostForm("/loo/"+id+"/notulen/toegang", url.Values{"access_user": {e.otherUser.ID}})
	wantStatus(t, "grant without reason", res, http.StatusUnprocessableEntity)
	wantStatus(t, "grant", x.PostForm("/loo/"+id+"/notulen/toegang", url.Values{"access_user": {e.otherUser.ID}, "reason": {"vervangt de burgemeester"}}), http.StatusSeeOther)
	if !strings.Contains(w.Get("/loo/"+id+"/notulen").Body.String(), "NOTULEN-GEHEIM") {
		t.Error("granted user cannot read the minutes")
	}
	wantStatus(t, "revoke without reason", x.PostForm("/loo/"+id+"/notulen/toegang/intrekken", url.Values{"access_user": {e.otherUser.ID}}), http.StatusUnprocessableEntity)
	wantStatus(t, "revoke", x.PostForm("/loo/"+id+"/notulen/toegang/intrekken", url.Values{"access_user": {e.otherUser.ID}, "revoke_reason": {"terug van vakantie"}}), http.StatusSeeOther)
	if strings.Contains(w.Get("/loo/"+id+"/notulen").Body.String(), "NOTULEN-GEHEIM") {
		t.Error("revoked user still reads the minutes")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action IN ('needtoknow.grant', 'needtoknow.revoke') AND object_type = 'meeting' AND object_id = $1`, id); n != 3 {
		t.Errorf("%d grants and revocations logged, want 3 (participant, grant, revoke)", n)
	}
	// Another organisation's coordinator gets 404, in UI and API.
	cb := e.h.Login(e.h.User(e.b, "coord2", auth.Coordinator))
	wantStatus(t, "B reads A's minutes", cb.Get("/loo/"+id+"/notulen"), http.StatusNotFound)
	if _, err := e.ms.ReadMinutes(ctx, e.coordB, id); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reads A's minutes: %v", err)
	}
	// The minutes, the topic and the reason are sealed: not in the raw database.
	for _, table := range []string{"meetings", "meeting_items"} {
		rows, err := e.h.App.DB.Read.QueryContext(ctx, `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				var b []byte
				switch x := v.(type) {
				case []byte:
					b = x
				case string:
					b = []byte(x)
				}
				for _, plain := range []string{"NOTULEN-GEHEIM", "Vastgoedtransacties", "Gesprek met eigenaar"} {
					if bytes.Contains(b, []byte(plain)) {
						t.Errorf("%s holds %q in plaintext", table, plain)
					}
				}
			}
		}
		rows.Close()
	}
}

func TestRIECSignalExport(t *testing.T) {
	e := newEnv(t, true)
	ctx := e.h.Ctx
	id := e.plan(t, "2026-03-10")
	rep, _ := e.ms.AddReport(ctx, e.coord, id, "rep-1")
	other, _ := e.ms.AddReport(ctx, e.coord, id, "rep-2")
	e.reports.escalations["rep-1"] = mEscalation()
	c := e.h.Login(e.coordUser)
	base := "/loo/" + id + "/agenda/"
	// Before the decision RIEC-signaal there is nothing to export.
	wantStatus(t, "export undecided", c.Get(base+rep+"/riec-signaal?formaat=json"), http.StatusConflict)
	if err := e.ms.Decide(ctx, e.coord, id, other, "drop", "Geen aanwijzingen"); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "export dropped", c.Get(base+other+"/riec-signaal"), http.StatusConflict)
	if err := e.ms.Decide(ctx, e.coord, id, rep, "riec", "Patroon van signalen rond één pand"); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "bad format", c.Get(base+rep+"/riec-signaal?formaat=docx"), http.StatusUnprocessableEntity)
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.riec.export'`); n != 0 {
		t.Fatalf("refused exports logged %d times", n)
	}
	res := c.Get(base + rep + "/riec-signaal?formaat=json")
	wantStatus(t, "json", res, http.StatusOK)
	var got map[string]string
	if err := json.Unmarshal(res.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"besluit", "besluit_op", "categorie", "datum_loo", "datum_voorval", "kenmerk", "locatie", "motivering", "ontvangen_op", "samenvatting", "titel"}
	if !slices.Equal(keys, want) {
		t.Errorf("RIEC signal fields %v, want exactly %v", keys, want)
	}
	if got["kenmerk"] != "M-2026-0001" || got["datum_loo"] != "2026-03-10" || got["motivering"] != "Patroon van signalen rond één pand" || got["samenvatting"] != "Vermoeden witwassen via vastgoed" {
		t.Errorf("RIEC signal %v", got)
	}
	// The Escalation type carries nothing else: no identity, notes or files can get in.
	for _, forbidden := range []string{"identiteit", "melder", "notitie", "bijlage", "Identity", "Note"} {
		if strings.Contains(strings.ToLower(res.Body.String()), strings.ToLower(forbidden)) {
			t.Errorf("RIEC signal mentions %q", forbidden)
		}
	}
	res = c.Get(base + rep + "/riec-signaal?formaat=pdf")
	wantStatus(t, "pdf", res, http.StatusOK)
	if !bytes.HasPrefix(res.Body.Bytes(), []byte("%PDF")) {
		t.Error("PDF export is no PDF")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.riec.export' AND object_type = 'meeting_item' AND object_id = $1
		AND purpose = 'RIEC-signaal' AND actor_id = $2`, rep, e.coordUser.ID); n != 2 {
		t.Errorf("%d RIEC exports logged with object and purpose, want 2", n)
	}
	// The executive reads decisions but may not export a signal.
	wantStatus(t, "executive export", e.h.Login(e.execUser).Get(base+rep+"/riec-signaal"), http.StatusForbidden)
}

func TestListExportsAndAPI(t *testing.T) {
	e := newEnv(t, false)
	ctx := e.h.Ctx
	id := e.plan(t, "2026-03-10")
	e.plan(t, "2026-04-21")
	item, _ := e.ms.AddTopic(ctx, e.coord, id, "Ondermijning recreatieparken")
	if err := e.ms.Decide(ctx, e.coord, id, item, "police", "Strafbare feiten vastgesteld"); err != nil {
		t.Fatal(err)
	}
	c := e.h.Login(e.coordUser)
	res := c.Get("/loo/export?tabel=decisions&formaat=csv")
	wantStatus(t, "csv", res, http.StatusOK)
	if m := contains(res.Body.String(), "Ondermijning recreatieparken", "Aangifte", "Strafbare feiten vastgesteld"); m != nil {
		t.Errorf("decisions CSV lacks %q", m)
	}
	for _, f := range []string{"xlsx", "pdf"} {
		wantStatus(t, f, c.Get("/loo/export?formaat="+f), http.StatusOK)
	}
	wantStatus(t, "bad format", c.Get("/loo/export?formaat=doc"), http.StatusUnprocessableEntity)
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.export'`); n != 3 {
		t.Errorf("%d list exports logged, want 3", n)
	}
	wantStatus(t, "executive exports", e.h.Login(e.execUser).Get("/loo/export?formaat=pdf"), http.StatusForbidden)

	// API: the list (paged) and one meeting with its agenda.
	tok := e.h.Token(e.a, e.coordUser, auth.MeetingRead, auth.MeetingManage)
	res = e.h.API(tok, "GET", "/api/v1/loo-overleggen?limit=1", nil)
	wantStatus(t, "api list", res, http.StatusOK)
	page := apptest.Decode[map[string]any](t, res)
	if items := page["resultaten"].([]any); len(items) != 1 || items[0].(map[string]any)["datum"] != "2026-04-21" || page["volgende"] != "1" {
		t.Errorf("first page %v", page)
	}
	apptest.WantProblem(t, "bad cursor", e.h.API(tok, "GET", "/api/v1/loo-overleggen?cursor=x", nil), http.StatusUnprocessableEntity)
	res = e.h.API(tok, "POST", "/api/v1/loo-overleggen", strings.NewReader(`{"datum": "", "plaats": "Stadhuis"}`))
	p := apptest.WantProblem(t, "api plan without date", res, http.StatusUnprocessableEntity)
	if !slices.Contains(p.Names(), "loo_date") {
		t.Errorf("problem names %v, want loo_date", p.Names())
	}
	res = e.h.API(tok, "POST", "/api/v1/loo-overleggen", strings.NewReader(`{"datum": "2026-06-02", "deelnemers": ["gemeente", "OM"]}`))
	wantStatus(t, "api plan", res, http.StatusCreated)
	if n := e.count(t, `SELECT COUNT(*) FROM meetings`); n != 3 {
		t.Errorf("%d meetings after the API plan, want 3", n)
	}
	res = e.h.API(tok, "GET", "/api/v1/loo-overleggen/"+id, nil)
	one := apptest.Decode[map[string]any](t, res)
	pt := one["agendapunten"].([]any)[0].(map[string]any)
	if pt["onderwerp"] != "Ondermijning recreatieparken" || pt["besluit"] != "police" || one["notulen_afgeschermd"] != false {
		t.Errorf("API meeting %v", one)
	}
	tokB := e.h.Token(e.b, e.h.User(e.b, "coord3", auth.Coordinator), auth.MeetingRead)
	apptest.WantProblem(t, "B reads A's meeting by API", e.h.API(tokB, "GET", "/api/v1/loo-overleggen/"+id, nil), http.StatusNotFound)
}
