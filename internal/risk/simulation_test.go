package risk_test

import (
	"slices"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// tables are counted before and after a simulation: it must write nothing.
var simulationTables = []string{"assignments", "employees", "conflict_rules", "duty_mitigations", "audit_log", "processing_log"}

func (d *dutyEnv) rowCounts(t *testing.T) []int {
	var out []int
	for _, tb := range simulationTables {
		out = append(out, d.count(t, `SELECT COUNT(*) FROM `+tb))
	}
	return out
}

// Giving Jan the cash function ends Piet's eenpitter on the cash step;
// giving Piet the licensing function again makes him a dubbelzitter.
func TestSimulationShowsAddedAndRemovedFindingsAndWritesNothing(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	fns := map[string]string{}
	rows, err := d.db.Read.QueryContext(d.ctx, `SELECT code, id FROM functions WHERE org_id = $1`, d.a.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c, id string
		if err := rows.Scan(&c, &id); err != nil {
			t.Fatal(err)
		}
		fns[c] = id
	}
	rows.Close()
	before := d.rowCounts(t)
	sim, err := d.st.Simulate(d.ctx, d.a, risk.Proposal{Add: []risk.ProposedAssignment{
		{EmployeeID: r.jan, FunctionID: fns["kas"], Start: "2026-03-01"},
		{EmployeeID: r.piet, FunctionID: fns["vergunning"], Start: "2026-03-02", End: "2026-12-31"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var added, removed []string
	for _, f := range sim.Diff.Added {
		added = append(added, f.Key)
	}
	for _, f := range sim.Diff.Removed {
		removed = append(removed, f.Key)
	}
	if !slices.Equal(added, []string{duty.KeyConflict("bibob_vergunning", r.piet)}) {
		t.Errorf("added %v, want Piet's dubbelzitter", added)
	}
	if !slices.Equal(removed, []string{duty.KeySoleHolder(r.cashStep)}) {
		t.Errorf("removed %v, want the cash step's eenpitter", removed)
	}
	if sim.Diff.Before.Total != 2 || sim.Diff.After.Total != 2 {
		t.Errorf("counts before %+v after %+v, want 2 and 2", sim.Diff.Before, sim.Diff.After)
	}
	if got := d.rowCounts(t); !slices.Equal(got, before) {
		t.Errorf("rows of %v went from %v to %v: the simulation wrote", simulationTables, before, got)
	}
	if res := d.analyse(t, d.a); res.Counts().Total != 2 || find(res, duty.KeySoleHolder(r.cashStep)) == nil {
		t.Errorf("the real analysis changed: %+v", res.Findings)
	}
}

func TestSimulationRefusesBadRowsByFieldAndRow(t *testing.T) {
	d := newDutyEnv(t)
	d.register(t, d.a)
	rb := d.register(t, d.b)
	before := d.rowCounts(t)
	_, err := d.st.Simulate(d.ctx, d.a, risk.Proposal{
		Add: []risk.ProposedAssignment{
			{EmployeeID: rb.jan, FunctionID: "", Start: "2026-03-01"},      // B's employee, no function
			{EmployeeID: "x", FunctionID: "niet-van-ons", Start: "morgen"}, // unknown function, bad date
		},
		End: []risk.ProposedEnding{{AssignmentID: "onbekend", End: "2026-04-01"}},
	})
	list, ok := err.(apperr.List)
	if !ok {
		t.Fatalf("error %v, want a list of field errors", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Field+"@"+string(rune('0'+e.Row)))
	}
	// Bad dates and unknown functions are found before the engine runs;
	// the engine's own checks follow once the rows can be read.
	if !slices.Equal(got, []string{"add.function@2", "add.start@2"}) {
		t.Errorf("fields %v", got)
	}
	_, err = d.st.Simulate(d.ctx, d.a, risk.Proposal{
		Add: []risk.ProposedAssignment{{EmployeeID: rb.jan, Start: "2026-03-01"}},
		End: []risk.ProposedEnding{{AssignmentID: "onbekend", End: "2026-04-01"}},
	})
	got = nil
	for _, e := range err.(apperr.List) {
		got = append(got, e.Field+"@"+string(rune('0'+e.Row)))
	}
	if !slices.Equal(got, []string{"add.employee@1", "add.function@1", "end.assignment@1"}) {
		t.Errorf("fields %v", got)
	}
	if after := d.rowCounts(t); !slices.Equal(after, before) {
		t.Errorf("refused simulations wrote: %v → %v", before, after)
	}
}
