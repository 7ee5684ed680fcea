package risk_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// decisionEnv is a municipality with one scored vulnerability with two
// controls, a team lead who proposes, a coordinator (holds risk.approve,
// but is not the matrix's approver role) and two executives.
type decisionEnv struct {
	*env
	vuln                        string
	lead, coord, executive, mt2 *auth.Scope
}

func newDecisionEnv(t *testing.T) *decisionEnv {
	e := &decisionEnv{env: newEnv(t)}
	p := e.process(t, e.a, e.team(t, e.a, "Vergunningen"), "Exploitatievergunning horeca")
	e.vuln = e.vulnerability(t, e.a, p, "Vergunning onder druk verleend", score{4, 4, 2, 4})
	e.control(t, e.a, p, e.vuln, "Collegiale toets", "in_place")
	e.control(t, e.a, p, e.vuln, "Bibob-toets", "planned")
	e.lead = user(e.a, "teamleider", auth.TeamLead)
	e.coord = user(e.a, "coordinator", auth.Coordinator)
	e.executive = user(e.a, "secretaris", auth.Executive)
	e.mt2 = user(e.a, "burgemeester", auth.Executive)
	return e
}

func (e *decisionEnv) treatment(t *testing.T) string {
	t.Helper()
	var s string
	if err := e.db.Read.QueryRowContext(e.ctx, `SELECT treatment FROM vulnerabilities WHERE id = $1`, e.vuln).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestApprovalNeedsTheMatrixRoleAndAnotherPerson(t *testing.T) {
	e := newDecisionEnv(t)
	d, err := e.risk.ProposeDecision(e.ctx, e.lead, e.vuln, risk.Accept, "Restrisico is laag genoeg na de collegiale toets.")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != risk.Proposed || e.treatment(t) != "" {
		t.Fatalf("proposal %v, treatment %q", d.Status, e.treatment(t))
	}
	// The coordinator holds risk.approve, but the matrix names the executive.
	if _, err := e.risk.Approve(e.ctx, e.coord, d.ID, ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("coordinator approved although the matrix names the executive: %v", err)
	}
	// The team lead has neither the role nor the permission.
	if _, err := e.risk.Approve(e.ctx, e.lead, d.ID, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("team lead approved: %v", err)
	}
	if e.treatment(t) != "" {
		t.Fatalf("treatment set by a refused approval: %q", e.treatment(t))
	}
	got, err := e.risk.Approve(e.ctx, e.executive, d.ID, "Akkoord.")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != risk.Approved || got.DecidedBy != e.executive.UserID || got.Note != "Akkoord." {
		t.Errorf("approved decision %+v", got)
	}
	if e.treatment(t) != "accept" {
		t.Errorf("treatment %q after approval, want accept", e.treatment(t))
	}
	// A decided decision cannot be decided again, not even by another approver.
	if _, err := e.risk.Reject(e.ctx, e.mt2, d.ID, "Toch niet."); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("decided twice: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action IN ($2, $3)`, e.a.OrgID,
		risk.ActionDecisionPropose, risk.ActionDecisionApprove); n != 2 {
		t.Errorf("%d audit entries, want propose and approve", n)
	}
}

func TestNobodyApprovesTheirOwnProposal(t *testing.T) {
	e := newDecisionEnv(t)
	// The coordinator is the approver role now and proposes.
	m := risk.DefaultMatrix()
	m.ApproverRole = auth.Coordinator
	if err := e.risk.SaveMatrix(e.ctx, e.coord, m); err != nil {
		t.Fatal(err)
	}
	d, err := e.risk.ProposeDecision(e.ctx, e.coord, e.vuln, risk.Mitigate, "Bibob-toets invoeren.")
	if err != nil {
		t.Fatal(err)
	}
	for _, decide := range []func() error{
		func() error { _, err := e.risk.Approve(e.ctx, e.coord, d.ID, ""); return err },
		func() error { _, err := e.risk.Reject(e.ctx, e.coord, d.ID, "Nee."); return err },
	} {
		if err := decide(); !apperr.Is(err, apperr.Conflict) || apperr.As(err).Key != "risk.decision.own_proposal" {
			t.Errorf("proposer decided own proposal: %v", err)
		}
	}
	// The executive no longer approves once the matrix names the coordinator.
	if _, err := e.risk.Approve(e.ctx, e.executive, d.ID, ""); apperr.As(err).Key != "risk.decision.not_approver" {
		t.Errorf("executive approved: %v", err)
	}
	other := user(e.a, "tweede-coordinator", auth.Coordinator)
	if _, err := e.risk.Reject(e.ctx, other, d.ID, ""); err == nil {
		t.Error("rejected without a note")
	}
	got, err := e.risk.Reject(e.ctx, other, d.ID, "Eerst de kosten in beeld.")
	if err != nil || got.Status != risk.Rejected {
		t.Fatalf("reject: %+v, %v", got, err)
	}
	if e.treatment(t) != "" {
		t.Errorf("a rejection set the treatment to %q", e.treatment(t))
	}
}

func TestTheSnapshotKeepsTheRiskAsItWasProposed(t *testing.T) {
	e := newDecisionEnv(t)
	d, err := e.risk.ProposeDecision(e.ctx, e.lead, e.vuln, risk.Mitigate, "Bibob-toets\ninvoeren.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.risk.Approve(e.ctx, e.executive, d.ID, ""); err != nil {
		t.Fatal(err)
	}
	// Later the vulnerability is rescored and renamed, a control is tested.
	e.exec(t, `UPDATE vulnerabilities SET title = 'Nieuwe titel', inherent_likelihood = 1, residual_likelihood = 1 WHERE id = $1`, e.vuln)
	e.exec(t, `UPDATE controls SET status = 'tested'`)
	ds, err := e.risk.VulnerabilityDecisions(e.ctx, e.a, e.vuln)
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions %v, %v", ds, err)
	}
	s := ds[0].Snapshot
	v := s.Vulnerability
	if v.Title != "Vergunning onder druk verleend" || v.ProcessName != "Exploitatievergunning horeca" {
		t.Errorf("snapshot title %q process %q", v.Title, v.ProcessName)
	}
	want := risk.Rating{Likelihood: 4, Impact: 4, LikelihoodLabel: "Waarschijnlijk", ImpactLabel: "Groot", Value: 16, Level: duty.High}
	if v.Inherent != want {
		t.Errorf("inherent %+v, want %+v", v.Inherent, want)
	}
	if v.Residual.Value != 8 || v.Residual.Level != duty.Medium {
		t.Errorf("residual %+v", v.Residual)
	}
	if len(s.Controls) != 2 || s.Controls[0] != (risk.SnapshotControl{Title: "Bibob-toets", Status: "planned"}) {
		t.Errorf("controls %+v", s.Controls)
	}
	if s.Matrix.Rows != 5 || s.Matrix.Cols != 5 || s.Matrix.Thresholds != [2]int{5, 12} || s.Matrix.ApproverRole != auth.Executive {
		t.Errorf("matrix %+v", s.Matrix)
	}
	if ds[0].Motivation != "Bibob-toets\ninvoeren." {
		t.Errorf("motivation %q lost its line break", ds[0].Motivation)
	}
}

