package web

import (
	"context"
	"net/http"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

type ctxKey int

const (
	scopeKey ctxKey = iota
	sessionKey
	requestIDKey
	langKey
)

// ScopeOf returns the acting scope of a request, or nil for an anonymous one.
func ScopeOf(r *http.Request) *auth.Scope {
	sc, _ := r.Context().Value(scopeKey).(*auth.Scope)
	return sc
}

// SessionOf returns the browser session of a request, if any.
func SessionOf(r *http.Request) *auth.Session {
	s, _ := r.Context().Value(sessionKey).(*auth.Session)
	return s
}

// RequestID returns the request's id, which also appears in the logs, the
// audit entries and on error pages.
func RequestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// LangOf returns the catalogue language of a request.
func LangOf(r *http.Request) i18n.Lang {
	l, ok := r.Context().Value(langKey).(i18n.Lang)
	if !ok {
		return i18n.NL
	}
	return l
}

func with(r *http.Request, k ctxKey, v any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), k, v))
}
