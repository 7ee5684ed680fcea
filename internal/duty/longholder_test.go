package duty_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/duty"
)

func TestLongHolder(t *testing.T) {
	// On 2026-06-15, five years ago is 2021-06-15.
	tests := []struct {
		name   string
		build  func(o *org)
		gap    int
		since  string // "" = no finding
		onStep string
	}{
		{"five years and one day", func(o *org) {
			o.assign("p", "f1", "2021-06-14", "")
		}, 0, "2021-06-14", "s"},
		{"exactly five years", func(o *org) {
			o.assign("p", "f1", "2021-06-15", "")
		}, 0, "", ""},
		{"five years minus one day", func(o *org) {
			o.assign("p", "f1", "2021-06-16", "")
		}, 0, "", ""},
		{"two adjacent assignments in different functions", func(o *org) {
			o.assign("p", "f1", "2019-01-01", "2023-12-31").assign("p", "f2", "2024-01-01", "")
		}, 0, "2019-01-01", "s"},
		{"overlapping assignments", func(o *org) {
			o.assign("p", "f2", "2024-01-01", "").assign("p", "f1", "2019-01-01", "2024-06-30")
		}, 0, "2019-01-01", "s"},
		{"a break of 30 days keeps continuity", func(o *org) {
			o.assign("p", "f1", "2019-01-01", "2023-12-01").assign("p", "f2", "2024-01-01", "")
		}, 0, "2019-01-01", "s"},
		{"a break of 31 days ends it", func(o *org) {
			o.assign("p", "f1", "2019-01-01", "2023-11-30").assign("p", "f2", "2024-01-01", "")
		}, 0, "", ""},
		{"a longer allowed break, set per organisation", func(o *org) {
			o.assign("p", "f1", "2019-01-01", "2023-11-30").assign("p", "f2", "2024-01-01", "")
		}, 90, "2019-01-01", "s"},
		{"no break allowed: one day ends it", func(o *org) {
			o.assign("p", "f1", "2019-01-01", "2023-12-30").assign("p", "f2", "2024-01-01", "")
		}, -1, "", ""},
		{"no break allowed: adjacent still joins", func(o *org) {
			o.assign("p", "f1", "2019-01-01", "2023-12-31").assign("p", "f2", "2024-01-01", "")
		}, -1, "2019-01-01", "s"},
		{"long ago, broken, then recent", func(o *org) {
			o.assign("p", "f1", "2010-01-01", "2018-12-31").assign("p", "f1", "2023-01-01", "")
		}, 0, "", ""},
		{"three periods chained", func(o *org) {
			o.assign("p", "f1", "2023-01-01", "").assign("p", "f2", "2020-01-01", "2022-12-31").
				assign("p", "f1", "2015-01-01", "2020-01-10")
		}, 0, "2015-01-01", "s"},
		{"ended yesterday: no longer a holder", func(o *org) {
			o.assign("p", "f1", "2015-01-01", "2026-06-14")
		}, 0, "", ""},
		{"another function, not performing the step, does not join", func(o *org) {
			o.assign("p", "elsewhere", "2015-01-01", "2023-12-31").assign("p", "f1", "2024-01-01", "")
		}, 0, "", ""},
		{"open start counts from the employment", func(o *org) {
			o.assign("p", "f1", "", "")
		}, 0, "2010-01-01", "s"},
		{"not sensitive", func(o *org) {
			o.assign("p", "other", "2010-01-01", "")
		}, 0, "", ""},
		{"shorter norm of 36 months", func(o *org) {
			o.assign("p", "short", "2023-06-14", "")
		}, 0, "2023-06-14", "short-norm"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrg(t).
				step("s", []string{"f1", "f2"}).
				step("not-sensitive", []string{"other"}, rotation(0)).
				step("short-norm", []string{"short"}, rotation(36)).
				emp("p", "2010-01-01", "")
			o.in.MaxGapDays = tc.gap
			tc.build(o)
			got := ofKind(o.analyse(today), duty.LongHolder)
			if tc.since == "" {
				wantKeys(t, "langzitters", got)
				return
			}
			wantKeys(t, "langzitters", got, duty.KeyLongHolder(tc.onStep, "p"))
			if len(got) == 1 && (got[0].Since != day(t, tc.since) || got[0].EmployeeID != "p" || got[0].TeamID != "team-p") {
				t.Errorf("finding %+v, want since %s for p of team-p", got[0], tc.since)
			}
		})
	}
}

// Continuity is per step: a move to a function that shares one step with
// the old one keeps the tenure of that step only.
func TestLongHolderPerStep(t *testing.T) {
	o := newOrg(t).
		step("only-old", []string{"old"}).
		step("shared", []string{"old", "new"}).
		step("only-new", []string{"new"}).
		emp("p", "2010-01-01", "")
	o.assign("p", "old", "2015-01-01", "2023-12-31").assign("p", "new", "2024-01-01", "")
	wantKeys(t, "langzitters", ofKind(o.analyse(today), duty.LongHolder), duty.KeyLongHolder("shared", "p"))
}

func TestLongHolderEdges(t *testing.T) {
	t.Run("employment start bounds the tenure", func(t *testing.T) {
		o := newOrg(t).step("s", []string{"f"}).emp("p", "2022-01-01", "")
		o.assign("p", "f", "2015-01-01", "")
		wantKeys(t, "langzitters", ofKind(o.analyse(today), duty.LongHolder))
	})
	t.Run("no start known at all", func(t *testing.T) {
		o := newOrg(t).step("s", []string{"f"}).emp("p", "", "")
		o.assign("p", "f", "", "")
		wantKeys(t, "langzitters", ofKind(o.analyse(today), duty.LongHolder))
	})
	t.Run("a person who left", func(t *testing.T) {
		o := newOrg(t).step("s", []string{"f"}).emp("p", "2010-01-01", "2026-06-14")
		o.assign("p", "f", "2015-01-01", "")
		wantKeys(t, "langzitters", ofKind(o.analyse(today), duty.LongHolder))
	})
	t.Run("leap day plus a year of norm", func(t *testing.T) {
		o := newOrg(t).step("s", []string{"f"}, rotation(12)).emp("p", "2010-01-01", "")
		o.assign("p", "f", "2020-02-29", "")
		wantKeys(t, "on 28 February", ofKind(o.analyse("2021-02-28"), duty.LongHolder))
		wantKeys(t, "on 1 March", ofKind(o.analyse("2021-03-01"), duty.LongHolder), duty.KeyLongHolder("s", "p"))
	})
}
