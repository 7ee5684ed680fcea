package council_test

import (
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

var today = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)

// with returns inputs with indicators set (known) from key/value pairs.
func with(pairs ...any) council.Inputs {
	in := council.Inputs{Today: today, Year: 2026, HasFigures: true, Indicators: map[string]council.Indicator{}}
	for i := 0; i+1 < len(pairs); i += 2 {
		k := pairs[i].(string)
		in.Indicators[k] = council.Indicator{Key: k, Value: float64(pairs[i+1].(int)), Known: true}
	}
	return in
}

func goals(withTarget, met, without int) []council.Goal {
	var out []council.Goal
	for i := range withTarget {
		out = append(out, council.Goal{Title: "doel", HasTarget: true, Met: i < met})
	}
	for range without {
		out = append(out, council.Goal{Title: "doel zonder streefwaarde"})
	}
	return out
}

func gapped(gaps, withAction int) *council.Maturity {
	m := maturity("2026-06-01", 3, 3, 3, 3, 3)
	m.Gaps, m.GapsWithAction = gaps, withAction
	return m
}

// TestNormRules gives every norm data that should lead to each of the
// three verdicts, following the rules documented in rules.go, on the page
// and in docs/decisions/0024-council.md.
func TestNormRules(t *testing.T) {
	set := func(f func(in *council.Inputs)) council.Inputs {
		in := with()
		f(&in)
		return in
	}
	cases := []struct {
		norm, name string
		in         council.Inputs
		want       council.Verdict
	}{
		{"n01", "scan 8 months old", set(func(in *council.Inputs) { in.Maturity = maturity("2026-03-02", 3) }), council.Met},
		{"n01", "scan exactly 12 months old", set(func(in *council.Inputs) { in.Maturity = maturity("2025-11-02", 3) }), council.Met},
		{"n01", "scan 13 months old", set(func(in *council.Inputs) { in.Maturity = maturity("2025-10-01", 3) }), council.Partly},
		{"n01", "scan 25 months old", set(func(in *council.Inputs) { in.Maturity = maturity("2024-10-01", 3) }), council.NotMet},
		{"n01", "no scan", with(), council.NotMet},

		{"n02", "6 LOO meetings", set(func(in *council.Inputs) { in.LOOHeld = 6 }), council.Met},
		{"n02", "2 LOO meetings", set(func(in *council.Inputs) { in.LOOHeld = 2 }), council.Partly},
		{"n02", "no LOO", with(), council.NotMet},

		{"n03", "all gaps have an action", set(func(in *council.Inputs) { in.Maturity = gapped(4, 4) }), council.Met},
		{"n03", "no gaps", set(func(in *council.Inputs) { in.Maturity = gapped(0, 0) }), council.Met},
		{"n03", "half the gaps", set(func(in *council.Inputs) { in.Maturity = gapped(4, 2) }), council.Partly},
		{"n03", "few gaps with action", set(func(in *council.Inputs) { in.Maturity = gapped(4, 1) }), council.NotMet},
		{"n03", "no scan", with(), council.NotMet},

		{"n04", "every goal has a target", set(func(in *council.Inputs) { in.Goals = goals(3, 0, 0) }), council.Met},
		{"n04", "some goals have a target", set(func(in *council.Inputs) { in.Goals = goals(1, 0, 2) }), council.Partly},
		{"n04", "no goal has a target", set(func(in *council.Inputs) { in.Goals = goals(0, 0, 2) }), council.NotMet},
		{"n04", "no goals", with(), council.NotMet},
		{"n04", "no figures connected", council.Inputs{Today: today}, council.NotMet},

		{"n05", "training 80%", with(council.IndTraining, 80), council.Met},
		{"n05", "training 50%", with(council.IndTraining, 50), council.Partly},
		{"n05", "training 49%", with(council.IndTraining, 49), council.NotMet},
		{"n05", "no training figure", with(), council.NotMet},

		{"n06", "1 of 10 late", with(council.IndActionsDone, 9, council.IndActionsLate, 1), council.Met},
		{"n06", "3 of 10 late", with(council.IndActionsDone, 7, council.IndActionsLate, 3), council.Partly},
		{"n06", "4 of 10 late", with(council.IndActionsDone, 6, council.IndActionsLate, 4), council.NotMet},
		{"n06", "no actions", with(council.IndActionsDone, 0, council.IndActionsLate, 0), council.NotMet},

		{"n07", "minutes of 9 of 10", set(func(in *council.Inputs) { in.LOOHeld, in.LOOWithMinutes = 10, 9 }), council.Met},
		{"n07", "minutes of 5 of 10", set(func(in *council.Inputs) { in.LOOHeld, in.LOOWithMinutes = 10, 5 }), council.Partly},
		{"n07", "minutes of 4 of 10", set(func(in *council.Inputs) { in.LOOHeld, in.LOOWithMinutes = 10, 4 }), council.NotMet},
		{"n07", "no meetings", with(), council.NotMet},

		{"n08", "90% of teams", with(council.IndTeamsMapped, 90), council.Met},
		{"n08", "40% of teams", with(council.IndTeamsMapped, 40), council.Partly},
		{"n08", "39% of teams", with(council.IndTeamsMapped, 39), council.NotMet},

		{"n09", "none late", with(council.IndReports, 12, council.IndReportsLate, 0), council.Met},
		{"n09", "1 of 10 late", with(council.IndReports, 10, council.IndReportsLate, 1), council.Partly},
		{"n09", "2 of 10 late", with(council.IndReports, 10, council.IndReportsLate, 2), council.NotMet},
		{"n09", "no figures", with(), council.NotMet},

		{"n10", "current policy and interventions", set(func(in *council.Inputs) { in.BibobPolicyOn, in.Interventions = "2025-01-15", 2 }), council.Met},
		{"n10", "old policy, interventions", set(func(in *council.Inputs) { in.BibobPolicyOn, in.Interventions = "2019-05-01", 3 }), council.Partly},
		{"n10", "current policy, no interventions", set(func(in *council.Inputs) { in.BibobPolicyOn = "2026-01-01" }), council.Partly},
		{"n10", "old policy, no interventions", set(func(in *council.Inputs) { in.BibobPolicyOn = "2019-05-01" }), council.NotMet},
		{"n10", "no policy", with(), council.NotMet},

		{"n11", "awareness 3", set(func(in *council.Inputs) { in.Maturity = maturity("2026-06-01", 3, 1, 1, 1, 1) }), council.Met},
		{"n11", "awareness 2.5", set(func(in *council.Inputs) { in.Maturity = maturity("2026-06-01", 2.5, 4, 4, 4, 4) }), council.Partly},
		{"n11", "awareness 1.9", set(func(in *council.Inputs) { in.Maturity = maturity("2026-06-01", 1.9, 5, 5, 5, 5) }), council.NotMet},
		{"n11", "no scan", with(), council.NotMet},

		{"n12", "9 of 10 on time", set(func(in *council.Inputs) { in.AftercareDue, in.AftercareOnTime = 10, 9 }), council.Met},
		{"n12", "5 of 10 on time", set(func(in *council.Inputs) { in.AftercareDue, in.AftercareOnTime = 10, 5 }), council.Partly},
		{"n12", "4 of 10 on time", set(func(in *council.Inputs) { in.AftercareDue, in.AftercareOnTime = 10, 4 }), council.NotMet},
		{"n12", "no incidents, workplace pillar 3.5", set(func(in *council.Inputs) { in.Maturity = maturity("2026-06-01", 1, 1, 1, 3.5, 1) }), council.Met},
		{"n12", "no incidents, workplace pillar 2", set(func(in *council.Inputs) { in.Maturity = maturity("2026-06-01", 5, 5, 5, 2, 5) }), council.Partly},
		{"n12", "no incidents, no scan", with(), council.NotMet},

		{"n13", "8 indicators known", with(council.IndReports, 1, council.IndReportDays, 1, council.IndReportsLate, 0, council.IndTraining, 1,
			council.IndScreenings, 0, council.IndInterventions, 0, council.IndTeamsMapped, 1, council.IndFindingsOpen, 0), council.Met},
		{"n13", "4 indicators known", with(council.IndReports, 1, council.IndReportDays, 1, council.IndReportsLate, 0, council.IndTraining, 1), council.Partly},
		{"n13", "3 indicators known", with(council.IndReports, 1, council.IndReportDays, 1, council.IndReportsLate, 0), council.NotMet},

		{"n14", "3 of 4 met", set(func(in *council.Inputs) { in.Goals = goals(4, 3, 1) }), council.Met},
		{"n14", "2 of 5 met", set(func(in *council.Inputs) { in.Goals = goals(5, 2, 0) }), council.Partly},
		{"n14", "1 of 3 met", set(func(in *council.Inputs) { in.Goals = goals(3, 1, 0) }), council.NotMet},
		{"n14", "no target", set(func(in *council.Inputs) { in.Goals = goals(0, 0, 3) }), council.NotMet},

		{"n15", "report finalised this year", set(func(in *council.Inputs) { in.ReportsFinal12m, in.LastReportOn = 1, "2026-02-01" }), council.Met},
		{"n15", "last report 20 months ago", set(func(in *council.Inputs) { in.LastReportOn = "2025-03-01" }), council.Partly},
		{"n15", "last report 3 years ago", set(func(in *council.Inputs) { in.LastReportOn = "2023-06-01" }), council.NotMet},
		{"n15", "never reported", with(), council.NotMet},

		{"n16", "opened 3 times", set(func(in *council.Inputs) { in.AuditorViews12m = 3 }), council.Met},
		{"n16", "opened once", set(func(in *council.Inputs) { in.AuditorViews12m = 1 }), council.Partly},
		{"n16", "never opened", with(), council.NotMet},
	}
	covered := map[string]map[council.Verdict]bool{}
	for _, c := range cases {
		got := proposal(t, c.in, c.norm)
		if got.Proposed != c.want {
			t.Errorf("%s (%s): proposed %s, want %s; evidence %+v", c.norm, c.name, got.Proposed, c.want, got.Values)
		}
		if covered[c.norm] == nil {
			covered[c.norm] = map[council.Verdict]bool{}
		}
		covered[c.norm][c.want] = true
	}
	// Every norm is tested with data for each of the three verdicts.
	for _, n := range council.Norms {
		for _, v := range []council.Verdict{council.Met, council.Partly, council.NotMet} {
			if !covered[n.Key][v] {
				t.Errorf("norm %s has no case for %s", n.Key, v)
			}
		}
	}
}

