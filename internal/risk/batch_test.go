package risk_test

import (
	"reflect"
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// The batch loader reads several organisations per query; each must get
// exactly what its own scoped load gets, and nothing of another.
func TestBatchLoadEqualsThePerOrganisationLoad(t *testing.T) {
	e := newEnv(t)
	c := e.newOrg(t, "kleindorp")
	outside := e.newOrg(t, "elders") // not asked for
	e.register(t, e.a)
	e.register(t, e.b)
	e.register(t, outside)
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
	if n := len(ins[c.OrgID].Employees); n != 1 {
		t.Errorf("C has %d employees in the batch, want 1", n)
	}
}
