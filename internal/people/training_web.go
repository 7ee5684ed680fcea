package people

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/tabular"
	"github.com/weerbaar/weerbaar/internal/web"
)

// importMaxBody is the body limit of the import form: the file and a
// little room for the multipart framing.
const importMaxBody = tabular.MaxBytes + 64<<10

type trainingPageData struct {
	O       *Overview
	Heatmap web.HeatmapChart
	Names   map[string]string // requirement id → name
}

func (s *Store) trainingPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Overview(r.Context(), web.ScopeOf(r))
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	names := map[string]string{}
	for _, q := range o.Requirements {
		names[q.ID] = q.Name
	}
	return web.Render(w, r, web.View{Name: "training_overview", TitleKey: "people.training.title",
		Data: trainingPageData{O: o, Heatmap: coverageHeatmap(o, lang), Names: names}})
}

// coverageHeatmap draws teams × requirements with the share covered; a
// cell where nobody is subject stays white with a dash.
func coverageHeatmap(o *Overview, lang i18n.Lang) web.HeatmapChart {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	c := web.HeatmapChart{ID: "training-heatmap", Title: t("people.training.heatmap_title"),
		Desc: t("people.training.heatmap_desc"), RowAxis: t("people.training.col_team"), ColAxis: t("people.training.col_requirement")}
	for _, q := range o.Requirements {
		c.ColLabels = append(c.ColLabels, q.Code)
	}
	for _, tc := range o.Teams {
		c.RowLabels = append(c.RowLabels, tc.TeamName)
		row := make([]web.HeatmapCell, len(tc.Cells))
		for i, cell := range tc.Cells {
			p := cell.Percent()
			switch {
			case p < 0:
				row[i] = web.HeatmapCell{Fill: "#ffffff", Text: "–", Label: t("people.training.cell_none", tc.TeamName, o.Requirements[i].Name)}
			default:
				row[i] = web.HeatmapCell{Fill: coverageFill(p), Text: strconv.Itoa(p) + "%",
					Label: t("people.training.cell_label", tc.TeamName, o.Requirements[i].Name, p, cell.Covered, cell.Applicable, cell.Overdue)}
			}
		}
		c.Cells = append(c.Cells, row)
	}
	return c
}

// coverageFill runs from red (nobody covered) through amber to green.
func coverageFill(p int) string {
	switch {
	case p >= 90:
		return "#1b7f3b"
	case p >= 75:
		return "#8cc084"
	case p >= 50:
		return "#f2c94c"
	case p >= 25:
		return "#f2994a"
	}
	return "#c0392b"
}

// overviewDocument is the overview as an export: coverage per team and
// requirement, then the people with something to do.
func (s *Store) overviewDocument(o *Overview, orgName string, lang i18n.Lang) export.Document {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	cov := export.Table{Title: t("people.training.coverage"), Columns: []string{t("people.training.col_team"), t("people.training.col_requirement"),
		t("people.training.col_applicable"), t("people.training.col_covered"), t("people.training.col_overdue"), t("people.training.col_soon"), t("people.training.col_percent")}}
	for _, tc := range o.Teams {
		for i, c := range tc.Cells {
			if c.Applicable == 0 {
				continue
			}
			cov.Rows = append(cov.Rows, []string{tc.TeamName, o.Requirements[i].Name, strconv.Itoa(c.Applicable), strconv.Itoa(c.Covered),
				strconv.Itoa(c.Overdue), strconv.Itoa(c.Soon), strconv.Itoa(c.Percent())})
		}
	}
	ppl := export.Table{Title: t("people.training.people"), Columns: []string{t("people.training.col_number"), t("people.training.col_name"),
		t("people.training.col_team"), t("people.training.col_overdue"), t("people.training.col_soon"), t("people.training.col_pending")}}
	for _, p := range o.People {
		ppl.Rows = append(ppl.Rows, []string{p.Number, p.Name, p.TeamName, strconv.Itoa(p.Overdue), strconv.Itoa(p.Soon), strconv.Itoa(p.Pending)})
	}
	return export.Document{Title: t("people.training.title"), Subtitle: t("people.training.on", o.Day), Org: orgName,
		Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{cov, ppl}}
}