func proposal(t *testing.T, in council.Inputs, key string) council.Proposal {
	t.Helper()
	for _, p := range council.Propose(in) {
		if p.Norm.Key == key {
			return p
		}
	}
	t.Fatalf("no proposal for %s", key)
	return council.Proposal{}
}

// The evidence shown with a proposal names what was used, and says
// "ontbreekt" where the system has nothing, rather than a zero.
func TestProposalShowsEvidence(t *testing.T) {
	p := proposal(t, with(council.IndTraining, 64), "n05")
	if len(p.Values) != 1 || p.Values[0].Text != "64%" || i18n.T(i18n.NL, p.Values[0].Label) != "Dekking verplichte trainingen" {
		t.Errorf("n05 evidence = %+v", p.Values)
	}
	p = proposal(t, with(), "n05")
	if !p.Values[0].Missing {
		t.Errorf("n05 without a figure should say the evidence is missing: %+v", p.Values)
	}
	p = proposal(t, council.Inputs{Today: today, Maturity: maturity("2025-08-01", 3)}, "n01")
	if p.Values[0].Text != "15" {
		t.Errorf("n01 scan age = %+v, want 15 months", p.Values)
	}
	// Every rule and norm has its text in both catalogues.
	for _, n := range council.Norms {
		for _, k := range []string{"council.norm." + n.Key, "council.rule." + n.Key} {
			if !i18n.Has(k) {
				t.Errorf("missing catalogue text %s", k)
			}
		}
	}
	if len(council.Norms) != 16 {
		t.Errorf("%d norms, want the 16 of DOMAIN.md §7", len(council.Norms))
	}
}
