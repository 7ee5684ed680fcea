package duty_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// twoFindings is an organisation with one eenpitter (step "kas", held by a)
// and one langzitter (a in "kas" since 2015).
func twoFindings(t *testing.T) *org {
	o := newOrg(t).step("kas", []string{"kassier"}).emp("a", "2010-01-01", "")
	o.assign("a", "kassier", "2015-01-01", "")
	return o
}

func mitigation(t *testing.T, key, until string) duty.Mitigation {
	return duty.Mitigation{FindingKey: key, Control: "Dagelijkse kastelling door teamleider", OwnerID: "tl", Until: day(t, until)}
}

func TestMitigation(t *testing.T) {
	sole, long := duty.KeySoleHolder("kas"), duty.KeyLongHolder("kas", "a")
	tests := []struct {
		name         string
		mitigations  []duty.Mitigation
		mitigated    bool
		reopened     bool
		until        string
		stale        []string
		openFindings int
	}{
		{"none", nil, false, false, "", nil, 2},
		{"in force", []duty.Mitigation{mitigation(t, sole, "2026-12-31")}, true, false, "2026-12-31", nil, 1},
		{"last day is today", []duty.Mitigation{mitigation(t, sole, today)}, true, false, today, nil, 1},
		{"expired yesterday reopens", []duty.Mitigation{mitigation(t, sole, "2026-06-14")}, false, true, "2026-06-14", nil, 2},
		{"the longest running one counts", []duty.Mitigation{
			mitigation(t, sole, "2026-01-01"), mitigation(t, sole, "2027-01-01"), mitigation(t, sole, "2026-03-01"),
		}, true, false, "2027-01-01", nil, 1},
		{"without an end date it never counts", []duty.Mitigation{{FindingKey: sole, Control: "x", OwnerID: "tl"}}, false, false, "", nil, 2},
		{"a mitigation for a finding that is gone is stale", []duty.Mitigation{
			mitigation(t, duty.KeySoleHolder("gone"), "2027-01-01"), mitigation(t, duty.KeySoleHolder("old"), "2026-01-01"),
		}, false, false, "", []string{duty.KeySoleHolder("gone")}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := twoFindings(t)
			o.in.Mitigations = tc.mitigations
			r := duty.Analyse(o.in, day(t, today))
			wantKeys(t, "findings", r.Findings, sole, long)
			f := r.Findings[0]
			if f.Mitigated != tc.mitigated || f.Reopened != tc.reopened {
				t.Errorf("mitigated %v reopened %v, want %v %v", f.Mitigated, f.Reopened, tc.mitigated, tc.reopened)
			}
			if tc.mitigated || tc.reopened {
				if f.Mitigation == nil || f.Mitigation.Until != day(t, tc.until) {
					t.Errorf("mitigation %+v, want the one until %s", f.Mitigation, tc.until)
				}
			} else if f.Mitigation != nil {
				t.Errorf("mitigation %+v on an unmitigated finding", f.Mitigation)
			}
			if r.Findings[1].Mitigated || r.Findings[1].Mitigation != nil {
				t.Error("the other finding got the mitigation too")
			}
			var stale []string
			for _, m := range r.Stale {
				stale = append(stale, m.FindingKey)
			}
			if !slices.Equal(stale, tc.stale) {
				t.Errorf("stale %v, want %v", stale, tc.stale)
			}
			if c := r.Counts(); c.Total != 2 || c.Open != tc.openFindings || c.Mitigated != 2-tc.openFindings {
				t.Errorf("counts %+v, want %d open of 2", c, tc.openFindings)
			}
		})
	}
}

// The same mitigation expires as the days pass: in force up to its last
// day, reopened the day after.
func TestMitigationExpires(t *testing.T) {
	o := twoFindings(t)
	o.in.Mitigations = []duty.Mitigation{mitigation(t, duty.KeySoleHolder("kas"), "2026-09-30")}
	for on, want := range map[string]string{
		"2026-09-30": "Afgedekt door een beheersmaatregel tot en met 30-09-2026",
		"2026-10-01": "Heropend: de beheersmaatregel liep af op 30-09-2026",
	} {
		f := o.analyse(on).Findings[0]
		if got := f.Status(i18n.NL); got != want {
			t.Errorf("on %s: %q, want %q", on, got, want)
		}
	}
	if got := o.analyse(today).Findings[1].Status(i18n.NL); got != "Open" {
		t.Errorf("unmitigated finding: %q", got)
	}
}

func TestCheckMitigation(t *testing.T) {
	if err := duty.CheckMitigation(mitigation(t, "k", today)); err != nil {
		t.Errorf("complete mitigation refused: %v", err)
	}
	err := duty.CheckMitigation(duty.Mitigation{})
	var list apperr.List
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want a list of field errors", err)
	}
	var fields []string
	for _, e := range list {
		fields = append(fields, e.Field)
		if !i18n.Has(e.Key) {
			t.Errorf("key %q not in the catalogue", e.Key)
		}
	}
	if !slices.Equal(fields, []string{"finding_key", "control", "owner", "until"}) {
		t.Errorf("fields %v", fields)
	}
	if got := i18n.T(i18n.NL, list[3].Key); got != "Vul de einddatum van de beheersmaatregel in; een risico wordt nooit voor altijd geaccepteerd." {
		t.Errorf("message %q", got)
	}
}
