package bibob_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/bibob/zgw"
)

// TestRegisterScreeningAsZaak registers a screening as a zaak on the
// screening page and through the API, against a fake ZGW Zaken API: off by
// default, need-to-know, no case content in the payload.
func TestRegisterScreeningAsZaak(t *testing.T) {
	e := newEnv(t)
	h := e.h
	s := h.App.Bibob
	var code atomic.Int32
	code.Store(http.StatusCreated)
	var seen []map[string]string
	srv := fakeZaken(t, &code, false, &seen)
	s.SetZaakClient(zgw.New(2*time.Second, h.Clock.Now))

	id := e.startScreening(t, "H-7", "2026-03-02")
	const findings = "Aanvrager verzweeg een eerdere veroordeling"
	if err := s.RecordResearch(h.Ctx, e.bibobSc, id, bibob.ResearchInput{Sources: []string{"kvk"}, Findings: findings}); err != nil {
		t.Fatal(err)
	}
	base := "/bibob/screenings/" + id
	screener := h.Login(e.bibobU)
	tok := h.Token(e.a, e.bibobU)
	nothingWritten := func(what string) {
		t.Helper()
		if n := e.count(t, `SELECT COUNT(*) FROM zaak_links`); n != 0 || len(seen) != 0 {
			t.Fatalf("%s: %d zaak links, %d requests to Open Zaak", what, n, len(seen))
		}
	}

	// Off by default: no button; the post and the API are refused with a
	// Dutch message and nothing is written or sent.
	page := body(screener.Get(base))
	if strings.Contains(page, base+"/zaak") || !strings.Contains(page, "Nog niet als zaak geregistreerd") {
		t.Error("the screening page offers a zaak while the link is off, or does not say there is none")
	}
	res := screener.PostForm(base+"/zaak", nil)
	status(t, "web zaak while off", res, http.StatusConflict)
	if !strings.Contains(body(res), "De koppeling met Open Zaak staat uit") {
		t.Error("the refusal does not say in Dutch that the link is off")
	}
	api := h.API(tok, http.MethodPost, "/api/v1/bibob-screenings/"+id+"/zaak", nil)
	if api.Code != http.StatusConflict || !strings.Contains(api.Body.String(), "De koppeling met Open Zaak staat uit") {
		t.Errorf("API zaak while off: %d %s", api.Code, api.Body.String())
	}
	nothingWritten("while off")

	if err := s.SaveZaakSettings(h.Ctx, e.bibobSc, bibob.ZaakSettingsInput{Enabled: true, BaseURL: srv.URL + "/zaken/api/v1",
		ZaaktypeURL: "https://catalogi.example.nl/catalogi/api/v1/zaaktypen/bibob", ClientID: "weerbaar-a", RSIN: "123456782", Secret: zaakSecret}); err != nil {
		t.Fatal(err)
	}

	// Need-to-know: a Bibob colleague not on the list, and organisation B,
	// get 404 in UI and API, even with the link on.
	other := h.Login(e.bibob2U)
	if page := body(other.Get("/bibob/screenings")); strings.Contains(page, "H-7") {
		t.Fatal("fixture: the colleague already sees the screening")
	}
	status(t, "colleague not on the list", other.PostForm(base+"/zaak", nil), http.StatusNotFound)
	if res := h.API(h.Token(e.a, e.bibob2U), http.MethodPost, "/api/v1/bibob-screenings/"+id+"/zaak", nil); res.Code != http.StatusNotFound {
		t.Errorf("colleague via API: %d", res.Code)
	}
	status(t, "other organisation", h.Login(e.otherB).PostForm(base+"/zaak", nil), http.StatusNotFound)
	nothingWritten("without need-to-know")

	// The screener registers it: the URL is kept, shown and audited.
	page = body(screener.Get(base))
	if !strings.Contains(page, `action="`+base+`/zaak"`) {
		t.Fatal("the screening page offers no zaak while the link is on")
	}
	status(t, "register", screener.PostForm(base+"/zaak", nil), http.StatusSeeOther)
	wantURL := srv.URL + "/zaken/api/v1/zaken/4f2c"
	if n := e.count(t, `SELECT COUNT(*) FROM zaak_links WHERE object_type = 'bibob_screening' AND object_ref = $1 AND zaak_url = $2`, id, wantURL); n != 1 {
		t.Fatalf("%d zaak links for the screening", n)
	}
	if page := body(screener.Get(base)); !strings.Contains(page, `<ul data-zaken><li><a href="`+wantURL+`">`) {
		t.Error("the screening page does not show the zaak")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bibob.zaak.create' AND object_type = 'bibob_screening' AND object_id = $1 AND result = 'ok'`, id); n != 1 {
		t.Errorf("%d audit entries for the zaak", n)
	}

	// The payload: the configured zaaktype and RSIN, a description with
	// the case number only, nothing of the case.
	if len(seen) != 1 {
		t.Fatalf("%d requests to Open Zaak", len(seen))
	}
	b := seen[0]
	if b["omschrijving"] != "Bibob-toets H-7" || b["zaaktype"] != "https://catalogi.example.nl/catalogi/api/v1/zaaktypen/bibob" ||
		b["bronorganisatie"] != "123456782" || b["_client_id"] != "weerbaar-a" {
		t.Errorf("payload %v", b)
	}
	for k, v := range b {
		for _, secret := range []string{"Hoek", "veroordeling", "Markt", "87654321", "drank"} {
			if strings.Contains(v, secret) {
				t.Errorf("case content %q sent to Open Zaak in %s: %q", secret, k, v)
			}
		}
	}

	// Through the API: 201 with the URL; the screening lists both zaken.
	api = h.API(tok, http.MethodPost, "/api/v1/bibob-screenings/"+id+"/zaak", nil)
	var out struct {
		Zaak string `json:"zaak"`
	}
	if api.Code != http.StatusCreated || json.Unmarshal(api.Body.Bytes(), &out) != nil || out.Zaak != wantURL {
		t.Fatalf("API zaak: %d %s", api.Code, api.Body.String())
	}
	var x struct {
		Zaken []string `json:"zaken"`
	}
	if res := h.API(tok, http.MethodGet, "/api/v1/bibob-screenings/"+id, nil); json.Unmarshal(res.Body.Bytes(), &x) != nil || len(x.Zaken) != 2 {
		t.Errorf("screening via API lists %v", x.Zaken)
	}

	// A user who may only read Bibob work cannot register one.
	if res := h.API(h.Token(e.a, e.bibobU, auth.BibobRead), http.MethodPost, "/api/v1/bibob-screenings/"+id+"/zaak", nil); res.Code != http.StatusForbidden {
		t.Errorf("token without bibob.screen: %d", res.Code)
	}
}
