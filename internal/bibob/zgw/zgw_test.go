package zgw_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/bibob/zgw"
)

// verifyJWT checks an HS256 token the way a ZGW server does and returns
// its claims.
func verifyJWT(t *testing.T, tok, secret string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		t.Fatal("signature does not verify with the client secret")
	}
	var head, claims map[string]any
	h, _ := base64.RawURLEncoding.DecodeString(parts[0])
	c, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if err := json.Unmarshal(h, &head); err != nil || head["alg"] != "HS256" || head["typ"] != "JWT" {
		t.Fatalf("header %s", h)
	}
	if err := json.Unmarshal(c, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestCreateZaakSignsAndPosts(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var got zgw.NewZaak
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/zaken/api/v1/zaken" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		if r.Header.Get("Accept-Crs") != "EPSG:4326" || r.Header.Get("Content-Crs") != "EPSG:4326" {
			t.Error("crs headers missing")
		}
		claims := verifyJWT(t, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), "geheim-123")
		want := map[string]any{"iss": "weerbaar", "client_id": "weerbaar", "user_id": "u1", "user_representation": "Eline Dekker", "iat": float64(now.Unix())}
		for k, v := range want {
			if claims[k] != v {
				t.Errorf("claim %s = %v, want %v", k, claims[k], v)
			}
		}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Error(err)
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"url":"` + "http://" + r.Host + `/zaken/api/v1/zaken/abc","identificatie":"ZAAK-2026-1"}`))
	}))
	defer srv.Close()
	c := zgw.New(time.Second, func() time.Time { return now })
	in := zgw.NewZaak{Bronorganisatie: "123456782", Zaaktype: "https://oz.example/catalogi/api/v1/zaaktypen/1", Omschrijving: "Bibob-toets B-1",
		Startdatum: "2026-03-02", VerantwoordelijkeOrganisatie: "123456782"}
	z, err := c.CreateZaak(context.Background(), zgw.Config{BaseURL: srv.URL + "/zaken/api/v1/", ClientID: "weerbaar", Secret: "geheim-123"},
		zgw.Actor{UserID: "u1", Representation: "Eline Dekker"}, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(z.URL, "/zaken/api/v1/zaken/abc") || z.Identificatie != "ZAAK-2026-1" {
		t.Errorf("zaak %+v", z)
	}
	if got != in {
		t.Errorf("server got %+v, want %+v", got, in)
	}
}

func TestCreateZaakErrors(t *testing.T) {
	cases := []struct {
		name   string
		handle http.HandlerFunc
		want   error
	}{
		{"4xx", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"title":"zaaktype onbekend"}`, http.StatusBadRequest)
		}, zgw.ErrRejected},
		{"403", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "", http.StatusForbidden) }, zgw.ErrRejected},
		{"5xx", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "", http.StatusBadGateway) }, zgw.ErrUnavailable},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(300 * time.Millisecond):
			}
		}, zgw.ErrUnavailable},
		{"no url", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(`{}`))
		}, zgw.ErrUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handle)
			defer srv.Close()
			c := zgw.New(100*time.Millisecond, time.Now)
			_, err := c.CreateZaak(context.Background(), zgw.Config{BaseURL: srv.URL, ClientID: "c", Secret: "s"}, zgw.Actor{}, zgw.NewZaak{})
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := zgw.Token("", "s", zgw.Actor{}, time.Now()); err == nil {
		t.Error("a token without client id was made")
	}
}
