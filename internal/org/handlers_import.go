package org

import (
	"errors"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// importRow is one problem of an import file as the error table shows it.
type importRow struct {
	Row     int
	Column  string
	Message string
}

type importData struct {
	Report *ImportReport
	Errors []importRow
	// Done is true after a real import that wrote the file.
	Done bool
}

func (s *Store) importForm(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, web.View{Name: "org_import", TitleKey: "org.import.title", Data: importData{}})
}

// importPost checks or imports an uploaded HR export. The outcome is shown
// at once rather than after a redirect: the report exists only in this
// answer, and nothing of the file is kept.
func (s *Store) importPost(w http.ResponseWriter, r *http.Request) error {
	// Everything fits in memory (the route's body limit is barely above the
	// import limit), so no temporary files are left on disk.
	if err := r.ParseMultipartForm(MaxImportBytes + 64<<10); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.TooLarge, "org.import.too_large", MaxImportBytes>>20)
		}
		return apperr.New(apperr.Invalid, "org.import.form_invalid")
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	form := r.PostForm
	fail := func(err error) error {
		return web.Render(w, r, web.View{Name: "org_import", TitleKey: "org.import.title", Form: form, Err: err, Data: importData{}})
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(apperr.FieldErr("file", "org.import.file_required"))
	}
	defer f.Close()
	format, err := FormatOf(hdr.Filename)
	if err != nil {
		return fail(onField(err, "file"))
	}
	dryRun := form.Get("mode") != "import"
	rep, err := s.Import(r.Context(), web.ScopeOf(r), f, format, dryRun)
	if rep != nil && len(rep.Errors) > 0 {
		lang := web.LangOf(r)
		rows := make([]importRow, len(rep.Errors))
		for i, e := range rep.Errors {
			rows[i] = importRow{Row: e.Row, Column: e.Field, Message: i18n.T(lang, e.Key, e.Args...)}
		}
		return web.Render(w, r, web.View{Name: "org_import", TitleKey: "org.import.title", Form: form,
			Status: http.StatusUnprocessableEntity, Data: importData{Report: rep, Errors: rows}})
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			return fail(onField(err, "file"))
		}
		return err // too large, forbidden, internal: the error page says so
	}
	return web.Render(w, r, web.View{Name: "org_import", TitleKey: "org.import.title", Form: form,
		Data: importData{Report: rep, Done: !dryRun}})
}

// onField puts a whole-file error next to the upload field.
func onField(err error, field string) error {
	e := *apperr.As(err)
	e.Field = field
	return &e
}
