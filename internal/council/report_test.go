package council_test

import (
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/council"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// figuresA gives A a year of figures: a handful of reports (3: a small
// count), training coverage, and two goals of which one is met.
func (e *env) figuresA(reports, training float64) {
	e.figures.ind[e.a.OrgID] = []council.Indicator{
		ind(council.IndReports, "Meldingen", "aantal", reports),
		ind(council.IndTraining, "Dekking verplichte trainingen", "%", training),
		ind(council.IndActionsDone, "Acties afgerond", "aantal", 12),
		{Key: council.IndReportDays, Label: "Doorlooptijd meldingen", Unit: "dagen"},
	}
	e.figures.goals[e.a.OrgID] = []council.Goal{
		{ID: "g1", Title: "Trainingsdekking omhoog", Indicator: ind(council.IndTraining, "Dekking verplichte trainingen", "%", training), Target: 80, HasTarget: true, HigherIsBetter: true, Met: training >= 80},
		{ID: "g2", Title: "Meldingen sneller afgehandeld", Indicator: ind(council.IndReports, "Meldingen", "aantal", reports), Target: 10, HasTarget: true},
	}
}

func TestPeriods(t *testing.T) {
	for p, want := range map[string][2]string{"2026": {"2026-01-01", "2026-12-31"}, "2026-H1": {"2026-01-01", "2026-06-30"}, "2026-H2": {"2026-07-01", "2026-12-31"}} {
		from, to, ok := council.ParsePeriod(p)
		if !ok || from != want[0] || to != want[1] {
			t.Errorf("%s → %s %s %v", p, from, to, ok)
		}
	}
	for _, p := range []string{"", "26", "2026-H3", "2026-Q1", "1999", "2026 "} {
		if _, _, ok := council.ParsePeriod(p); ok {
			t.Errorf("%q accepted", p)
		}
	}
}

// A report is made for a period as a concept, its figures frozen when it
// is finalised, after which it never changes; the next report says what
// changed since. Small counts are "minder dan 5" and never stored.
func TestReportLifecycle(t *testing.T) {
	e := newEnv(t)
	e.evidence.maturity[e.a.OrgID] = maturity("2025-10-01", 2, 2, 3, 2, 2)
	e.figuresA(3, 60)

	// Bad input: named fields, nothing written.
	_, err := e.s.CreateReport(e.ctx, e.a, "2025-Q4", "", "")
	if !hasField(err, "period") || !hasField(err, "title") {
		t.Fatalf("bad input: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM council_reports`); n != 0 {
		t.Fatalf("refused input stored %d reports", n)
	}
	r1, err := e.s.CreateReport(e.ctx, e.a, "2025", "Raadsinformatiebrief weerbaarheid 2025", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.CreateReport(e.ctx, e.a, "2025", "Nog een", ""); !hasField(err, "period") {
		t.Errorf("second report for a period: %v", err)
	}
	// Finalising without a summary is refused, naming the field.
	if err := e.s.Finalise(e.ctx, e.a, r1.ID); !hasField(err, "summary") {
		t.Fatalf("finalise without summary: %v", err)
	}
	if err := e.s.SaveSummary(e.ctx, e.a, r1.ID, r1.Title, "Het eerste jaar."); err != nil {
		t.Fatal(err)
	}
	// An auditor does not see a concept.
	aud := as(e.a, auth.Auditor)
	if _, err := e.s.Report(e.ctx, aud, r1.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("auditor reads a concept: %v", err)
	}
	if list, _ := e.s.Reports(e.ctx, aud); len(list) != 0 {
		t.Errorf("auditor lists %d concepts", len(list))
	}
	if err := e.s.Finalise(e.ctx, e.a, r1.ID); err != nil {
		t.Fatal(err)
	}
	// Frozen: later figures do not change it, nor can it be edited.
	e.figuresA(40, 85)
	e.evidence.maturity[e.a.OrgID] = maturity("2026-09-15", 3, 3, 3.5, 3, 2.5)
	got, err := e.s.Report(e.ctx, aud, r1.ID)
	if err != nil {
		t.Fatalf("auditor reads the final report: %v", err)
	}
	snap, _ := e.s.Figures(e.ctx, aud, got)
	if snap.Maturity.Overall != 2.2 || snap.Indicators[2].Key != council.IndTraining || snap.Indicators[2].Value != 60 {
		t.Errorf("final report changed with later figures: %+v", snap)
	}
	if err := e.s.SaveSummary(e.ctx, e.a, r1.ID, "x", "y"); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("editing a final report: %v", err)
	}
	if err := e.s.Finalise(e.ctx, e.a, r1.ID); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("finalising twice: %v", err)
	}
	// The small count (3 reports) is suppressed and not in the stored JSON.
	if !snap.Indicators[0].Suppressed || snap.Indicators[0].Value != 0 {
		t.Errorf("3 reports not suppressed: %+v", snap.Indicators[0])
	}
	var stored string
	if err := e.db.Read.QueryRowContext(e.ctx, `SELECT snapshot FROM council_reports WHERE id = $1`, r1.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stored, `"code":"meldingen.aantal","naam":"Meldingen","eenheid":"aantal","waarde":0,"bekend":true,"minderDanVijf":true`) {
		t.Errorf("stored snapshot holds the small count: %s", stored)
	}
	if strings.Contains(stored, `"waarde":3,`) {
		t.Errorf("stored snapshot holds the value 3: %s", stored)
	}

	// The second report compares with the first.
	r2, err := e.s.CreateReport(e.ctx, e.a, "2026-H1", "Raadsinformatiebrief eerste helft 2026", "")
	if err != nil {
		t.Fatal(err)
	}
	prev, err := e.s.Previous(e.ctx, e.a, r2)
	if err != nil || prev == nil || prev.ID != r1.ID {
		t.Fatalf("previous of r2: %+v %v", prev, err)
	}
	snap2, _ := e.s.Figures(e.ctx, e.a, r2)
	ch := council.Changes(prev.Snapshot, snap2)
	byLabel := map[string]council.Change{}
	for _, c := range ch {
		byLabel[c.Label] = c
	}
	if c := byLabel[""]; !c.HasDelta || c.Delta != 0.8 {
		t.Errorf("overall maturity change = %+v, want +0.8 (2.2 → 3.0)", c)
	}
	if c := byLabel["Dekking verplichte trainingen"]; !c.HasDelta || c.Delta != 25 {
		t.Errorf("training change = %+v, want +25", c)
	}
	if c := byLabel["Meldingen"]; c.HasDelta || !c.Earlier.Suppressed || c.Now.Value != 40 {
		t.Errorf("a suppressed earlier count has no difference: %+v", c)
	}
	if c, ok := byLabel["Doorlooptijd meldingen"]; !ok || c.HasDelta {
		t.Errorf("unknown figure has no difference: %+v", c)
	}
	// The generated draft is plain language and says what changed.
	draft := council.Draft(i18n.NL, e.a.OrgName, r2, snap2, prev.Snapshot)
	for _, want := range []string{"de eerste helft van 2026", "Gemeente voorbeeldstad", "gemiddeld 3 op een schaal van 1 tot 5", "0,8 hoger", "pijler Communicatie (2,5)", "Van de 2 doelen met een streefwaarde zijn er 1 gehaald"} {
		if !strings.Contains(draft, want) {
			t.Errorf("draft lacks %q: %s", want, draft)
		}
	}
	// B sees none of A's reports.
	if list, _ := e.s.Reports(e.ctx, e.b); len(list) != 0 {
		t.Errorf("B lists A's reports")
	}
	if _, err := e.s.Report(e.ctx, e.b, r1.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reads A's report: %v", err)
	}
}

// Without plan's figures the report still works and says there are no
// goals or indicators yet.
func TestReportWithoutFigures(t *testing.T) {
	e := newEnv(t)
	e.s.SetFigures(nil)
	r, err := e.s.CreateReport(e.ctx, e.a, "2026", "Brief", "")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := e.s.Figures(e.ctx, e.a, r)
	if err != nil || snap.HasFigures || len(snap.Indicators) != 0 || snap.Maturity != nil {
		t.Fatalf("%+v %v", snap, err)
	}
	draft := council.Draft(i18n.NL, e.a.OrgName, r, snap, nil)
	if !strings.Contains(draft, "nog geen afgeronde weerbaarheidsscan") || !strings.Contains(draft, "nog geen doelen") {
		t.Errorf("draft: %s", draft)
	}
}

// Views of final reports by the council's own roles count for norm 16;
// the coordinator's own views and concepts do not.
func TestAuditorViewsCount(t *testing.T) {
	e := newEnv(t)
	r, _ := e.s.CreateReport(e.ctx, e.a, "2026", "Brief", "Samenvatting.")
	aud := as(e.a, auth.Auditor)
	if err := e.s.RecordView(e.ctx, aud, r); err != nil {
		t.Fatal(err)
	}
	_ = e.s.Finalise(e.ctx, e.a, r.ID)
	r, _ = e.s.Report(e.ctx, e.a, r.ID)
	for _, sc := range []*auth.Scope{e.a, aud, aud, as(e.a, auth.Executive)} {
		if err := e.s.RecordView(e.ctx, sc, r); err != nil {
			t.Fatal(err)
		}
	}
	in, err := e.s.Gather(e.ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	if in.AuditorViews12m != 2 || in.ReportsFinal12m != 1 || in.LastReportOn != "2026-11-02" {
		t.Errorf("inputs = views %d, final %d, last %q", in.AuditorViews12m, in.ReportsFinal12m, in.LastReportOn)
	}
	if p := proposal(t, in, "n16"); p.Proposed != council.Partly {
		t.Errorf("n16 with 2 views = %s", p.Proposed)
	}
	if p := proposal(t, in, "n15"); p.Proposed != council.Met {
		t.Errorf("n15 after finalising = %s", p.Proposed)
	}
}
