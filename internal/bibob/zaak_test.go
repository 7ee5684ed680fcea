package bibob_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/bibob/zgw"
)

const zaakSecret = "open-zaak-geheim-0123456789"

// fakeZaken is a ZGW Zaken API that checks the JWT's signature and claims
// and the body, then answers with status (201 with a zaak URL, or an
// error), or not at all when hang is set.
func fakeZaken(t *testing.T, status *atomic.Int32, hang bool, seen *[]map[string]string) *httptest.Server {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hang {
			// The server only notices a client that gave up once the body
			// is read; stop releases the handler when the test ends.
			select {
			case <-r.Context().Done():
			case <-stop:
			}
			return
		}
		parts := strings.Split(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), ".")
		if len(parts) != 3 {
			http.Error(w, "no jwt", http.StatusUnauthorized)
			return
		}
		mac := hmac.New(sha256.New, []byte(zaakSecret))
		mac.Write([]byte(parts[0] + "." + parts[1]))
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		if !hmac.Equal(sig, mac.Sum(nil)) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		var claims map[string]any
		c, _ := base64.RawURLEncoding.DecodeString(parts[1])
		_ = json.Unmarshal(c, &claims)
		var body map[string]string
		_ = json.NewDecoder(r.Body).Decode(&body)
		body["_client_id"], _ = claims["client_id"].(string)
		body["_iss"], _ = claims["iss"].(string)
		body["_user_representation"], _ = claims["user_representation"].(string)
		body["_path"] = r.URL.Path
		*seen = append(*seen, body)
		if s := int(status.Load()); s != http.StatusCreated {
			http.Error(w, `{"title":"fout"}`, s)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"url":"http://` + r.Host + `/zaken/api/v1/zaken/4f2c","identificatie":"ZAAK-1"}`))
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) }) // runs before srv.Close
	return srv
}

func TestOpenZaakIsOffByDefault(t *testing.T) {
	e := newIVEnv(t)
	z, err := e.s.ZaakSettingsOf(e.ctx, e.a)
	if err != nil || z.Enabled || z.HasSecret {
		t.Fatalf("default settings %+v %v", z, err)
	}
	id := e.add(t, e.a, "bibob_toets", "wet_bibob", "2026-10-01")
	if _, err := e.s.RegisterInterventionZaak(e.ctx, e.a, id); apperr.As(err).Key != "bibob.zaak.off" {
		t.Errorf("register while off: %v", err)
	}
	// Settings are the Bibob coordinator's; a regional user does not hold them.
	if err := e.s.SaveZaakSettings(e.ctx, e.user(t, e.a.OrgID, auth.Regional), bibob.ZaakSettingsInput{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("regional user saves settings: %v", err)
	}
}

func TestOpenZaakSettingsAreChecked(t *testing.T) {
	e := newIVEnv(t)
	err := e.s.SaveZaakSettings(e.ctx, e.a, bibob.ZaakSettingsInput{Enabled: true, BaseURL: "http://open-zaak.example.nl/zaken/api/v1",
		ZaaktypeURL: "ftp://x", RSIN: "123456789"})
	got := fields(err)
	want := map[string]string{"base_url": "bibob.zaak.url_invalid", "zaaktype_url": "bibob.zaak.url_invalid", "client_id": "field.required",
		"rsin": "bibob.zaak.rsin_invalid", "secret": "field.required"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s: %q, want %q", f, got[f], k)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM zaak_settings`); n != 0 {
		t.Error("refused settings were written")
	}
	if !bibob.ValidRSIN("123456782") || bibob.ValidRSIN("123456789") || bibob.ValidRSIN("12345678a") {
		t.Error("elfproef")
	}
}

