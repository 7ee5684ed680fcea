package knowledge

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// Kind says what sort of model document a template is.
type Kind string

// The kinds of template: a protocol lays down how the organisation works;
// a good practice describes a way of working that proved itself.
const (
	Protocol Kind = "protocol"
	Practice Kind = "werkwijze"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Protocol || k == Practice }

// Template is a model document (protocol or good practice) as an
// organisation sees it: its own version when it has one, the shipped text
// otherwise. Its body is plain text with simple headings ("# ", "## ") and
// lists ("- ", "1. "); Blocks turns it into something a page can show
// without ever passing the author's text through as HTML.
type Template struct {
	// Key addresses the template within the organisation, e.g.
	// "privacyprotocol".
	Key        string
	Kind       Kind
	Title      string
	Summary    string
	Body       string
	Version    int
	ReviewedOn string // YYYY-MM-DD, the last time the owner checked the text
	Owner      string // a role, e.g. "Coördinator weerbaarheid"
	// Own is true when the organisation has its own version (edited or
	// adopted); Shipped when the key is one of Weerbaar's defaults.
	Own, Shipped bool
	UpdatedBy    string
	UpdatedAt    time.Time
	// Source is set on a copy adopted from the shared library.
	Source *Source
	// NewerVersion is the version the shared library now holds of an
	// adopted copy's original, when that is newer than the copy's.
	NewerVersion int
	// Published is the organisation's live publication of this template
	// in the shared library, if any.
	Published *Publication
}

// Source says where an adopted copy came from.
type Source struct {
	SharedID string
	Org      string
	Version  int
}

// Publication is a template's entry in the shared library as its owner
// sees it.
type Publication struct {
	SharedID string
	Version  int
	At       time.Time
}

// Shared is one template in the installation's shared library: a copy of
// a published version, readable by every organisation of the
// installation.
type Shared struct {
	ID          string
	OrgID       string
	OrgName     string
	Key         string
	Kind        Kind
	Title       string
	Summary     string
	Body        string
	Version     int
	ReviewedOn  string
	Owner       string
	PublishedAt time.Time
	// Mine is true when the viewer's organisation published it.
	Mine bool
	// CopyKey is the key of the viewer's adopted copy, if it has one, and
	// CopyVersion the version it adopted.
	CopyKey     string
	CopyVersion int
}

//go:embed models/*.txt
var modelFiles embed.FS

var shippedTemplates = mustLoadTemplates(modelFiles)

func mustLoadTemplates(fsys fs.FS) []Template {
	ts, err := loadTemplates(fsys)
	if err != nil {
		panic(err)
	}
	return ts
}

// loadTemplates reads the shipped templates. A file starts with
// "name: value" lines (sleutel, soort, titel, samenvatting, eigenaar), then
// an empty line, then the body.
func loadTemplates(fsys fs.FS) ([]Template, error) {
	names, err := fs.Glob(fsys, "models/*.txt")
	if err != nil {
		return nil, err
	}
	var out []Template
	seen := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		head, body, ok := strings.Cut(string(b), "\n\n")
		if !ok {
			return nil, fmt.Errorf("knowledge: %s: no empty line after the header", name)
		}
		t := Template{Body: strings.TrimSpace(body), Version: 1, Shipped: true}
		sc := bufio.NewScanner(strings.NewReader(head))
		for sc.Scan() {
			k, v, ok := strings.Cut(sc.Text(), ":")
			if !ok {
				return nil, fmt.Errorf("knowledge: %s: header line %q", name, sc.Text())
			}
			v = strings.TrimSpace(v)
			switch k {
			case "sleutel":
				t.Key = v
			case "soort":
				t.Kind = Kind(v)
			case "titel":
				t.Title = v
			case "samenvatting":
				t.Summary = v
			case "eigenaar":
				t.Owner = v
			case "beoordeeld":
				t.ReviewedOn = v
			default:
				return nil, fmt.Errorf("knowledge: %s: unknown header %q", name, k)
			}
		}
		if !validKey(t.Key) || t.Title == "" || !t.Kind.Valid() || seen[t.Key] {
			return nil, fmt.Errorf("knowledge: %s: missing, bad or duplicate key, title or kind", name)
		}
		seen[t.Key] = true
		out = append(out, t)
	}
	return out, nil
}

// ShippedTemplates returns Weerbaar's default templates in catalogue order.
func ShippedTemplates() []Template { return append([]Template(nil), shippedTemplates...) }

func shippedTemplate(key string) (Template, bool) {
	for _, t := range shippedTemplates {
		if t.Key == key {
			return t, true
		}
	}
	return Template{}, false
}

// maxKey bounds a template key.
const maxKey = 60

func validKey(k string) bool {
	if k == "" || len(k) > maxKey || k[0] == '-' {
		return false
	}
	for _, r := range k {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}
