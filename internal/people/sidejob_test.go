package people_test

import (
	"bytes"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/people"
)

const secretText = "Geheim-bestuurslid-stichting-X"

func TestSideJobNeedToKnow(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	team := e.team(t, e.a, "Ruimte", "")
	e.exec(t, `INSERT INTO team_leads (org_id, user_id, team_id) VALUES ($1, $2, $3)`, e.a.ID, e.leadUser.ID, team)
	emp := e.employee(t, e.a, team, "De Vries", "2020-01-01", "")
	marked, err := e.ps.AddSideJob(ctx, e.hr, people.SideJobInput{EmployeeID: emp, Description: secretText, StartedOn: "2024-01-01",
		ReviewStatus: "conditions", Motivation: "Niet betrokken bij vergunningen in die gemeente", NeedToKnow: true})
	if err != nil {
		t.Fatal(err)
	}
	open, err := e.ps.AddSideJob(ctx, e.hr, people.SideJobInput{EmployeeID: emp, Description: "Penningmeester voetbalclub", StartedOn: "2023-01-01",
		Publish: true, PublicText: "Penningmeester sportvereniging"})
	if err != nil {
		t.Fatal(err)
	}
	// The description is sealed: the database does not hold the text.
	var raw []byte
	if err := e.h.App.DB.Read.QueryRowContext(ctx, `SELECT description FROM side_jobs WHERE id = $1`, marked).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(secretText)) {
		t.Fatal("side-job description stored in plain text")
	}

	reads := func() int {
		return e.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'people.side_job.read' AND object_id = $1`, marked)
	}
	// HR sees both and reads the sealed text; the read is audited.
	if list, _ := e.ps.SideJobs(ctx, e.hr); len(list) != 2 {
		t.Errorf("HR sees %d side jobs, want 2", len(list))
	}
	j, err := e.ps.SideJob(ctx, e.hr, marked)
	if err != nil || j.Description != secretText {
		t.Fatalf("HR reads %+v, %v", j, err)
	}
	if reads() != 1 {
		t.Errorf("HR's read audited %d times, want 1", reads())
	}
	// The coordinator sees the unmarked record only; the marked one does
	// not exist for them.
	list, err := e.ps.SideJobs(ctx, e.coord)
	if err != nil || len(list) != 1 || list[0].ID != open {
		t.Errorf("coordinator sees %+v, %v; want only the unmarked record", list, err)
	}
	_, err = e.ps.SideJob(ctx, e.coord, marked)
	wantCode(t, "coordinator reads a need-to-know record", err, apperr.NotFound)
	// A teamleider sees no side jobs of their team.
	if list, _ := e.ps.SideJobs(ctx, e.lead); len(list) != 0 {
		t.Errorf("teamleider sees %d side jobs", len(list))
	}
	_, err = e.ps.SideJob(ctx, e.lead, open)
	wantCode(t, "teamleider reads a side job", err, apperr.NotFound)
	// Employees and other organisations get nothing.
	_, err = e.ps.SideJobs(ctx, e.emp)
	wantCode(t, "employee lists side jobs", err, apperr.Forbidden)
	_, err = e.ps.SideJob(ctx, e.hrB, marked)
	wantCode(t, "HR of B reads A's side job", err, apperr.NotFound)
	if reads() != 1 {
		t.Errorf("refused reads were audited as reads: %d", reads())
	}

	// On the need-to-know list, the coordinator sees it; the read is audited.
	if err := e.ps.GrantRecord(ctx, e.hr, people.ObjSideJob, marked, e.coord.UserID, "Betrokken bij het onderzoek"); err != nil {
		t.Fatal(err)
	}
	if j, err := e.ps.SideJob(ctx, e.coord, marked); err != nil || j.Description != secretText {
		t.Fatalf("coordinator on the list: %v", err)
	}
	if reads() != 2 {
		t.Errorf("coordinator's read not audited: %d", reads())
	}
	// Taken off the list, the record is gone for them again.
	if err := e.ps.RevokeRecord(ctx, e.hr, people.ObjSideJob, marked, e.coord.UserID); err != nil {
		t.Fatal(err)
	}
	_, err = e.ps.SideJob(ctx, e.coord, marked)
	wantCode(t, "coordinator after revocation", err, apperr.NotFound)
	if err := e.ps.GrantRecord(ctx, e.hrB, people.ObjSideJob, marked, e.hrB.UserID, "x"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("HR of B grants on A's record: %v", err)
	}

	// The publication list shows the published text only.
	pubs, err := e.ps.PublicationList(ctx, e.emp)
	if err != nil || len(pubs) != 1 || pubs[0].PublicText != "Penningmeester sportvereniging" {
		t.Errorf("publication list: %+v, %v", pubs, err)
	}
}

func TestSideJobBadInput(t *testing.T) {
	e := newIEnv(t)
	ctx := e.h.Ctx
	team := e.team(t, e.a, "Ruimte", "")
	emp := e.employee(t, e.a, team, "De Vries", "2020-01-01", "")
	_, err := e.ps.AddSideJob(ctx, e.hr, people.SideJobInput{EmployeeID: emp, StartedOn: "2024-13-01", ReviewStatus: "misschien", Publish: true})
	wantFields(t, err, "description", "started_on", "review_status", "public_text")
	_, err = e.ps.AddSideJob(ctx, e.hr, people.SideJobInput{EmployeeID: emp, Description: "x", StartedOn: "2024-01-01", EndedOn: "2023-01-01"})
	wantFields(t, err, "ended_on")
	_, err = e.ps.AddSideJob(ctx, e.coord, people.SideJobInput{EmployeeID: emp, Description: "x", StartedOn: "2024-01-01"})
	wantCode(t, "coordinator registers", err, apperr.Forbidden)
	if n := e.count(t, `SELECT COUNT(*) FROM side_jobs`) + e.count(t, `SELECT COUNT(*) FROM vault_record_keys`); n != 0 {
		t.Errorf("refused input wrote %d rows", n)
	}
	id, err := e.ps.AddSideJob(ctx, e.hr, people.SideJobInput{EmployeeID: emp, Description: "x", StartedOn: "2024-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	wantFields(t, e.ps.ReviewSideJob(ctx, e.hr, id, "refused", "", false, ""), "motivation")
	if err := e.ps.ReviewSideJob(ctx, e.hr, id, "refused", "Raakt aan handhaving", false, ""); err != nil {
		t.Fatal(err)
	}
	if j, _ := e.ps.SideJob(ctx, e.hr, id); j.ReviewStatus != "refused" || j.Motivation != "Raakt aan handhaving" {
		t.Errorf("review not stored: %+v", j)
	}
}
