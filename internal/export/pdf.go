package export

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"

	"github.com/weerbaar/weerbaar/internal/clock"
)

// Page geometry and type sizes, in points (1/72 inch).
const (
	a4Short, a4Long = 595.28, 841.89
	margin          = 40.0
	footerBaseline  = 22.0
	landscapeFrom   = 7 // columns: a table this wide turns the document landscape

	cellSize, cellLeading = 9.0, 11.0
	padX, padY            = 3.0, 2.5
	tableGap              = 14.0
)

// WritePDF writes d as an A4 PDF: on page 1 the title, subtitle,
// organisation and generation time; then each table with its title, a
// header row that is repeated on every page the table continues on, cell
// text wrapped to the column width, and its note; on every page
// "Pagina x van y". The document is landscape when a table has
// landscapeFrom columns or more. Text is set in the standard Helvetica
// fonts in WinAnsiEncoding, so nothing is embedded; characters outside
// that encoding print as '?'. A row taller than a page is split over pages.
func WritePDF(w io.Writer, d Document) error {
	if err := check(d); err != nil {
		return err
	}
	o := newObjWriter(w)
	catalog, pages, resources, info := o.reserve(), o.reserve(), o.reserve(), o.reserve()
	l := &layout{o: o, d: d, pageW: a4Short, pageH: a4Long}
	for _, t := range d.Tables {
		if len(t.Columns) >= landscapeFrom {
			l.pageW, l.pageH = a4Long, a4Short
		}
	}
	l.newPage()
	l.heading()
	for _, t := range d.tables() {
		l.table(t)
	}
	l.flushPage()

	kids := make([]byte, 0, 8*len(l.contents))
	for i, body := range l.contents {
		footer, page := o.reserve(), o.reserve()
		o.stream(footer, "", l.footer(i+1, len(l.contents)))
		o.object(page, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %d 0 R /Contents [%d 0 R %d 0 R] >>",
			pages, appendNum(nil, l.pageW), appendNum(nil, l.pageH), resources, body, footer))
		kids = fmt.Appendf(kids, "%d 0 R ", page)
	}
	o.object(pages, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", bytes.TrimSpace(kids), len(l.contents)))

	fonts := make([]int, 2)
	for i, f := range []*font{regular, bold} {
		fonts[i] = o.reserve()
		o.object(fonts[i], "<< /Type /Font /Subtype /Type1 /BaseFont /"+f.base+" /Encoding /WinAnsiEncoding >>")
	}
	o.object(resources, fmt.Sprintf("<< /Font << /%s %d 0 R /%s %d 0 R >> >>", regular.name, fonts[0], bold.name, fonts[1]))
	o.object(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Lang (%s) /ViewerPreferences << /DisplayDocTitle true >> >>", pages, d.lang()))
	o.object(info, infoDict(d))

	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d\x00%d", d.Title, d.Subtitle, d.Org, d.Generated.UnixNano(), len(l.contents)))
	return o.end(catalog, info, sum[:16])
}

// infoDict is the document information dictionary (§14.3.3) that viewers
// show as the document's properties.
func infoDict(d Document) string {
	var b strings.Builder
	b.WriteString("<< /Title " + pdfText(d.Title))
	if d.Subtitle != "" {
		b.WriteString(" /Subject " + pdfText(d.Subtitle))
	}
	if d.Org != "" {
		b.WriteString(" /Author " + pdfText(d.Org))
	}
	b.WriteString(" /Creator (Weerbaar) /Producer (Weerbaar)")
	if !d.Generated.IsZero() {
		b.WriteString(" /CreationDate " + pdfDate(d.Generated.In(clock.Amsterdam)))
	}
	b.WriteString(" >>")
	return b.String()
}

// layout fills pages from top to bottom. Each finished page's content is
// written to the file at once, so memory does not grow with the document;
// the page objects follow at the end, when the page count is known.
type layout struct {
	o            *objWriter
	d            Document
	pageW, pageH float64
	page         []byte // content stream of the current page
	contents     []int  // content stream object of every finished page
	y            float64
	// While a table is being written: its columns and wrapped header, to
	// repeat on a new page, and whether a row is on the page below it.
	widths   []float64
	header   [][][]byte
	rowsHere bool
}

func (l *layout) width() float64  { return l.pageW - 2*margin }
func (l *layout) bottom() float64 { return margin }

func (l *layout) flushPage() {
	num := l.o.reserve()
	l.o.stream(num, "", l.page)
	l.contents = append(l.contents, num)
}

// newPage finishes the current page, if any, and starts the next one,
// repeating the header of a table in progress.
func (l *layout) newPage() {
	if l.page != nil {
		l.flushPage()
	}
	l.page = append(l.page[:0], "0.5 w 0.6 G\n"...)
	l.y = l.pageH - margin
	l.rowsHere = false
	if l.header != nil {
		l.drawRow(l.header, 0, lineCount(l.header), true)
	}
}

// heading writes the title block of page 1.
func (l *layout) heading() {
	if l.d.Title != "" {
		l.paragraph(bold, 16, 19, 0, l.d.Title)
	}
	if l.d.Subtitle != "" {
		l.paragraph(regular, 11, 14, 0, l.d.Subtitle)
	}
	var meta []string
	if l.d.Org != "" {
		meta = append(meta, l.d.Org)
	}
	if g := l.d.generated(); g != "" {
		meta = append(meta, g)
	}
	if len(meta) > 0 {
		l.y -= 2
		l.paragraph(regular, 9, 11, 0.35, strings.Join(meta, " — "))
	}
	l.y -= tableGap
}

// paragraph writes text wrapped to the page width, breaking pages as needed.
func (l *layout) paragraph(f *font, size, leading, gray float64, text string) {
	for _, line := range wrap(text, f, size, l.width()) {
		if l.y-leading < l.bottom() {
			l.newPage()
		}
		l.y -= leading
		l.text(f, size, gray, margin, l.y+leading*0.25, line)
	}
}

// text writes one line with its baseline at (x, y).
func (l *layout) text(f *font, size, gray, x, y float64, line []byte) {
	if gray != 0 {
		l.page = appendNum(l.page, gray)
		l.page = append(l.page, " g\n"...)
	}
	l.page = append(l.page, "BT /"...)
	l.page = append(l.page, f.name...)
	l.page = append(l.page, ' ')
	l.page = appendNum(l.page, size)
	l.page = append(l.page, " Tf "...)
	l.page = appendNum(l.page, x)
	l.page = append(l.page, ' ')
	l.page = appendNum(l.page, y)
	l.page = append(l.page, " Td "...)
	l.page = appendLiteral(l.page, line)
	l.page = append(l.page, " Tj ET\n"...)
	if gray != 0 {
		l.page = append(l.page, "0 g\n"...)
	}
}

// footer is the second content stream of every page: the document title
// on the left and "Pagina x van y" on the right.
func (l *layout) footer(page, total int) []byte {
	saved := l.page
	l.page = nil
	num := winAnsi(l.d.label("export.page", page, total))
	numW := regular.width(num, 8)
	l.text(regular, 8, 0.35, l.pageW-margin-numW, footerBaseline, num)
	if title := fitLine(winAnsi(l.d.Title), regular, 8, l.width()-numW-24); len(title) > 0 {
		l.text(regular, 8, 0.35, margin, footerBaseline, title)
	}
	out := l.page
	l.page = saved
	return out
}

// fitLine shortens text with an ellipsis until it fits maxW.
func fitLine(text []byte, f *font, size, maxW float64) []byte {
	if f.width(text, size) <= maxW {
		return text
	}
	ellipsis := f.width([]byte{0x85}, size)
	for len(text) > 0 && f.width(text, size)+ellipsis > maxW {
		text = text[:len(text)-1]
	}
	if len(text) == 0 {
		return nil
	}
	return append(text, 0x85)
}
