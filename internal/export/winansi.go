package export

import "unicode"

// winAnsiHigh maps the characters of WinAnsiEncoding (PDF 1.7, annex D)
// in the range 0x80–0x9F, where it differs from Latin-1, to their bytes.
// The other printable characters are the same in Unicode and WinAnsi:
// ASCII 0x20–0x7E and Latin-1 0xA0–0xFF.
var winAnsiHigh = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// winAnsi encodes s for a standard font with WinAnsiEncoding. Characters
// the encoding lacks become '?', tabs and other control characters a
// space; combining accents are dropped (e + ◌́ prints as e, not e?), since
// their precomposed form would need the Unicode tables; hyphen and space
// variants become their plain form. Line breaks are
// not expected here: the caller splits lines first.
func winAnsi(s string) []byte {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xFF:
			b = append(b, byte(r))
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0):
			b = append(b, ' ')
		case unicode.Is(unicode.Mn, r), r == '\u200B', r == '\uFEFF':
			// combining accents and zero-width characters: dropped
		case r >= '\u2010' && r <= '\u2012', r == '\u2212':
			b = append(b, '-') // hyphens and the minus sign
		case r >= '\u2002' && r <= '\u200A', r == '\u202F':
			b = append(b, ' ') // typographic spaces
		default:
			if c, ok := winAnsiHigh[r]; ok {
				b = append(b, c)
			} else {
				b = append(b, '?')
			}
		}
	}
	return b
}
