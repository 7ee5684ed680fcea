package oidctest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// idToken signs the ID token for a code exchange, bent by the faults.
func (s *Server) idToken(p pending, accessToken string, f Faults) (string, error) {
	now := time.Now()
	claims := map[string]any{}
	for k, v := range p.user.Extra {
		claims[k] = v
	}
	atHash := sha256.Sum256([]byte(accessToken))
	for k, v := range map[string]any{
		"iss": s.URL, "aud": s.ClientID, "sub": p.user.Subject, "nonce": p.nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"at_hash": base64.RawURLEncoding.EncodeToString(atHash[:16]),
	} {
		claims[k] = v
	}
	optional := map[string]any{"email": p.user.Email, "name": p.user.Name, "acr": p.user.ACR}
	for k, v := range optional {
		if v != "" {
			claims[k] = v
		}
	}
	if len(p.user.Groups) > 0 {
		claims["groups"] = p.user.Groups
	}
	if len(p.user.AMR) > 0 {
		claims["amr"] = p.user.AMR
	}
	if f.WrongNonce {
		claims["nonce"] = randomString()
	}
	if f.Expired {
		claims["iat"], claims["exp"] = now.Add(-2*time.Hour).Unix(), now.Add(-time.Hour).Unix()
	}
	if f.WrongAudience {
		claims["aud"] = "another-client"
	}
	if f.WrongIssuer {
		claims["iss"] = "https://idp.elders.example"
	}
	key := s.key
	if f.ForeignKey {
		key = s.foreign
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: keyID}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	sig, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return sig.CompactSerialize()
}
