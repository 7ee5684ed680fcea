package risk_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
)

// dutyEnv is env with a risk store on a clock the test moves, and a
// user of A who may own mitigations.
type dutyEnv struct {
	*env
	clk   *clock.Fake
	st    *risk.Store
	owner string
}

func newDutyEnv(t *testing.T) *dutyEnv {
	t.Helper()
	e := newEnv(t)
	clk := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, clock.Amsterdam))
	d := &dutyEnv{env: e, clk: clk, st: risk.NewStore(e.db, clk, audit.New(e.db, clk))}
	d.st.SetSubjectKeys(func(org string) []byte { return []byte("sleutel-" + org) })
	d.owner = d.user(t, e.a, "Eigenaar A")
	return d
}

// user adds an account that is a member of sc's organisation.
func (e *env) user(t *testing.T, sc *auth.Scope, name string) string {
	t.Helper()
	id := store.NewID()
	e.exec(t, `INSERT INTO users (id, email, name, created_at) VALUES ($1, $2, $3, 0)`, id, id+"@test.invalid", name)
	e.exec(t, `INSERT INTO memberships (user_id, org_id, role, created_at) VALUES ($1, $2, 'team_lead', 0)`, id, sc.OrgID)
	return id
}

func fieldsOf(err error) []string {
	var out []string
	if list, ok := err.(apperr.List); ok {
		for _, e := range list {
			out = append(out, e.Field)
		}
	}
	return out
}

func (d *dutyEnv) analyse(t *testing.T, sc *auth.Scope) duty.Result {
	t.Helper()
	rep, err := d.st.Report(d.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Result
}

func find(res duty.Result, key string) *duty.Finding {
	for i := range res.Findings {
		if res.Findings[i].Key == key {
			return &res.Findings[i]
		}
	}
	return nil
}

func TestMitigationWithBadFieldsNamesEachAndWritesNothing(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	key := duty.KeySoleHolder(r.cashStep)
	audits := d.count(t, `SELECT COUNT(*) FROM audit_log`)
	stranger := d.user(t, d.b, "Buurman")
	cases := []struct {
		name string
		in   risk.NewMitigation
		want []string
	}{
		{"all empty", risk.NewMitigation{FindingKey: key}, []string{"control", "until", "owner"}},
		{"until today, owner of another organisation", risk.NewMitigation{FindingKey: key, Control: "Steekproef", OwnerID: stranger, Until: "2026-03-02"}, []string{"until", "owner"}},
		{"more than three years ahead", risk.NewMitigation{FindingKey: key, Control: "Steekproef", OwnerID: d.owner, Until: "2029-03-03"}, []string{"until"}},
		{"not a date", risk.NewMitigation{FindingKey: key, Control: "Steekproef", OwnerID: d.owner, Until: "1 april"}, []string{"until"}},
		{"no finding", risk.NewMitigation{Control: "Steekproef", OwnerID: d.owner, Until: "2026-06-01"}, []string{"finding_key"}},
	}
	for _, c := range cases {
		_, err := d.st.Mitigate(d.ctx, d.a, c.in)
		if got := fieldsOf(err); !slices.Equal(got, c.want) {
			t.Errorf("%s: fields %v (%v), want %v", c.name, got, err, c.want)
		}
	}
	_, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, Control: "x", OwnerID: d.owner, Until: "2030-01-01"})
	if list, ok := err.(apperr.List); !ok || !strings.Contains(list[0].Key, "until_too_far") || list[0].Args[0] != "02-03-2029" {
		t.Errorf("too far: %v, want the last allowed day 02-03-2029 in the message", err)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM duty_mitigations`); n != 0 {
		t.Errorf("%d mitigations written by refused input", n)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM audit_log`); n != audits {
		t.Errorf("audit log grew from %d to %d for refused input", audits, n)
	}
	if f := find(d.analyse(t, d.a), key); f == nil || f.Mitigated {
		t.Errorf("finding after refused mitigations: %+v", f)
	}
}

func TestMitigationOnlyForAFindingOfTodaysOwnAnalysis(t *testing.T) {
	d := newDutyEnv(t)
	d.register(t, d.a)
	rb := d.register(t, d.b)
	for _, key := range []string{duty.KeySoleHolder(rb.cashStep), "sole_holder/verzonnen", duty.KeyConflict("bibob_vergunning", rb.jan)} {
		_, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, Control: "x", OwnerID: d.owner, Until: "2026-06-01"})
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("key %s: %v, want not found", key, err)
		}
	}
	if n := d.count(t, `SELECT COUNT(*) FROM duty_mitigations`); n != 0 {
		t.Errorf("%d mitigations written", n)
	}
	emp := &auth.Scope{OrgID: d.a.OrgID, UserID: d.owner, Roles: []auth.Role{auth.HR}, MFA: true} // reads, may not mitigate
	if _, err := d.st.Mitigate(d.ctx, emp, risk.NewMitigation{}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("HR mitigated: %v", err)
	}
}

