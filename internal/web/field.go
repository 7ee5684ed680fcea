package web

import "strings"

// Field describes one labelled text input or text area for the shared
// partials "text_field" and "textarea_field" (templates/_fields.html): the
// page (for its values, errors and translations), the form field's name
// (also its id), the catalogue keys of its label and hint, and options.
type Field struct {
	P     *Page
	Name  string
	Label string // catalogue key
	Hint  string // catalogue key, "" none
	Type  string // input type, "" text
	Max   string // maxlength, "" none
	Rows  string // rows of a text area
	Mode  string // inputmode: numeric or decimal, "" none
}

// Describedby is the value of aria-describedby: the hint and the error,
// when there are any.
func (f Field) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.P.Err(f.Name) != "" {
		ids = append(ids, f.Name+"-error")
	}
	return strings.Join(ids, " ")
}

// field builds a Field in a template: {{template "text_field" (field .
// "title" "risk.col.control" "max=200" "hint=risk.vuln.title_hint")}}.
// Options: hint=, type=, max=, rows=, numeric, decimal.
func field(p *Page, name, label string, opts ...string) Field {
	f := Field{P: p, Name: name, Label: label, Rows: "3"}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "hint":
			f.Hint = v
		case "type":
			f.Type = v
		case "max":
			f.Max = v
		case "rows":
			f.Rows = v
		case "numeric", "decimal":
			f.Mode = k
		default:
			panic("web: unknown field option " + o)
		}
	}
	return f
}
