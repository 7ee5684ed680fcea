package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

var errNotFound = apperr.New(apperr.NotFound, "error.not_found")

// statusOf maps an application error kind to its HTTP status — the one
// place where that mapping lives.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	if _, ok := err.(apperr.List); ok {
		return http.StatusUnprocessableEntity
	}
	switch apperr.CodeOf(err) {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.TooMany:
		return http.StatusTooManyRequests
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	default:
		return http.StatusInternalServerError
	}
}

// keyOf returns the catalogue key that explains err to a user. Internal
// errors get the generic message only: their details go to the log.
func keyOf(err error, status int) *apperr.Error {
	switch status {
	case http.StatusRequestEntityTooLarge:
		if e := apperr.As(err); e.Code == apperr.TooLarge {
			return e
		}
		return apperr.New(apperr.TooLarge, "error.too_large")
	case http.StatusInternalServerError:
		return apperr.New(apperr.Internal, "error.internal")
	}
	if list, ok := err.(apperr.List); ok && len(list) > 0 {
		return list[0]
	}
	return apperr.As(err)
}

// fail renders err: a friendly Dutch page in the UI, problem+json in the
// API. Internal errors are logged with the request id, never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.deps.Logger.Error("request failed", "request_id", RequestID(r), "path", r.URL.Path, "error", err.Error())
	}
	e := keyOf(err, status)
	lang := LangOf(r)
	if api {
		writeProblem(w, r, status, lang, e, err)
		return
	}
	name := "error"
	if rerr := s.render(w, r, View{Name: name, TitleKey: titleFor(status), Status: status, Data: map[string]any{
		"Message": i18n.T(lang, e.Key, e.Args...), "Status": status,
	}}); rerr != nil {
		s.deps.Logger.Error("error page failed", "request_id", RequestID(r), "error", rerr.Error())
		http.Error(w, http.StatusText(status), status)
	}
}

func titleFor(status int) string {
	switch status {
	case http.StatusNotFound:
		return "error.title_not_found"
	case http.StatusForbidden:
		return "error.title_forbidden"
	case http.StatusUnauthorized:
		return "error.title_unauthenticated"
	case http.StatusInternalServerError:
		return "error.title_internal"
	default:
		return "error.title"
	}
}

// Problem is an RFC 9457 problem detail as the NLGov API Design Rules use it.
type Problem struct {
	Type          string         `json:"type"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty"`
	Instance      string         `json:"instance,omitempty"`
	Code          string         `json:"code"`
	InvalidParams []InvalidParam `json:"invalidParams,omitempty"`
}

// InvalidParam names one bad field of a request.
type InvalidParam struct {
	Name   string `json:"name"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, lang i18n.Lang, e *apperr.Error, err error) {
	p := Problem{
		Type:     "about:blank",
		Title:    i18n.T(lang, titleFor(status)),
		Status:   status,
		Detail:   i18n.T(lang, e.Key, e.Args...),
		Instance: "urn:weerbaar:request:" + RequestID(r),
		Code:     e.Key,
	}
	if list, ok := err.(apperr.List); ok {
		for _, fe := range list {
			p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: fe.Field, Code: fe.Key, Reason: i18n.T(lang, fe.Key, fe.Args...)})
		}
	} else if e.Field != "" {
		p.InvalidParams = []InvalidParam{{Name: e.Field, Code: e.Key, Reason: p.Detail}}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("API-Version", APIVersion)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p) //nolint:errchkjson // nothing to do if the client went away
}