// A mitigation covers its finding until its last day; the day after, the
// finding is open again and says so. A newer mitigation replaces an older
// one even when it ends sooner.
func TestMitigationExpiresAndReopensTheFinding(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	key := duty.KeyConflict("bibob_vergunning", r.jan)
	m, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, Control: "Collegiale toets op elk besluit", OwnerID: d.owner, Until: "2026-09-30"})
	if err != nil {
		t.Fatal(err)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_id = $2`, risk.ActionMitigate, m.ID); n != 1 {
		t.Errorf("%d audit entries for the mitigation, want 1", n)
	}
	f := find(d.analyse(t, d.a), key)
	if f == nil || !f.Mitigated || f.Mitigation.Control != "Collegiale toets op elk besluit" {
		t.Fatalf("after mitigating: %+v", f)
	}
	d.clk.Set(time.Date(2026, 9, 30, 23, 0, 0, 0, clock.Amsterdam))
	if f := find(d.analyse(t, d.a), key); f == nil || !f.Mitigated {
		t.Errorf("on the last day: %+v, want still mitigated", f)
	}
	d.clk.Set(time.Date(2026, 10, 1, 0, 30, 0, 0, clock.Amsterdam)) // still 30 September in UTC
	f = find(d.analyse(t, d.a), key)
	if f == nil || f.Mitigated || !f.Reopened {
		t.Fatalf("the day after: %+v, want reopened", f)
	}
	// Mitigate again, then cut it short with a newer one.
	if _, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, Control: "Tweede toets", OwnerID: d.owner, Until: "2027-06-30"}); err != nil {
		t.Fatal(err)
	}
	d.clk.Advance(time.Hour)
	if _, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, Control: "Korter", OwnerID: d.owner, Until: "2026-10-15"}); err != nil {
		t.Fatal(err)
	}
	d.clk.Set(time.Date(2026, 11, 1, 9, 0, 0, 0, clock.Amsterdam))
	f = find(d.analyse(t, d.a), key)
	if f == nil || !f.Reopened || f.Mitigation.Control != "Korter" {
		t.Errorf("after the newer, shorter mitigation ended: %+v, want reopened by it", f)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM duty_mitigations WHERE finding_key = $1`, key); n != 3 {
		t.Errorf("%d mitigations stored, want all 3 kept", n)
	}
}

type fakeActions struct{ got []risk.NewAction }

func (f *fakeActions) CreateAction(_ context.Context, _ *auth.Scope, n risk.NewAction) (string, error) {
	f.got = append(f.got, n)
	return "actie-1", nil
}

func TestMitigationCanPutAnActionOnTheList(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	acts := &fakeActions{}
	d.st.SetActions(acts)
	key := duty.KeyConflict("bibob_vergunning", r.jan)
	m, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, Control: "Toets", OwnerID: d.owner, Until: "2026-12-31", MakeAction: true})
	if err != nil {
		t.Fatal(err)
	}
	if m.ActionID != "actie-1" || d.count(t, `SELECT COUNT(*) FROM duty_mitigations WHERE action_id = 'actie-1'`) != 1 {
		t.Errorf("action id not stored: %+v", m)
	}
	if len(acts.got) != 1 {
		t.Fatalf("%d actions", len(acts.got))
	}
	a := acts.got[0]
	if a.Title != "Dubbelzitter afdekken – Vergunningen" || a.OwnerID != d.owner || a.DueDate != "2026-12-31" || a.SourceType != "finding" {
		t.Errorf("action %+v", a)
	}
	if strings.Contains(a.Title+a.SourceLabel, "Jan") {
		t.Errorf("action title names the person: %+v", a)
	}
	// A refused mitigation creates no action.
	if _, err := d.st.Mitigate(d.ctx, d.a, risk.NewMitigation{FindingKey: key, OwnerID: d.owner, Until: "2026-12-31", MakeAction: true}); err == nil {
		t.Fatal("mitigation without control accepted")
	}
	if len(acts.got) != 1 {
		t.Errorf("a refused mitigation created an action")
	}
}

// Looking at one person's findings is logged twice: in the audit log with
// the viewer, in the processing log without; another organisation's
// employee is not found and not logged.
func TestPersonFindingsAreLoggedAsProcessing(t *testing.T) {
	d := newDutyEnv(t)
	r := d.register(t, d.a)
	rb := d.register(t, d.b)
	viewer := &auth.Scope{OrgID: d.a.OrgID, UserID: d.owner, UserName: "Eigenaar A", Roles: []auth.Role{auth.Coordinator}, MFA: true}
	_, g, err := d.st.PersonFindings(d.ctx, viewer, r.jan)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Findings) != 1 || g.Findings[0].Kind != duty.Conflict {
		t.Errorf("Jan's findings: %+v", g.Findings)
	}
	var span string
	if err := d.db.Read.QueryRowContext(d.ctx, `SELECT span_id FROM audit_log WHERE action = $1 AND object_id = $2 AND actor_id = $3`,
		risk.ActionPersonView, r.jan, d.owner).Scan(&span); err != nil {
		t.Fatalf("audit entry: %v", err)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM processing_log WHERE span_id = $1 AND activity = 'functiescheiding.analyse' AND org_id = $2`, span, d.a.OrgID); n != 1 {
		t.Errorf("%d processing records linked to the audit entry, want 1", n)
	}
	if n := d.count(t, `SELECT COUNT(*) FROM processing_log WHERE data_subject_ref LIKE $1`, "%"+r.jan+"%"); n != 0 {
		t.Error("the processing log holds the employee id in clear")
	}
	before := d.count(t, `SELECT COUNT(*) FROM processing_log`)
	if _, _, err := d.st.PersonFindings(d.ctx, viewer, rb.jan); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("B's employee: %v, want not found", err)
	}
	if d.count(t, `SELECT COUNT(*) FROM processing_log`) != before {
		t.Error("a refused look was logged as processing")
	}
}
