package knowledge

import (
	"regexp"
	"strings"
)

// BlockKind is the sort of one block of a template's body.
type BlockKind string

// The blocks a body can hold: the little structure a protocol needs and
// nothing more, so that no author ever writes markup.
const (
	Heading    BlockKind = "heading"   // "# Kop" (Level 1) or "## Kop" (Level 2)
	Paragraph  BlockKind = "paragraph" // consecutive lines of text
	BulletList BlockKind = "bullets"   // lines starting with "- ", "* " or "• "
	NumberList BlockKind = "numbered"  // lines starting with "1. " or "1) "
)

// Block is one part of a body as a page or a PDF shows it.
type Block struct {
	Kind  BlockKind
	Level int
	Text  string
	Items []string
}

var (
	headingMark = regexp.MustCompile(`^(#{1,3})\s+(.*)$`)
	bulletLine  = regexp.MustCompile(`^[-*•]\s+(.*)$`)
	numberLine  = regexp.MustCompile(`^\d{1,2}[.)]\s+(.*)$`)
)

// Blocks splits a body into headings, paragraphs and lists. Every line
// lands in exactly one block as text; nothing is interpreted as HTML.
func Blocks(body string) []Block {
	var out []Block
	var cur *Block
	flush := func() {
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			flush()
			continue
		}
		if m := headingMark.FindStringSubmatch(line); m != nil {
			flush()
			level := min(len(m[1]), 2)
			out = append(out, Block{Kind: Heading, Level: level, Text: m[2]})
			continue
		}
		kind, text := Paragraph, line
		if m := bulletLine.FindStringSubmatch(line); m != nil {
			kind, text = BulletList, m[1]
		} else if m := numberLine.FindStringSubmatch(line); m != nil {
			kind, text = NumberList, m[1]
		}
		if cur != nil && cur.Kind != kind {
			flush()
		}
		if cur == nil {
			cur = &Block{Kind: kind}
		}
		if kind == Paragraph {
			if cur.Text != "" {
				cur.Text += " "
			}
			cur.Text += text
		} else {
			cur.Items = append(cur.Items, text)
		}
	}
	flush()
	return out
}
