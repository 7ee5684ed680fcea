package scan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/scan"
)

func TestSurveyThresholdAndAnonymity(t *testing.T) {
	e := newEnv(t)
	team := e.team(t, e.a, "Vergunningen")
	sv, link, err := e.s.CreateSurvey(e.ctx, e.a, scan.NewSurvey{FrameworkKey: scan.KeyPillars, TeamID: team, Title: "Enquête vergunningen"})
	if err != nil {
		t.Fatal(err)
	}
	if link != "" {
		t.Error("a shared link without asking for one")
	}
	codes, err := e.s.IssueTokens(e.ctx, e.a, sv.ID, 6)
	if err != nil || len(codes) != 6 {
		t.Fatalf("codes: %v %v", codes, err)
	}
	// Only hashes are stored.
	for _, c := range codes {
		if n := e.count(t, `SELECT COUNT(*) FROM scan_survey_tokens WHERE token_hash = $1`, c); n != 0 {
			t.Fatal("a code is stored in plain text")
		}
	}
	// Four respondents, on different days of the month: nothing is shown.
	for i := range 4 {
		e.clk.Advance(time.Duration(i+1) * 26 * time.Hour)
		if err := e.s.Respond(e.ctx, codes[i], map[string]int{"bew-coordinator": 2 + i%2, "inf-meldpunt": 4}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.Respond(e.ctx, codes[0], map[string]int{"bew-coordinator": 5}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a code used twice: %v", err)
	}
	_, res, err := e.s.SurveyResults(e.ctx, e.a, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Shown || res.Respondents != 0 || res.Scores != nil || res.Means != nil {
		t.Fatalf("4 respondents: %+v", res)
	}
	if _, scores, _ := e.s.SurveyScores(e.ctx, e.a, scan.KeyPillars, team); scores != nil {
		t.Error("4 respondents feed the scan")
	}
	// The fifth makes the group visible.
	if err := e.s.Respond(e.ctx, codes[4], map[string]int{"bew-coordinator": 4}); err != nil {
		t.Fatal(err)
	}
	_, res, _ = e.s.SurveyResults(e.ctx, e.a, sv.ID)
	// bew-coordinator: 2, 3, 2, 3, 4 → 2.8; inf-meldpunt 4 ×4 → 4.
	if !res.Shown || res.Respondents != 5 || res.Means["bew-coordinator"] != 2.8 || res.Scores[1].Value != 4 {
		t.Fatalf("5 respondents: %+v", res)
	}
	if _, scores, _ := e.s.SurveyScores(e.ctx, e.a, scan.KeyPillars, team); scores == nil || scores[0].Value != 2.8 {
		t.Errorf("5 respondents do not feed the scan: %v", scores)
	}
	// Raising the threshold hides the group again; lowering below 5 is refused.
	if err := e.s.SetThreshold(e.ctx, e.a, 6); err != nil {
		t.Fatal(err)
	}
	if _, res, _ = e.s.SurveyResults(e.ctx, e.a, sv.ID); res.Shown {
		t.Error("shown below a raised threshold")
	}
	if err := e.s.SetThreshold(e.ctx, e.a, 4); err == nil {
		t.Error("threshold 4 accepted")
	}

	// The answer rows cannot be tied to the codes: no column refers to a
	// token, no time finer than the month, and the rows of different days
	// carry identical dates.
	rows, err := e.db.Read.QueryContext(e.ctx, `SELECT * FROM scan_survey_responses WHERE survey_id = $1`, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	rows.Close()
	for _, c := range cols {
		if strings.Contains(c, "token") || strings.Contains(c, "hash") || strings.HasSuffix(c, "_at") || strings.Contains(c, "user") || strings.Contains(c, "ip") {
			t.Errorf("answer rows have a column %q that could tie them to a person or a moment", c)
		}
	}
	if want := []string{"id", "org_id", "survey_id", "answered_in", "levels"}; strings.Join(cols, ",") != strings.Join(want, ",") {
		t.Errorf("answer columns %v, want %v", cols, want)
	}
	if n := e.count(t, `SELECT COUNT(DISTINCT answered_in) FROM scan_survey_responses WHERE survey_id = $1`, sv.ID); n != 1 {
		t.Errorf("%d distinct dates on answers given on different days, want 1 (the month)", n)
	}
	trows, err := e.db.Read.QueryContext(e.ctx, `SELECT * FROM scan_survey_tokens`)
	if err != nil {
		t.Fatal(err)
	}
	tcols, _ := trows.Columns()
	trows.Close()
	if want := "token_hash,org_id,survey_id,used"; strings.Join(tcols, ",") != want {
		t.Errorf("token columns %v, want %s (no time of use, no answer reference)", tcols, want)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'scan.survey.answer%'`); n != 0 {
		t.Error("answers are audited")
	}

	// Another organisation sees nothing; a closed survey takes no answers.
	if _, _, err := e.s.SurveyResults(e.ctx, e.b, sv.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B reads A's survey: %v", err)
	}
	if err := e.s.CloseSurvey(e.ctx, e.a, sv.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Respond(e.ctx, codes[5], map[string]int{"bew-coordinator": 3}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("answer to a closed survey: %v", err)
	}
	if _, _, err := e.s.CreateSurvey(e.ctx, as(e.a, auth.TeamLead), scan.NewSurvey{FrameworkKey: scan.KeyPillars, Title: "x"}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("team lead creates a survey: %v", err)
	}
}

func TestSharedLinkAndBadAnswers(t *testing.T) {
	e := newEnv(t)
	sv, link, err := e.s.CreateSurvey(e.ctx, e.a, scan.NewSurvey{FrameworkKey: scan.KeyDimensions, Title: "Iedereen", SharedLink: true})
	if err != nil || link == "" {
		t.Fatalf("%v %q", err, link)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM scan_surveys WHERE link_hash = $1`, link); n != 0 {
		t.Fatal("the shared code is stored in plain text")
	}
	ps, err := e.s.OpenSurvey(e.ctx, link)
	if err != nil || ps.Title != "Iedereen" {
		t.Fatalf("open: %v %v", ps, err)
	}
	// The shared link takes several answers.
	for range 2 {
		if err := e.s.Respond(e.ctx, link, map[string]int{"inz-kennis": 3}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.Respond(e.ctx, link, map[string]int{"inz-kennis": 6}); err == nil {
		t.Error("level 6 accepted")
	}
	if err := e.s.Respond(e.ctx, link, map[string]int{}); err == nil {
		t.Error("an empty answer accepted")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM scan_survey_responses WHERE survey_id = $1`, sv.ID); n != 2 {
		t.Errorf("%d responses, want 2", n)
	}
	if _, err := e.s.OpenSurvey(e.ctx, "onzin"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown code: %v", err)
	}
	// The normenkader is no survey framework.
	if _, _, err := e.s.CreateSurvey(e.ctx, e.a, scan.NewSurvey{FrameworkKey: scan.KeyNorms, Title: "x"}); err == nil {
		t.Error("survey on the normenkader accepted")
	}
}
