package export

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

var tricky = Table{
	Title:   "Processen",
	Columns: []string{"Kenmerk", "Omschrijving", "Bedrag"},
	Rows: [][]string{
		{"R1", `Zegt "ja"; of nee`, "€ 1.250,00"},
		{"R2", "twee\nregels", "-5"},
		{"R3", "=HYPERLINK(\"http://x\")", "+31 6 1234"},
		{"R4", "@SUM(A1)", "\tTAB"},
		{"R5", "\r=1+1", "café"},
		{"R6"}, // short row: padded
	},
}

func TestCSVRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tricky); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark, so Excel would not read it as UTF-8")
	}
	if !bytes.HasPrefix(b[3:], []byte("Kenmerk;Omschrijving;Bedrag\r\n")) {
		t.Fatalf("header line not semicolon-separated with CRLF: %q", b[3:40])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Kenmerk", "Omschrijving", "Bedrag"},
		{"R1", `Zegt "ja"; of nee`, "€ 1.250,00"},
		{"R2", "twee\nregels", "'-5"},
		{"R3", "'=HYPERLINK(\"http://x\")", "'+31 6 1234"},
		{"R4", "'@SUM(A1)", "'\tTAB"},
		// A lone CR is a line break, read back as LF.
		{"R5", "'\n=1+1", "café"},
		{"R6", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %q\nwant %q", got, want)
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "gewoon": "gewoon", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x",
		"\tx": "'\tx", "\rx": "'\rx", " =1": " =1", "a=b": "a=b", "'al": "'al",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVRefusesRowWiderThanHeader(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCSV(&buf, Table{Columns: []string{"A"}, Rows: [][]string{{"1", "2"}}})
	if err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Fatalf("err = %v, want a programming error naming row 1", err)
	}
	if buf.Len() != 0 {
		t.Error("something was written")
	}
}
