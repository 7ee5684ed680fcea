package audit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// seedForExport records entries whose text needs care in CSV: commas,
// quotes, non-ASCII and values a spreadsheet would run as formulas.
func seedForExport(t *testing.T, l *Log) []Entry {
	t.Helper()
	ctx := context.Background()
	odd := []Entry{
		entry("org-a", "u1", "report.read", "report", "r1"),
		{OrgID: "org-a", ActorLabel: `Jansen, "J." (vertrouwenspersoon)`, Action: "identity.reveal",
			ObjectType: "report", ObjectID: "r1", Purpose: "=HYPERLINK(\"http://x\")", Result: ResultDenied},
		{OrgID: "org-a", ActorID: "u2", ActorLabel: "Ömer Çelik", Action: "report.update",
			ObjectType: "report", ObjectID: "-r2", Purpose: "'quoted' and @mention", Result: ResultFailed},
		{OrgID: "org-a", ActorID: "u3", ActorLabel: "+31 test", Action: "user.create", Result: ResultOK},
	}
	for _, e := range odd {
		if err := l.RecordTx(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.RecordTx(ctx, entry("org-b", "u1", "report.read", "report", "r1")); err != nil {
		t.Fatal(err)
	}
	return all(t, l, Filter{OrgID: "org-a"})
}

func TestExportCSVParsesBackToTheEntries(t *testing.T) {
	l, _, _ := newLog(t)
	want := seedForExport(t, l)
	var buf bytes.Buffer
	if err := l.Export(context.Background(), &buf, FormatCSV, Filter{OrgID: "org-a"}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("header = %v", recs[0])
	}
	var got []Entry
	for _, rec := range recs[1:] {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Fatalf("cell %q would run as a formula in a spreadsheet", cell)
			}
		}
		got = append(got, entryFromCSV(t, rec))
	}
	compareEntries(t, got, want)
}

func TestExportJSONLinesParsesBackToTheEntries(t *testing.T) {
	l, _, _ := newLog(t)
	want := seedForExport(t, l)
	var buf bytes.Buffer
	if err := l.Export(context.Background(), &buf, FormatJSON, Filter{OrgID: "org-a"}); err != nil {
		t.Fatal(err)
	}
	var got []Entry
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, e)
	}
	compareEntries(t, got, want)
}

func TestExportFiltersAndRefusesUnknownFormat(t *testing.T) {
	ctx := context.Background()
	l, _, _ := newLog(t)
	seedForExport(t, l)
	var buf bytes.Buffer
	if err := l.Export(ctx, &buf, FormatJSON, Filter{OrgID: "org-a", Action: "report", Limit: 1}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 2 {
		t.Fatalf("export of report.* has %d lines, want 2 (Limit does not apply):\n%s", n, buf.String())
	}
	if err := l.Export(ctx, &buf, "xlsx", Filter{OrgID: "org-a"}); err == nil {
		t.Fatal("unknown format accepted")
	}
}

func entryFromCSV(t *testing.T, rec []string) Entry {
	t.Helper()
	for i := range rec {
		rec[i] = ParseCSVCell(rec[i])
	}
	seq, err := strconv.ParseInt(rec[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339Nano, rec[2])
	if err != nil {
		t.Fatal(err)
	}
	return Entry{ID: rec[0], Seq: seq, At: at, OrgID: rec[3], ActorID: rec[4], ActorLabel: rec[5],
		Action: rec[6], ObjectType: rec[7], ObjectID: rec[8], Purpose: rec[9], Result: rec[10],
		RequestID: rec[11], SpanID: rec[12], PrevHash: rec[13], Hash: rec[14]}
}

// compareEntries checks field by field, and that every parsed entry still
// has its hash: a SIEM can check the chain on its own copy.
func compareEntries(t *testing.T, got, want []Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d entries exported, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].At.Equal(want[i].At) {
			t.Errorf("entry %d at %v, want %v", i, got[i].At, want[i].At)
		}
		g, w := got[i], want[i]
		g.At, w.At = time.Time{}, time.Time{}
		if fmt.Sprintf("%+v", g) != fmt.Sprintf("%+v", w) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, g, w)
		}
		if got[i].computeHash() != got[i].Hash {
			t.Errorf("entry %d: exported fields no longer match the hash", i)
		}
	}
}
