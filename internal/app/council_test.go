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
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/scan"
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
