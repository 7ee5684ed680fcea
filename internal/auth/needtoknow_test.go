package auth_test

import (
	"time"

	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
)

func TestNeedToKnow(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	other := h.Org("buurdorp")
	coord := h.User(org, "coord", auth.Coordinator)
	hr := h.User(org, "hr", auth.HR)
	bibob := h.User(org, "bibob", auth.Bibob)
	outsider := h.User(other, "coord", auth.Coordinator)
	// The HR adviser also works for the neighbouring municipality: one
	// account, two memberships.
	if _, err := h.App.Auth.CreateUser(h.Ctx, auth.System(other.ID), auth.NewUser{Email: hr.Email, Name: hr.Name, Roles: []auth.Role{auth.HR}}); err != nil {
		t.Fatal(err)
	}
	report := auth.ObjectRef{Type: "report", ID: "melding-17"}
	sc := h.Scope(org, coord)

	auditOf := func(t *testing.T, orgID string) []audit.Entry {
		t.Helper()
		es, _, err := h.App.Audit.List(h.Ctx, audit.Filter{OrgID: orgID, Action: "needtoknow"})
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	may := func(t *testing.T, o *auth.Organisation, u *auth.User) bool {
		t.Helper()
		ok, err := h.App.Auth.MayAccess(h.Ctx, h.Scope(o, u), report)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	t.Run("grant", func(t *testing.T) {
		if may(t, org, hr) {
			t.Fatal("access before any grant")
		}
		if err := h.App.Auth.GrantAccess(h.Ctx, sc, report, hr.ID, "Arbeidsrechtelijke vragen"); err != nil {
			t.Fatal(err)
		}
		if !may(t, org, hr) {
			t.Error("the grantee may not access the report")
		}
		if may(t, org, bibob) || may(t, org, coord) {
			t.Error("someone who was not granted may access the report")
		}
		if may(t, other, hr) {
			t.Error("the grant holds in another organisation")
		}
		es := auditOf(t, org.ID)
		if len(es) != 1 || es[0].Action != "needtoknow.grant" || es[0].ActorID != coord.ID ||
			es[0].ObjectType != "report" || es[0].ObjectID != "melding-17" || es[0].Purpose != "user:"+hr.ID+" — Arbeidsrechtelijke vragen" {
			t.Fatalf("audit after grant: %+v", es)
		}
	})

	t.Run("list", func(t *testing.T) {
		gs, err := h.App.Auth.AccessList(h.Ctx, sc, report)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != 1 || gs[0].UserID != hr.ID || gs[0].UserName != hr.Name || gs[0].GrantedBy != coord.ID ||
			gs[0].Reason != "Arbeidsrechtelijke vragen" || !gs[0].GrantedAt.Equal(h.Clock.Now().Truncate(time.Millisecond)) {
			t.Fatalf("access list %+v", gs)
		}
		if es := auditOf(t, org.ID); len(es) != 2 || es[0].Action != "needtoknow.list" || es[0].ObjectID != "melding-17" {
			t.Fatalf("reading the list is not audited: %+v", es)
		}
	})

	t.Run("another organisation does not see the grant", func(t *testing.T) {
		gs, err := h.App.Auth.AccessList(h.Ctx, h.Scope(other, outsider), report)
		if err != nil {
			t.Fatal(err)
		}
		if len(gs) != 0 {
			t.Fatalf("the neighbour sees %+v", gs)
		}
		err = h.App.Auth.RevokeAccess(h.Ctx, h.Scope(other, outsider), report, hr.ID, "opruimen")
		if !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoking another organisation's grant: %v", err)
		}
		if !may(t, org, hr) {
			t.Error("the neighbour's revocation took effect")
		}
	})

	t.Run("bad grants change nothing", func(t *testing.T) {
		before := count(t, h, `SELECT COUNT(*) FROM need_to_know`)
		audits := len(auditOf(t, org.ID))
		err := h.App.Auth.GrantAccess(h.Ctx, sc, report, outsider.ID, "Meekijken")
		if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "user" || e.Key != "needtoknow.not_member" {
			t.Errorf("granting a non-member: %v", err)
		}
		err = h.App.Auth.GrantAccess(h.Ctx, sc, report, bibob.ID, "  ")
		if e := apperr.As(err); e.Code != apperr.Invalid || e.Field != "reason" {
			t.Errorf("granting without reason: %v", err)
		}
		if may(t, other, outsider) || may(t, org, bibob) {
			t.Error("a refused grant took effect")
		}
		if n := count(t, h, `SELECT COUNT(*) FROM need_to_know`); n != before {
			t.Errorf("rows written: %d → %d", before, n)
		}
		if n := len(auditOf(t, org.ID)); n != audits {
			t.Errorf("refused grants were audited as done: %d → %d", audits, n)
		}
	})

	t.Run("revoke", func(t *testing.T) {
		if err := h.App.Auth.RevokeAccess(h.Ctx, sc, report, hr.ID, "Vragen beantwoord"); err != nil {
			t.Fatal(err)
		}
		if may(t, org, hr) {
			t.Error("access after revoking")
		}
		if err := h.App.Auth.RevokeAccess(h.Ctx, sc, report, hr.ID, "nogmaals"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoking twice: %v", err)
		}
		es := auditOf(t, org.ID)
		if es[0].Action != "needtoknow.revoke" || es[0].ActorID != coord.ID || es[0].ObjectID != "melding-17" || es[0].Purpose != "user:"+hr.ID+" — Vragen beantwoord" {
			t.Fatalf("audit after revoke: %+v", es[0])
		}
		var n int
		for _, e := range es {
			if e.Action == "needtoknow.revoke" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d revoke entries, want 1 (a failed revocation is not a revocation)", n)
		}
		if es := auditOf(t, other.ID); len(es) != 1 || es[0].Action != "needtoknow.list" {
			t.Errorf("the neighbour's chain holds %+v", es)
		}
	})
}
