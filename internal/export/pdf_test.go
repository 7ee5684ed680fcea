package export

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writePDF(t *testing.T, d Document) (*pdfFile, [][]byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	f := readPDF(t, buf.Bytes())
	return f, f.pages(t)
}

func countText(page []byte, want string) int {
	n := 0
	for _, s := range texts(page) {
		if s == want {
			n++
		}
	}
	return n
}

func numbered(n int) [][]string {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("R%04d", i+1), "Vergunningen", "Hoog"}
	}
	return rows
}

func TestPDFFirstPage(t *testing.T) {
	d := Document{
		Title: "Register kwetsbare processen", Subtitle: "Alle teams", Org: "Gemeente Voorbeeld",
		Generated: time.Date(2026, 7, 1, 10, 30, 0, 0, time.UTC), // 12:30 in Amsterdam (summer time)
		Tables:    []Table{{Title: "Processen", Columns: []string{"Kenmerk", "Proces", "Risico"}, Rows: numbered(3)}},
	}
	f, pages := writePDF(t, d)
	if len(pages) != 1 {
		t.Fatalf("3 rows take %d pages, want 1", len(pages))
	}
	got := texts(pages[0])
	for _, want := range []string{"Register kwetsbare processen", "Alle teams", "Gemeente Voorbeeld — Gegenereerd op 01-07-2026 12:30",
		"Processen", "Kenmerk", "R0001", "R0003", "Pagina 1 van 1"} {
		want = string(winAnsi(want))
		if countText(pages[0], want) == 0 {
			t.Errorf("page 1 does not show %q; it shows %q", want, got)
		}
	}
	info := string(f.raw)
	if !strings.Contains(info, "/Title "+pdfText("Register kwetsbare processen")) || !strings.Contains(info, "/CreationDate (D:20260701123000+02'00')") {
		t.Errorf("document information lacks the title or the creation date in Amsterdam time")
	}
	if !strings.Contains(info, "/BaseFont /Helvetica /Encoding /WinAnsiEncoding") || !strings.Contains(info, "/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding") {
		t.Error("fonts are not Helvetica with WinAnsiEncoding")
	}
	if !strings.Contains(info, "/MediaBox [0 0 595.28 841.89]") {
		t.Error("a three-column table is not on portrait A4")
	}
}

