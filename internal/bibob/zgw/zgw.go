// Package zgw is a small client of the ZGW Zaken API (the VNG standard
// Open Zaak implements): it creates a zaak and nothing else. Requests are
// authenticated the way the ZGW authorisation specification asks, with a
// JWT signed by HS256 with the client's secret, made fresh per request.
//
// The package holds no capability logic and no configuration store: the
// caller passes a Config per call.
package zgw

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Config is one organisation's connection to a Zaken API.
type Config struct {
	// BaseURL is the root of the Zaken API, e.g.
	// https://openzaak.example.nl/zaken/api/v1 (without trailing slash
	// is fine; the path /zaken is appended).
	BaseURL string
	// ClientID and Secret are the JWT client credentials.
	ClientID string
	Secret   string
}

// Actor is who the request is made for, as the JWT claims user_id and
// user_representation name them.
type Actor struct {
	UserID         string
	Representation string
}

// NewZaak is the body of a zaak to create. Omschrijving must not carry case
// content: it is seen by everyone who reads the zaak system.
type NewZaak struct {
	Bronorganisatie              string `json:"bronorganisatie"`
	Zaaktype                     string `json:"zaaktype"`
	Omschrijving                 string `json:"omschrijving"`
	Startdatum                   string `json:"startdatum"`
	VerantwoordelijkeOrganisatie string `json:"verantwoordelijkeOrganisatie"`
}

// Zaak is what the API answers about a created zaak.
type Zaak struct {
	URL           string `json:"url"`
	Identificatie string `json:"identificatie"`
}

// Client talks to a Zaken API. The zero value is not usable; use New.
type Client struct {
	http *http.Client
	now  func() time.Time
}

// DefaultTimeout bounds every request: a zaak system that does not answer
// must not hold a user's page.
const DefaultTimeout = 10 * time.Second

// New returns a client with the given timeout (DefaultTimeout when zero)
// taking the JWT's iat from now.
func New(timeout time.Duration, now func() time.Time) *Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Client{http: &http.Client{Timeout: timeout}, now: now}
}

// Error kinds of CreateZaak, for the caller to tell the user what happened.
var (
	// ErrRejected: the API answered 4xx (bad configuration, no rights,
	// invalid zaaktype).
	ErrRejected = errors.New("zgw: zaak refused")
	// ErrUnavailable: the API answered 5xx, did not answer in time or
	// could not be reached.
	ErrUnavailable = errors.New("zgw: zaken API unavailable")
)

// StatusError is an HTTP answer other than 201; it wraps ErrRejected or
// ErrUnavailable.
type StatusError struct {
	Status int
	kind   error
}

func (e *StatusError) Error() string { return fmt.Sprintf("%v: HTTP %d", e.kind, e.Status) }
func (e *StatusError) Unwrap() error { return e.kind }

// CreateZaak posts z to {BaseURL}/zaken and returns the created zaak.
func (c *Client) CreateZaak(ctx context.Context, cfg Config, who Actor, z NewZaak) (*Zaak, error) {
	body, err := json.Marshal(z)
	if err != nil {
		return nil, err
	}
	tok, err := Token(cfg.ClientID, cfg.Secret, who, c.now())
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(cfg.BaseURL, "/")+"/zaken", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRejected, err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	// The Zaken API requires the coordinate system headers on every
	// request that may carry a geometry, also when none is sent.
	req.Header.Set("Accept-Crs", "EPSG:4326")
	req.Header.Set("Content-Crs", "EPSG:4326")
	res, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	switch {
	case res.StatusCode == http.StatusCreated || res.StatusCode == http.StatusOK:
	case res.StatusCode >= 500:
		return nil, &StatusError{Status: res.StatusCode, kind: ErrUnavailable}
	default:
		return nil, &StatusError{Status: res.StatusCode, kind: ErrRejected}
	}
	var out Zaak
	if err := json.Unmarshal(b, &out); err != nil || !strings.HasPrefix(out.URL, "http") {
		return nil, fmt.Errorf("%w: answer without zaak url", ErrUnavailable)
	}
	return &out, nil
}

// Token returns the JWT the ZGW authorisation specification asks for:
// header {"alg":"HS256","typ":"JWT"}, claims iss and client_id (the client
// id), iat (seconds), user_id and user_representation, signed with
// HMAC-SHA256 over the secret.
func Token(clientID, secret string, who Actor, now time.Time) (string, error) {
	if clientID == "" || secret == "" {
		return "", fmt.Errorf("%w: client id or secret missing", ErrRejected)
	}
	header, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	claims, err := json.Marshal(map[string]any{
		"iss":                 clientID,
		"iat":                 now.Unix(),
		"client_id":           clientID,
		"user_id":             who.UserID,
		"user_representation": who.Representation,
	})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(header) + "." + enc.EncodeToString(claims)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil)), nil
}
