// Package oidctest is a fake OpenID Connect provider for tests: discovery,
// keys, an authorize endpoint that signs the configured user in at once, and
// a token endpoint that checks the client and the PKCE verifier. Faults make
// it misbehave the ways a real provider or an attacker could.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// User is whom the next login signs in, as the claims of the ID token.
type User struct {
	Subject string
	Email   string
	Name    string
	Groups  []string // sent as the "groups" claim when not empty
	AMR     []string
	ACR     string
	Extra   map[string]any // further claims, e.g. groups under another name
}

// Faults make the next tokens wrong in one way each.
type Faults struct {
	WrongNonce    bool // the ID token carries another nonce than was asked for
	Expired       bool // the ID token expired an hour ago
	ForeignKey    bool // signed by a key that is not in the JWKS (same key id)
	WrongAudience bool // issued to another client
	WrongIssuer   bool // issued by another issuer
	NoIDToken     bool // the token response has no id_token
}

// Server is a running fake provider. URL is its issuer.
type Server struct {
	URL          string
	ClientID     string
	ClientSecret string

	srv     *httptest.Server
	key     *rsa.PrivateKey
	foreign *rsa.PrivateKey

	mu     sync.Mutex
	user   User
	faults Faults
	codes  map[string]pending
}

// pending is an authorization waiting for its code to be exchanged.
type pending struct {
	redirectURI, nonce, challenge string
	user                          User
}

const keyID = "oidctest-1"

// New starts a fake provider for client "weerbaar" with secret
// "weerbaar-geheim" that signs in a default user, and stops it when the
// test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		ClientID:     "weerbaar",
		ClientSecret: "weerbaar-geheim",
		key:          keys(t, 0),
		foreign:      keys(t, 1),
		codes:        map[string]pending{},
		user:         User{Subject: "user-1", Email: "j.devries@voorbeeldstad.nl", Name: "Jan de Vries"},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET /jwks", s.jwks)
	mux.HandleFunc("GET /authorize", s.authorize)
	mux.HandleFunc("POST /token", s.token)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// testKeys are made once per test binary: RSA key generation is the slow
// part of starting a provider, and every test's provider may share them.
var testKeys = sync.OnceValues(func() ([2]*rsa.PrivateKey, error) {
	var ks [2]*rsa.PrivateKey
	for i := range ks {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return ks, err
		}
		ks[i] = k
	}
	return ks, nil
})

func keys(t testing.TB, i int) *rsa.PrivateKey {
	ks, err := testKeys()
	if err != nil {
		t.Fatal(err)
	}
	return ks[i]
}

// SetUser chooses whom the following logins sign in.
func (s *Server) SetUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user = u
}

// SetFaults chooses how the following tokens are wrong.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Close stops the provider before the test ends, to test an unreachable one.
func (s *Server) Close() { s.srv.Close() }

// Client returns an HTTP client for the provider.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Login plays the browser at the provider: it opens authURL and returns the
// callback URL the provider redirects to, with its code and state, without
// following it.
func (s *Server) Login(authURL string) (*url.URL, error) {
	c := *s.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Get(authURL)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("oidctest: authorize answered %s", resp.Status)
	}
	return resp.Location()
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                s.URL,
		"authorization_endpoint":                s.URL + "/authorize",
		"token_endpoint":                        s.URL + "/token",
		"jwks_uri":                              s.URL + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
	})
}

func (s *Server) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &s.key.PublicKey, KeyID: keyID, Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

// authorize accepts a well-formed request and redirects straight back with
// a code, as a provider does for a user who is already signed in there.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("client_id") != s.ClientID:
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	case err != nil || !redirect.IsAbs():
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "":
		http.Error(w, "code flow with PKCE S256, nonce and state required", http.StatusBadRequest)
		return
	}
	code := randomString()
	s.mu.Lock()
	s.codes[code] = pending{redirectURI: redirect.String(), nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), user: s.user}
	s.mu.Unlock()

	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token exchanges a code once, for the client it was issued to, with the
// verifier whose hash came with the authorization.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.ClientSecret)) != 1 {
		tokenError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	s.mu.Lock()
	p, found := s.codes[r.PostForm.Get("code")]
	delete(s.codes, r.PostForm.Get("code")) // one use, even when it fails
	faults := s.faults
	s.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !found || p.redirectURI != r.PostForm.Get("redirect_uri") ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != p.challenge {
		tokenError(w, http.StatusBadRequest, "invalid_grant")
		return
	}

	access := randomString()
	resp := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 300}
	if !faults.NoIDToken {
		idToken, err := s.idToken(p, access, faults)
		if err != nil {
			tokenError(w, http.StatusInternalServerError, "server_error")
			return
		}
		resp["id_token"] = idToken
	}
	writeJSON(w, http.StatusOK, resp)
}

func tokenError(w http.ResponseWriter, status int, code string) {
	writeJSON(w, status, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
