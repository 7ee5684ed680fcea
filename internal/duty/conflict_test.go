package duty_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// permits is a small licensing process under the default rules: Bibob
// research by function "bibob", granting by "vergunning", supervision of
// horeca by "toezicht", supervision of building by "bouwtoezicht".
func permits(t *testing.T) *org {
	o := newOrg(t).
		step("onderzoek", []string{"bibob"}, code(duty.CodeBibobResearch)).
		step("verlenen", []string{"vergunning"}, code(duty.CodeGrantLicence), object("horeca")).
		step("toezicht-horeca", []string{"toezicht"}, code(duty.CodeSupervision), object("horeca")).
		step("toezicht-bouw", []string{"bouwtoezicht"}, code(duty.CodeSupervision), object("bouw")).
		step("toezicht-los", []string{"lostoezicht"}, code(duty.CodeSupervision))
	o.in.Rules = duty.DefaultRules(i18n.NL)
	return o
}

func TestConflict(t *testing.T) {
	bibob := duty.KeyConflict("bibob_vergunning", "p")
	supervise := duty.KeyConflict("toezicht_vergunning", "p")
	tests := []struct {
		name  string
		build func(o *org)
		want  []string
		steps [][]string
	}{
		{"both steps held on the day", func(o *org) {
			o.assign("p", "bibob", "2024-01-01", "").assign("p", "vergunning", "2025-01-01", "")
		}, []string{bibob}, [][]string{{"onderzoek", "verlenen"}}},
		{"one step ended yesterday", func(o *org) {
			o.assign("p", "bibob", "2024-01-01", "2026-06-14").assign("p", "vergunning", "2025-01-01", "")
		}, nil, nil},
		{"both held, but at different times", func(o *org) {
			o.assign("p", "bibob", "2020-01-01", "2022-12-31").assign("p", "vergunning", "2023-01-01", "")
		}, nil, nil},
		{"second step starts tomorrow", func(o *org) {
			o.assign("p", "bibob", "2024-01-01", "").assign("p", "vergunning", "2026-06-16", "")
		}, nil, nil},
		{"two people, one step each", func(o *org) {
			o.assign("p", "bibob", "2024-01-01", "").assign("q", "vergunning", "2024-01-01", "")
		}, nil, nil},
		{"same object", func(o *org) {
			o.assign("p", "toezicht", "2024-01-01", "").assign("p", "vergunning", "2024-01-01", "")
		}, []string{supervise}, [][]string{{"toezicht-horeca", "verlenen"}}},
		{"different objects", func(o *org) {
			o.assign("p", "bouwtoezicht", "2024-01-01", "").assign("p", "vergunning", "2024-01-01", "")
		}, nil, nil},
		{"unspecified object counts as the same", func(o *org) {
			o.assign("p", "lostoezicht", "2024-01-01", "").assign("p", "vergunning", "2024-01-01", "")
		}, []string{supervise}, [][]string{{"toezicht-los", "verlenen"}}},
		{"all steps of one rule in one finding", func(o *org) {
			o.assign("p", "toezicht", "2024-01-01", "").assign("p", "bouwtoezicht", "2024-01-01", "").
				assign("p", "lostoezicht", "2024-01-01", "").assign("p", "vergunning", "2024-01-01", "")
		}, []string{supervise}, [][]string{{"toezicht-horeca", "toezicht-los", "verlenen"}}},
		{"two rules broken at once", func(o *org) {
			o.assign("p", "bibob", "2024-01-01", "").assign("p", "toezicht", "2024-01-01", "").
				assign("p", "vergunning", "2024-01-01", "")
		}, []string{bibob, supervise}, [][]string{{"onderzoek", "verlenen"}, {"toezicht-horeca", "verlenen"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := permits(t).emp("p", "2019-01-01", "").emp("q", "2019-01-01", "")
			tc.build(o)
			got := ofKind(o.analyse(today), duty.Conflict)
			wantKeys(t, "dubbelzitters", got, tc.want...)
			for i, f := range got {
				if i < len(tc.steps) && !slices.Equal(f.StepIDs, tc.steps[i]) {
					t.Errorf("%s: steps %v, want %v", f.Key, f.StepIDs, tc.steps[i])
				}
				if f.EmployeeID != "p" || f.TeamID != "team-p" || f.Rationale == "" || f.RuleName == "" {
					t.Errorf("%s: %+v: want the person, their team and the rule's texts", f.Key, f)
				}
			}
		})
	}
}

func TestConflictPersonWhoLeft(t *testing.T) {
	o := permits(t).emp("p", "2019-01-01", "2026-06-01")
	o.assign("p", "bibob", "2024-01-01", "").assign("p", "vergunning", "2024-01-01", "")
	wantKeys(t, "dubbelzitters", ofKind(o.analyse(today), duty.Conflict))
	wantKeys(t, "dubbelzitters before leaving", ofKind(o.analyse("2026-05-01"), duty.Conflict), duty.KeyConflict("bibob_vergunning", "p"))
}

// One function that performs both steps makes every holder a dubbelzitter.
func TestConflictWithinOneFunction(t *testing.T) {
	o := newOrg(t).
		step("intake", []string{"balie"}, code(duty.CodeTravelDocIntake)).
		step("issue", []string{"balie"}, code(duty.CodeTravelDocIssue))
	o.in.Rules = duty.DefaultRules(i18n.NL)
	o.emp("a", "2019-01-01", "").emp("b", "2019-01-01", "")
	o.assign("a", "balie", "2024-01-01", "").assign("b", "balie", "2024-01-01", "")
	got := ofKind(o.analyse(today), duty.Conflict)
	wantKeys(t, "dubbelzitters", got,
		duty.KeyConflict("reisdocument_inname_uitreiking", "a"), duty.KeyConflict("reisdocument_inname_uitreiking", "b"))
	if len(got) > 0 && got[0].Risk != duty.High {
		t.Errorf("risk %q, want the rule's risk (high)", got[0].Risk)
	}
}

// Each of the seven default rules is found when one person holds both of
// its codes, and is named and explained in Dutch.
func TestDefaultRules(t *testing.T) {
	rules := duty.DefaultRules(i18n.NL)
	if len(rules) != 7 {
		t.Fatalf("%d default rules, want the 7 of DOMAIN.md", len(rules))
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] || r.Name == "" || r.Rationale == "" || r.Risk.Rank() == 0 || r.CodeA == r.CodeB {
			t.Errorf("rule %+v: want a unique id, a name, a rationale, a risk and two codes", r)
		}
		seen[r.ID] = true
		o := newOrg(t).step("a", []string{"fa"}, code(r.CodeA)).step("b", []string{"fb"}, code(r.CodeB))
		o.in.Rules = rules
		o.emp("p", "2019-01-01", "").assign("p", "fa", "2024-01-01", "").assign("p", "fb", "2024-01-01", "")
		wantKeys(t, r.ID, ofKind(o.analyse(today), duty.Conflict), duty.KeyConflict(r.ID, "p"))
	}
	if got := duty.DefaultRules(i18n.NL)[0].Name; got != "Bibob-onderzoek en vergunning verlenen" {
		t.Errorf("Dutch name %q", got)
	}
	if got := duty.DefaultRules(i18n.EN)[0].Name; got != "Bibob research and granting the licence" {
		t.Errorf("English name %q", got)
	}
}
