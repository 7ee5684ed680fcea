package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/store"
)

// --- Training duties (issue 6): a team with an employee, a requirement,
// a recorded training and a certificate of A, each carrying the sentinel.
// A's teamleider does not lead the team, so the person, the attendance and
// the certificate are hidden from them (404) while HR and the coordinator
// see them. ---

const sentinelTraining = "Sentinel-training-A"

func (m *matrix) trainingFixtures(t *testing.T, hr *auth.User) {
	h := m.h
	sc := h.Scope(m.a, hr)
	team, emp := store.NewID(), store.NewID()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ($1, $2, 'Training-team', 0, 0)`, []any{team, m.a.ID}},
		{`INSERT INTO employees (id, org_id, number, name, team_id, start_date, client_contact, created_at, updated_at)
			VALUES ($1, $2, 'T1', $3, $4, '2020-01-01', TRUE, 0, 0)`, []any{emp, m.a.ID, sentinelTraining, team}},
	} {
		if _, err := h.App.DB.Write.ExecContext(h.Ctx, q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	req, err := h.App.People.CreateRequirement(h.Ctx, sc, people.RequirementInput{Code: "SENTINEL", Name: sentinelTraining,
		Description: sentinelTraining, Audience: people.AudienceAll, FirstMonths: 6})
	if err != nil {
		t.Fatal(err)
	}
	att, err := h.App.People.RecordAttendance(h.Ctx, sc, people.AttendanceInput{EmployeeID: emp, RequirementID: req, Date: "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := h.App.People.AddCertificate(h.Ctx, sc, att, sentinelTraining+".pdf", []byte("%PDF-1.4\n"+sentinelTraining+"\n%%EOF\n"))
	if err != nil {
		t.Fatal(err)
	}
	m.params["requirementID"], m.params["personID"], m.params["attendanceID"], m.params["certificateID"] = req, emp, att, cert
}

// seesTrainingPerson mirrors people.Store.TeamScope for the matrix: HR and
// the coordinator see every team; A's teamleider leads no team here.
func seesTrainingPerson(ac *actor) bool {
	return ac.scope.Can(auth.PeopleManage) || ac.scope.HasRole(auth.HR) || ac.scope.HasRole(auth.Coordinator)
}

// --- end of training duties fixtures ---
