package meeting_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/meeting"
)

// fakeReports is the meldpunt as the LOO sees it: two reports in handling,
// a record of every call, and an error to return on demand.
type fakeReports struct {
	cands       []meeting.ReportRef
	calls       []string
	failDecide  error
	escalations map[string]meeting.Escalation
}

func newFakeReports() *fakeReports {
	at := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	return &fakeReports{
		cands: []meeting.ReportRef{
			{ID: "rep-1", Reference: "M-2026-0001", Category: "undermining", Status: "in_progress", Title: "Signaal vastgoed", ReceivedAt: at},
			{ID: "rep-2", Reference: "M-2026-0002", Category: "undermining", Status: "in_progress", Title: "Signaal horeca", ReceivedAt: at},
		},
		escalations: map[string]meeting.Escalation{},
	}
}

func (f *fakeReports) AgendaCandidates(context.Context, *auth.Scope) ([]meeting.ReportRef, error) {
	return f.cands, nil
}

func (f *fakeReports) known(id string) error {
	if !slices.ContainsFunc(f.cands, func(r meeting.ReportRef) bool { return r.ID == id }) {
		return apperr.New(apperr.NotFound, "error.not_found")
	}
	return nil
}

func (f *fakeReports) Schedule(_ context.Context, _ *auth.Scope, id string) error {
	f.calls = append(f.calls, "schedule:"+id)
	return f.known(id)
}

func (f *fakeReports) Unschedule(_ context.Context, _ *auth.Scope, id string) error {
	f.calls = append(f.calls, "unschedule:"+id)
	return f.known(id)
}

func (f *fakeReports) Decide(_ context.Context, _ *auth.Scope, id, decision, reason string) error {
	f.calls = append(f.calls, "decide:"+id+":"+decision+":"+reason)
	if f.failDecide != nil {
		return f.failDecide
	}
	return f.known(id)
}

func (f *fakeReports) Escalation(_ context.Context, _ *auth.Scope, id string) (meeting.Escalation, error) {
	f.calls = append(f.calls, "escalation:"+id)
	if err := f.known(id); err != nil {
		return meeting.Escalation{}, err
	}
	return f.escalations[id], nil
}

// env is the whole application with two organisations and the LOO's
// people: a coordinator who plans, an executive who reads, and a
// coordinator of B.
type env struct {
	h                              *apptest.Harness
	ms                             *meeting.Store
	a, b                           *auth.Organisation
	coordUser, execUser, otherUser *auth.User
	coord, exec, other             *auth.Scope
	coordB                         *auth.Scope
	reports                        *fakeReports
}

func newEnv(t *testing.T, connect bool) *env {
	t.Helper()
	h := apptest.New(t)
	e := &env{h: h, ms: h.App.Meeting, a: h.Org("gemeente-a"), b: h.Org("gemeente-b")}
	e.coordUser = h.User(e.a, "coord", auth.Coordinator)
	e.execUser = h.User(e.a, "burgemeester", auth.Executive)
	e.otherUser = h.User(e.a, "wethouder", auth.Executive)
	e.coord, e.exec, e.other = h.Scope(e.a, e.coordUser), h.Scope(e.a, e.execUser), h.Scope(e.a, e.otherUser)
	e.coordB = h.Scope(e.b, h.User(e.b, "coord", auth.Coordinator))
	if connect {
		e.reports = newFakeReports()
		e.ms.SetReports(e.reports)
	}
	return e
}

func (e *env) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.h.App.DB.Read.QueryRowContext(e.h.Ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// plan plans a meeting in A by the coordinator, with the executive as
// participating user.
func (e *env) plan(t *testing.T, day string, members ...string) string {
	t.Helper()
	id, err := e.ms.Plan(e.h.Ctx, e.coord, meeting.PlanInput{HeldOn: day, Place: "Stadhuis", Participants: "gemeente\npolitie — J. de Vries\nRIEC", MemberIDs: members})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return id
}

func wantStatus(t *testing.T, what string, res interface{ Result() *http.Response }, code int) {
	t.Helper()
	if got := res.Result().StatusCode; got != code {
		t.Fatalf("%s: status %d, want %d", what, got, code)
	}
}

func contains(body string, want ...string) []string {
	var missing []string
	for _, w := range want {
		if !strings.Contains(body, w) {
			missing = append(missing, w)
		}
	}
	return missing
}

// fieldKey is the message key of the first field error in err, "" if none.
func fieldKey(err error) string {
	if l, ok := err.(apperr.List); ok && len(l) > 0 {
		return l[0].Key
	}
	return ""
}

// mEscalation is what the fake meldpunt hands over for a RIEC signal.
func mEscalation() meeting.Escalation {
	return meeting.Escalation{Reference: "M-2026-0001", Category: "undermining", ReceivedOn: "2026-02-10", OccurredOn: "2026-02-01",
		Title: "Signaal vastgoed", Summary: "Vermoeden witwassen via vastgoed", Location: "Kerkstraat", Decision: "riec", DecidedOn: "2026-03-02"}
}
