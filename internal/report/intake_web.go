package report

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/web"
)

// parseUpload parses a posted form, with or without files. Files are kept
// in memory (never in temporary files on disk) up to the route's body
// limit.
func parseUpload(r *http.Request) (url.Values, []Upload, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := web.ParseForm(r); err != nil {
			return nil, nil, err
		}
		return r.PostForm, nil, nil
	}
	if err := r.ParseMultipartForm(MaxUploadBody + 1<<20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, apperr.New(apperr.TooLarge, "report.upload_too_large")
		}
		return nil, nil, apperr.New(apperr.Invalid, "error.form_invalid")
	}
	defer r.MultipartForm.RemoveAll()
	var files []Upload
	for _, fh := range r.MultipartForm.File["intake_files"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		f, err := fh.Open()
		if err != nil {
			return nil, nil, apperr.Wrap(err, "error.form_invalid")
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
		f.Close()
		if err != nil {
			return nil, nil, apperr.Wrap(err, "error.form_invalid")
		}
		files = append(files, Upload{Name: fh.Filename, Data: data})
	}
	return url.Values(r.MultipartForm.Value), files, nil
}

// inputFrom reads the intake fields of a form.
func inputFrom(f url.Values, files []Upload) Input {
	in := Input{Category: Category(f.Get("intake_category")), Title: f.Get("title"), Body: f.Get("intake_body"),
		OccurredOn: f.Get("intake_occurred_on"), TeamID: f.Get("team"), Answers: map[string]string{},
		Channel: Channel(f.Get("intake_channel")), Consent: f.Get("intake_consent") == "1",
		ReporterName: f.Get("intake_name"), ReporterContact: f.Get("intake_contact"), ExternalSource: f.Get("intake_source"), Files: files}
	for _, qs := range Questions {
		for _, q := range qs {
			if v := f.Get("q_" + q.Key); v != "" {
				in.Answers[q.Key] = v
			}
		}
	}
	return in
}

// formData is what the intake forms show.
type formData struct {
	Action     string
	Anonymous  bool
	Recorded   bool // staff form
	OrgName    string
	OrgSlug    string
	Categories []Category
	Questions  map[Category][]Question
	Channels   []Channel
	Teams      []Team
	MaxFiles   int
	MaxFileMB  int
}

// Team is a team that a report can concern.
type Team struct{ ID, Name string }

func (s *Store) teams(r *http.Request, orgID string) ([]Team, error) {
	rows, err := s.db.Read.QueryContext(r.Context(), `SELECT id, name FROM teams WHERE org_id = $1 ORDER BY name, id`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) newForm(action string) formData {
	return formData{Action: action, Categories: Categories, Questions: Questions, MaxFiles: MaxFiles, MaxFileMB: MaxFileSize >> 20}
}

// Signed-in form.

func (s *Store) submitView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	d := s.newForm("/melden")
	d.OrgName, d.OrgSlug = sc.OrgName, sc.OrgSlug
	teams, err := s.teams(r, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	d.Teams = teams
	return web.View{Name: "intake_form", TitleKey: "report.submit.title", Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) submitPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.submitView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) submitPost(w http.ResponseWriter, r *http.Request) error {
	f, files, err := parseUpload(r)
	if err != nil {
		return err
	}
	c, err := s.Submit(r.Context(), web.ScopeOf(r), inputFrom(f, files))
	if err != nil {
		return s.again(w, r, s.submitView, f, err)
	}
	return web.Render(w, r, web.View{Name: "intake_done", TitleKey: "report.done.title", Data: c})
}

// again shows a form again with its errors, or passes other errors on.
func (s *Store) again(w http.ResponseWriter, r *http.Request, view func(*http.Request, url.Values, error) (web.View, error), f url.Values, err error) error {
	if !web.IsInputError(err) {
		return err
	}
	v, verr := view(r, f, err)
	if verr != nil {
		return verr
	}
	return web.Render(w, r, v)
}

// Anonymous form: no account, no cookie, nothing in the address but the
// organisation.

func (s *Store) anonymousView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	slug := r.PathValue("orgSlug")
	_, name, err := s.orgBySlug(r.Context(), slug)
	if err != nil {
		return web.View{}, err
	}
	d := s.newForm("/melden/anoniem/" + slug)
	d.Anonymous, d.OrgName, d.OrgSlug = true, name, slug
	return web.View{Name: "intake_form", TitleKey: "report.anonymous.title", Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) anonymousPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.anonymousView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) anonymousPost(w http.ResponseWriter, r *http.Request) error {
	f, files, err := parseUpload(r)
	if err != nil {
		return err
	}
	c, err := s.SubmitAnonymous(r.Context(), r.PathValue("orgSlug"), inputFrom(f, files))
	if err != nil {
		return s.again(w, r, s.anonymousView, f, err)
	}
	return web.Render(w, r, web.View{Name: "intake_done", TitleKey: "report.done.title", Data: c})
}

// Follow-up with the receipt code. The code travels in the body of a
// POST only; each page that needs it again carries it in a hidden field
// of a form that is posted.

type followData struct {
	Code   string
	Report *ReporterView
}

