package risk_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/risk"
)

func TestAnOrganisationStartsWithTheShippedRules(t *testing.T) {
	d := newDutyEnv(t)
	rules, stored, err := d.st.Rules(d.ctx, d.a)
	if err != nil {
		t.Fatal(err)
	}
	if stored || len(rules) != len(duty.DefaultRules(i18n.NL)) {
		t.Fatalf("stored %v, %d rules; want the %d defaults", stored, len(rules), len(duty.DefaultRules(i18n.NL)))
	}
	for _, r := range rules {
		if !r.Shipped || !r.Active || r.Name == "" || r.Rationale == "" {
			t.Errorf("default rule %+v", r)
		}
	}
	if d.count(t, `SELECT COUNT(*) FROM conflict_rules`) != 0 {
		t.Error("reading the rules wrote them")
	}
}

// Switching the Bibob rule off removes Jan's dubbelzitter; its first edit
// copies the defaults in with their keys, so a mitigation of a finding
// under another rule keeps applying. An own rule finds a new conflict.
func TestEditingTheRulesChangesTheAnalysis(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	d.register(t, d.b)
	key := duty.KeyConflict("bibob_vergunning", r.jan)
	if f := find(d.analyse(t, d.a), key); f == nil || f.Risk != duty.High {
		t.Fatalf("before: %+v", f)
	}
	bibob, err := d.st.Rule(d.ctx, d.a, "bibob_vergunning")
	if err != nil {
		t.Fatal(err)
	}
	in := risk.RuleInput{CodeA: bibob.CodeA, CodeB: bibob.CodeB, Risk: duty.Low, Name: bibob.Name, Rationale: bibob.Rationale, Active: true}
	if _, err := d.st.UpdateRule(d.ctx, d.a, "bibob_vergunning", in); err != nil {
		t.Fatal(err)
	}
	if f := find(d.analyse(t, d.a), key); f == nil || f.Risk != duty.Low {
		t.Errorf("after lowering the risk: %+v, want the same finding with risk low", f)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM conflict_rules WHERE org_id = $1`, d.a.OrgID); n != len(duty.DefaultRules(i18n.NL)) {
		t.Errorf("%d rules stored after the first edit, want the defaults", n)
	}
	in.Active = false
	if _, err := d.st.UpdateRule(d.ctx, d.a, "bibob_vergunning", in); err != nil {
		t.Fatal(err)
	}
	if f := find(d.analyse(t, d.a), key); f != nil {
		t.Errorf("after switching the rule off: %+v", f)
	}
	// B still has the shipped rules and Jan of B is still found.
	res, err := d.st.Report(d.ctx, d.b)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Result.Counts().Total; got != 2 {
		t.Errorf("B has %d findings, want its 2 untouched", got)
	}
	// An own rule: nobody may hold both the cash step and Bibob research.
	e := d.env
	if _, err := e.db.Write.ExecContext(e.ctx, `UPDATE steps SET code = 'kas_innen' WHERE id = $1`, r.cashStep); err != nil {
		t.Fatal(err)
	}
	own, err := d.st.AddRule(d.ctx, d.a, risk.RuleInput{CodeA: " KAS_innen ", CodeB: duty.CodeBibobResearch, Risk: duty.Medium,
		Name: "Kas en Bibob", Rationale: "Eigen regel van de gemeente."})
	if err != nil {
		t.Fatal(err)
	}
	if own.CodeA != "kas_innen" {
		t.Errorf("code not cleaned: %q", own.CodeA)
	}
	f := find(d.analyse(t, d.a), duty.KeyConflict(own.Key, r.piet))
	if f == nil || f.RuleName != "Kas en Bibob" || f.Risk != duty.Medium {
		t.Errorf("own rule finding %+v, want Piet under the own rule", f)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1 AND action LIKE 'risk.rule%'`, d.a.OrgID); n != 4 {
		t.Errorf("%d audit entries for the rules, want 4 (defaults copied, two edits, one new rule)", n)
	}
}

func TestBadRulesAreRefusedByFieldAndWriteNothing(t *testing.T) {
	d := newDutyEnv(t)
	cases := []struct {
		in   risk.RuleInput
		want []string
	}{
		{risk.RuleInput{}, []string{"code_a", "code_b", "risk", "name", "rationale"}},
		{risk.RuleInput{CodeA: "inname", CodeB: "INNAME", Risk: "heel hoog", Name: "x", Rationale: "y"}, []string{"code_b", "risk"}},
		{risk.RuleInput{CodeA: duty.CodeGrantLicence, CodeB: duty.CodeBibobResearch, Risk: duty.Low, Name: "Dubbel", Rationale: "y"}, []string{"code_b"}},
	}
	for _, c := range cases {
		_, err := d.st.AddRule(d.ctx, d.a, c.in)
		if got := fieldsOf(err); !slices.Equal(got, c.want) {
			t.Errorf("%+v: fields %v (%v), want %v", c.in, got, err, c.want)
		}
	}
	if n := d.count(t, `SELECT COUNT(*) FROM conflict_rules`); n != 0 {
		t.Errorf("%d rules written by refused input (defaults must not be copied either)", n)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM audit_log`); n != 0 {
		t.Errorf("%d audit entries for refused input", n)
	}
}

func TestRulesBelongToTheirOrganisation(t *testing.T) {
	d := newDutyEnv(t)
	own, err := d.st.AddRule(d.ctx, d.a, risk.RuleInput{CodeA: "a", CodeB: "b", Risk: duty.Low, Name: "Regel van A", Rationale: "r"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.st.Rule(d.ctx, d.b, own.Key); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B read A's rule: %v", err)
	}
	if _, err := d.st.UpdateRule(d.ctx, d.b, own.Key, risk.RuleInput{CodeA: "a", CodeB: "b", Risk: duty.Low, Name: "Overgenomen", Rationale: "r", Active: true}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B changed A's rule: %v", err)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM conflict_rules WHERE org_id = $1`, d.b.OrgID); n != 0 {
		t.Errorf("B's refused edit stored %d rules", n)
	}
	lead := &auth.Scope{OrgID: d.a.OrgID, UserID: d.owner, Roles: []auth.Role{auth.TeamLead}, MFA: true}
	if _, err := d.st.AddRule(d.ctx, lead, risk.RuleInput{}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("a team lead (no risk.settings) added a rule: %v", err)
	}
}