func TestProposalsNeedMotivationAndOneAtATime(t *testing.T) {
	e := newDecisionEnv(t)
	_, err := e.risk.ProposeDecision(e.ctx, e.lead, e.vuln, "negeren", " ")
	wantFields(t, err, "treatment", "motivation")
	if n := e.count(t, `SELECT COUNT(*) FROM risk_decisions`); n != 0 {
		t.Fatalf("%d decisions stored from bad input", n)
	}
	if _, err := e.risk.ProposeDecision(e.ctx, e.lead, e.vuln, risk.Avoid, "Stoppen met dit loket."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.risk.ProposeDecision(e.ctx, e.coord, e.vuln, risk.Transfer, "Uitbesteden."); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second open proposal: %v", err)
	}
	reader := user(e.a, "hr", auth.HR) // risk.read only
	if _, err := e.risk.ProposeDecision(e.ctx, reader, e.vuln, risk.Accept, "x"); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("reader proposed: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM risk_decisions`); n != 1 {
		t.Errorf("%d decisions, want 1", n)
	}
	open, decided, err := e.risk.Decisions(e.ctx, e.a)
	if err != nil || len(open) != 1 || len(decided) != 0 {
		t.Errorf("open %d decided %d, %v", len(open), len(decided), err)
	}
}

func TestAnotherOrganisationsDecisionsAreNotFound(t *testing.T) {
	e := newDecisionEnv(t)
	d, err := e.risk.ProposeDecision(e.ctx, e.lead, e.vuln, risk.Accept, "Klein risico.")
	if err != nil {
		t.Fatal(err)
	}
	execB := user(e.b, "secretaris-b", auth.Executive)
	leadB := user(e.b, "teamleider-b", auth.TeamLead)
	if _, err := e.risk.Approve(e.ctx, execB, d.ID, ""); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B approved A's decision: %v", err)
	}
	if _, err := e.risk.Decision(e.ctx, execB, d.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B read A's decision: %v", err)
	}
	if _, err := e.risk.ProposeDecision(e.ctx, leadB, e.vuln, risk.Accept, "x"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B proposed on A's vulnerability: %v", err)
	}
	if _, err := e.risk.VulnerabilityDecisions(e.ctx, execB, e.vuln); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B listed A's vulnerability's decisions: %v", err)
	}
	if open, decided, _ := e.risk.Decisions(e.ctx, execB); len(open)+len(decided) != 0 {
		t.Errorf("B sees A's decisions")
	}
	if e.treatment(t) != "" || e.count(t, `SELECT COUNT(*) FROM risk_decisions WHERE status = 'proposed'`) != 1 {
		t.Error("B's attempts changed A's data")
	}
}