// trainingExport serves the overview the scope sees as XLSX or PDF and
// audits the export.
func (s *Store) trainingExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	format := strings.ToLower(r.URL.Query().Get("formaat"))
	if format != export.XLSX && format != export.PDF {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	o, err := s.Overview(r.Context(), sc)
	if err != nil {
		return err
	}
	if err := s.audit.Record(r.Context(), s.db.Write, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: area + ".training.export", ObjectType: "training_overview", ObjectID: format, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return err
	}
	return export.Serve(w, format, "training-"+sc.OrgSlug, s.overviewDocument(o, sc.OrgName, web.LangOf(r)))
}

type requirementsData struct {
	Requirements []*Requirement
	Functions    []Function
	FnNames      map[string]string
	Audiences    []Audience
	Edit         *Requirement
}

func (s *Store) requirementsData(r *http.Request) (requirementsData, error) {
	sc := web.ScopeOf(r)
	reqs, err := s.Requirements(r.Context(), sc)
	if err != nil {
		return requirementsData{}, err
	}
	fns, err := s.Functions(r.Context(), sc)
	if err != nil {
		return requirementsData{}, err
	}
	names := map[string]string{}
	for _, f := range fns {
		names[f.ID] = f.Name
	}
	return requirementsData{Requirements: reqs, Functions: fns, FnNames: names, Audiences: Audiences}, nil
}

func (s *Store) requirementsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.requirementsData(r)
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "training_requirements", TitleKey: "people.training.requirements", Data: d})
}

// requirementForm reads the requirement form; months that are not whole
// numbers are field errors.
func requirementForm(r *http.Request) (RequirementInput, error) {
	if err := web.ParseForm(r); err != nil {
		return RequirementInput{}, err
	}
	f := r.PostForm
	in := RequirementInput{Code: f.Get("code"), Name: f.Get("name"), Description: f.Get("description"),
		Audience: Audience(f.Get("audience")), FunctionIDs: f["functions"]}
	var errs apperr.List
	for _, m := range []struct {
		field string
		to    *int
	}{{"first_months", &in.FirstMonths}, {"refresh_months", &in.RefreshMonths}} {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(m.field)))
		if err != nil {
			errs = append(errs, apperr.FieldErr(m.field, "people.training.err.whole_number"))
		}
		*m.to = n
	}
	return in, errs.Err()
}

// isInput reports whether err is about the user's input, to be shown next
// to the fields rather than on the error page.
func isInput(err error) bool {
	if _, ok := err.(apperr.List); ok {
		return true
	}
	return apperr.CodeOf(err) == apperr.Invalid
}

// withFieldChecks adds the store's checks of the other fields to the form's
// own errors, so that the user sees every problem at once.
func (s *Store) withFieldChecks(r *http.Request, in RequirementInput, formErr error) error {
	list, _ := formErr.(apperr.List)
	if _, err := s.validateRequirement(r.Context(), s.db.Read, web.ScopeOf(r), in); err != nil {
		more, ok := err.(apperr.List)
		if !ok {
			return err
		}
		list = append(list, more...)
	}
	return list
}

func (s *Store) requirementCreatePost(w http.ResponseWriter, r *http.Request) error {
	in, err := requirementForm(r)
	if err == nil {
		_, err = s.CreateRequirement(r.Context(), web.ScopeOf(r), in)
	} else if isInput(err) {
		err = s.withFieldChecks(r, in, err)
	}
	if err != nil {
		return s.requirementFail(w, r, err, nil)
	}
	return web.Redirect(w, r, "/mensen/training/eisen", "flash.people.training.requirement_saved")
}

