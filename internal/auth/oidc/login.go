package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// State is what one login attempt must remember between Begin and Finish.
// The caller keeps it where only this browser can bring it back (a
// short-lived, HttpOnly cookie or a row keyed by one) and never in the URL.
type State struct {
	State    string // echoed by the provider; ties the callback to this browser
	Nonce    string // carried in the ID token; ties the token to this attempt
	Verifier string // PKCE code verifier; only its hash went to the provider
}

// Identity is the signed-in user as the provider vouches for them.
type Identity struct {
	Issuer  string
	Subject string // stable id at the provider; Issuer+Subject identify the account
	Email   string
	Name    string
	Groups  []string
	MFA     bool // the provider reports a second factor (amr or acr in MFAValues)
}

// Begin starts a login: it returns the provider URL to redirect the browser
// to and the State to keep until the callback.
func (p *Provider) Begin() (authURL string, st State, err error) {
	if st.State, err = random(); err != nil {
		return "", State{}, err
	}
	if st.Nonce, err = random(); err != nil {
		return "", State{}, err
	}
	st.Verifier = oauth2.GenerateVerifier()
	authURL = p.oauth.AuthCodeURL(st.State, gooidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	return authURL, st, nil
}

// Finish completes a login from the callback's state and code parameters:
// it checks the state, exchanges the code with the PKCE verifier, verifies
// the ID token (signature, issuer, audience, expiry, nonce) and returns the
// identity in it. Every failure is Unauthenticated with a catalogue key that
// tells the user to start again; the cause is kept for the log.
func (p *Provider) Finish(ctx context.Context, st State, gotState, code string) (*Identity, error) {
	if st.State == "" || subtle.ConstantTimeCompare([]byte(st.State), []byte(gotState)) != 1 {
		return nil, fail("oidc.state_mismatch", nil)
	}
	if code == "" {
		return nil, fail("oidc.no_code", nil)
	}
	ctx = gooidc.ClientContext(ctx, p.cfg.HTTPClient)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return nil, fail("oidc.exchange_failed", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fail("oidc.no_id_token", nil)
	}
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		var expired *gooidc.TokenExpiredError
		if errors.As(err, &expired) {
			return nil, fail("oidc.token_expired", err)
		}
		return nil, fail("oidc.token_invalid", err)
	}
	if st.Nonce == "" || subtle.ConstantTimeCompare([]byte(st.Nonce), []byte(idt.Nonce)) != 1 {
		return nil, fail("oidc.nonce_mismatch", nil)
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, fail("oidc.token_invalid", err)
		}
	}
	if idt.Subject == "" {
		return nil, fail("oidc.claims_invalid", errors.New("no sub claim"))
	}
	return p.identity(idt)
}

// identity reads the claims Weerbaar uses from a verified ID token.
func (p *Provider) identity(idt *gooidc.IDToken) (*Identity, error) {
	var claims map[string]json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		return nil, fail("oidc.claims_invalid", err)
	}
	id := &Identity{Issuer: idt.Issuer, Subject: idt.Subject}
	var amr []string
	var acr string
	for _, c := range []struct {
		name string
		dst  any
	}{{"email", &id.Email}, {"name", &id.Name}, {"amr", &amr}, {"acr", &acr}} {
		if v, ok := claims[c.name]; ok {
			if err := json.Unmarshal(v, c.dst); err != nil {
				return nil, fail("oidc.claims_invalid", errors.New("claim "+c.name+": "+err.Error()))
			}
		}
	}
	groups, err := stringList(claims[p.cfg.GroupsClaim])
	if err != nil {
		return nil, fail("oidc.claims_invalid", errors.New("claim "+p.cfg.GroupsClaim+": "+err.Error()))
	}
	id.Groups = groups
	id.MFA = slices.Contains(p.cfg.MFAValues, acr)
	for _, a := range amr {
		if slices.Contains(p.cfg.MFAValues, a) {
			id.MFA = true
		}
	}
	return id, nil
}

// stringList reads a claim that is a list of strings, or a single string as
// some providers send when the user is in one group. A missing claim is an
// empty list.
func stringList(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		return list, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, errors.New("not a string or list of strings")
	}
	return []string{one}, nil
}

// fail returns an Unauthenticated error: whatever went wrong, the user's
// remedy is to start the login again, and the cause goes to the log only.
func fail(key string, cause error) error {
	return &apperr.Error{Code: apperr.Unauthenticated, Key: key, Err: cause}
}

// random returns 256 random bits, URL-safe.
func random() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", apperr.Wrap(err, "oidc.random_failed")
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
