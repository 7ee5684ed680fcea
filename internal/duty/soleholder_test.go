package duty_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
)

func TestSoleHolder(t *testing.T) {
	tests := []struct {
		name    string
		build   func(o *org)
		want    bool
		holders []string
	}{
		{"one holder", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
		}, true, []string{"a"}},
		{"two holders", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "").assign("b", "f1", "2025-01-01", "")
		}, false, nil},
		{"holders through two different functions", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "").assign("b", "f2", "2025-01-01", "")
		}, false, nil},
		{"assignment ended yesterday does not count", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "").assign("b", "f1", "2024-01-01", "2026-06-14")
		}, true, []string{"a"}},
		{"assignment ending today still counts", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "").assign("b", "f1", "2024-01-01", today)
		}, false, nil},
		{"assignment starting tomorrow does not count yet", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "").assign("b", "f1", "2026-06-16", "")
		}, true, []string{"a"}},
		{"assignment starting today counts", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "").assign("b", "f1", today, "")
		}, false, nil},
		{"a person who left does not count, even with an open assignment", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2020-01-01", "2026-05-31").assign("b", "f1", "2024-01-01", "")
		}, true, []string{"a"}},
		{"a person not yet employed does not count", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "f1", "2024-01-01", "")
			o.emp("b", "2026-07-01", "").assign("b", "f1", "2024-01-01", "")
		}, true, []string{"a"}},
		{"overlapping periods of one person count once", func(o *org) {
			o.emp("a", "2020-01-01", "").
				assign("a", "f1", "2024-01-01", "").
				assign("a", "f1", "2025-01-01", "2026-12-31").
				assign("a", "f2", "2023-01-01", "")
		}, true, []string{"a"}},
		{"nobody at all", func(o *org) {
			o.emp("a", "2020-01-01", "").assign("a", "other-function", "2024-01-01", "")
		}, true, []string{}},
		{"open start counts as holding", func(o *org) {
			o.emp("a", "", "").assign("a", "f1", "", "")
			o.emp("b", "", "").assign("b", "f2", "", "")
		}, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(t).step("s", []string{"f1", "f2"})
			tc.build(o)
			got := ofKind(o.analyse(today), duty.SoleHolder)
			if !tc.want {
				wantKeys(t, "eenpitters", got)
				return
			}
			wantKeys(t, "eenpitters", got, duty.KeySoleHolder("s"))
			if len(got) == 1 {
				f := got[0]
				if !slices.Equal(f.Holders, tc.holders) || f.MinHolders != 2 || f.TeamID != "team-of-s" ||
					!slices.Equal(f.StepIDs, []string{"s"}) || f.Risk != duty.Medium || f.EmployeeID != "" {
					t.Errorf("finding %+v, want holders %v, minimum 2, team of the step, medium risk", f, tc.holders)
				}
			}
		})
	}
}

func TestSoleHolderMinimum(t *testing.T) {
	o := newOrg(t).
		step("three", []string{"f"}, minHolders(3)).
		step("other", []string{"f"}, kind(duty.Other)).
		step("info", []string{"g"}, kind(duty.Information)).
		step("unchecked", []string{"g"}, minHolders(0))
	o.emp("a", "2020-01-01", "").assign("a", "f", "2024-01-01", "")
	o.emp("b", "2020-01-01", "").assign("b", "f", "2024-01-01", "")
	o.emp("c", "2020-01-01", "").assign("c", "g", "2024-01-01", "")
	r := o.analyse(today)
	wantKeys(t, "eenpitters", ofKind(r, duty.SoleHolder), duty.KeySoleHolder("info"), duty.KeySoleHolder("three"))
	for _, f := range ofKind(r, duty.SoleHolder) {
		if f.StepIDs[0] == "three" && (!slices.Equal(f.Holders, []string{"a", "b"}) || f.MinHolders != 3) {
			t.Errorf("minimum 3: %+v", f)
		}
	}
}

func TestMissingFourEyes(t *testing.T) {
	fourEyes := func(required, inPlace bool) func(*duty.Step) {
		return func(s *duty.Step) { s.FourEyes, s.FourEyesInPlace = required, inPlace }
	}
	o := newOrg(t).
		step("missing", []string{"f"}, fourEyes(true, false), func(s *duty.Step) { s.Risk = duty.High }).
		step("present", []string{"f"}, fourEyes(true, true)).
		step("not-required", []string{"f"}, fourEyes(false, false))
	o.emp("a", "2020-01-01", "").assign("a", "f", "2024-01-01", "")
	o.emp("b", "2020-01-01", "").assign("b", "f", "2024-01-01", "")
	got := ofKind(o.analyse(today), duty.MissingFourEyes)
	wantKeys(t, "vier-ogen", got, duty.KeyMissingFourEyes("missing"))
	if len(got) == 1 && (got[0].Risk != duty.High || got[0].TeamID != "team-of-missing") {
		t.Errorf("finding %+v: want the step's risk and team", got[0])
	}
}
