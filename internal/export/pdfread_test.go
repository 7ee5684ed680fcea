package export

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"testing"
)

// A reader just good enough to check our own PDF files without trusting
// the writer: it follows the xref table, decodes the content streams and
// pulls out the text shown with Tj.

type pdfFile struct {
	raw     []byte
	objects map[int][]byte // object number → text between "obj" and "endobj"
}

var xrefEntry = regexp.MustCompile(`^(\d{10}) (\d{5}) ([nf]) \n$`)

// readPDF checks the file frame and that every xref offset points at the
// start of the object it names, and returns the objects.
func readPDF(t *testing.T, b []byte) *pdfFile {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.7\n")) {
		t.Fatalf("file does not start with a PDF 1.7 header: %q", b[:min(len(b), 20)])
	}
	if !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Fatalf("file does not end with %%%%EOF: %q", b[max(0, len(b)-20):])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	rest := b[xref+len("xref\n"):]
	line := rest[:bytes.IndexByte(rest, '\n')+1]
	var first, count int
	if _, err := fmt.Sscanf(string(line), "%d %d\n", &first, &count); err != nil || first != 0 {
		t.Fatalf("bad xref subsection header %q", line)
	}
	rest = rest[len(line):]
	f := &pdfFile{raw: b, objects: map[int][]byte{}}
	for i := range count {
		entry := rest[i*20 : i*20+20]
		e := xrefEntry.FindSubmatch(entry)
		if e == nil {
			t.Fatalf("xref entry %d is not 20 bytes of the right form: %q", i, entry)
		}
		if i == 0 {
			continue
		}
		off, _ := strconv.Atoi(string(e[1]))
		head := fmt.Sprintf("%d 0 obj\n", i)
		if !bytes.HasPrefix(b[off:], []byte(head)) {
			t.Fatalf("xref offset %d of object %d points at %q", off, i, b[off:min(len(b), off+20)])
		}
		end := bytes.Index(b[off:], []byte("\nendobj\n"))
		f.objects[i] = b[off+len(head) : off+end]
	}
	if !bytes.HasPrefix(rest[count*20:], []byte("trailer\n<< /Size "+strconv.Itoa(count)+" ")) {
		t.Fatalf("trailer missing or wrong /Size: %q", rest[count*20:min(len(rest), count*20+40)])
	}
	return f
}

var streamHead = regexp.MustCompile(`^<< /Length (\d+)( /Filter /FlateDecode)? >>\nstream\n`)

// stream returns the decoded data of a stream object, or nil when the
// object is not a stream.
func (f *pdfFile) stream(t *testing.T, num int) []byte {
	t.Helper()
	obj := f.objects[num]
	m := streamHead.FindSubmatch(obj)
	if m == nil {
		return nil
	}
	n, _ := strconv.Atoi(string(m[1]))
	data := obj[len(m[0]):]
	if len(data) != n+len("\nendstream") || !bytes.HasSuffix(data, []byte("\nendstream")) {
		t.Fatalf("object %d: /Length %d does not match the stream (%d bytes before endstream)", num, n, len(data)-len("\nendstream"))
	}
	data = data[:n]
	if len(m[2]) > 0 {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("object %d: %v", num, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatalf("object %d: %v", num, err)
		}
	}
	return data
}

// pages returns, per page in order, the decoded content of its streams.
func (f *pdfFile) pages(t *testing.T) [][]byte {
	t.Helper()
	var root int
	if m := regexp.MustCompile(`/Root (\d+) 0 R`).FindSubmatch(f.raw); m != nil {
		root, _ = strconv.Atoi(string(m[1]))
	}
	m := regexp.MustCompile(`/Pages (\d+) 0 R`).FindSubmatch(f.objects[root])
	if m == nil {
		t.Fatal("catalog has no page tree")
	}
	tree, _ := strconv.Atoi(string(m[1]))
	kids := regexp.MustCompile(`/Kids \[([^\]]*)\] /Count (\d+)`).FindSubmatch(f.objects[tree])
	refs := regexp.MustCompile(`(\d+) 0 R`).FindAllSubmatch(kids[1], -1)
	if n, _ := strconv.Atoi(string(kids[2])); n != len(refs) {
		t.Fatalf("page tree /Count %d for %d kids", n, len(refs))
	}
	var pages [][]byte
	for _, r := range refs {
		num, _ := strconv.Atoi(string(r[1]))
		page := f.objects[num]
		if !bytes.Contains(page, []byte("/Type /Page ")) {
			t.Fatalf("kid %d is not a page: %s", num, page)
		}
		c := regexp.MustCompile(`/Contents \[([^\]]*)\]`).FindSubmatch(page)
		var content []byte
		for _, s := range regexp.MustCompile(`(\d+) 0 R`).FindAllSubmatch(c[1], -1) {
			sn, _ := strconv.Atoi(string(s[1]))
			content = append(content, f.stream(t, sn)...)
		}
		pages = append(pages, content)
	}
	return pages
}

var showText = regexp.MustCompile(`\(((?:[^\\()]|\\.)*)\) Tj`)

// texts returns the strings shown in a content stream, unescaped, still
// in WinAnsi bytes.
func texts(content []byte) []string {
	var out []string
	for _, m := range showText.FindAllSubmatch(content, -1) {
		s := regexp.MustCompile(`\\(.)`).ReplaceAll(m[1], []byte("$1"))
		out = append(out, string(s))
	}
	return out
}
