package web

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/tabular"
)

// ImportRow is one problem of an import file as the shared error table
// (templates/_import.html) shows it.
type ImportRow struct {
	Row     int
	Column  string
	Message string
}

// ImportData is the Data of a CSV/XLSX import page: the outcome of a check
// or an import (the capability's own report type), the problems by row,
// and whether a real import wrote the file.
type ImportData struct {
	Report any
	Errors []ImportRow
	Done   bool
}

// ImportRun checks (dryRun) or imports one uploaded file in the scope's
// organisation. Problems by row come back as an apperr.List, with nothing
// written; report may then still say what was read.
type ImportRun func(ctx context.Context, sc *auth.Scope, f io.Reader, format tabular.Format, dryRun bool) (report any, err error)

// ServeImport answers the POST of an import page: it reads the uploaded
// "file" within maxBody bytes, names a missing file or an unknown format
// next to the upload field, runs the check or the import the "mode" button
// asked for, and shows the page v again with the outcome, or with the
// table of problems by row and column (422). blank is the report shown
// when run gave none, so that the page still knows whether it checked or
// imported. Nothing of the file is kept.
func ServeImport(w http.ResponseWriter, r *http.Request, v View, maxBody int64, run ImportRun, blank func(dryRun bool) any) error {
	if err := r.ParseMultipartForm(maxBody); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.TooLarge, "org.import.too_large", tabular.MaxBytes>>20)
		}
		return apperr.New(apperr.Invalid, "org.import.form_invalid")
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	v.Form = r.PostForm
	v.Data = ImportData{}
	fail := func(err error) error {
		e := *apperr.As(err)
		e.Field = "file"
		v.Err, v.Status = &e, http.StatusUnprocessableEntity
		return Render(w, r, v)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(apperr.New(apperr.Invalid, "org.import.file_required"))
	}
	defer f.Close()
	format, err := tabular.FormatOf(hdr.Filename)
	if err != nil {
		return fail(err)
	}
	dryRun := v.Form.Get("mode") != "import"
	rep, err := run(r.Context(), ScopeOf(r), f, format, dryRun)
	if list, ok := err.(apperr.List); ok {
		lang := LangOf(r)
		rows := make([]ImportRow, len(list))
		for i, e := range list {
			rows[i] = ImportRow{Row: e.Row, Column: e.Field, Message: i18n.T(lang, e.Key, e.Args...)}
		}
		if rep == nil {
			rep = blank(dryRun)
		}
		v.Data, v.Status = ImportData{Report: rep, Errors: rows}, http.StatusUnprocessableEntity
		return Render(w, r, v)
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			return fail(err)
		}
		return err // too large, forbidden, internal: the error page says so
	}
	v.Data = ImportData{Report: rep, Done: !dryRun}
	return Render(w, r, v)
}

// Importer turns a capability's import function into an ImportRun; a nil
// report stays nil, so that the page shows the blank one instead.
func Importer[T any](f func(ctx context.Context, sc *auth.Scope, r io.Reader, format tabular.Format, dryRun bool) (*T, error)) ImportRun {
	return func(ctx context.Context, sc *auth.Scope, r io.Reader, format tabular.Format, dryRun bool) (any, error) {
		rep, err := f(ctx, sc, r, format, dryRun)
		if rep == nil {
			return nil, err
		}
		return rep, err
	}
}
