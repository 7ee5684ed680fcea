package report_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/report"
)

const opsSecretBody = "Loods aan de Havenweg 12 wordt 's nachts gebruikt door Jan de Vries"

// opsEnv is the application with one municipality, a coordinator who handles
// the reports and a colleague who does not.
type opsEnv struct {
	h         *apptest.Harness
	org       *auth.Organisation
	coordUser *auth.User
	coord     *auth.Scope
}

func newOpsEnv(t *testing.T) *opsEnv {
	t.Helper()
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	u := h.User(org, "coord", auth.Coordinator)
	return &opsEnv{h: h, org: org, coordUser: u, coord: h.Scope(org, u)}
}

func (e *opsEnv) seed(t *testing.T, in report.Seed) (string, string) {
	t.Helper()
	if in.Title == "" {
		in.Title = "Verdachte loods"
	}
	if in.Body == "" {
		in.Body = opsSecretBody
	}
	if in.Handlers == nil {
		in.Handlers = []string{e.coordUser.ID}
	}
	id, ref, err := e.h.App.Report.SeedReport(e.h.Ctx, e.coord, in)
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return id, ref
}

type mail struct{ to, subject, body string }

func (e *opsEnv) outbox(t *testing.T) []mail {
	t.Helper()
	rows, err := e.h.App.DB.Read.QueryContext(e.h.Ctx, `SELECT to_addr, subject, body FROM outbox ORDER BY created_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []mail
	for rows.Next() {
		var m mail
		if err := rows.Scan(&m.to, &m.subject, &m.body); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// Must hold: a report not acknowledged within 7 days is overdue on the
// page and in the API of its handler, and the handler gets one reminder per
// term that names the reference and not the report.
func TestUnacknowledgedReportBecomesOverdueAndIsRemindedOnce(t *testing.T) {
	e := newOpsEnv(t)
	h := e.h
	id, ref := e.seed(t, report.Seed{Category: report.Undermining})
	other := h.User(e.org, "coord2", auth.Coordinator)
	coord := h.Login(e.coordUser)

	// Day one: nothing due within two working days, no mail.
	if n, err := h.App.Report.Remind(h.Ctx, "https://weerbaar.test"); err != nil || n != 0 {
		t.Fatalf("day one: %d reminders, %v", n, err)
	}
	if body := coord.Get("/meldingen/termijnen").Body.String(); strings.Contains(body, ref) {
		t.Error("a fresh report is listed as due")
	}

	// Seven days and an hour later the acknowledgement (7 days) and triage
	// (5 working days) terms have passed.
	h.Clock.Advance(7*24*time.Hour + time.Hour)
	coord, colleague := h.Login(e.coordUser), h.Login(other) // sessions expired meanwhile
	res := coord.Get("/meldingen/termijnen")
	if res.Code != http.StatusOK {
		t.Fatalf("overdue page: %d %s", res.Code, res.Header().Get("Location"))
	}
	page := res.Body.String()
	for _, want := range []string{ref, "Ontvangstbevestiging", "Triage", "Verstreken", "/meldingen/" + id} {
		if !strings.Contains(page, want) {
			t.Errorf("overdue page lacks %q", want)
		}
	}
	if strings.Contains(page, opsSecretBody) || strings.Contains(page, "Verdachte loods") {
		t.Error("overdue page shows the report's content")
	}
	if strings.Contains(colleague.Get("/meldingen/termijnen").Body.String(), ref) {
		t.Error("a coordinator not on the need-to-know list sees the report")
	}
	api := h.API(h.Token(e.org, e.coordUser), "GET", "/api/v1/meldingen-termijnen", nil)
	var got struct {
		Items []struct {
			Referentie string `json:"referentie"`
			Termijn    string `json:"termijn"`
			Verlopen   bool   `json:"verlopen"`
		} `json:"items"`
	}
	if err := json.Unmarshal(api.Body.Bytes(), &got); err != nil || api.Code != http.StatusOK {
		t.Fatalf("api: %d %v", api.Code, err)
	}
	terms := map[string]bool{}
	for _, it := range got.Items {
		if it.Referentie == ref && it.Verlopen {
			terms[it.Termijn] = true
		}
	}
	if !terms["ack"] || !terms["triage"] {
		t.Errorf("API overdue terms %v, want ack and triage", terms)
	}

	n, err := h.App.Report.Remind(h.Ctx, "https://weerbaar.test")
	if err != nil || n != 2 {
		t.Fatalf("reminders: %d, %v; want one per term", n, err)
	}
	mails := e.outbox(t)
	if len(mails) != 2 {
		t.Fatalf("%d mails queued, want 2", len(mails))
	}
	ackMail := false
	for _, m := range mails {
		if m.to != e.coordUser.Email {
			t.Errorf("reminder to %s, want the handler", m.to)
		}
		if !strings.Contains(m.subject+m.body, ref) {
			t.Errorf("reminder lacks the reference: %q", m.body)
		}
		if strings.Contains(m.subject+m.body, opsSecretBody) || strings.Contains(m.subject+m.body, "Verdachte loods") {
			t.Errorf("reminder contains the report's text: %q", m.body)
		}
		ackMail = ackMail || strings.Contains(m.body, "ontvangstbevestiging")
	}
	if !ackMail {
		t.Error("no reminder names the acknowledgement term")
	}
	// The next runs send nothing more.
	h.Clock.Advance(time.Hour)
	if n, _ := h.App.Report.Remind(h.Ctx, "https://weerbaar.test"); n != 0 || len(e.outbox(t)) != 2 {
		t.Errorf("second run queued %d more reminders", n)
	}
}
