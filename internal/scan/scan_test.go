package scan_test

import (
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/scan"
)

func TestShippedFrameworksAreValid(t *testing.T) {
	ds := scan.Defaults()
	if len(ds) != 3 {
		t.Fatalf("%d shipped frameworks, want 3", len(ds))
	}
	for _, f := range ds {
		if errs := f.Check(); len(errs) > 0 {
			t.Errorf("%s: %v", f.Key, errs)
		}
		for _, p := range f.Pillars {
			if f.Kind == scan.Maturity && len(p.Steps) != 5 {
				t.Errorf("%s/%s: %d steps, want 5", f.Key, p.Key, len(p.Steps))
			}
		}
	}
	pillars, _ := scan.Default(scan.KeyPillars)
	if len(pillars.Pillars) != 5 {
		t.Errorf("vijf pijlers has %d pillars", len(pillars.Pillars))
	}
	norms, _ := scan.Default(scan.KeyNorms)
	if norms.Kind != scan.Verdict || norms.QuestionCount() != 16 || norms.Kind.MaxLevel() != 3 {
		t.Errorf("normenkader: kind %s, %d norms", norms.Kind, norms.QuestionCount())
	}
}

// The maturity of a pillar is the weighted mean of its answered
// questions; unanswered questions and weight 0 do not count.
func TestMaturityWithWeights(t *testing.T) {
	f := scan.Framework{Key: "k", Name: "K", Kind: scan.Maturity, Pillars: []scan.Pillar{
		{Key: "p1", Name: "P1", Weight: 1, Questions: []scan.Question{{Key: "a", Text: "a", Weight: 3}, {Key: "b", Text: "b", Weight: 1}, {Key: "c", Text: "c", Weight: 0}}},
		{Key: "p2", Name: "P2", Weight: 3, Questions: []scan.Question{{Key: "d", Text: "d", Weight: 1}, {Key: "e", Text: "e", Weight: 1}}},
		{Key: "p3", Name: "P3", Weight: 1, Questions: []scan.Question{{Key: "f", Text: "f", Weight: 1}}},
	}}
	scores := scan.Scores(&f, map[string]float64{"a": 4, "b": 1, "c": 5, "d": 2, "e": 3})
	// p1: (3×4 + 1×1) / 4 = 3.25 → 3.3 (half away from zero); c has weight 0.
	// p2: (2 + 3) / 2 = 2.5; p3 unanswered.
	want := []struct {
		v        float64
		answered int
	}{{3.3, 2}, {2.5, 2}, {0, 0}}
	for i, w := range want {
		if scores[i].Value != w.v || scores[i].Answered != w.answered {
			t.Errorf("pillar %s: %v (%d answered), want %v (%d)", scores[i].PillarKey, scores[i].Value, scores[i].Answered, w.v, w.answered)
		}
	}
	if scores[2].HasValue() {
		t.Error("an unanswered pillar has a value")
	}
	// Overall: (1×3.3 + 3×2.5) / 4 = 2.7; p3 has no value and is left out.
	if v, ok := scan.Overall(scores); !ok || v != 2.7 {
		t.Errorf("overall %v %v, want 2.7", v, ok)
	}
	// A change of weight changes the result.
	f.Pillars[0].Questions[1].Weight = 3
	if got := scan.Scores(&f, map[string]float64{"a": 4, "b": 1})[0].Value; got != 2.5 {
		t.Errorf("with equal weights: %v, want 2.5", got)
	}
}

