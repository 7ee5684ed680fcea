package oidc

import (
	"errors"
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

func TestParseRoleMap(t *testing.T) {
	m, err := ParseRoleMap(" weerbaar-coord = voorbeeldstad:coordinator;weerbaar-hr=voorbeeldstad:hr ;" +
		"cn=riec,ou=groepen=Regio-Noord:regional;weerbaar-hr=voorbeeldstad:custodian;weerbaar-hr-2=voorbeeldstad:hr;")
	if err != nil {
		t.Fatal(err)
	}
	want := RoleMap{
		{"weerbaar-coord", "voorbeeldstad", "coordinator"},
		{"weerbaar-hr", "voorbeeldstad", "hr"},
		{"cn=riec,ou=groepen", "regio-noord", "regional"},
		{"weerbaar-hr", "voorbeeldstad", "custodian"},
		{"weerbaar-hr-2", "voorbeeldstad", "hr"},
	}
	if !slices.Equal(m, want) {
		t.Fatalf("parsed %v\nwant %v", m, want)
	}

	got := m.Grants([]string{"iedereen", "weerbaar-hr", "weerbaar-hr-2"})
	wantGrants := []Grant{{"weerbaar-hr", "voorbeeldstad", "hr"}, {"weerbaar-hr", "voorbeeldstad", "custodian"}}
	if !slices.Equal(got, wantGrants) {
		t.Errorf("Grants = %v, want %v (hr once)", got, wantGrants)
	}
	if g := m.Grants([]string{"Weerbaar-Coord"}); len(g) != 0 {
		t.Errorf("group names compared case-insensitively: %v", g)
	}
	if g := m.Grants(nil); len(g) != 0 {
		t.Errorf("no groups gave %v", g)
	}
	if empty, err := ParseRoleMap("  ; "); err != nil || len(empty) != 0 {
		t.Errorf("empty map: %v, %v", empty, err)
	}
}

func TestParseRoleMapErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		key  string
		args []any
	}{
		{"weerbaar-coord", "oidc.rolemap_entry", []any{1, "weerbaar-coord"}},
		{"a=voorbeeldstad:hr;weerbaar-hr=voorbeeldstad", "oidc.rolemap_entry", []any{2, "weerbaar-hr=voorbeeldstad"}},
		{"=voorbeeldstad:hr", "oidc.rolemap_entry", []any{1, "=voorbeeldstad:hr"}},
		{"g=:hr", "oidc.rolemap_entry", []any{1, "g=:hr"}},
		{"g=voorbeeldstad:", "oidc.rolemap_entry", []any{1, "g=voorbeeldstad:"}},
		{"g=voorbeeld stad:hr", "oidc.rolemap_slug", []any{1, "voorbeeld stad"}},
		{"g=voorbeeldstad:Coördinator", "oidc.rolemap_role", []any{1, "Coördinator"}},
		{"g=voorbeeldstad:hr:extra", "oidc.rolemap_role", []any{1, "hr:extra"}},
		{"g=voorbeeldstad:hr; g = voorbeeldstad : hr", "oidc.rolemap_duplicate", []any{2, "g = voorbeeldstad : hr"}},
	} {
		m, err := ParseRoleMap(tc.in)
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			t.Errorf("%q: parsed %v, want %s", tc.in, m, tc.key)
			continue
		}
		if ae.Key != tc.key || ae.Field != RoleMapField || !slices.Equal(ae.Args, tc.args) {
			t.Errorf("%q: %v %v, want %s %v", tc.in, ae, ae.Args, tc.key, tc.args)
		}
		if !i18n.Has(ae.Key) {
			t.Errorf("key %s is not in the catalogue", ae.Key)
		}
	}
}
