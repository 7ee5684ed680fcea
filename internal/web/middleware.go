package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// SessionCookie is the session cookie's name. The __Host- prefix makes the
// browser insist on Secure, Path=/ and no Domain, so no sibling host can set
// or read it.
const SessionCookie = "__Host-weerbaar"

// middleware wraps the mux in the stack that every request passes, in this
// order: request id, panic recovery, access log, security headers,
// cross-origin protection, language, authentication. Permission checks,
// rate limits and body limits are per route (guard).
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), apperr.New(apperr.Forbidden, "error.cross_origin"))
	}))
	h := s.authenticate(next)
	h = s.language(h)
	h = cop.Handler(h)
	h = s.securityHeaders(h)
	h = s.accessLog(h)
	h = s.recoverer(h)
	return s.requestID(h)
}

func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		r = with(r, requestIDKey, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), rendererKey{}, s)))
	})
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.deps.Logger.Error("panic", "request_id", RequestID(r), "panic", v, "stack", string(debug.Stack()))
				s.fail(w, r, strings.HasPrefix(r.URL.Path, "/api/"), errors.New("panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog writes one structured line per request: method, route path
// without the query string (which could hold a receipt code or search
// terms), status, size and duration. Never bodies, never cookies.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			return
		}
		s.deps.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", RequestID(r)),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

// csp allows only our own scripts, styles and images: no inline script, no
// framing, forms only to ourselves.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(s.cfg.BaseURL, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if hsts || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages about cases must not linger in a shared computer's cache.
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := i18n.NL
		if c, err := r.Cookie("lang"); err == nil {
			lang = i18n.Parse(c.Value)
		}
		next.ServeHTTP(w, with(r, langKey, lang))
	})
}

// authenticate attaches the scope of a session cookie (UI) or a bearer token
// (API). An invalid credential leaves the request anonymous; the route's
// guard decides what that means.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
				if sc, err := s.deps.Auth.ScopeForToken(ctx, strings.TrimSpace(tok)); err == nil {
					sc.RequestID = RequestID(r)
					r = with(r, scopeKey, sc)
				}
			}
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil {
			sess, sc, err := s.deps.Auth.SessionScope(ctx, c.Value)
			if err == nil {
				sc.RequestID = RequestID(r)
				r = with(with(r, sessionKey, sess), scopeKey, sc)
			} else if apperr.CodeOf(err) != apperr.Internal {
				clearSessionCookie(w)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// guard enforces one route's permission, rate limit and body limit before
// its handler runs. Deny by default: only the declared permission opens it.
func (s *Server) guard(rt Route) http.Handler {
	api := rt.IsAPI()
	maxBody := rt.MaxBody
	if maxBody == 0 {
		maxBody = s.cfg.MaxBody
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc := ScopeOf(r)
		switch {
		case rt.Perm == auth.Public:
		case sc == nil:
			if !api && r.Method == http.MethodGet {
				http.Redirect(w, r, "/inloggen?terug="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, api, apperr.New(apperr.Unauthenticated, "error.unauthenticated"))
			return
		case rt.Perm == auth.SignedInPartial:
		case sc.NeedsMFA():
			if !api && r.Method == http.MethodGet {
				http.Redirect(w, r, "/inloggen/tweede-factor", http.StatusSeeOther)
				return
			}
			s.fail(w, r, api, apperr.New(apperr.Forbidden, "error.mfa_required"))
			return
		case !sc.Can(rt.Perm):
			s.fail(w, r, api, apperr.New(apperr.Forbidden, "error.forbidden"))
			return
		}
		if rt.Limited && !s.limiter.allow(rt.LimitGroup+"|"+clientIP(r, s.cfg.TrustedProxy), max(rt.LimitScale, 1)*s.cfg.LoginRate) {
			w.Header().Set("Retry-After", "60")
			s.fail(w, r, api, apperr.New(apperr.TooMany, "error.rate_limited"))
			return
		}
		if sc != nil && sc.Delegated != nil {
			// Every request of a user working under delegation is a
			// cross-organisation access, recorded in the lending
			// organisation's audit log before anything is served.
			if err := s.deps.Audit.RecordTx(r.Context(), audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
				Action: "delegation.access", ObjectType: "route", Purpose: rt.Pattern, Result: "ok", RequestID: RequestID(r)}); err != nil {
				s.fail(w, r, api, err)
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := rt.Handle(w, r); err != nil {
			s.fail(w, r, api, err)
		}
	})
}

// clientIP returns the client's address: the connection's peer, or the
// last hop of X-Forwarded-For when the peer is the trusted proxy. It is used
// for rate limits only and never stored.
func clientIP(r *http.Request, trusted string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if trusted != "" && host == trusted {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	return host
}

func setSessionCookie(w http.ResponseWriter, tok string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: tok, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