func TestScanLifecycleComparisonAndGapAction(t *testing.T) {
	e := newEnv(t)
	first, err := e.s.CreateScan(e.ctx, e.a, scan.NewScan{FrameworkKey: scan.KeyPillars, Title: "Scan 2025", HeldOn: "2025-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	e.answer(t, e.a, first.ID, map[string]int{"bew-coordinator": 2, "bew-training": 1, "bew-bestuur": 3, "inf-meldpunt": 2})
	if err := e.s.Finalise(e.ctx, e.a, first.ID); err != nil {
		t.Fatal(err)
	}
	// Frozen: no answer changes after finalising.
	err = e.s.SaveAnswers(e.ctx, e.a, first.ID, []scan.AnswerInput{{QuestionKey: "bew-training", Level: 5}})
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("answer after finalising: %v, want conflict", err)
	}
	second, err := e.s.CreateScan(e.ctx, e.a, scan.NewScan{FrameworkKey: scan.KeyPillars, Title: "Scan 2026", HeldOn: "2026-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	e.answer(t, e.a, second.ID, map[string]int{"bew-coordinator": 4, "bew-training": 3, "bew-bestuur": 3, "inf-meldpunt": 1})
	x, err := e.s.Scan(e.ctx, e.a, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := e.s.Scan(e.ctx, e.a, first.ID)
	diffs := scan.Compare(old.Scores(), x.Scores())
	// bewustwording: 2.0 → 3.3 (+1.3); informatiepositie 2 → 1 (−1); the rest unanswered.
	if d := diffs[0]; !d.Has || d.Earlier != 2 || d.Later != 3.3 || d.Delta != 1.3 {
		t.Errorf("bewustwording: %+v", d)
	}
	if d := diffs[1]; !d.Has || d.Delta != -1 {
		t.Errorf("informatiepositie: %+v", d)
	}
	if diffs[2].Has {
		t.Errorf("beleid has no answers but a difference: %+v", diffs[2])
	}

	// Gaps: below the target (3): inf-meldpunt (1). bew-* are at or above.
	gaps := x.Gaps()
	if len(gaps) != 1 || gaps[0].Question.Key != "inf-meldpunt" {
		t.Fatalf("gaps %+v", gaps)
	}
	// A question that is no gap is refused; so is a missing owner.
	if _, err := e.s.GapAction(e.ctx, e.a, second.ID, "bew-coordinator", scan.GapInput{OwnerID: "u", DueDate: "2026-06-01"}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("action for a non-gap: %v", err)
	}
	if _, err := e.s.GapAction(e.ctx, e.a, second.ID, "inf-meldpunt", scan.GapInput{DueDate: "2026-06-01"}); err == nil || !strings.Contains(err.Error(), "owner_id") {
		t.Errorf("action without owner: %v", err)
	}
	id, err := e.s.GapAction(e.ctx, e.a, second.ID, "inf-meldpunt", scan.GapInput{OwnerID: "eigenaar", DueDate: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.actions.made) != 1 || e.actions.made[0].OwnerID != "eigenaar" || e.actions.made[0].DueDate != "2026-06-01" || e.actions.made[0].SourceType != "scan" {
		t.Fatalf("actions made: %+v", e.actions.made)
	}
	x, _ = e.s.Scan(e.ctx, e.a, second.ID)
	if x.Answers["inf-meldpunt"].ActionID != id {
		t.Errorf("the answer does not remember its action: %+v", x.Answers["inf-meldpunt"])
	}
	if _, err := e.s.GapAction(e.ctx, e.a, second.ID, "inf-meldpunt", scan.GapInput{OwnerID: "eigenaar", DueDate: "2026-06-01"}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second action for the same gap: %v", err)
	}

	// LatestMaturity gives the finalised scan, not the concept.
	latest, scores, err := e.s.LatestMaturity(e.ctx, e.a, scan.KeyPillars, "")
	if err != nil || latest == nil || latest.ID != first.ID || scores[0].Value != 2 {
		t.Errorf("latest maturity: %v %v %v", latest, scores, err)
	}
	// Another organisation sees nothing of A.
	if _, err := e.s.Scan(e.ctx, e.b, first.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reads A's scan: %v", err)
	}
	if list, _ := e.s.Scans(e.ctx, e.b, ""); len(list) != 0 {
		t.Errorf("B lists %d scans", len(list))
	}
}

func TestBadAnswersChangeNothingAndAuditorsSeeResultsOnly(t *testing.T) {
	e := newEnv(t)
	x, err := e.s.CreateScan(e.ctx, e.a, scan.NewScan{FrameworkKey: scan.KeyNorms, Title: "Normen"})
	if err != nil {
		t.Fatal(err)
	}
	if x.Target != scan.VerdictMet {
		t.Errorf("target of a verdict scan: %d", x.Target)
	}
	err = e.s.SaveAnswers(e.ctx, e.a, x.ID, []scan.AnswerInput{{QuestionKey: "n01", Level: 3, Evidence: "Bewijs-123"}, {QuestionKey: "n02", Level: 4}})
	var list apperr.List
	if !asList(err, &list) || len(list) != 1 || list[0].Field != "level-n02" {
		t.Fatalf("level 4 on a verdict: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM scan_answers WHERE scan_id = $1`, x.ID); n != 0 {
		t.Errorf("%d answers written from a refused form", n)
	}
	e.answer(t, e.a, x.ID, map[string]int{"n01": 3})
	if err := e.s.SaveAnswers(e.ctx, e.a, x.ID, []scan.AnswerInput{{QuestionKey: "n01", Level: 3, Evidence: "Bewijs-123"}}); err != nil {
		t.Fatal(err)
	}
	aud, err := e.s.Scan(e.ctx, as(e.a, auth.Auditor), x.ID)
	if err != nil {
		t.Fatal(err)
	}
	if aud.Answers["n01"].Level != 3 || aud.Answers["n01"].Evidence != "" {
		t.Errorf("auditor sees %+v, want the level without evidence", aud.Answers["n01"])
	}
	exec, _ := e.s.Scan(e.ctx, as(e.a, auth.Executive), x.ID)
	if exec.Answers["n01"].Evidence != "Bewijs-123" {
		t.Errorf("executive does not see the evidence")
	}
	if _, err := e.s.CreateScan(e.ctx, as(e.a, auth.Executive), scan.NewScan{FrameworkKey: scan.KeyNorms, Title: "x"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("executive creates a scan: %v", err)
	}
	if _, err := e.s.Scans(e.ctx, as(e.a, auth.Employee), ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("employee lists scans: %v", err)
	}
}

func asList(err error, l *apperr.List) bool {
	x, ok := err.(apperr.List)
	*l = x
	return ok
}

// A scan keeps the framework it was made with: a later edit changes new
// scans only; the first edit copies the default into the organisation.
func TestFrameworkCopyOnFirstEdit(t *testing.T) {
	e := newEnv(t)
	x, _ := e.s.CreateScan(e.ctx, e.a, scan.NewScan{FrameworkKey: scan.KeyPillars, Title: "Voor"})
	if n := e.count(t, `SELECT COUNT(*) FROM scan_frameworks`); n != 0 {
		t.Fatalf("%d stored frameworks before any edit", n)
	}
	f, err := e.s.SetWeights(e.ctx, e.a, scan.KeyPillars, map[string]int{"bewustwording": 3, "bew-training": 2})
	if err != nil {
		t.Fatal(err)
	}
	if !f.Own || f.Pillars[0].Weight != 3 || f.Pillars[0].Questions[1].Weight != 2 {
		t.Fatalf("after edit: %+v", f.Pillars[0])
	}
	if n := e.count(t, `SELECT COUNT(*) FROM scan_frameworks WHERE org_id = $1`, e.a.OrgID); n != 1 {
		t.Errorf("%d stored frameworks of A", n)
	}
	fb, _ := e.s.Framework(e.ctx, e.b, scan.KeyPillars)
	if fb.Own || fb.Pillars[0].Weight != 1 {
		t.Errorf("B's framework changed with A's edit")
	}
	old, _ := e.s.Scan(e.ctx, e.a, x.ID)
	if old.Framework.Pillars[0].Weight != 1 {
		t.Errorf("an earlier scan changed with the framework")
	}
	if _, err := e.s.SetWeights(e.ctx, e.a, scan.KeyPillars, map[string]int{"bewustwording": -1}); err == nil {
		t.Error("negative weight accepted")
	}
	if err := e.s.ResetFramework(e.ctx, e.a, scan.KeyPillars); err != nil {
		t.Fatal(err)
	}
	if f, _ := e.s.Framework(e.ctx, e.a, scan.KeyPillars); f.Own || f.Pillars[0].Weight != 1 {
		t.Errorf("reset did not restore the default")
	}
}
