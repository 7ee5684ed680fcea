package export

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

func TestServe(t *testing.T) {
	d := Document{Title: "Register", Tables: []Table{{Columns: []string{"A"}, Rows: [][]string{{"1"}}}}}
	for _, tc := range []struct {
		format, ctype, magic string
	}{
		{"csv", "text/csv; charset=utf-8", "\xEF\xBB\xBFA\r\n1\r\n"},
		{"XLSX ", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04"},
		{"pdf", "application/pdf", "%PDF-1.7"},
	} {
		rec := httptest.NewRecorder()
		if err := Serve(rec, tc.format, "Risico’s / register 2026", d); err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		ext := strings.ToLower(strings.TrimSpace(tc.format))
		h := rec.Header()
		want := map[string]string{
			"Content-Type":           tc.ctype,
			"Content-Disposition":    `attachment; filename="Risico_s---register-2026.` + ext + `"; filename*=UTF-8''Risico%E2%80%99s%20-%20register%202026.` + ext,
			"X-Content-Type-Options": "nosniff",
			"Cache-Control":          "no-store",
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", tc.format, k, h.Get(k), v)
			}
		}
		if !bytes.HasPrefix(rec.Body.Bytes(), []byte(tc.magic)) {
			t.Errorf("%s: body starts %q", tc.format, rec.Body.Bytes()[:min(8, rec.Body.Len())])
		}
	}
}

func TestServeRefuses(t *testing.T) {
	one := Document{Tables: []Table{{Columns: []string{"A"}}}}
	two := Document{Tables: []Table{{Columns: []string{"A"}}, {Columns: []string{"B"}}}}
	for _, tc := range []struct {
		name, format string
		d            Document
		key          string
	}{
		{"unknown format", "docx", one, "export.format_invalid"},
		{"empty format", "", one, "export.format_invalid"},
		{"csv of two tables", "csv", two, "export.csv_single_table"},
	} {
		rec := httptest.NewRecorder()
		err := Serve(rec, tc.format, "x", tc.d)
		e := apperr.As(err)
		if e.Code != apperr.Invalid || e.Field != "formaat" || e.Key != tc.key {
			t.Errorf("%s: err = %v, want Invalid %s on field formaat", tc.name, err, tc.key)
		}
		if len(rec.Header()) != 0 || rec.Body.Len() != 0 {
			t.Errorf("%s: headers %v or a body were written", tc.name, rec.Header())
		}
	}
}

func TestDisposition(t *testing.T) {
	for in, want := range map[string]string{
		"":                   `attachment; filename="export.pdf"; filename*=UTF-8''export.pdf`,
		"../../etc/passwd":   `attachment; filename="etc-passwd.pdf"; filename*=UTF-8''etc-passwd.pdf`,
		"a\"b\r\nc.pdf":      `attachment; filename="a-bc.pdf"; filename*=UTF-8''a-bc.pdf`,
		"Één café":           `attachment; filename="Een-cafe.pdf"; filename*=UTF-8''%C3%89%C3%A9n%20caf%C3%A9.pdf`,
		"rapport; x=1":       `attachment; filename="rapport--x_1.pdf"; filename*=UTF-8''rapport-%20x%3D1.pdf`,
		"registers.2026.pdf": `attachment; filename="registers.2026.pdf"; filename*=UTF-8''registers.2026.pdf`,
	} {
		if got := disposition(in, "pdf"); got != want {
			t.Errorf("disposition(%q)\n got %s\nwant %s", in, got, want)
		}
	}
}

// A document over the limits is refused with a message for the user, and
// nothing is written.
func TestLimits(t *testing.T) {
	rows := make([][]string, MaxRows+1)
	for i := range rows {
		rows[i] = []string{"x"}
	}
	for _, tc := range []struct {
		name string
		d    Document
		key  string
	}{
		{"rows over all tables", Document{Tables: []Table{{Columns: []string{"A"}, Rows: rows[:MaxRows]}, {Columns: []string{"A"}, Rows: rows[:1]}}}, "export.too_many_rows"},
		{"columns", Document{Tables: []Table{{Columns: make([]string, MaxColumns+1)}}}, "export.too_many_columns"},
		{"tables", Document{Tables: make([]Table, MaxTables+1)}, "export.too_many_tables"},
		{"cell", Document{Tables: []Table{{Columns: []string{"A"}, Rows: [][]string{{strings.Repeat("é", MaxCellLength+1)}}}}}, "export.cell_too_long"},
	} {
		writers := map[string]func(*bytes.Buffer) error{
			"pdf":  func(b *bytes.Buffer) error { return WritePDF(b, tc.d) },
			"xlsx": func(b *bytes.Buffer) error { return WriteXLSX(b, tc.d) },
		}
		if len(tc.d.Tables) == 1 {
			writers["csv"] = func(b *bytes.Buffer) error { return WriteCSV(b, tc.d.Tables[0]) }
		}
		for format, write := range writers {
			var buf bytes.Buffer
			err := write(&buf)
			if e := apperr.As(err); e.Code != apperr.TooLarge || e.Key != tc.key {
				t.Errorf("%s, %s: err = %v, want TooLarge %s", tc.name, format, err, tc.key)
			}
			if buf.Len() != 0 {
				t.Errorf("%s, %s: %d bytes written", tc.name, format, buf.Len())
			}
		}
	}
	// Exactly at the limit is fine.
	if err := WriteCSV(&bytes.Buffer{}, Table{Columns: []string{"A"}, Rows: rows[:MaxRows]}); err != nil {
		t.Errorf("%d rows: %v", MaxRows, err)
	}
}
