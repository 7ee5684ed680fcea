package web

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

// Media types of an import file sent to the API as the request body.
const (
	MediaCSV  = "text/csv"
	MediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// ImportRequest reads how an API import asks to be run: the query
// parameter proef ("true", the default, only checks; "false" imports) and
// the file's format from the body's Content-Type.
func ImportRequest(r *http.Request) (format tabular.Format, dryRun bool, err error) {
	switch r.URL.Query().Get("proef") {
	case "", "true":
		dryRun = true
	case "false":
	default:
		return "", false, apperr.List{apperr.FieldErr("proef", "import.api.dry_run_invalid")}
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case MediaCSV:
		format = tabular.CSV
	case MediaXLSX:
		format = tabular.XLSX
	default:
		return "", false, apperr.List{apperr.FieldErr("Content-Type", "import.api.content_type")}
	}
	return format, dryRun, nil
}

// ImportRowError is one bad row of a refused API import.
type ImportRowError struct {
	Rij     int    `json:"rij"`
	Kolom   string `json:"kolom"`
	Code    string `json:"code"`
	Melding string `json:"melding"`
}

// ImportOutcome sorts out the error of an API import: a body over the
// route's limit becomes the too-large error; problems by row are answered
// here as problem+json (422) with every bad row in "fouten", and handled
// reports true. Any other error is returned for the caller to pass on.
func ImportOutcome(w http.ResponseWriter, r *http.Request, dryRun bool, err error) (handled bool, _ error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return false, apperr.New(apperr.TooLarge, "org.import.too_large", tabular.MaxBytes>>20)
	}
	list, ok := err.(apperr.List)
	if !ok {
		return false, err
	}
	lang := LangOf(r)
	p := struct {
		Problem
		Proef  bool             `json:"proef"`
		Fouten []ImportRowError `json:"fouten"`
	}{Problem: Problem{Type: "about:blank", Title: i18n.T(lang, "error.title"), Status: http.StatusUnprocessableEntity,
		Detail: i18n.T(lang, "import.api.refused", len(list)), Instance: "urn:weerbaar:request:" + RequestID(r), Code: "import.api.refused"},
		Proef: dryRun, Fouten: make([]ImportRowError, 0, len(list))}
	for _, e := range list {
		msg := i18n.T(lang, e.Key, e.Args...)
		p.Fouten = append(p.Fouten, ImportRowError{Rij: e.Row, Kolom: e.Field, Code: e.Key, Melding: msg})
		p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: e.Field, Code: e.Key, Reason: msg})
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("API-Version", APIVersion)
	w.WriteHeader(http.StatusUnprocessableEntity)
	return true, json.NewEncoder(w).Encode(p)
}
