package web

import (
	"errors"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

func asMaxBytes(err error, target **http.MaxBytesError) bool { return errors.As(err, target) }

// ParseForm parses a posted form and turns an oversized body into the
// "too large" error rather than a confusing empty form.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if asMaxBytes(err, &mbe) {
			return apperr.New(apperr.TooLarge, "error.too_large")
		}
		return apperr.New(apperr.Invalid, "error.form_invalid")
	}
	return nil
}