func followView(form url.Values, ferr error, v *ReporterView, status int) web.View {
	d := followData{Report: v}
	if v != nil {
		d.Code = form.Get("intake_code")
		form = url.Values{"intake_code": {d.Code}}
	}
	return web.View{Name: "intake_follow", TitleKey: "report.follow.title", Form: form, Err: ferr, Data: d, Status: status}
}

func (s *Store) followPage(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, followView(nil, nil, nil, 0))
}

// followError shows the code form again with a wrong, malformed or
// throttled code; the code itself is not shown back.
func (s *Store) followError(w http.ResponseWriter, r *http.Request, err error) error {
	status := 0
	if apperr.CodeOf(err) == apperr.TooMany {
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", "60")
	} else if !web.IsInputError(err) {
		return err
	}
	return web.Render(w, r, followView(url.Values{}, err, nil, status))
}

func (s *Store) followPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	v, err := s.FollowUp(r.Context(), r.PostForm.Get("intake_code"))
	if err != nil {
		return s.followError(w, r, err)
	}
	return web.Render(w, r, followView(r.PostForm, nil, v, 0))
}

func (s *Store) followMessagePost(w http.ResponseWriter, r *http.Request) error {
	f, files, err := parseUpload(r)
	if err != nil {
		return err
	}
	code := f.Get("intake_code")
	v, err := s.FollowUpMessage(r.Context(), code, f.Get("intake_message"), files)
	if err != nil {
		if apperr.CodeOf(err) == apperr.TooMany || isCodeErr(err) {
			return s.followError(w, r, err)
		}
		if !web.IsInputError(err) {
			return err
		}
		// A bad message: show the report again (the code is valid) with the
		// message's errors.
		rv, ferr := s.FollowUp(r.Context(), code)
		if ferr != nil {
			return s.followError(w, r, ferr)
		}
		view := followView(url.Values{"intake_code": {code}}, err, rv, 0)
		view.Form.Set("intake_message", f.Get("intake_message"))
		return web.Render(w, r, view)
	}
	view := followView(url.Values{"intake_code": {code}}, nil, v, 0)
	view.TitleKey = "report.follow.sent"
	return web.Render(w, r, view)
}

// isCodeErr reports whether err is about the receipt code field.
func isCodeErr(err error) bool {
	if l, ok := err.(apperr.List); ok {
		for _, e := range l {
			if e.Field == "intake_code" {
				return true
			}
		}
		return false
	}
	return apperr.As(err).Field == "intake_code"
}

func (s *Store) followFile(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f, err := s.FollowUpFile(r.Context(), r.PostForm.Get("intake_code"), r.PostForm.Get("attachment"))
	if err != nil {
		if isCodeErr(err) || apperr.CodeOf(err) == apperr.TooMany {
			return s.followError(w, r, err)
		}
		return err
	}
	return serveFile(w, f)
}

// The signed-in reporter's own reports.

func (s *Store) minePage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Mine(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "intake_mine", TitleKey: "report.mine.title", Data: list})
}

type myReportData struct {
	Report *ReporterView
	Base   string
}

func (s *Store) myReportView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	id := r.PathValue("myReportID")
	v, err := s.MyReport(r.Context(), web.ScopeOf(r), id)
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "intake_mine_report", TitleKey: "report.mine.detail_title", Form: form, Err: ferr,
		Data: myReportData{Report: v, Base: "/melden/mijn/" + id}}, nil
}

func (s *Store) myReportPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.myReportView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) myMessagePost(w http.ResponseWriter, r *http.Request) error {
	f, files, err := parseUpload(r)
	if err != nil {
		return err
	}
	id := r.PathValue("myReportID")
	if err := s.MyMessage(r.Context(), web.ScopeOf(r), id, f.Get("intake_message"), files); err != nil {
		return s.again(w, r, s.myReportView, f, err)
	}
	return web.Redirect(w, r, "/melden/mijn/"+id, "flash.report.message_sent")
}

func (s *Store) myFile(w http.ResponseWriter, r *http.Request) error {
	f, err := s.MyFile(r.Context(), web.ScopeOf(r), r.PathValue("myReportID"), r.PathValue("myAttachmentID"))
	if err != nil {
		return err
	}
	return serveFile(w, f)
}

// Reports recorded by staff.

func (s *Store) recordView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	d := s.newForm("/meldingen/nieuw")
	d.Recorded, d.OrgName = true, sc.OrgName
	for _, ch := range Channels {
		if ch.Recorded() || ch == External {
			d.Channels = append(d.Channels, ch)
		}
	}
	teams, err := s.teams(r, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	d.Teams = teams
	return web.View{Name: "intake_form", TitleKey: "report.record.title", Form: form, Err: ferr, Data: d}, nil
}

func (s *Store) recordPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.recordView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) recordPost(w http.ResponseWriter, r *http.Request) error {
	f, files, err := parseUpload(r)
	if err != nil {
		return err
	}
	c, err := s.Record(r.Context(), web.ScopeOf(r), inputFrom(f, files))
	if err != nil {
		return s.again(w, r, s.recordView, f, err)
	}
	return web.Redirect(w, r, "/meldingen/"+c.ID, "flash.report.recorded")
}
