package council_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/council"
)

func assessment(t *testing.T, e *env, sc *auth.Scope, key string) council.Assessment {
	t.Helper()
	as, _, err := e.s.Assess(e.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Norm.Key == key {
			return a
		}
	}
	t.Fatalf("no norm %s", key)
	return council.Assessment{}
}

// The coordinator confirms a proposal or overrides it; an override needs a
// motivation (refused naming the field, nothing stored); every decision is
// kept as history and audited; the evidence of the moment is stored with
// it.
func TestDecideConfirmOverrideHistory(t *testing.T) {
	e := newEnv(t)
	e.evidence.looHeld = 2 // n02: deels
	if a := assessment(t, e, e.a, "n02"); a.Proposed != council.Partly || a.Decision != nil || a.Final() != council.Partly {
		t.Fatalf("before any decision: %+v", a)
	}
	// Override without motivation: refused, naming the field; nothing stored.
	_, err := e.s.Decide(e.ctx, e.a, "n02", council.Met, "  ")
	list, ok := err.(apperr.List)
	if !ok || len(list) != 1 || list[0].Field != "motivation" || list[0].Key != "council.err.motivation_required" {
		t.Fatalf("override without motivation: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM council_norm_verdicts`); n != 0 {
		t.Fatalf("a refused override stored %d rows", n)
	}
	// An unknown verdict is refused too.
	if _, err := e.s.Decide(e.ctx, e.a, "n02", "misschien", "x"); !hasField(err, "verdict") {
		t.Fatalf("unknown verdict: %v", err)
	}
	// Confirm (empty verdict = the proposal).
	d, err := e.s.Decide(e.ctx, e.a, "n02", "", "")
	if err != nil || d.Verdict != council.Partly || d.Overridden() {
		t.Fatalf("confirm: %+v %v", d, err)
	}
	e.clk.Advance(3600e9)
	// Override with a motivation.
	d, err = e.s.Decide(e.ctx, e.a, "n02", council.Met, "Het RIEC-convenant is in 2026 vernieuwd en regionaal afgestemd.")
	if err != nil || d.Verdict != council.Met || !d.Overridden() {
		t.Fatalf("override: %+v %v", d, err)
	}
	a := assessment(t, e, e.a, "n02")
	if a.Final() != council.Met || a.Decision.Motivation == "" || a.Decision.DecidedBy != e.a.UserName {
		t.Errorf("after override: %+v", a.Decision)
	}
	if len(a.Decision.Values) == 0 || a.Decision.Values[0].Text != "2" {
		t.Errorf("the evidence of the moment is stored with the decision: %+v", a.Decision.Values)
	}
	h, err := e.s.History(e.ctx, e.a, "n02")
	if err != nil || len(h) != 2 || h[0].Verdict != council.Met || h[1].Verdict != council.Partly {
		t.Fatalf("history: %+v %v", h, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action = 'council.norm.verdict'`, e.a.OrgID); n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}
	// B sees none of A's decisions; an unknown norm is not found.
	if a := assessment(t, e, e.b, "n02"); a.Decision != nil {
		t.Errorf("B sees A's decision: %+v", a.Decision)
	}
	if _, err := e.s.Decide(e.ctx, e.a, "n99", "", ""); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown norm: %v", err)
	}
	// Only the coordinator decides; an auditor reads.
	if _, err := e.s.Decide(e.ctx, as(e.a, auth.Auditor), "n02", "", ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("auditor decides: %v", err)
	}
	if _, _, err := e.s.Assess(e.ctx, as(e.a, auth.Auditor)); err != nil {
		t.Errorf("auditor reads the norms: %v", err)
	}
	if _, _, err := e.s.Assess(e.ctx, as(e.a, auth.Employee)); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("employee reads the norms: %v", err)
	}
}

// hasField reports whether err is a list of field errors naming field.
func hasField(err error, field string) bool {
	list, ok := err.(apperr.List)
	if !ok {
		return false
	}
	for _, e := range list {
		if e.Field == field {
			return true
		}
	}
	return false
}