// A long table runs over pages that are all nearly full, with the header
// on top of each and every row exactly once, in order.
func TestPDFLongTable(t *testing.T) {
	const n = 500
	_, pages := writePDF(t, Document{Title: "Lang", Tables: []Table{{Columns: []string{"Kenmerk", "Proces", "Risico"}, Rows: numbered(n)}}})
	// One-line rows are rowHeight(1) high; a portrait page holds at most
	// this many below the header.
	perPage := int((a4Long - 2*margin - rowHeight(1)) / rowHeight(1))
	least := (n + perPage - 1) / perPage
	if len(pages) < least || len(pages) > least+1 {
		t.Fatalf("%d one-line rows take %d pages; want %d or %d (%d rows a page)", n, len(pages), least, least+1, perPage)
	}
	next := 1
	for i, p := range pages {
		if got := countText(p, "Kenmerk"); got != 1 {
			t.Errorf("page %d shows the header %d times, want once", i+1, got)
		}
		if want := fmt.Sprintf("Pagina %d van %d", i+1, len(pages)); countText(p, want) != 1 {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		onPage := 0
		for _, s := range texts(p) {
			if strings.HasPrefix(s, "R0") || strings.HasPrefix(s, "R1") {
				if want := fmt.Sprintf("R%04d", next); s != want {
					t.Fatalf("page %d: found %s where %s was expected", i+1, s, want)
				}
				next++
				onPage++
			}
		}
		if i < len(pages)-1 && onPage < perPage-5 {
			t.Errorf("page %d holds only %d rows while more follow", i+1, onPage)
		}
	}
	if next != n+1 {
		t.Errorf("the PDF shows %d rows, want %d", next-1, n)
	}
}

// Dutch text is written in the WinAnsi bytes the standard fonts use;
// characters without a WinAnsi code become '?'.
func TestPDFDutchCharacters(t *testing.T) {
	cellText := "café één ïs óf ü € ‘a’ “b” – ☃ 中"
	_, pages := writePDF(t, Document{Title: "Financiële risico’s", Tables: []Table{{Columns: []string{"Omschrijving"}, Rows: [][]string{{cellText}}}}})
	want := "caf\xe9 \xe9\xe9n \xefs \xf3f \xfc \x80 \x91a\x92 \x93b\x94 \x96 ? ?"
	if countText(pages[0], want) != 1 {
		t.Errorf("cell not written as WinAnsi %q; texts: %q", want, texts(pages[0]))
	}
	if countText(pages[0], "Financi\xeble risico\x92s") != 2 { // heading and footer
		t.Errorf("title not written as WinAnsi; texts: %q", texts(pages[0]))
	}
}

// Long cell text is wrapped within its column: more lines than rows, every
// line within the column, and no word lost.
func TestPDFWrapsLongText(t *testing.T) {
	long := strings.Repeat("De teamleider controleert de aanvraag en legt het besluit vast. ", 12)
	rows := [][]string{{"R0001", long}, {"R0002", "kort"}}
	_, pages := writePDF(t, Document{Title: "Wrap", Tables: []Table{{Columns: []string{"Kenmerk", "Omschrijving"}, Rows: rows}}})
	var lines []string
	for _, s := range texts(pages[0]) {
		if strings.HasPrefix(s, "De ") || strings.Contains(s, "aanvraag") || strings.Contains(s, "besluit") || strings.Contains(s, "teamleider") {
			lines = append(lines, s)
		}
	}
	if len(lines) < 3 {
		t.Fatalf("a %d-character cell is shown on %d lines, want it wrapped", len(long), len(lines))
	}
	widths := pdfColumnWidths(Table{Columns: []string{"Kenmerk", "Omschrijving"}, Rows: rows}, a4Short-2*margin)
	for _, s := range lines {
		if w := regular.width([]byte(s), cellSize); w > widths[1]-2*padX+0.01 {
			t.Errorf("line %q is %.1f pt wide in a column with %.1f pt for text", s, w, widths[1]-2*padX)
		}
	}
	if got := strings.Join(lines, " "); got != strings.TrimSpace(long) {
		t.Errorf("wrapped lines do not add up to the text:\n%s\n%s", got, long)
	}
}

// A row taller than a page is split over pages, with the header repeated,
// and every line of it is written.
func TestPDFRowTallerThanPage(t *testing.T) {
	var b strings.Builder
	const n = 150
	for i := range n {
		fmt.Fprintf(&b, "regel %d\n", i+1)
	}
	rows := [][]string{{"R0001", "kort"}, {"R0002", b.String()}, {"R0003", "na de lange rij"}}
	_, pages := writePDF(t, Document{Title: "Hoog", Tables: []Table{{Columns: []string{"Kenmerk", "Inhoud"}, Rows: rows}}})
	if len(pages) < 3 {
		t.Fatalf("%d lines take %d pages, want at least 3", n, len(pages))
	}
	next := 1
	for i, p := range pages {
		if countText(p, "Kenmerk") != 1 {
			t.Errorf("page %d lacks the header", i+1)
		}
		for _, s := range texts(p) {
			if strings.HasPrefix(s, "regel ") {
				if want := fmt.Sprintf("regel %d", next); s != want {
					t.Fatalf("page %d: %q where %q was expected", i+1, s, want)
				}
				next++
			}
		}
	}
	if next != n+1 {
		t.Errorf("%d of %d lines written", next-1, n)
	}
	if countText(pages[0], "regel 1") != 1 {
		t.Error("the tall row does not start on page 1 below the first row, but leaves that page half empty")
	}
	if countText(pages[len(pages)-1], "na de lange rij") != 1 {
		t.Error("the row after the long one is missing from the last page")
	}
}

func TestPDFWideTableIsLandscape(t *testing.T) {
	cols := []string{"A", "B", "C", "D", "E", "F", "G"}
	f, pages := writePDF(t, Document{Title: "Breed", Tables: []Table{{Columns: cols, Rows: [][]string{{"1", "2", "3", "4", "5", "6", "7"}}}}})
	if !bytes.Contains(f.raw, []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("a seven-column table is not on landscape A4")
	}
	if countText(pages[0], "7") != 1 {
		t.Error("last column missing")
	}
}

func TestPDFEmptyTableAndNote(t *testing.T) {
	d := Document{Title: "Leeg", Tables: []Table{
		{Title: "Bevindingen", Columns: []string{"Kenmerk"}, Note: "Filter: team Burgerzaken"},
		{Title: "Acties", Columns: []string{"Actie"}, Rows: [][]string{{"Bellen"}}},
	}}
	_, pages := writePDF(t, d)
	for _, want := range []string{"Geen rijen", "Filter: team Burgerzaken", "Bevindingen", "Acties", "Bellen"} {
		if countText(pages[0], want) != 1 {
			t.Errorf("page 1 does not show %q once; texts %q", want, texts(pages[0]))
		}
	}
	_, pages = writePDF(t, Document{Title: "Niets", Lang: "en"})
	if countText(pages[0], "No rows") != 1 || countText(pages[0], "Page 1 of 1") != 1 {
		t.Errorf("a document without tables in English: %q", texts(pages[0]))
	}
}

func TestPDFEscapesParentheses(t *testing.T) {
	_, pages := writePDF(t, Document{Title: "Haakjes", Tables: []Table{{Columns: []string{"Tekst"}, Rows: [][]string{{`a (b) c\d`}}}}})
	if countText(pages[0], `a (b) c\d`) != 1 {
		t.Errorf("text with parentheses and a backslash: %q", texts(pages[0]))
	}
}

// When poppler's pdftotext is installed, an independent reader must find
// the text too. The other tests do not depend on it.
func TestPDFReadByPdftotext(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "x.pdf")
	var buf bytes.Buffer
	d := Document{Title: "Financiële risico’s", Org: "Gemeente Één", Tables: []Table{{Columns: []string{"Kenmerk", "Proces", "Risico"}, Rows: numbered(120)}}}
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{"Financiële risico’s", "Gemeente Één", "R0120", "Pagina 1 van 3", "Pagina 3 van 3"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q", want)
		}
	}
	if strings.Contains(text, "Syntax Error") || strings.Contains(text, "Syntax Warning") {
		t.Errorf("pdftotext complains: %s", text)
	}
}

