package risk_test

import (
	"context"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/risk"
)

// leads is the record of who leads which team (package people's in the
// product).
type leads map[string]map[string]bool

func (l leads) LedTeams(_ context.Context, _, userID string) (map[string]bool, error) {
	return l[userID], nil
}

// A teamleider changes the register of the teams they lead and reads the
// rest; the coordinator changes every team's. A refusal writes nothing:
// not the change, not its history line, not an audit entry.
func TestRegisterTeamScope(t *testing.T) {
	e := newEnv(t)
	own, other := e.team(t, e.a, "Vergunningen"), e.team(t, e.a, "Inkoop")
	lead := user(e.a, "lead-vergunningen", auth.TeamLead)
	coord := user(e.a, "coordinator", auth.Coordinator)
	e.risk.SetTeamLeads(leads{"lead-vergunningen": {own: true}})

	mine, err := e.risk.CreateProcess(e.ctx, lead, risk.NewProcess{TeamID: own, Code: "evenementen", Name: "Evenementenvergunning"})
	if err != nil {
		t.Fatalf("the teamleider adds a process to their own team: %v", err)
	}
	_, err = e.risk.CreateProcess(e.ctx, lead, risk.NewProcess{TeamID: other, Code: "aanbesteding", Name: "Aanbesteding"})
	wantFields(t, err, "team_id")
	if n := e.count(t, `SELECT COUNT(*) FROM processes WHERE org_id = $1 AND team_id = $2`, e.a.OrgID, other); n != 0 {
		t.Fatalf("a refused process was stored (%d)", n)
	}
	theirs, err := e.risk.CreateProcess(e.ctx, coord, risk.NewProcess{TeamID: other, Code: "aanbesteding", Name: "Aanbesteding"})
	if err != nil {
		t.Fatalf("the coordinator adds a process to any team: %v", err)
	}

	before := e.count(t, `SELECT COUNT(*) FROM register_changes WHERE org_id = $1`, e.a.OrgID)
	audited := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1`, e.a.OrgID)
	refused := map[string]error{
		"update": e.risk.UpdateProcess(e.ctx, lead, theirs.ID, risk.ProcessEdit{TeamID: other, Name: "Gewijzigd", ReviewMonths: 12}, "Poging"),
		"review": e.risk.ReviewProcess(e.ctx, lead, theirs.ID, "Beoordeeld door een ander team"),
	}
	_, refused["step"] = e.risk.CreateStep(e.ctx, lead, risk.NewStep{ProcessID: theirs.ID, Name: "Gunnen", Kind: duty.Decision, MinHolders: 2})
	_, refused["vulnerability"] = e.risk.CreateVulnerability(e.ctx, lead, risk.NewVulnerability{ProcessID: theirs.ID, Title: "Stroman",
		Origin: risk.External, Intent: risk.Intended, Factor: risk.Human})
	for what, err := range refused {
		if !apperr.Is(err, apperr.Forbidden) || apperr.As(err).Key != "risk.process.not_led" {
			t.Errorf("%s on another team's process: %v, want the refusal risk.process.not_led", what, err)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM register_changes WHERE org_id = $1`, e.a.OrgID); n != before {
		t.Errorf("refused changes left %d history lines", n-before)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM audit_log WHERE org_id = $1`, e.a.OrgID); n != audited {
		t.Errorf("refused changes left %d audit entries", n-audited)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM processes WHERE id = $1 AND name = 'Aanbesteding' AND reviewed_on = ''`, theirs.ID); n != 1 {
		t.Error("the other team's process changed")
	}
	if n := e.count(t, `SELECT COUNT(*) FROM steps WHERE process_id = $1`, theirs.ID) +
		e.count(t, `SELECT COUNT(*) FROM vulnerabilities WHERE process_id = $1`, theirs.ID); n != 0 {
		t.Errorf("%d steps or vulnerabilities added to the other team's process", n)
	}

	// Handing one's own process to a team one does not lead is refused at
	// the team field; the process stays where it was.
	err = e.risk.UpdateProcess(e.ctx, lead, mine.ID, risk.ProcessEdit{TeamID: other, Name: mine.Name, ReviewMonths: 12}, "Overdracht")
	wantFields(t, err, "team_id")
	if n := e.count(t, `SELECT COUNT(*) FROM processes WHERE id = $1 AND team_id = $2`, mine.ID, own); n != 1 {
		t.Error("the process moved to a team the teamleider does not lead")
	}
	// The coordinator may hand it over; then it is no longer the
	// teamleider's to change, nor to take back.
	if err := e.risk.UpdateProcess(e.ctx, coord, mine.ID, risk.ProcessEdit{TeamID: other, Name: mine.Name, ReviewMonths: 12}, "Overdracht na reorganisatie"); err != nil {
		t.Fatal(err)
	}
	err = e.risk.UpdateProcess(e.ctx, lead, mine.ID, risk.ProcessEdit{TeamID: own, Name: mine.Name, ReviewMonths: 12}, "Terug")
	if !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("taking a process back from another team: %v, want forbidden", err)
	}

	all, teams, err := e.risk.EditableTeams(e.ctx, lead)
	if err != nil || all || !teams[own] || teams[other] {
		t.Errorf("EditableTeams(teamleider) = %v, %v, %v", all, teams, err)
	}
	if all, _, err := e.risk.EditableTeams(e.ctx, coord); err != nil || !all {
		t.Errorf("EditableTeams(coordinator) = %v, %v", all, err)
	}
	// Without the record of team leads nobody but the coordinator changes
	// the register (deny by default).
	e.risk.SetTeamLeads(nil)
	if _, err := e.risk.CreateStep(e.ctx, lead, risk.NewStep{ProcessID: theirs.ID, Name: "Gunnen", Kind: duty.Decision, MinHolders: 2}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("without team leads: %v, want forbidden", err)
	}
}