func TestRegisterInterventionAsZaak(t *testing.T) {
	e := newIVEnv(t)
	var status atomic.Int32
	status.Store(http.StatusCreated)
	var seen []map[string]string
	srv := fakeZaken(t, &status, false, &seen)
	e.s.SetZaakClient(zgw.New(2*time.Second, e.clk.Now))
	if err := e.s.SaveZaakSettings(e.ctx, e.a, bibob.ZaakSettingsInput{Enabled: true, BaseURL: srv.URL + "/zaken/api/v1",
		ZaaktypeURL: "https://catalogi.example.nl/catalogi/api/v1/zaaktypen/bibob", ClientID: "weerbaar-voorbeeldstad", RSIN: "123456782", Secret: zaakSecret}); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM zaak_settings WHERE secret LIKE '%geheim%'`); n != 0 {
		t.Error("the client secret is stored in plain text")
	}
	id, err := e.s.AddIntervention(e.ctx, e.a, bibob.InterventionInput{Kind: "bibob_toets", LegalBasis: "wet_bibob", OccurredOn: "2026-10-01",
		ObjectAddress: "Kerkplein 2", BusinessName: "Café Centraal", Outcome: "geen gevaar", ScreeningRef: "B-2026-014", Note: "geheime bevinding"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.s.RegisterInterventionZaak(e.ctx, e.a, id)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(u, "/zaken/api/v1/zaken/4f2c") || len(seen) != 1 {
		t.Fatalf("zaak %q, %d requests", u, len(seen))
	}
	b := seen[0]
	want := map[string]string{"_path": "/zaken/api/v1/zaken", "bronorganisatie": "123456782", "verantwoordelijkeOrganisatie": "123456782",
		"zaaktype": "https://catalogi.example.nl/catalogi/api/v1/zaaktypen/bibob", "omschrijving": "Bibob-toets B-2026-014",
		"startdatum": "2026-11-23", "_client_id": "weerbaar-voorbeeldstad", "_iss": "weerbaar-voorbeeldstad", "_user_representation": e.a.UserName}
	for k, v := range want {
		if b[k] != v {
			t.Errorf("%s = %q, want %q", k, b[k], v)
		}
	}
	for _, v := range b {
		if strings.Contains(v, "Café") || strings.Contains(v, "geheime") || strings.Contains(v, "Kerkplein") {
			t.Errorf("case content sent to the zaak system: %q", v)
		}
	}
	x, _ := e.s.Intervention(e.ctx, e.a, id)
	if len(x.Zaken) != 1 || x.Zaken[0] != u {
		t.Errorf("zaken of the intervention %v", x.Zaken)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bibob.zaak.create' AND object_id = $1 AND result = 'ok'`, id); n != 1 {
		t.Errorf("%d zaak entries", n)
	}

	// The API refuses or fails: a clear error, audited, nothing stored.
	for _, c := range []struct {
		status int
		key    string
	}{{http.StatusBadRequest, "bibob.zaak.rejected"}, {http.StatusForbidden, "bibob.zaak.rejected"}, {http.StatusInternalServerError, "bibob.zaak.unavailable"}} {
		status.Store(int32(c.status))
		_, err := e.s.RegisterInterventionZaak(e.ctx, e.a, id)
		if ae := apperr.As(err); ae.Key != c.key || ae.Code != apperr.Conflict {
			t.Errorf("HTTP %d: %v, want %s", c.status, err, c.key)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM zaak_links`); n != 1 {
		t.Errorf("%d zaak links after failures, want 1", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'bibob.zaak.create' AND result = 'failed'`); n != 3 {
		t.Errorf("%d failed attempts audited, want 3", n)
	}
	// B cannot register A's intervention.
	if _, err := e.s.RegisterInterventionZaak(e.ctx, e.b, id); apperr.CodeOf(err) != apperr.NotFound && apperr.As(err).Key != "bibob.zaak.off" {
		t.Errorf("B registers A's intervention: %v", err)
	}
}

func TestRegisterZaakTimesOut(t *testing.T) {
	e := newIVEnv(t)
	var status atomic.Int32
	var seen []map[string]string
	srv := fakeZaken(t, &status, true, &seen)
	e.s.SetZaakClient(zgw.New(150*time.Millisecond, e.clk.Now))
	if err := e.s.SaveZaakSettings(e.ctx, e.a, bibob.ZaakSettingsInput{Enabled: true, BaseURL: srv.URL, ZaaktypeURL: "https://c.example/zt/1",
		ClientID: "c", RSIN: "123456782", Secret: zaakSecret}); err != nil {
		t.Fatal(err)
	}
	id := e.add(t, e.a, "lbb_advies", "wet_bibob", "2026-09-01")
	if _, err := e.s.RegisterInterventionZaak(e.ctx, e.a, id); apperr.As(err).Key != "bibob.zaak.unavailable" {
		t.Errorf("timeout: %v", err)
	}
}
