package app

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/meeting"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/plan"
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
