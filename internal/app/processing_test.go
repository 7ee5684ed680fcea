package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// A beheerder opening a user's page leaves an audit entry (who looked) and a
// processing record (which activity touched which pseudonymous person, not
// who looked), linked by the same span id.
func TestViewingAUserIsAuditedAndLoggedAsProcessing(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	admin := h.User(org, "beheer", auth.Admin)
	emp := h.User(org, "emp", auth.Employee)
	c := h.Login(admin)
	if res := c.Get("/beheer/gebruikers/" + emp.ID); res.Code != http.StatusOK {
		t.Fatalf("user page: %d", res.Code)
	}
	entries, _, err := h.App.Audit.List(h.Ctx, audit.Filter{OrgID: org.ID, Action: "user.view"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit entries: %v %v", entries, err)
	}
	e := entries[0]
	if e.ActorID != admin.ID || e.ObjectID != emp.ID || e.SpanID == "" {
		t.Fatalf("audit entry: %+v", e)
	}
	var span, activity, ref string
	err = h.App.DB.Read.QueryRow(`SELECT span_id, activity, data_subject_ref FROM processing_log WHERE org_id = $1`, org.ID).Scan(&span, &activity, &ref)
	if err != nil {
		t.Fatal(err)
	}
	if span != e.SpanID || activity != "gebruikersbeheer" {
		t.Errorf("processing record: span %q activity %q, audit span %q", span, activity, e.SpanID)
	}
	if strings.Contains(ref, emp.ID) || strings.Contains(ref, admin.ID) || len(ref) != 64 {
		t.Errorf("subject reference %q is not a pseudonym", ref)
	}
}
