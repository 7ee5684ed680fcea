package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// APIVersion is the full version of /api/v1, sent in the API-Version header
// of every API response as the NLGov API Design Rules ask.
const APIVersion = "1.0.0"

// List is the envelope of a paginated collection: the items and, when more
// follow, the cursor of the next page (also sent as a Link header).
type List[T any] struct {
	Items []T    `json:"resultaten"`
	Next  string `json:"volgende,omitempty"`
}

// JSON writes v as an API response.
func JSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("API-Version", APIVersion)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Page writes one page of a collection, with a Link header to the next.
func WritePage[T any](w http.ResponseWriter, r *http.Request, items []T, next string) error {
	if items == nil {
		items = []T{}
	}
	if next != "" {
		u := *r.URL
		q := u.Query()
		q.Set("cursor", next)
		u.RawQuery = q.Encode()
		w.Header().Set("Link", "<"+u.RequestURI()+`>; rel="next"`)
	}
	return JSON(w, http.StatusOK, List[T]{Items: items, Next: next})
}

// Limit reads the page size of a collection request: default 50, at most
// 500, with a field error naming "limit" for anything else.
func Limit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 50, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 500 {
		return 0, apperr.FieldErr("limit", "api.limit_invalid")
	}
	return n, nil
}

// DecodeJSON reads a JSON request body into v, refusing unknown fields so
// that a typo in a field name is an error rather than silently ignored.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if ok := asMaxBytes(err, &mbe); ok {
			return apperr.New(apperr.TooLarge, "error.too_large")
		}
		return apperr.New(apperr.Invalid, "api.body_invalid")
	}
	return nil
}
