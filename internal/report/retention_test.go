package report_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Must hold: when the retention term of a closed report has passed, its
// handlers were warned once before, its content cannot be recovered even
// with the master key, the row stays as a tombstone and the audit log
// still verifies with the report's entries in it.
func TestRetentionWarnsThenShredsAndKeepsTheAuditTrail(t *testing.T) {
	e := newOpsEnv(t)
	h := e.h
	ctx := h.Ctx
	now := h.Clock.Now()
	cs := report.DefaultSettings(report.Aggression)
	closed := now.AddDate(0, 0, 10-cs.RetentionDays) // retention ends in 10 days
	id, ref := e.seed(t, report.Seed{Category: report.Aggression, Status: report.Closed, ReceivedAt: closed.AddDate(0, 0, -30), ClosedAt: closed})
	keep, _ := e.seed(t, report.Seed{Category: report.Integrity, Status: report.Closed, ReceivedAt: now.AddDate(-2, 0, 0)})
	// A dropped signal is kept one year only.
	dropped, _ := e.seed(t, report.Seed{Category: report.Undermining, Status: report.Closed, Decision: report.DecidedDrop,
		ReceivedAt: now.AddDate(-1, 0, -20), ClosedAt: now.AddDate(-1, 0, -5)})

	var keyID string
	var title, body []byte
	if err := h.App.DB.Read.QueryRowContext(ctx, `SELECT key_id, title, body FROM reports WHERE id = $1`, id).Scan(&keyID, &title, &body); err != nil {
		t.Fatal(err)
	}
	msg, err := h.App.Vault.SealString(ctx, h.App.DB.Write, e.org.ID, keyID, "Hij dreigde mij op te wachten", "report_messages:m1:body")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := h.App.DB.Write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO report_messages (id, org_id, report_id, author_kind, body, created_at) VALUES ('m1', $1, $2, 'reporter', $3, 0)`, e.org.ID, id, msg)
	exec(`INSERT INTO report_attachments (id, org_id, report_id, name, content_type, size, data, created_at) VALUES ('a1', $1, $2, $3, 'image/png', 3, $3, 0)`, e.org.ID, id, msg)
	exec(`INSERT INTO report_identities (report_id, org_id, identity, created_at) VALUES ($1, $2, $3, 0)`, id, e.org.ID, msg)

	// Within the warning period: one content-free warning, the dropped
	// signal is destroyed at once.
	res, err := h.App.Report.Retention(ctx, "https://weerbaar.test")
	if err != nil || res.Warned != 1 || res.Destroyed != 1 {
		t.Fatalf("first run: %+v, %v; want 1 warned, 1 destroyed (the dropped signal)", res, err)
	}
	mails := e.outbox(t)
	if len(mails) != 1 || !strings.Contains(mails[0].subject+mails[0].body, ref) || strings.Contains(mails[0].body, opsSecretBody) {
		t.Fatalf("warning mails %+v", mails)
	}
	if res, _ := h.App.Report.Retention(ctx, "https://weerbaar.test"); res.Warned != 0 || res.Destroyed != 0 || len(e.outbox(t)) != 1 {
		t.Errorf("second run in the warning period: %+v", res)
	}

	h.Clock.Advance(11 * 24 * time.Hour)
	res, err = h.App.Report.Retention(ctx, "https://weerbaar.test")
	if err != nil || res.Destroyed != 1 {
		t.Fatalf("after the term: %+v, %v", res, err)
	}

	// Not even the master key opens the old ciphertext.
	_, err = h.App.Vault.Open(ctx, h.App.DB.Read, e.org.ID, keyID, body, []byte(report.SealAAD(id, "body")))
	if got := apperr.As(err); err == nil || got.Key != "vault.shredded" {
		t.Errorf("opening the old ciphertext: %v, want vault.shredded", err)
	}
	// The tombstone keeps reference, category and dates, nothing sealed.
	var nulls int
	var destroyed int64
	var gotRef, cat string
	if err := h.App.DB.Read.QueryRowContext(ctx, `SELECT reference, category, destroyed_at,
		(CASE WHEN title IS NULL THEN 1 ELSE 0 END) + (CASE WHEN body IS NULL THEN 1 ELSE 0 END) + (CASE WHEN answers IS NULL THEN 1 ELSE 0 END)
		FROM reports WHERE id = $1`, id).Scan(&gotRef, &cat, &destroyed, &nulls); err != nil {
		t.Fatal(err)
	}
	if gotRef != ref || cat != "aggression" || destroyed != store.Millis(h.Clock.Now()) || nulls != 3 {
		t.Errorf("tombstone: %s %s destroyed %d, %d of 3 sealed columns cleared", gotRef, cat, destroyed, nulls)
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := h.App.DB.Read.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM report_messages WHERE report_id = $1 AND body IS NULL`, id); n != 1 {
		t.Error("message body not cleared")
	}
	if n := count(`SELECT COUNT(*) FROM report_attachments WHERE report_id = $1 AND data IS NULL AND name IS NULL`, id); n != 1 {
		t.Error("attachment not cleared")
	}
	if n := count(`SELECT COUNT(*) FROM report_identities WHERE report_id = $1`, id); n != 0 {
		t.Error("identity kept")
	}
	if n := count(`SELECT COUNT(*) FROM reports WHERE id IN ($1, $2) AND destroyed_at = 0`, keep, dropped); n != 1 {
		t.Errorf("%d of (integrity kept, dropped destroyed) live, want 1", n)
	}
	// The audit log verifies and still holds the report's history.
	if brk, err := h.App.Audit.Verify(ctx); err != nil || brk != nil {
		t.Fatalf("audit verify: %v %v", brk, err)
	}
	for _, action := range []string{"report.seed", "report.destroy"} {
		if n := count(`SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action = $2`, id, action); n != 1 {
			t.Errorf("audit entries %s: %d", action, n)
		}
	}

	// The handler sees the tombstone; someone off the list gets 404.
	page := h.Login(e.coordUser).Get("/meldingen/" + id + "/bewaring")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "Vernietigd op") || strings.Contains(page.Body.String(), opsSecretBody) {
		t.Errorf("tombstone page: %d", page.Code)
	}
	other := h.Login(h.User(e.org, "coord2", auth.Coordinator))
	if res := other.Get("/meldingen/" + id + "/bewaring"); res.Code != http.StatusNotFound {
		t.Errorf("colleague off the list: %d, want 404", res.Code)
	}
}
