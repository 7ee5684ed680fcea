package web

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
)

// The main navigation shows one entry per group, leading to the first
// entry of the group the user may open; the current group's entries are
// the second row; a group with one entry for this user is that entry.
func TestNavigationGroups(t *testing.T) {
	items := []NavItem{
		{Key: "nav.dashboard", Path: "/", Perm: auth.DashboardView},
		{Key: "nav.report_handle", Path: "/meldingen", Perm: auth.ReportHandle, Group: "nav.group.report"},
		{Key: "report.ops.nav.overdue", Path: "/meldingen/termijnen", Perm: auth.ReportHandle, Group: "nav.group.report"},
		{Key: "nav.report_submit", Path: "/melden", Perm: auth.ReportSubmit, Group: "nav.group.report"},
		{Key: "nav.users", Path: "/beheer/gebruikers", Perm: auth.UsersManage, Group: "nav.group.admin"},
		{Key: "nav.audit", Path: "/audit", Perm: auth.AuditRead, Group: "nav.group.admin"},
	}
	type link struct {
		label, path string
		current     bool
	}
	links := func(ls []NavLink) []link {
		var out []link
		for _, l := range ls {
			out = append(out, link{l.Label, l.Path, l.Current})
		}
		return out
	}
	scope := func(r auth.Role) *auth.Scope {
		return &auth.Scope{OrgID: "o", UserID: "u", UserName: "u", Roles: []auth.Role{r}, MFA: true}
	}
	for _, c := range []struct {
		name     string
		role     auth.Role
		path     string
		nav, sub []link
	}{
		{"a coordinator on the deadlines page", auth.Coordinator, "/meldingen/termijnen",
			[]link{{"Overzicht", "/", false}, {"Meldpunt", "/meldingen", true}, {"Auditlog", "/audit", false}},
			[]link{{"Meldingen", "/meldingen", false}, {"Termijnen", "/meldingen/termijnen", true}, {"Melden", "/melden", false}}},
		{"a coordinator on a report", auth.Coordinator, "/meldingen/abc",
			[]link{{"Overzicht", "/", false}, {"Meldpunt", "/meldingen", true}, {"Auditlog", "/audit", false}},
			[]link{{"Meldingen", "/meldingen", true}, {"Termijnen", "/meldingen/termijnen", false}, {"Melden", "/melden", false}}},
		{"an employee, who may only report", auth.Employee, "/melden",
			[]link{{"Overzicht", "/", false}, {"Melden", "/melden", true}}, nil},
		{"an administrator outside any group", auth.Admin, "/",
			[]link{{"Overzicht", "/", true}, {"Melden", "/melden", false}, {"Beheer", "/beheer/gebruikers", false}}, nil},
	} {
		p := &Page{Lang: "nl", Scope: scope(c.role)}
		p.navigation(items, c.path)
		if got := links(p.Nav); !slices.Equal(got, c.nav) {
			t.Errorf("%s: main navigation %v, want %v", c.name, got, c.nav)
		}
		if got := links(p.SubNav); !slices.Equal(got, c.sub) {
			t.Errorf("%s: second row %v, want %v", c.name, got, c.sub)
		}
		if c.sub != nil && p.SubNavLabel != "Menu Meldpunt" {
			t.Errorf("%s: second row labelled %q", c.name, p.SubNavLabel)
		}
	}
}
