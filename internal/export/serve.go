package export

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// The formats Serve accepts, as users choose them (?formaat=xlsx).
const (
	CSV  = "csv"
	XLSX = "xlsx"
	PDF  = "pdf"
)

var contentTypes = map[string]string{
	CSV:  "text/csv; charset=utf-8",
	XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	PDF:  "application/pdf",
}

// Serve writes d to w as a download in format (csv, xlsx or pdf; case and
// surrounding spaces ignored) under filename, to which the extension is
// added. The file is built in memory first, so that an error — an unknown
// format, a CSV of more than one table, a document over the limits — is
// returned before any header is written and the handler can show it.
func Serve(w http.ResponseWriter, format, filename string, d Document) error {
	format = strings.ToLower(strings.TrimSpace(format))
	ctype, ok := contentTypes[format]
	if !ok {
		return apperr.FieldErr("formaat", "export.format_invalid")
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case CSV:
		if len(d.Tables) > 1 {
			return apperr.FieldErr("formaat", "export.csv_single_table")
		}
		err = WriteCSV(&buf, d.tables()[0])
	case XLSX:
		err = WriteXLSX(&buf, d)
	case PDF:
		err = WritePDF(&buf, d)
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", disposition(filename, format))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

// disposition returns an attachment header with two names (RFC 6266): a
// plain ASCII one for every client and the real UTF-8 one in filename*.
// Path separators, quotes and control characters never get through, and
// the name is at most 100 characters before the extension.
func disposition(name, ext string) string {
	name = strings.TrimSuffix(strings.TrimSpace(name), "."+ext)
	name = strings.Map(func(r rune) rune {
		switch {
		case r < ' ' || r == 0x7f || unicode.IsControl(r):
			return -1
		case strings.ContainsRune(`/\"<>:|?*%;`, r):
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(truncateRunes(strings.TrimSpace(name), 100), ". -")
	if name == "" {
		name = "export"
	}
	ascii := strings.Map(func(r rune) rune {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.()", r)):
			return r
		case r == ' ':
			return '-'
		}
		if b := foldASCII(r); b != 0 {
			return rune(b)
		}
		return '_'
	}, name)
	full := name + "." + ext
	return `attachment; filename="` + ascii + "." + ext + `"; filename*=UTF-8''` + extValue(full)
}

// foldASCII returns the unaccented letter of a Latin-1 letter with an
// accent (é → e), or 0 when there is none.
func foldASCII(r rune) byte {
	const from = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöøùúûüýÿ"
	const to = "AAAAAACEEEEIIIINOOOOOOUUUUYaaaaaaceeeeiiiinoooooouuuuyy"
	i := 0
	for _, c := range from {
		if c == r {
			return to[i]
		}
		i++
	}
	return 0
}

// extValue percent-encodes s for filename* (RFC 8187): every byte that is
// not a letter, digit or one of !#$&+-.^_`|~ becomes %XX.
func extValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
