package scan

import (
	"errors"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/tabular"
	"github.com/weerbaar/weerbaar/internal/web"
)

type frameworksData struct{ Frameworks []Framework }

func (s *Store) frameworksPage(rw http.ResponseWriter, r *http.Request) error {
	fws, err := s.Frameworks(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(rw, r, web.View{Name: "scan_frameworks", TitleKey: "scan.frameworks.title", Data: frameworksData{Frameworks: fws}})
}

type frameworkData struct {
	Framework *Framework
	Levels    []int
}

func (s *Store) frameworkView(rw http.ResponseWriter, r *http.Request, ferr error) error {
	f, err := s.Framework(r.Context(), web.ScopeOf(r), r.PathValue("frameworkKey"))
	if err != nil {
		return err
	}
	form := r.PostForm
	if form == nil || ferr == nil {
		form = map[string][]string{}
		for _, p := range f.Pillars {
			form["w-"+p.Key] = []string{strconv.Itoa(p.Weight)}
			for _, q := range p.Questions {
				form["w-"+q.Key] = []string{strconv.Itoa(q.Weight)}
			}
		}
	}
	return web.Render(rw, r, web.View{Name: "scan_framework", TitleKey: "scan.framework.title", Data: frameworkData{Framework: f}, Form: form, Err: ferr})
}

func (s *Store) frameworkPage(rw http.ResponseWriter, r *http.Request) error {
	return s.frameworkView(rw, r, nil)
}

func (s *Store) frameworkWeights(rw http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	key := r.PathValue("frameworkKey")
	weights := map[string]int{}
	var errs apperr.List
	for name, vs := range r.PostForm {
		k, ok := strings.CutPrefix(name, "w-")
		if !ok || len(vs) == 0 {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(vs[0]))
		if err != nil || n < 0 || n > maxWeight {
			errs = append(errs, apperr.FieldErr(name, "scan.err.weight", maxWeight))
			continue
		}
		weights[k] = n
	}
	if len(errs) > 0 {
		return s.frameworkView(rw, r, errs)
	}
	_, err := s.SetWeights(r.Context(), web.ScopeOf(r), key, weights)
	if web.IsInputError(err) {
		return s.frameworkView(rw, r, err)
	}
	if err != nil {
		return err
	}
	return web.Redirect(rw, r, "/kaders/"+key, "flash.scan.framework_saved")
}

func (s *Store) frameworkReset(rw http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("frameworkKey")
	if err := s.ResetFramework(r.Context(), web.ScopeOf(r), key); err != nil {
		return err
	}
	return web.Redirect(rw, r, "/kaders/"+key, "flash.scan.framework_reset")
}

// frameworkExport downloads a framework as JSON or XLSX (?formaat=).
func (s *Store) frameworkExport(rw http.ResponseWriter, r *http.Request) error {
	f, err := s.Framework(r.Context(), web.ScopeOf(r), r.PathValue("frameworkKey"))
	if err != nil {
		return err
	}
	var body []byte
	var ctype, ext string
	switch r.URL.Query().Get("formaat") {
	case "json", "":
		body, err = FrameworkJSON(f)
		ctype, ext = "application/json", "json"
	case "xlsx":
		body, err = FrameworkXLSX(f)
		ctype, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
	default:
		return apperr.FieldErr("formaat", "export.format_invalid")
	}
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", `attachment; filename="kader-`+f.Key+`.`+ext+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	_, err = rw.Write(body)
	return err
}

type importRow struct {
	Row     int
	Column  string
	Message string
}

type importData struct {
	Framework *Framework
	DryRun    bool
	Errors    []importRow
}

func (s *Store) frameworkImportPage(rw http.ResponseWriter, r *http.Request) error {
	return web.Render(rw, r, web.View{Name: "scan_framework_import", TitleKey: "scan.import.title", Data: importData{}})
}

// frameworkImport checks or imports a framework file (JSON, XLSX or CSV);
// nothing of the file is kept.
func (s *Store) frameworkImport(rw http.ResponseWriter, r *http.Request) error {
	if err := r.ParseMultipartForm(importMaxBody); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.TooLarge, "org.import.too_large", tabular.MaxBytes>>20)
		}
		return apperr.New(apperr.Invalid, "scan.import.file_required")
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	form := r.PostForm
	render := func(d importData, err error, status int) error {
		return web.Render(rw, r, web.View{Name: "scan_framework_import", TitleKey: "scan.import.title", Form: form, Err: err, Data: d, Status: status})
	}
	fail := func(err error) error {
		e := *apperr.As(err)
		e.Field = "file"
		return render(importData{}, &e, 0)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return fail(apperr.New(apperr.Invalid, "scan.import.file_required"))
	}
	defer file.Close()
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(hdr.Filename)), ".")
	dryRun := form.Get("mode") != "import"
	f, err := s.ImportFramework(r.Context(), web.ScopeOf(r), file, format, dryRun)
	if list, ok := err.(apperr.List); ok {
		lang := web.LangOf(r)
		rows := make([]importRow, len(list))
		for i, e := range list {
			rows[i] = importRow{Row: e.Row, Column: e.Field, Message: i18n.T(lang, e.Key, e.Args...)}
		}
		return render(importData{DryRun: dryRun, Errors: rows}, nil, http.StatusUnprocessableEntity)
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid || apperr.CodeOf(err) == apperr.TooLarge {
			return fail(err)
		}
		return err
	}
	return render(importData{Framework: f, DryRun: dryRun}, nil, 0)
}
