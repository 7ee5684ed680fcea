package people_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
)

func TestGiftThresholdAndNeedToKnow(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	team := e.team(t, e.a, "Inkoop", "")
	emp := e.employee(t, e.a, team, "Bakker", "2020-01-01", "")
	wine, err := e.ps.AddGift(ctx, e.hr, people.GiftInput{EmployeeID: emp, Description: "Kist wijn van leverancier", ReceivedOn: "2025-12-20", ValueCents: 7500})
	if err != nil {
		t.Fatal(err)
	}
	marked, err := e.ps.AddGift(ctx, e.hr, people.GiftInput{EmployeeID: emp, Description: secretText, ReceivedOn: "2026-01-10", ValueCents: 2000,
		Decision: "refuse", NeedToKnow: true})
	if err != nil {
		t.Fatal(err)
	}
	gifts, err := e.ps.Gifts(ctx, e.hr)
	if err != nil || len(gifts) != 2 {
		t.Fatalf("HR: %d gifts, %v", len(gifts), err)
	}
	for _, g := range gifts {
		if want := g.ID == wine; g.AboveThreshold != want {
			t.Errorf("gift %s of %d cents above the €50 threshold: %v", g.ID, g.ValueCents, g.AboveThreshold)
		}
		if g.ID == marked && g.DecidedBy != "Test hr" {
			t.Errorf("decided by %q, want the HR user", g.DecidedBy)
		}
	}
	// The organisation raises its threshold to €100.
	if err := e.ps.SaveSettings(ctx, e.hr, people.Settings{RescreenMonths: 60, GiftThresholdCents: 10000}); err != nil {
		t.Fatal(err)
	}
	if g, _ := e.ps.Gift(ctx, e.hr, wine); g.AboveThreshold {
		t.Error("€75 is above a €100 threshold")
	}
	// Need-to-know: hidden from the coordinator, audited for HR.
	if list, _ := e.ps.Gifts(ctx, e.coord); len(list) != 1 || list[0].ID != wine {
		t.Errorf("coordinator sees %+v", list)
	}
	_, err = e.ps.Gift(ctx, e.coord, marked)
	wantCode(t, "coordinator reads a need-to-know gift", err, apperr.NotFound)
	if g, err := e.ps.Gift(ctx, e.hr, marked); err != nil || g.Description != secretText {
		t.Fatalf("HR reads %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.gift.read' AND object_id = $1`, marked); n != 1 {
		t.Errorf("read of the sealed description audited %d times", n)
	}
	if err := e.ps.DecideGift(ctx, e.hr, wine, "donate"); err != nil {
		t.Fatal(err)
	}
	wantFields(t, e.ps.DecideGift(ctx, e.hr, wine, "verkopen"), "decision")
	wantCode(t, "HR of B decides", e.ps.DecideGift(ctx, e.hrB, wine, "keep"), apperr.NotFound)
	if g, _ := e.ps.Gift(ctx, e.hr, wine); g.Decision != "donate" {
		t.Errorf("decision %q", g.Decision)
	}
}

func TestGiftBadInputAndSettings(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	_, err := e.ps.AddGift(ctx, e.hr, people.GiftInput{EmployeeID: "x", ReceivedOn: "gisteren", ValueCents: -1, Decision: "sell"})
	wantFields(t, err, "employee", "description", "received_on", "value", "decision")
	if n := e.count(t, `SELECT COUNT(*) FROM gifts`); n != 0 {
		t.Errorf("%d gifts written", n)
	}
	st, err := e.ps.Settings(ctx, e.hr)
	if err != nil || st.Stored || st.GiftThresholdCents != 5000 || st.RescreenMonths != 60 || st.IncludeCouncil {
		t.Errorf("defaults: %+v, %v", st, err)
	}
	wantFields(t, e.ps.SaveSettings(ctx, e.hr, people.Settings{RescreenMonths: -1, GiftThresholdCents: -5}), "rescreen_months", "gift_threshold")
	wantCode(t, "coordinator saves settings", e.ps.SaveSettings(ctx, e.coord, people.DefaultSettings), apperr.Forbidden)
	if n := e.count(t, `SELECT COUNT(*) FROM people_settings`); n != 0 {
		t.Errorf("refused settings written")
	}
}

func TestCouncilInRegisters(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	griffie := e.team(t, e.a, "College en raad", "")
	staff := e.employee(t, e.a, griffie, "Griffier", "2020-01-01", "")
	alderman := e.employee(t, e.a, griffie, "Wethouder", "2022-06-01", "")
	e.exec(t, `UPDATE employees SET person_kind = 'college' WHERE id = $1`, alderman)
	if _, err := e.ps.AddGift(ctx, e.hr, people.GiftInput{EmployeeID: alderman, Description: "Bos bloemen", ReceivedOn: "2026-02-01", ValueCents: 3000}); err != nil {
		t.Fatal(err)
	}
	count := func() (oaths, gifts int) {
		o, err := e.ps.OathRegister(ctx, e.hr)
		if err != nil {
			t.Fatal(err)
		}
		g, err := e.ps.Gifts(ctx, e.hr)
		if err != nil {
			t.Fatal(err)
		}
		return len(o), len(g)
	}
	if o, g := count(); o != 1 || g != 0 {
		t.Errorf("council not included: %d in the oath register, %d gifts; want only staff", o, g)
	}
	if err := e.ps.SaveSettings(ctx, e.hr, people.Settings{RescreenMonths: 60, GiftThresholdCents: 5000, IncludeCouncil: true}); err != nil {
		t.Fatal(err)
	}
	if o, g := count(); o != 2 || g != 1 {
		t.Errorf("council included: %d in the oath register, %d gifts; want both", o, g)
	}
	if _, err := e.ps.AddOath(ctx, e.hr, people.OathInput{EmployeeID: staff, TakenOn: "2020-01-02", Form: "belofte"}); err != nil {
		t.Fatal(err)
	}
	_, err := e.ps.AddOath(ctx, e.hr, people.OathInput{EmployeeID: staff, TakenOn: "", Form: "zweer"})
	wantFields(t, err, "taken_on", "form")
	oaths, _ := e.ps.OathRegister(ctx, e.hr)
	for _, o := range oaths {
		if (o.ID == staff) != (o.Form == "belofte") {
			t.Errorf("oath register: %+v", o)
		}
	}
}

func TestConfidantsAndCandidates(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	if _, err := e.ps.AddConfidant(ctx, e.hr, people.Confidant{Name: "Mw. Y. Extern", Kind: "external", Phone: "06-12345678"}); err != nil {
		t.Fatal(err)
	}
	_, err := e.ps.AddConfidant(ctx, e.hr, people.Confidant{Kind: "iemand", Email: "geen-adres"})
	wantFields(t, err, "name", "kind", "email")
	_, err = e.ps.AddConfidant(ctx, e.emp, people.Confidant{Name: "X", Kind: "internal", Phone: "1"})
	wantCode(t, "employee adds a confidant", err, apperr.Forbidden)
	list, err := e.ps.Confidants(ctx, e.emp)
	if err != nil || len(list) != 1 {
		t.Errorf("employee reads the directory: %d, %v", len(list), err)
	}
	if list, _ := e.ps.Confidants(ctx, e.hrB); len(list) != 0 {
		t.Errorf("B sees A's confidants")
	}

	id, err := e.ps.SaveCandidate(ctx, e.executive, people.Candidate{Name: "Kandidaat K.", InterviewOn: "2026-02-20", Notes: secretText})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.ps.Candidates(ctx, e.hr)
	wantCode(t, "HR lists candidates", err, apperr.Forbidden)
	c, err := e.ps.Candidate(ctx, e.executive, id)
	if err != nil || c.Notes != secretText || c.Done() != 1 {
		t.Fatalf("executive reads %+v, %v", c, err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.candidate.read' AND object_id = $1`, id); n != 1 {
		t.Errorf("candidate read audited %d times", n)
	}
	_, err = e.ps.SaveCandidate(ctx, e.executive, people.Candidate{ID: id, Name: "", VOGOn: "morgen", Conclusion: "ok"})
	wantFields(t, err, "name", "vog_on", "conclusion")
	if c, _ := e.ps.Candidate(ctx, e.executive, id); c.Name != "Kandidaat K." {
		t.Errorf("refused update changed the record: %+v", c)
	}
}

// Someone without people.read — here a vertrouwenspersoon — opens a
// need-to-know gift once HR has put them on its list, and not before.
func TestNeedToKnowWithoutPeopleRead(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	custodian := e.h.Scope(e.a, e.h.User(e.a, "vp", auth.Custodian))
	team := e.team(t, e.a, "Inkoop", "")
	emp := e.employee(t, e.a, team, "Bakker", "2020-01-01", "")
	gift, err := e.ps.AddGift(ctx, e.hr, people.GiftInput{EmployeeID: emp, Description: secretText, ReceivedOn: "2026-01-10", ValueCents: 9000, NeedToKnow: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.ps.Gift(ctx, custodian, gift)
	wantCode(t, "custodian not on the list", err, apperr.NotFound)
	_, err = e.ps.Gift(ctx, e.emp, gift)
	wantCode(t, "employee", err, apperr.NotFound)
	_, err = e.ps.Gifts(ctx, custodian)
	wantCode(t, "custodian lists gifts", err, apperr.Forbidden)
	if err := e.ps.GrantRecord(ctx, e.hr, people.ObjGift, gift, custodian.UserID, "Vertrouwenspersoon in deze zaak"); err != nil {
		t.Fatal(err)
	}
	if g, err := e.ps.Gift(ctx, custodian, gift); err != nil || g.Description != secretText {
		t.Fatalf("custodian on the list: %v", err)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.gift.read' AND actor_id = $1`, custodian.UserID); n != 1 {
		t.Errorf("custodian's read audited %d times", n)
	}
}
