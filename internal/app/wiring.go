package app

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/meeting"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/scan"
)

// planActions lets the register put work on the programme's action list
// without importing package plan.
type planActions struct{ p *plan.Store }

func (a planActions) CreateAction(ctx context.Context, sc *auth.Scope, n risk.NewAction) (string, error) {
	act, err := a.p.Create(ctx, sc, plan.NewAction{Title: n.Title, Description: n.Description, OwnerID: n.OwnerID,
		DueDate: n.DueDate, Source: plan.Source{Type: n.SourceType, ID: n.SourceID, Label: n.SourceLabel}})
	if err != nil {
		return "", err
	}
	return act.ID, nil
}

// peopleActions lets the people registers put persistent gaps on the
// programme's action list.
type peopleActions struct{ p *plan.Store }

// Both capabilities describe an action with the same fields, so one
// conversion serves.
func (a peopleActions) CreateAction(ctx context.Context, sc *auth.Scope, n people.NewAction) (string, error) {
	return planActions(a).CreateAction(ctx, sc, risk.NewAction(n))
}

// meetingActions lets the LOO put the work its decisions lead to on the
// programme's action list.
type meetingActions struct{ p *plan.Store }

func (a meetingActions) CreateAction(ctx context.Context, sc *auth.Scope, n meeting.NewAction) (string, error) {
	return planActions(a).CreateAction(ctx, sc, risk.NewAction(n))
}

// scanActions lets a scan turn its gaps into actions on the programme's
// action list (issue 7).
type scanActions struct{ p *plan.Store }

func (a scanActions) CreateAction(ctx context.Context, sc *auth.Scope, n scan.NewAction) (string, error) {
	return planActions(a).CreateAction(ctx, sc, risk.NewAction(n))
}

// meetingReports lets the LOO build its agenda from the meldpunt and record
// its decisions there, without package meeting importing package report.
// The report side keeps its own need-to-know checks and audit.
type meetingReports struct{ r *report.Store }

func (m meetingReports) AgendaCandidates(ctx context.Context, sc *auth.Scope) ([]meeting.ReportRef, error) {
	list, err := m.r.AgendaCandidates(ctx, sc)
	if err != nil {
		return nil, err
	}
	out := make([]meeting.ReportRef, 0, len(list))
	for _, e := range list {
		out = append(out, meeting.ReportRef{ID: e.ID, Reference: e.Reference, Category: string(e.Category), Status: string(e.Status),
			Title: e.Title, ReceivedAt: e.ReceivedAt})
	}
	return out, nil
}

func (m meetingReports) Schedule(ctx context.Context, sc *auth.Scope, reportID string) error {
	return m.r.Schedule(ctx, sc, reportID)
}

func (m meetingReports) Unschedule(ctx context.Context, sc *auth.Scope, reportID string) error {
	return m.r.Unschedule(ctx, sc, reportID)
}

func (m meetingReports) Decide(ctx context.Context, sc *auth.Scope, reportID, decision, reason string) error {
	return m.r.Decide(ctx, sc, reportID, report.Decision(decision), reason)
}

func (m meetingReports) Escalation(ctx context.Context, sc *auth.Scope, reportID string) (meeting.Escalation, error) {
	e, err := m.r.Escalation(ctx, sc, reportID)
	if err != nil {
		return meeting.Escalation{}, err
	}
	return meeting.Escalation{Reference: e.Reference, Category: string(e.Category), ReceivedOn: e.ReceivedOn, OccurredOn: e.OccurredOn,
		Title: e.Title, Summary: e.Summary, Location: e.Location, Decision: string(e.Decision), DecidedOn: e.DecidedOn}, nil
}

// bibobDutyFindings shares Bibob's separation-of-duties findings (a
// screening decided by its own screener or researcher) with the duty
// analysis (issue 5.5). Bibob decides what the actor may see: an actor
// without bibob.read gets none, and the link leads to Bibob's own page,
// which checks its permissions again.
type bibobDutyFindings struct{ b *bibob.Store }

func (f bibobDutyFindings) DutyFindings(ctx context.Context, sc *auth.Scope) ([]risk.ExternalFinding, error) {
	if !sc.Allows(auth.BibobRead) {
		return nil, nil
	}
	list, err := f.b.DutyFindings(ctx, sc)
	if err != nil {
		return nil, err
	}
	out := make([]risk.ExternalFinding, len(list))
	for i, d := range list {
		out[i] = risk.ExternalFinding{Kind: risk.ExternalBibobSelfDecided, Case: d.CaseNumber, Person: d.Person,
			Role: d.Role, On: d.DecidedOn, Link: "/bibob/functiescheiding"}
	}
	return out, nil
}