// requirementFail shows the form again with the errors; errors that are
// not about the input (forbidden, not found) go to the error page.
func (s *Store) requirementFail(w http.ResponseWriter, r *http.Request, err error, edit *Requirement) error {
	if !isInput(err) {
		return err
	}
	d, derr := s.requirementsData(r)
	if derr != nil {
		return derr
	}
	d.Edit = edit
	name := "training_requirements"
	if edit != nil {
		name = "training_requirement_edit"
	}
	return web.Render(w, r, web.View{Name: name, TitleKey: "people.training.requirements", Data: d, Form: r.PostForm, Err: err})
}

func (s *Store) requirementEditPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.Requirement(r.Context(), web.ScopeOf(r), r.PathValue("requirementID"))
	if err != nil {
		return err
	}
	d, err := s.requirementsData(r)
	if err != nil {
		return err
	}
	d.Edit = q
	form := map[string][]string{"code": {q.Code}, "name": {q.Name}, "description": {q.Description}, "audience": {string(q.Audience)},
		"first_months": {strconv.Itoa(q.FirstMonths)}, "refresh_months": {strconv.Itoa(q.RefreshMonths)}, "functions": q.FunctionIDs}
	return web.Render(w, r, web.View{Name: "training_requirement_edit", TitleKey: "people.training.requirement_edit", Data: d, Form: form})
}

func (s *Store) requirementEditPost(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	q, err := s.Requirement(r.Context(), sc, r.PathValue("requirementID"))
	if err != nil {
		return err
	}
	in, err := requirementForm(r)
	if err == nil {
		err = s.UpdateRequirement(r.Context(), sc, q.ID, in)
	} else if isInput(err) {
		err = s.withFieldChecks(r, in, err)
	}
	if err != nil {
		return s.requirementFail(w, r, err, q)
	}
	return web.Redirect(w, r, "/mensen/training/eisen", "flash.people.training.requirement_saved")
}

func (s *Store) requirementDeletePost(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	q, err := s.Requirement(r.Context(), sc, r.PathValue("requirementID"))
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	// Deleting removes the attendance history too: the form asks for an
	// explicit confirmation.
	if r.PostForm.Get("confirm") != "1" {
		return s.requirementFail(w, r, apperr.FieldErr("confirm", "people.training.err.confirm_delete"), q)
	}
	if err := s.DeleteRequirement(r.Context(), sc, q.ID); err != nil {
		return err
	}
	return web.Redirect(w, r, "/mensen/training/eisen", "flash.people.training.requirement_deleted")
}

type sessionsData struct {
	Sessions     []*Session
	Requirements []*Requirement
}

func (s *Store) sessionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSessions(w, r, nil)
}

func (s *Store) renderSessions(w http.ResponseWriter, r *http.Request, err error) error {
	sc := web.ScopeOf(r)
	reqs, rerr := s.Requirements(r.Context(), sc)
	if rerr != nil {
		return rerr
	}
	xs, rerr := s.Sessions(r.Context(), sc)
	if rerr != nil {
		return rerr
	}
	return web.Render(w, r, web.View{Name: "training_sessions", TitleKey: "people.training.sessions", Data: sessionsData{Sessions: xs, Requirements: reqs}, Form: r.PostForm, Err: err})
}

func (s *Store) sessionCreatePost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	capacity := 0
	var err error
	if c := strings.TrimSpace(f.Get("capacity")); c != "" {
		if capacity, err = strconv.Atoi(c); err != nil {
			return s.renderSessions(w, r, apperr.FieldErr("capacity", "people.training.err.whole_number"))
		}
	}
	_, err = s.CreateSession(r.Context(), web.ScopeOf(r), SessionInput{RequirementID: f.Get("requirement"), Date: f.Get("date"), Location: f.Get("location"), Capacity: capacity})
	if err != nil {
		if !isInput(err) {
			return err
		}
		return s.renderSessions(w, r, err)
	}
	return web.Redirect(w, r, "/mensen/training/sessies", "flash.people.training.session_saved")
}

