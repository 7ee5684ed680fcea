package app_test

// council: issue 7 — the council report, the norm framework and the
// benchmark through the real wiring and HTTP.

import (
	"bytes"
	"compress/zlib"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/scan"
	"github.com/weerbaar/weerbaar/internal/store"
)

const councilCaseContent = "Sentinel-meldingsinhoud-Kanaalweg"

var reportLink = regexp.MustCompile(`/raad/brieven/([a-z0-9]+)`)

// pdfText inflates every compressed stream of a PDF and returns the
// whole file as text with the streams readable, to search for content.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	var out strings.Builder
	rest := b
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			out.Write(rest)
			break
		}
		out.Write(rest[:i])
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			t.Fatal("stream without end")
		}
		data := rest[:j]
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				data = plain
			}
		}
		out.Write(data)
		rest = rest[j+len("\nendstream"):]
	}
	return out.String()
}

// Must hold: the council report renders as HTML and PDF, contains no case
// content, and an auditor reads it once final, never the concept; the
// evidence of the norms comes from the real scan and Bibob stores.
func TestCouncilReportThroughTheApp(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coordUser := h.User(org, "coord", auth.Coordinator)
	coord := h.Scope(org, coordUser)
	auditor := h.User(org, "griffier", auth.Auditor)

	// Case content in the meldpunt: it must never reach the council.
	if _, _, err := h.App.Report.SeedReport(h.Ctx, coord, report.Seed{Category: report.Undermining, Title: councilCaseContent,
		Body: councilCaseContent, Handlers: []string{coordUser.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.App.Report.SeedReport(h.Ctx, coord, report.Seed{Category: report.Aggression, Title: councilCaseContent,
		Body: councilCaseContent, Handlers: []string{coordUser.ID}}); err != nil {
		t.Fatal(err)
	}
	// A finalised Vijf pijlers scan with one gap that has no action.
	x, err := h.App.Scan.CreateScan(h.Ctx, coord, scan.NewScan{FrameworkKey: scan.KeyPillars, Title: "Scan 2026", HeldOn: h.Clock.Now().Format("2006-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Scan.SaveAnswers(h.Ctx, coord, x.ID, []scan.AnswerInput{{QuestionKey: "bew-coordinator", Level: 2, Evidence: councilCaseContent},
		{QuestionKey: "inf-meldpunt", Level: 4}}); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Scan.Finalise(h.Ctx, coord, x.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.App.Bibob.SavePolicy(h.Ctx, coord, bibob.PolicyInput{Types: []string{bibob.Types[0]}, Threshold: "500000", RiskThreshold: "50000",
		WindowMonths: "12", Tranche: "tranche2_2022", UpdatedOn: "2019-03-01"}); err != nil {
		t.Fatal(err)
	}

	c := h.Login(coordUser)
	// The norm framework shows proposals from that evidence.
	res := c.Get("/raad/normenkader")
	body := res.Body.String()
	if res.Code != http.StatusOK {
		t.Fatalf("norms: %d", res.Code)
	}
	for _, want := range []string{`data-proposed="n01">behaald`, `data-proposed="n03">niet behaald`, `data-proposed="n11">deels behaald`, "Maanden sinds het Bibob-beleid is vastgesteld"} {
		if !strings.Contains(body, want) {
			t.Errorf("norms page lacks %q", want)
		}
	}
	// Overriding without motivation: a Dutch message naming the field.
	res = c.PostForm("/raad/normenkader/n03", url.Values{"verdict": {"behaald"}})
	if !strings.Contains(res.Body.String(), "Motiveer waarom u afwijkt") || !strings.Contains(res.Body.String(), `id="motivation-n03-error"`) {
		t.Errorf("override without motivation: %d", res.Code)
	}
	res = c.PostForm("/raad/normenkader/n03", url.Values{"verdict": {"deels"}, "motivation": {"Acties lopen via het jaarplan."}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("override: %d %s", res.Code, res.Body.String())
	}

	// A report: created with a generated draft, finalised.
	res = c.PostForm("/raad/brieven", url.Values{"period": {"2026"}, "title": {"Raadsinformatiebrief weerbaarheid 2026"}})
	m := reportLink.FindStringSubmatch(res.Header().Get("Location"))
	if res.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %s", res.Code, res.Body.String())
	}
	id := m[1]
	page := c.Get("/raad/brieven/" + id).Body.String()
	if !strings.Contains(page, "Deze brief beschrijft hoe Gemeente voorbeeldstad") || !strings.Contains(page, "<svg") {
		t.Errorf("report page lacks draft or chart")
	}
	ac := h.Login(auditor)
	if res := ac.Get("/raad/brieven/" + id); res.Code != http.StatusNotFound {
		t.Errorf("auditor reads the concept: %d", res.Code)
	}
	if res := c.PostForm("/raad/brieven/"+id+"/definitief", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("finalise: %d", res.Code)
	}
	html := ac.Get("/raad/brieven/" + id)
	if html.Code != http.StatusOK || !strings.Contains(html.Body.String(), "Volwassenheid per pijler") {
		t.Fatalf("auditor reads the final report: %d", html.Code)
	}
	pdf := ac.Get("/raad/brieven/" + id + "/pdf")
	if pdf.Code != http.StatusOK || pdf.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("pdf: %d %s", pdf.Code, pdf.Header().Get("Content-Type"))
	}
	if dir := os.Getenv("WEERBAAR_KEEP_PDF"); dir != "" { // look at the pages: pdftoppm -png
		_ = os.WriteFile(filepath.Join(dir, "raadsbrief.pdf"), pdf.Body.Bytes(), 0o600)
	}
	text := pdfText(t, pdf.Body.Bytes())
	if !strings.Contains(text, "Volwassenheid per pijler") {
		t.Errorf("PDF lacks its sections")
	}
	token := h.Token(org, auditor, auth.CouncilRead)
	api := h.API(token, http.MethodGet, "/api/v1/raadsbrieven/"+id, nil)
	if api.Code != http.StatusOK || !strings.Contains(api.Body.String(), `"status": "definitief"`) {
		t.Fatalf("api: %d %s", api.Code, api.Body.String())
	}
	chapter := c.Get("/raad/normenkader/pdf")
	if chapter.Code != http.StatusOK || !bytes.HasPrefix(chapter.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("chapter pdf: %d", chapter.Code)
	}
	if dir := os.Getenv("WEERBAAR_KEEP_PDF"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "normenkader.pdf"), chapter.Body.Bytes(), 0o600)
	}
	chText := pdfText(t, chapter.Body.Bytes())
	if !strings.Contains(chText, "Acties lopen via het jaarplan.") {
		t.Errorf("chapter lacks the motivation of the override")
	}
	// No case content anywhere: page, PDF, API, chapter.
	for what, s := range map[string]string{"page": html.Body.String(), "pdf": text, "api": api.Body.String(), "chapter": chText,
		"chapter page": c.Get("/raad/normenkader/hoofdstuk").Body.String()} {
		if strings.Contains(s, councilCaseContent) {
			t.Errorf("%s contains case content", what)
		}
	}
	// The auditor's views count for norm 16.
	in, err := h.App.Council.Gather(h.Ctx, coord)
	if err != nil || in.AuditorViews12m != 2 || in.Maturity == nil || in.Maturity.Gaps != 1 {
		t.Errorf("gathered: views %d, maturity %+v, %v", in.AuditorViews12m, in.Maturity, err)
	}
}

// The evidence counts of the LOO, Bibob and the meldpunt reach the norm
// rules through the wiring, each for its own organisation only, with the
// twelve-month window applied.
func TestCouncilEvidenceCounts(t *testing.T) {
	h := apptest.New(t)
	org, other := h.Org("voorbeeldstad"), h.Org("buurdorp")
	coordUser := h.User(org, "coord", auth.Coordinator)
	coord := h.Scope(org, coordUser)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := h.App.DB.Write.ExecContext(h.Ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Today is 2026-03-02: the window is 2025-03-03 … 2026-03-02.
	for i, m := range []struct {
		org, on, status string
		minutes         int64
	}{
		{org.ID, "2025-05-01", "held", 1}, {org.ID, "2025-09-01", "held", 0}, {org.ID, "2026-02-01", "held", 1},
		{org.ID, "2025-01-10", "held", 1},    // before the window
		{org.ID, "2026-04-01", "planned", 0}, // planned, not held
		{other.ID, "2025-06-01", "held", 1},  // another organisation
	} {
		exec(`INSERT INTO meetings (id, org_id, held_on, status, key_id, minutes_at, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'k', $5, 'x', 0, 0)`,
			"m"+strconv.Itoa(i), m.org, m.on, m.status, m.minutes)
	}
	for i, iv := range []struct{ org, on string }{{org.ID, "2025-12-01"}, {org.ID, "2024-12-01"}, {other.ID, "2025-12-01"}} {
		exec(`INSERT INTO interventions (id, org_id, kind, occurred_on, year, legal_basis, object_address, outcome, key_id, note, created_by, created_at, updated_at)
			VALUES ($1, $2, 'waarschuwing', $3, $4, '', '', '', 'k', '', 'x', 0, 0)`, "iv"+strconv.Itoa(i), iv.org, iv.on, iv.on[:4])
	}
	// Two aggression incidents in the window: one contact on time, one late.
	for i, late := range []bool{false, true} {
		id, _, err := h.App.Report.SeedReport(h.Ctx, coord, report.Seed{Category: report.Aggression, Title: "x", Body: "x", Handlers: []string{coordUser.ID},
			ReceivedAt: h.Clock.Now().AddDate(0, -2, i)})
		if err != nil {
			t.Fatal(err)
		}
		due := h.Clock.Now().AddDate(0, -2, i).Add(48 * time.Hour)
		done := due.Add(-time.Hour)
		if late {
			done = due.Add(time.Hour)
		}
		exec(`DELETE FROM report_aftercare WHERE report_id = $1`, id)
		exec(`INSERT INTO report_aftercare (report_id, org_id, item, due_at, done_at) VALUES ($1, $2, 'contact', $3, $4)`, id, org.ID, store.Millis(due), store.Millis(done))
	}
	in, err := h.App.Council.Gather(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	if in.LOOHeld != 3 || in.LOOWithMinutes != 2 {
		t.Errorf("LOO held %d with minutes %d, want 3 and 2", in.LOOHeld, in.LOOWithMinutes)
	}
	if in.Interventions != 1 {
		t.Errorf("interventions %d, want 1", in.Interventions)
	}
	if in.AftercareDue != 2 || in.AftercareOnTime != 1 {
		t.Errorf("aftercare %d on time of %d, want 1 of 2", in.AftercareOnTime, in.AftercareDue)
	}
	if in.BibobPolicyOn != "" || in.Maturity != nil {
		t.Errorf("no policy and no scan expected: %q %+v", in.BibobPolicyOn, in.Maturity)
	}
}
