package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/clock"
)

// auditFilter reads the viewer's filter fields. Dates are calendar days in
// Amsterdam; "tot" includes its whole day.
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{OrgID: ScopeOf(r).OrgID, Action: q.Get("actie"), ObjectType: q.Get("objecttype"), Cursor: q.Get("cursor")}
	var errs apperr.List
	if v := q.Get("van"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, clock.Amsterdam)
		if err != nil {
			errs = append(errs, apperr.FieldErr("van", "field.date_invalid"))
		}
		f.From = t
	}
	if v := q.Get("tot"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, clock.Amsterdam)
		if err != nil {
			errs = append(errs, apperr.FieldErr("tot", "field.date_invalid"))
		}
		f.To = t.AddDate(0, 0, 1)
	}
	return f, errs.Err()
}

type auditData struct {
	Entries []auditRow
	Next    string
}

type auditRow struct {
	audit.Entry
	Label       string
	ResultLabel string
}

func (s *Server) auditView(w http.ResponseWriter, r *http.Request) error {
	f, ferr := auditFilter(r)
	form := url.Values(r.URL.Query())
	if ferr != nil {
		return Render(w, r, View{Name: "audit", TitleKey: "audit.title", Form: form, Err: ferr, Data: auditData{}})
	}
	entries, next, err := s.deps.Audit.List(r.Context(), f)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			return Render(w, r, View{Name: "audit", TitleKey: "audit.title", Form: form, Err: err, Data: auditData{}})
		}
		return err
	}
	if err := s.recordRead(r, "audit.view", "audit_log", ""); err != nil {
		return err
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		rows[i] = auditRow{Entry: e, Label: audit.ActionLabel(LangOf(r), e.Action), ResultLabel: audit.ResultLabel(LangOf(r), e.Result)}
	}
	nextURL := ""
	if next != "" {
		q := r.URL.Query()
		q.Set("cursor", next)
		nextURL = "/audit?" + q.Encode()
	}
	return Render(w, r, View{Name: "audit", TitleKey: "audit.title", Form: form, Data: auditData{Entries: rows, Next: nextURL}})
}

func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	f.Cursor = ""
	format := r.URL.Query().Get("formaat")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "json" {
		return apperr.FieldErr("formaat", "audit.format_invalid")
	}
	if err := s.recordRead(r, "audit.export", "audit_log", ""); err != nil {
		return err
	}
	ext, ctype := "csv", "text/csv; charset=utf-8"
	if format == "json" {
		ext, ctype = "jsonl", "application/x-ndjson"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-%s-%s.%s"`, ScopeOf(r).OrgSlug, s.deps.Clock.Now().Format("20060102"), ext))
	return s.deps.Audit.Export(r.Context(), w, format, f)
}

// recordRead writes an audit entry for a read by the request's scope.
func (s *Server) recordRead(r *http.Request, action, objType, objID string) error {
	sc := ScopeOf(r)
	return s.deps.Audit.RecordTx(r.Context(), audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: objID, Result: "ok", RequestID: RequestID(r)})
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	if f.Limit, err = Limit(r); err != nil {
		return err
	}
	entries, next, err := s.deps.Audit.List(r.Context(), f)
	if err != nil {
		return err
	}
	if err := s.recordRead(r, "audit.view", "audit_log", ""); err != nil {
		return err
	}
	return WritePage(w, r, entries, next)
}
