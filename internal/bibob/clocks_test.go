package bibob

import "testing"

func TestLBBTermAndExtension(t *testing.T) {
	if got := LBBDue("2026-01-05", 0); got != "2026-03-02" {
		t.Errorf("LBB due without extension = %s, want 8 weeks later 2026-03-02", got)
	}
	if got := LBBDue("2026-01-05", 4); got != "2026-03-30" {
		t.Errorf("LBB due with 4 weeks extension = %s, want 2026-03-30", got)
	}
	if got := LBBDue("2026-01-05", 9); got != "2026-03-30" {
		t.Errorf("an extension is capped at 4 weeks: got %s", got)
	}
	for _, c := range []struct {
		current, weeks int
		advised        string
		ok             bool
	}{{0, 4, "", true}, {0, 1, "", true}, {0, 5, "", false}, {0, 0, "", false}, {2, 2, "", false}, {0, 2, "2026-02-01", false}} {
		if got := ValidExtension(c.current, c.weeks, c.advised); got != c.ok {
			t.Errorf("ValidExtension(%d, %d, %q) = %v, want %v", c.current, c.weeks, c.advised, got, c.ok)
		}
	}
}

func TestDecisionTermSuspendedWhileLBBPending(t *testing.T) {
	// Received 5 January, no own term: 8 weeks → 2 March.
	if got := DecisionDue("2026-01-05", "", "", "", "2026-01-20"); got != "2026-03-02" {
		t.Fatalf("decision due without LBB = %s, want 2026-03-02", got)
	}
	// LBB requested on 1 February, still pending on 15 February: 14 days
	// suspended so far.
	if got := DecisionDue("2026-01-05", "", "2026-02-01", "", "2026-02-15"); got != "2026-03-16" {
		t.Errorf("pending 14 days: decision due %s, want 2026-03-16", got)
	}
	// Advice after 30 days: suspended 30 days, whatever today is.
	if got := DecisionDue("2026-01-05", "", "2026-02-01", "2026-03-03", "2026-06-01"); got != "2026-04-01" {
		t.Errorf("advice after 30 days: decision due %s, want 2026-04-01", got)
	}
	// Pending for half a year: suspended at most 12 weeks (84 days).
	if got := SuspendedDays("2026-02-01", "", "2026-08-01"); got != 84 {
		t.Errorf("suspension capped: %d days, want 84", got)
	}
	// The case system's own term is the base.
	if got := DecisionDue("2026-01-05", "2026-04-01", "2026-02-01", "2026-02-11", "2026-03-01"); got != "2026-04-11" {
		t.Errorf("own term plus 10 days = %s, want 2026-04-11", got)
	}
}

func TestLBBAdviceReusableForFiveYears(t *testing.T) {
	if got := ReusableUntil("2021-03-15"); got != "2026-03-14" {
		t.Errorf("reusable until %s, want 2026-03-14", got)
	}
	if !Reusable("2021-03-15", "2026-03-14") {
		t.Error("advice not reusable on its last day")
	}
	if Reusable("2021-03-15", "2026-03-15") {
		t.Error("advice still reusable after five years")
	}
	if Reusable("", "2026-01-01") {
		t.Error("no advice is reusable")
	}
}
