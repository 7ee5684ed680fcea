package auth

import "slices"

// Scope is the acting scope that travels with every store call: which
// organisation is acted in, by whom, with which roles. It is built once per
// request by the web layer from the session or API token and passed down
// explicitly; no store reads the tenant from anywhere else.
type Scope struct {
	OrgID   string
	OrgSlug string
	OrgName string
	UserID  string
	// UserName labels the actor in the audit log.
	UserName string
	// Roles held in OrgID: by membership, or the regional roles of a user
	// who works here under delegation.
	Roles []Role
	// Delegated is non-nil when the user acts in OrgID under delegation; it
	// lists the capabilities lent to them. Every read in this state is
	// audited as a cross-organisation read.
	Delegated []string
	// MFA is true when the session has passed a second factor.
	MFA bool
	// TokenScopes is non-nil for API-token requests and narrows the
	// permissions to those listed.
	TokenScopes []Permission
	// RequestID links audit entries to the request log.
	RequestID string
}

// Can reports whether the scope holds permission p: some role holds it, the
// capability is delegated when acting under delegation, the second factor is
// present when a role needs it, and an API token's scopes include it.
func (s *Scope) Can(p Permission) bool {
	if s == nil || s.UserID == "" {
		return p == Public
	}
	switch p {
	case Public, SignedInPartial:
		return true
	case SignedIn:
		return !s.NeedsMFA()
	}
	if s.NeedsMFA() {
		return false
	}
	if s.TokenScopes != nil && !slices.Contains(s.TokenScopes, p) {
		return false
	}
	if s.Delegated != nil && !slices.Contains(s.Delegated, p.Capability()) {
		return false
	}
	for _, r := range s.Roles {
		if r.Has(p) {
			return true
		}
	}
	return false
}

// RequiresMFA reports whether any role in the scope needs a second factor.
func (s *Scope) RequiresMFA() bool {
	for _, r := range s.Roles {
		if r.RequiresMFA() {
			return true
		}
	}
	return false
}

// NeedsMFA reports whether the scope is held back until a second factor is
// given.
func (s *Scope) NeedsMFA() bool { return s.RequiresMFA() && !s.MFA }

// HasRole reports whether the scope holds role r.
func (s *Scope) HasRole(r Role) bool { return slices.Contains(s.Roles, r) }

// System returns a scope for background jobs acting in an organisation. It
// holds no roles: jobs call store methods that take an organisation id, not
// the user-facing policy.
func System(orgID string) *Scope {
	return &Scope{OrgID: orgID, UserID: systemUser, UserName: "systeem"}
}

// systemUser is the actor id of System scopes. No account has it: ids are
// random 26-character strings.
const systemUser = "system"

// Operator reports whether the scope is an operator's (command line, demo
// generator, background job) rather than a signed-in user's. Requests never
// carry one.
func (s *Scope) Operator() bool { return s != nil && s.UserID == systemUser }

// Allows reports whether the scope may use permission p in its
// organisation: an operator always, a user when Can(p) holds. Stores use it
// for the operations that both operators and users perform.
func (s *Scope) Allows(p Permission) bool {
	return s != nil && s.OrgID != "" && (s.Operator() || s.Can(p))
}