type personData struct {
	P            *PersonTraining
	Requirements []*Requirement
	Sessions     []*Session
	Kinds        []string
}

func (s *Store) personPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPerson(w, r, nil)
}

func (s *Store) renderPerson(w http.ResponseWriter, r *http.Request, ferr error) error {
	sc := web.ScopeOf(r)
	pt, err := s.Person(r.Context(), sc, r.PathValue("personID"))
	if err != nil {
		return err
	}
	d := personData{P: pt, Kinds: PersonKinds}
	if sc.Can(auth.PeopleManage) {
		if d.Requirements, err = s.Requirements(r.Context(), sc); err != nil {
			return err
		}
		if d.Sessions, err = s.Sessions(r.Context(), sc); err != nil {
			return err
		}
	}
	return web.Render(w, r, web.View{Name: "training_person", TitleKey: "people.training.person", Data: d, Form: r.PostForm, Err: ferr})
}

func (s *Store) attendancePost(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	// Another organisation's person is not found before anything else.
	if _, err := s.Person(r.Context(), sc, r.PathValue("personID")); err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	_, err := s.RecordAttendance(r.Context(), sc, AttendanceInput{EmployeeID: r.PathValue("personID"), RequirementID: f.Get("requirement"), Date: f.Get("date"), SessionID: f.Get("session")})
	if err != nil {
		if !isInput(err) {
			return err
		}
		return s.renderPerson(w, r, err)
	}
	return web.Redirect(w, r, "/mensen/training/personen/"+r.PathValue("personID"), "flash.people.training.attendance_saved")
}

func (s *Store) certificatePost(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	var emp string
	err := s.db.Read.QueryRowContext(r.Context(), `SELECT employee_id FROM training_attendance WHERE org_id = $1 AND id = $2`, sc.OrgID, r.PathValue("attendanceID")).Scan(&emp)
	if isNoRows(err) {
		return apperr.New(apperr.NotFound, "people.training.err.attendance_not_found")
	}
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	back := "/mensen/training/personen/" + emp
	if err := r.ParseMultipartForm(MaxCertificateBytes + 64<<10); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.TooLarge, "people.training.err.certificate_too_large", MaxCertificateBytes>>20)
		}
		return apperr.New(apperr.Invalid, "people.training.err.certificate_empty")
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	file, hdr, err := r.FormFile("certificate")
	if err != nil {
		r.SetPathValue("personID", emp)
		return s.renderPerson(w, r, apperr.FieldErr("certificate", "people.training.err.certificate_empty"))
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxCertificateBytes+1))
	if err != nil {
		return apperr.Wrap(err, "people.training.err.certificate_empty")
	}
	if _, err := s.AddCertificate(r.Context(), sc, r.PathValue("attendanceID"), hdr.Filename, data); err != nil {
		if !isInput(err) && !apperr.Is(err, apperr.TooLarge) {
			return err
		}
		r.SetPathValue("personID", emp)
		return s.renderPerson(w, r, err)
	}
	return web.Redirect(w, r, back, "flash.people.training.certificate_saved")
}

func (s *Store) certificateGet(w http.ResponseWriter, r *http.Request) error {
	c, data, err := s.OpenCertificate(r.Context(), web.ScopeOf(r), r.PathValue("certificateID"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", c.ContentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r > 0x7e {
			return '_'
		}
		return r
	}, c.Filename)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}

// importRow is one problem of an import file as the error table shows it.
func (s *Store) importPage(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, web.View{Name: "training_import", TitleKey: "people.training.import", Data: web.ImportData{}})
}

// importPost checks or imports an attendance file; the outcome is shown at
// once, nothing of the file is kept.
func (s *Store) importPost(w http.ResponseWriter, r *http.Request) error {
	return web.ServeImport(w, r, web.View{Name: "training_import", TitleKey: "people.training.import"}, importMaxBody,
		web.Importer(s.ImportAttendance), func(dryRun bool) any { return &ImportReport{DryRun: dryRun} })
}
