package export

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf16"
)

// objWriter writes the object structure of a PDF 1.7 file (ISO 32000-1
// §7.5): a header, numbered indirect objects in any order, and at the end
// the cross-reference table with each object's byte offset and the
// trailer. Objects can be numbered before they are written, so that a page
// tree written last can be referred to by pages written first. Errors are
// sticky: the first one stops all further writing and is returned by end.
type objWriter struct {
	w       *bufio.Writer
	n       int64   // bytes written so far: the offset of the next object
	offsets []int64 // by object number - 1; 0 while reserved but unwritten
	err     error
	zbuf    bytes.Buffer
	zw      *zlib.Writer
}

func newObjWriter(w io.Writer) *objWriter {
	o := &objWriter{w: bufio.NewWriterSize(w, 64<<10)}
	// The comment with four bytes above 127 tells transfer tools that the
	// file is binary (§7.5.2).
	o.write([]byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"))
	return o
}

func (o *objWriter) write(b []byte) {
	if o.err != nil {
		return
	}
	n, err := o.w.Write(b)
	o.n += int64(n)
	o.err = err
}

func (o *objWriter) printf(format string, args ...any) {
	o.write(fmt.Appendf(nil, format, args...))
}

// reserve returns the number of a new object, to be written later.
func (o *objWriter) reserve() int {
	o.offsets = append(o.offsets, 0)
	return len(o.offsets)
}

// object writes object num with the given body (a dictionary, array, …).
func (o *objWriter) object(num int, body string) {
	o.offsets[num-1] = o.n
	o.printf("%d 0 obj\n%s\nendobj\n", num, body)
}

// stream writes object num as a stream, Flate-compressed when that makes
// it smaller. extra is added to the stream dictionary.
func (o *objWriter) stream(num int, extra string, data []byte) {
	filter := ""
	if len(data) > 64 {
		o.zbuf.Reset()
		if o.zw == nil {
			o.zw, _ = zlib.NewWriterLevel(&o.zbuf, zlib.BestSpeed)
		} else {
			o.zw.Reset(&o.zbuf)
		}
		_, _ = o.zw.Write(data)
		_ = o.zw.Close()
		if o.zbuf.Len() < len(data) {
			data, filter = o.zbuf.Bytes(), " /Filter /FlateDecode"
		}
	}
	o.offsets[num-1] = o.n
	o.printf("%d 0 obj\n<< /Length %d%s%s >>\nstream\n", num, len(data), filter, extra)
	o.write(data)
	o.write([]byte("\nendstream\nendobj\n"))
}

// end writes the cross-reference table and the trailer, and flushes.
func (o *objWriter) end(root, info int, id []byte) error {
	for i, off := range o.offsets {
		if off == 0 && o.err == nil {
			o.err = fmt.Errorf("export: pdf object %d reserved but not written", i+1)
		}
	}
	xref := o.n
	o.printf("xref\n0 %d\n0000000000 65535 f \n", len(o.offsets)+1)
	for _, off := range o.offsets {
		// Each entry is exactly 20 bytes, ending in space + LF (§7.5.4).
		o.printf("%010d 00000 n \n", off)
	}
	o.printf("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(o.offsets)+1, root, info, id, id, xref)
	if o.err != nil {
		return o.err
	}
	return o.w.Flush()
}

// pdfText returns s as a PDF text string for the document information
// dictionary: UTF-16BE with a byte-order mark, in hexadecimal (§7.9.2.2),
// which holds any character.
func pdfText(s string) string {
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = fmt.Appendf(b, "%04X", u)
	}
	return string(append(b, '>'))
}

// pdfDate formats t as a PDF date (§7.9.4) with its offset from UTC.
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("(D:%s%c%02d'%02d')", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

// appendLiteral appends WinAnsi bytes as a PDF literal string (§7.3.4.2),
// escaping the three bytes that have a meaning inside one.
func appendLiteral(b, text []byte) []byte {
	b = append(b, '(')
	for _, c := range text {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// appendNum appends a coordinate with at most two decimals.
func appendNum(b []byte, f float64) []byte {
	return strconv.AppendFloat(b, math.Round(f*100)/100, 'f', -1, 64)
}