func BenchmarkWritePDF(b *testing.B) {
	rows := make([][]string, 10_000)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("R%05d", i), "Vergunningverlening horeca", "Een omschrijving van de kwetsbaarheid die soms over twee regels loopt", "Hoog", "2026-11-23"}
	}
	d := Document{Title: "Benchmark", Tables: []Table{{Columns: []string{"Kenmerk", "Proces", "Kwetsbaarheid", "Risico", "Datum"}, Rows: rows}}}
	for b.Loop() {
		if err := WritePDF(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}

// Pathological input — a header or a title longer than a page — still
// ends, with every row written.
func TestPDFHeaderTallerThanPage(t *testing.T) {
	huge := strings.Repeat("kolomnaam ", 800)
	d := Document{Title: "X", Tables: []Table{
		{Title: strings.Repeat("titel ", 3000), Columns: []string{"Kenmerk", huge, "Risico"}, Rows: numbered(3)},
	}}
	_, pages := writePDF(t, d)
	found := 0
	for _, p := range pages {
		for _, s := range texts(p) {
			if strings.HasPrefix(s, "R000") {
				found++
			}
		}
	}
	if found != 3 {
		t.Errorf("%d of 3 rows written over %d pages", found, len(pages))
	}
}

func TestWinAnsi(t *testing.T) {
	for in, want := range map[string]string{
		"café €5":             "caf\xe9 \x805",
		"e\u0301":             "e",
		"a\tb\x00c":           "a b c",
		"10\u202F000 \u22125": "10 000 -5",
		"zero\u200Bwidth":     "zerowidth",
		"Ωmega 😀":             "?mega ?",
		"Œuvre ‰ … • ™":       "\x8cuvre \x89 \x85 \x95 \x99",
	} {
		if got := string(winAnsi(in)); got != want {
			t.Errorf("winAnsi(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrapBreaksLongWords(t *testing.T) {
	url := "https://example.org/een/heel/lange/verwijzing/zonder/spaties"
	lines := wrap("zie "+url, regular, cellSize, 60)
	var joined []byte
	for i, l := range lines {
		if w := regular.width(l, cellSize); w > 60 {
			t.Errorf("line %d %q is %.1f pt wide, more than 60", i, l, w)
		}
		joined = append(joined, l...)
	}
	if string(joined) != "zie"+url {
		t.Errorf("lines %q lose characters", lines)
	}
	if got := wrap("", regular, cellSize, 60); len(got) != 1 || len(got[0]) != 0 {
		t.Errorf("empty text wraps to %q, want one empty line", got)
	}
	if got := wrap("a\n\nb", regular, cellSize, 60); len(got) != 3 {
		t.Errorf("an empty line in the text is lost: %q", got)
	}
}
