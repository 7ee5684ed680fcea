// Package oidc signs users in through the municipality's OpenID Connect
// identity provider: the authorization code flow with PKCE (S256) and a
// nonce, ID-token verification, and the mapping of the provider's group
// claims to Weerbaar roles.
package oidc

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
)

// Config describes the client registration at the identity provider.
type Config struct {
	Issuer       string // the provider's issuer URL, as in its discovery document
	ClientID     string
	ClientSecret string
	RedirectURL  string   // Weerbaar's callback URL, registered at the provider
	Scopes       []string // default openid, email, profile; openid is always added
	// GroupsClaim names the ID-token claim that lists the user's groups.
	GroupsClaim string // default "groups"
	// MFAValues are the amr values, or acr values, that show the provider
	// asked for a second factor.
	MFAValues []string // default mfa, otp, hwk, swk

	// HTTPClient talks to the provider; default a client with a 10 s timeout.
	HTTPClient *http.Client
	// Clock judges token expiry; default the system clock.
	Clock clock.Clock
}

// Defaults for the optional fields of Config.
var (
	DefaultScopes    = []string{gooidc.ScopeOpenID, "email", "profile"}
	DefaultMFAValues = []string{"mfa", "otp", "hwk", "swk"}
)

const defaultGroupsClaim = "groups"

// Provider is a discovered identity provider, ready for logins. It is safe
// for concurrent use and holds no per-login state: that lives in State.
type Provider struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
}

// New reads the provider's discovery document and prepares logins. It fails
// with a clear error when the issuer cannot be reached, so that a wrong
// setting shows at start-up instead of at the first login.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	for _, f := range []struct{ name, value string }{
		{"issuer", cfg.Issuer}, {"client_id", cfg.ClientID}, {"redirect_url", cfg.RedirectURL},
	} {
		if strings.TrimSpace(f.value) == "" {
			return nil, apperr.FieldErr(f.name, "oidc.config_missing", f.name)
		}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = defaultGroupsClaim
	}
	if len(cfg.MFAValues) == 0 {
		cfg.MFAValues = DefaultMFAValues
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = DefaultScopes
	}
	if !slices.Contains(cfg.Scopes, gooidc.ScopeOpenID) {
		cfg.Scopes = append([]string{gooidc.ScopeOpenID}, cfg.Scopes...)
	}

	ctx = gooidc.ClientContext(ctx, cfg.HTTPClient)
	disc, err := gooidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Internal, Key: "oidc.issuer_unreachable", Args: []any{cfg.Issuer}, Err: err}
	}
	return &Provider{
		cfg: cfg,
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			RedirectURL:  cfg.RedirectURL,
			Endpoint:     disc.Endpoint(),
			Scopes:       cfg.Scopes,
		},
		verifier: disc.Verifier(&gooidc.Config{ClientID: cfg.ClientID, Now: cfg.Clock.Now}),
	}, nil
}
