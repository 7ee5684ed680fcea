package oidc

import (
	"regexp"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Grant gives the members of a provider group a role in an organisation.
type Grant struct {
	Group   string // group name or id as the provider sends it
	OrgSlug string // the organisation's short name
	Role    string // role code name, e.g. "coordinator"
}

// RoleMap is the configured list of grants, in configuration order.
type RoleMap []Grant

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`) // as auth's organisation slugs
	rolePattern = regexp.MustCompile(`^[a-z][a-z_]{1,39}$`)
)

// RoleMapField names the setting in errors about the mapping.
const RoleMapField = "oidc_role_map"

// ParseRoleMap reads "group=org:role;group=org:role". Spaces around the
// parts and empty entries are ignored; a malformed entry is an error that
// names its position, so that a typo in the setting never silently grants
// or withholds a role. Role names are checked for form only: the auth
// package, which knows the roles, decides whether a name exists.
func ParseRoleMap(s string) (RoleMap, error) {
	var m RoleMap
	n := 0
	for entry := range strings.SplitSeq(s, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		n++
		// Split at the last "=": group ids rarely contain one, but some
		// providers send distinguished names ("cn=weerbaar-hr,ou=groepen").
		i := strings.LastIndex(entry, "=")
		if i < 0 {
			return nil, apperr.FieldErr(RoleMapField, "oidc.rolemap_entry", n, entry)
		}
		group := strings.TrimSpace(entry[:i])
		org, role, ok := strings.Cut(entry[i+1:], ":")
		org, role = strings.ToLower(strings.TrimSpace(org)), strings.TrimSpace(role)
		if !ok || group == "" || org == "" || role == "" {
			return nil, apperr.FieldErr(RoleMapField, "oidc.rolemap_entry", n, entry)
		}
		if !slugPattern.MatchString(org) {
			return nil, apperr.FieldErr(RoleMapField, "oidc.rolemap_slug", n, org)
		}
		if !rolePattern.MatchString(role) {
			return nil, apperr.FieldErr(RoleMapField, "oidc.rolemap_role", n, role)
		}
		g := Grant{Group: group, OrgSlug: org, Role: role}
		if slices.Contains(m, g) {
			return nil, apperr.FieldErr(RoleMapField, "oidc.rolemap_duplicate", n, entry)
		}
		m = append(m, g)
	}
	return m, nil
}

// Grants returns the grants of the groups the user is in, each organisation
// and role once, in configuration order. Groups are compared exactly, as
// the provider sends them.
func (m RoleMap) Grants(groups []string) []Grant {
	var out []Grant
	for _, g := range m {
		if !slices.Contains(groups, g.Group) {
			continue
		}
		if slices.ContainsFunc(out, func(o Grant) bool { return o.OrgSlug == g.OrgSlug && o.Role == g.Role }) {
			continue
		}
		out = append(out, g)
	}
	return out
}
