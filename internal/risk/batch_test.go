package risk_test

import (
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
)

// The batch loader reads several organisations per query; each must get
// exactly what its own scoped load gets, and nothing of another.
func TestBatchLoadEqualsThePerOrganisationLoad(t *testing.T) {
	e := newEnv(t)
	c := e.newOrg(t, "kleindorp")
	outside := e.newOrg(t, "elders") // not asked for
	ra := e.register(t, e.a)
	rb := e.register(t, e.b)
	e.register(t, outside)
	// A has two mitigations of one finding (the newer wins) and one of
	// another; B has its own rules: the Bibob rule switched off and an own
	// rule that makes Piet a dubbelzitter; C keeps the shipped rules.
	mitigate := func(sc *auth.Scope, key, control, until string, at int64) {
		e.exec(t, `INSERT INTO duty_mitigations (id, org_id, finding_key, control, owner_id, valid_until, created_by, created_at)
			VALUES ($1, $2, $3, $4, 'eigenaar', $5, 'test', $6)`, store.NewID(), sc.OrgID, key, control, until, at)
	}
	mitigate(e.a, duty.KeySoleHolder(ra.cashStep), "oud", "2027-01-01", 1)
	mitigate(e.a, duty.KeySoleHolder(ra.cashStep), "nieuw", "2026-02-01", 2)
	mitigate(e.a, duty.KeyConflict("bibob_vergunning", ra.jan), "toets", "2026-12-31", 1)
	mitigate(outside, duty.KeyConflict("bibob_vergunning", ra.jan), "elders", "2026-12-31", 1)
	rule := func(sc *auth.Scope, key, a, b string, active bool) {
		e.exec(t, `INSERT INTO conflict_rules (id, org_id, rule_key, code_a, code_b, same_object, risk, name, rationale, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, FALSE, 'high', $3, 'r', $6, 0, 0)`, store.NewID(), sc.OrgID, key, a, b, active)
	}
	rule(e.b, "bibob_vergunning", duty.CodeBibobResearch, duty.CodeGrantLicence, false)
	rule(e.b, "eigen", duty.CodeBibobResearch, "", true)
	e.exec(t, `UPDATE conflict_rules SET code_b = 'leges' WHERE rule_key = 'eigen'`)
	e.exec(t, `UPDATE steps SET code = 'leges' WHERE id = $1`, rb.cashStep)
	// C is smaller: one person alone on a cash step.
	team := e.team(t, c, "Burgerzaken")
	fn := e.function(t, c, "kas")
	kees := e.employee(t, c, team, "Kees")
	e.assign(t, c, kees, fn, "2022-01-01", "")
	p, err := e.risk.CreateProcess(e.ctx, c, risk.NewProcess{TeamID: team, Code: "balie", Name: "Balie"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.risk.CreateStep(e.ctx, c, risk.NewStep{ProcessID: p.ID, Name: "Kas", Kind: duty.Cash, MinHolders: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.risk.LinkFunction(e.ctx, c, st.ID, fn); err != nil {
		t.Fatal(err)
	}

	on := duty.DateOf(2026, 3, 2)
	orgs := []string{e.a.OrgID, e.b.OrgID, c.OrgID, e.a.OrgID} // a duplicate is read once
	ins, err := risk.LoadDutyInputs(e.ctx, e.db, orgs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 3 {
		t.Errorf("batch loaded %d organisations, want 3", len(ins))
	}
	if _, ok := ins[outside.OrgID]; ok {
		t.Error("an organisation that was not asked for was loaded")
	}
	all, err := risk.AnalyseAll(e.ctx, e.db, orgs, on)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []*struct{ name, id string }{{"A", e.a.OrgID}, {"B", e.b.OrgID}, {"C", c.OrgID}} {
		want, err := risk.LoadDutyInput(e.ctx, auth.System(sc.id), e.db)
		if err != nil {
			t.Fatal(err)
		}
		got := ins[sc.id]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: batch input differs from the scoped load:\n got %+v\nwant %+v", sc.name, got, want)
		}
		if len(duty.Analyse(want, on).Findings) == 0 {
			t.Errorf("%s: no findings, the comparison proves little", sc.name)
		}
		if !reflect.DeepEqual(all[sc.id], duty.Analyse(want, on)) {
			t.Errorf("%s: batch findings %+v, want %+v", sc.name, all[sc.id].Findings, duty.Analyse(want, on).Findings)
		}
		// Every row belongs to the organisation it was filed under.
		own := func(table, id string) {
			if e.count(t, `SELECT COUNT(*) FROM `+table+` WHERE id = $1 AND org_id = $2`, id, sc.id) != 1 {
				t.Errorf("%s: %s row %s of another organisation", sc.name, table, id)
			}
		}
		for _, r := range got.Employees {
			own("employees", r.ID)
		}
		for _, r := range got.Assignments {
			own("assignments", r.ID)
		}
		for _, r := range got.Steps {
			own("steps", r.ID)
		}
		for _, r := range got.StepFunctions {
			own("steps", r.StepID)
		}
	}
	if a := ins[e.a.OrgID]; len(a.Mitigations) != 2 || a.Mitigations[1].Control != "nieuw" && a.Mitigations[0].Control != "nieuw" {
		t.Errorf("A's mitigations %+v, want the newer of the two and the other", a.Mitigations)
	}
	if b := ins[e.b.OrgID]; len(b.Rules) != 1 || b.Rules[0].ID != "eigen" {
		t.Errorf("B's rules %+v, want only its active own rule", b.Rules)
	}
	if f := all[e.b.OrgID].Findings; len(f) != 2 || f[1].Key != duty.KeyConflict("eigen", rb.piet) {
		t.Errorf("B's findings %+v, want the eenpitter and Piet under the own rule", f)
	}
	if n := len(ins[c.OrgID].Rules); n != len(duty.DefaultRules(i18n.NL)) {
		t.Errorf("C has %d rules, want the defaults", n)
	}
	if n := len(ins[c.OrgID].Employees); n != 1 {
		t.Errorf("C has %d employees in the batch, want 1", n)
	}
}
