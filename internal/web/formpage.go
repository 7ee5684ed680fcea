package web

import (
	"net/http"
	"net/url"
)

// FormView builds a page with a form. On a refused submission it gets the
// posted form and the error, so that the page shows what was typed with
// the messages next to the fields.
type FormView func(r *http.Request, form url.Values, err error) (View, error)

// Show serves the page of view with an empty form.
func Show(view FormView) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := view(r, nil, nil)
		if err != nil {
			return err
		}
		return Render(w, r, v)
	}
}

// Submit parses a posted form and runs do. An input error shows the page
// again with the messages next to the fields and nothing written; any
// other error goes to the error page; on success the browser goes to to()
// — asked only then, so that it can name what do created — with the
// flash message.
func Submit(w http.ResponseWriter, r *http.Request, view FormView, to func() string, flash string, do func(f url.Values) error) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	if err := do(r.PostForm); err != nil {
		if !IsInputError(err) {
			return err
		}
		v, verr := view(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return Render(w, r, v)
	}
	return Redirect(w, r, to(), flash)
}
