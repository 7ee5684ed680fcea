package oidc

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth/oidc/oidctest"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

const callback = "https://weerbaar.voorbeeldstad.nl/inloggen/oidc"

func newProvider(t *testing.T, idp *oidctest.Server, mod ...func(*Config)) *Provider {
	t.Helper()
	cfg := Config{Issuer: idp.URL, ClientID: idp.ClientID, ClientSecret: idp.ClientSecret,
		RedirectURL: callback, HTTPClient: idp.Client()}
	for _, m := range mod {
		m(&cfg)
	}
	p, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// login runs Begin, the browser's visit to the provider, and returns what
// the callback receives.
func login(t *testing.T, p *Provider, idp *oidctest.Server) (st State, gotState, code string) {
	t.Helper()
	authURL, st, err := p.Begin()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := idp.Login(authURL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cb.String(), callback+"?") {
		t.Fatalf("provider redirected to %s", cb)
	}
	return st, cb.Query().Get("state"), cb.Query().Get("code")
}

func TestLoginWithGroupsAndMFA(t *testing.T) {
	idp := oidctest.New(t)
	idp.SetUser(oidctest.User{Subject: "a1b2", Email: "m.jansen@voorbeeldstad.nl", Name: "Mila Jansen",
		Groups: []string{"weerbaar-coord", "iedereen"}, AMR: []string{"pwd", "mfa"}})
	p := newProvider(t, idp)

	authURL, st, err := p.Begin()
	if err != nil {
		t.Fatal(err)
	}
	q := mustQuery(t, authURL)
	if q.Get("state") != st.State || q.Get("nonce") != st.Nonce || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("code_challenge") == st.Verifier {
		t.Errorf("authorization URL %s lacks state, nonce or an S256 challenge", authURL)
	}
	if strings.Contains(authURL, st.Verifier) {
		t.Error("the PKCE verifier itself went to the provider")
	}
	if !slices.Equal(strings.Fields(q.Get("scope")), DefaultScopes) {
		t.Errorf("scope = %q", q.Get("scope"))
	}
	_, st2, _ := p.Begin()
	if st2.State == st.State || st2.Nonce == st.Nonce || st2.Verifier == st.Verifier {
		t.Error("two logins share state, nonce or verifier")
	}

	cb, err := idp.Login(authURL)
	if err != nil {
		t.Fatal(err)
	}
	id, err := p.Finish(context.Background(), st, cb.Query().Get("state"), cb.Query().Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	want := Identity{Issuer: idp.URL, Subject: "a1b2", Email: "m.jansen@voorbeeldstad.nl", Name: "Mila Jansen",
		Groups: []string{"weerbaar-coord", "iedereen"}, MFA: true}
	if id.Issuer != want.Issuer || id.Subject != want.Subject || id.Email != want.Email || id.Name != want.Name ||
		!slices.Equal(id.Groups, want.Groups) || id.MFA != want.MFA {
		t.Errorf("identity = %+v, want %+v", *id, want)
	}

	// The code is spent: the callback cannot be replayed.
	if _, err := p.Finish(context.Background(), st, cb.Query().Get("state"), cb.Query().Get("code")); err == nil {
		t.Error("the same code signed in twice")
	}
}

func TestMFAFromClaims(t *testing.T) {
	for _, tc := range []struct {
		name    string
		user    oidctest.User
		mfa     []string
		wantMFA bool
	}{
		{"password only", oidctest.User{AMR: []string{"pwd"}}, nil, false},
		{"no amr", oidctest.User{}, nil, false},
		{"otp", oidctest.User{AMR: []string{"pwd", "otp"}}, nil, true},
		{"hardware key", oidctest.User{AMR: []string{"hwk"}}, nil, true},
		{"acr configured", oidctest.User{ACR: "urn:voorbeeld:loa:substantieel"}, []string{"urn:voorbeeld:loa:substantieel"}, true},
		{"acr not configured", oidctest.User{ACR: "urn:voorbeeld:loa:laag"}, []string{"urn:voorbeeld:loa:substantieel"}, false},
		{"configured list replaces default", oidctest.User{AMR: []string{"mfa"}}, []string{"urn:voorbeeld:loa:substantieel"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idp := oidctest.New(t)
			tc.user.Subject = "u1"
			idp.SetUser(tc.user)
			p := newProvider(t, idp, func(c *Config) { c.MFAValues = tc.mfa })
			st, gotState, code := login(t, p, idp)
			id, err := p.Finish(context.Background(), st, gotState, code)
			if err != nil {
				t.Fatal(err)
			}
			if id.MFA != tc.wantMFA {
				t.Errorf("MFA = %v, want %v", id.MFA, tc.wantMFA)
			}
		})
	}
}

func TestGroupsUnderOtherClaim(t *testing.T) {
	idp := oidctest.New(t)
	idp.SetUser(oidctest.User{Subject: "u1", Groups: []string{"niet-deze"},
		Extra: map[string]any{"roles": "weerbaar-hr"}})
	p := newProvider(t, idp, func(c *Config) { c.GroupsClaim = "roles" })
	st, gotState, code := login(t, p, idp)
	id, err := p.Finish(context.Background(), st, gotState, code)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(id.Groups, []string{"weerbaar-hr"}) {
		t.Errorf("groups = %v, want the single string of the configured claim", id.Groups)
	}
}

// Every way a login can be forged or go stale ends in an error that tells
// the user to start again, and never in an identity.
func TestFinishRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults oidctest.Faults
		tamper func(st *State, gotState, code *string)
		secret string
		want   string
	}{
		{name: "wrong state", tamper: func(st *State, gotState, _ *string) { *gotState = st.State[:len(st.State)-1] + "x" }, want: "oidc.state_mismatch"},
		{name: "no state kept", tamper: func(st *State, gotState, _ *string) { *st = State{}; *gotState = "" }, want: "oidc.state_mismatch"},
		{name: "no code", tamper: func(_ *State, _, code *string) { *code = "" }, want: "oidc.no_code"},
		{name: "unknown code", tamper: func(_ *State, _, code *string) { *code = "verzonnen" }, want: "oidc.exchange_failed"},
		{name: "PKCE verifier mismatch", tamper: func(st *State, _, _ *string) { st.Verifier = oauth2.GenerateVerifier() }, want: "oidc.exchange_failed"},
		{name: "wrong client secret", secret: "fout", want: "oidc.exchange_failed"},
		{name: "nonce of another login", tamper: func(st *State, _, _ *string) { st.Nonce = "ander" }, want: "oidc.nonce_mismatch"},
		{name: "wrong nonce in token", faults: oidctest.Faults{WrongNonce: true}, want: "oidc.nonce_mismatch"},
		{name: "expired token", faults: oidctest.Faults{Expired: true}, want: "oidc.token_expired"},
		{name: "signed by another key", faults: oidctest.Faults{ForeignKey: true}, want: "oidc.token_invalid"},
		{name: "for another client", faults: oidctest.Faults{WrongAudience: true}, want: "oidc.token_invalid"},
		{name: "from another issuer", faults: oidctest.Faults{WrongIssuer: true}, want: "oidc.token_invalid"},
		{name: "no ID token", faults: oidctest.Faults{NoIDToken: true}, want: "oidc.no_id_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idp := oidctest.New(t)
			idp.SetFaults(tc.faults)
			p := newProvider(t, idp, func(c *Config) {
				if tc.secret != "" {
					c.ClientSecret = tc.secret
				}
			})
			st, gotState, code := login(t, p, idp)
			if tc.tamper != nil {
				tc.tamper(&st, &gotState, &code)
			}
			id, err := p.Finish(context.Background(), st, gotState, code)
			if id != nil {
				t.Errorf("signed in as %+v", *id)
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Key != tc.want || ae.Code != apperr.Unauthenticated {
				t.Fatalf("err = %v, want unauthenticated %s", err, tc.want)
			}
			if !i18n.Has(ae.Key) {
				t.Errorf("key %s is not in the catalogue", ae.Key)
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	idp := oidctest.New(t)
	_, err := New(context.Background(), Config{Issuer: idp.URL, RedirectURL: callback})
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Key != "oidc.config_missing" || ae.Field != "client_id" {
		t.Errorf("missing client id: %v", err)
	}

	gone := oidctest.New(t)
	url := gone.URL
	gone.Close()
	_, err = New(context.Background(), Config{Issuer: url, ClientID: "x", RedirectURL: callback})
	if !errors.As(err, &ae) || ae.Key != "oidc.issuer_unreachable" || !slices.Contains(ae.Args, any(url)) {
		t.Errorf("unreachable issuer: %v", err)
	}
	if msg := i18n.T(i18n.NL, ae.Key, ae.Args...); !strings.Contains(msg, url) {
		t.Errorf("message %q does not name the issuer", msg)
	}

	// A discovery document for another issuer is refused: the tokens would
	// not be ours to trust.
	_, err = New(context.Background(), Config{Issuer: idp.URL + "/", ClientID: "x", RedirectURL: callback, HTTPClient: idp.Client()})
	if !errors.As(err, &ae) || ae.Key != "oidc.issuer_unreachable" {
		t.Errorf("issuer mismatch: %v", err)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
