package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth/oidc"
	"github.com/weerbaar/weerbaar/internal/auth/totp"
)

// OIDC is the municipality's identity provider, when configured.
type OIDC interface {
	Begin() (authURL string, st oidc.State, err error)
	Finish(ctx context.Context, st oidc.State, gotState, code string) (*oidc.Identity, error)
	Grants(groups []string) []oidc.Grant
}

const oidcCookie = "__Host-weerbaar-oidc"

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if sc := ScopeOf(r); sc != nil && !sc.NeedsMFA() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	form := url.Values{"terug": {r.URL.Query().Get("terug")}}
	return Render(w, r, View{Name: "login", TitleKey: "login.title", Form: form, Data: s.deps.OIDC != nil})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	userID, err := s.deps.Auth.Authenticate(ctx, r.PostForm.Get("email"), r.PostForm.Get("password"))
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		form := url.Values{"email": {r.PostForm.Get("email")}, "terug": {r.PostForm.Get("terug")}}
		status := statusOf(err)
		return Render(w, r, View{Name: "login", TitleKey: "login.title", Form: form, Err: err, Status: status, Data: s.deps.OIDC != nil})
	}
	return s.startSession(w, r, userID, false, r.PostForm.Get("terug"))
}

// startSession replaces any old session with a new one and sends the user
// on: to the second factor when a role needs it, else to where they were
// going.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID string, mfa bool, back string) error {
	ctx := r.Context()
	if c, err := r.Cookie(SessionCookie); err == nil {
		s.deps.Auth.EndSession(ctx, c.Value) //nolint:errcheck // the old session is replaced either way
	}
	tok, err := s.deps.Auth.CreateSession(ctx, userID, "", mfa)
	if err != nil {
		return err
	}
	setSessionCookie(w, tok)
	sess, err := s.deps.Auth.LookupSession(ctx, tok)
	if err != nil {
		return err
	}
	sc, err := s.deps.Auth.ScopeFor(ctx, userID, sess.OrgID, mfa)
	if err != nil {
		return err
	}
	if sc.NeedsMFA() {
		enabled, err := s.deps.Auth.TOTPEnabled(ctx, userID)
		if err != nil {
			return err
		}
		next := "/inloggen/tweede-factor"
		if !enabled {
			next = "/tweede-factor/instellen"
		}
		if safeLocal(back) {
			next += "?terug=" + url.QueryEscape(back)
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	if !safeLocal(back) {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *Server) oidcBegin(w http.ResponseWriter, r *http.Request) error {
	if s.deps.OIDC == nil {
		return errNotFound
	}
	authURL, st, err := s.deps.OIDC.Begin()
	if err != nil {
		return err
	}
	b, _ := json.Marshal(st)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/",
		MaxAge: int((10 * time.Minute).Seconds()), Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, authURL, http.StatusFound)
	return nil
}

func (s *Server) oidcFinish(w http.ResponseWriter, r *http.Request) error {
	if s.deps.OIDC == nil {
		return errNotFound
	}
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return apperr.New(apperr.Unauthenticated, "login.oidc_failed")
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	var st oidc.State
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(b, &st) != nil {
		return apperr.New(apperr.Unauthenticated, "login.oidc_failed")
	}
	q := r.URL.Query()
	if q.Get("error") != "" {
		return apperr.New(apperr.Unauthenticated, "login.oidc_failed")
	}
	id, err := s.deps.OIDC.Finish(r.Context(), st, q.Get("state"), q.Get("code"))
	if err != nil {
		s.deps.Logger.Warn("oidc login failed", "request_id", RequestID(r), "error", err.Error())
		return apperr.New(apperr.Unauthenticated, "login.oidc_failed")
	}
	userID, err := s.deps.Auth.LoginOIDC(r.Context(), id, s.deps.OIDC.Grants(id.Groups))
	if err != nil {
		return err
	}
	return s.startSession(w, r, userID, id.MFA, "/")
}

type mfaData struct {
	Enrolment *enrolmentView
	DemoCode  string
}

type enrolmentView struct {
	Text string
	URI  string
}

func (s *Server) mfaForm(w http.ResponseWriter, r *http.Request) error {
	sc := ScopeOf(r)
	if !sc.NeedsMFA() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	form := url.Values{"terug": {r.URL.Query().Get("terug")}}
	return Render(w, r, View{Name: "mfa", TitleKey: "mfa.title", Form: form, Data: s.mfaData(r, nil)})
}

// mfaData prepares the second-factor pages. In demo mode only, the page
// also shows the current code, so that a newcomer can try every role
// without an authenticator app.
func (s *Server) mfaData(r *http.Request, secret []byte) mfaData {
	d := mfaData{}
	if !s.cfg.Demo {
		return d
	}
	if secret != nil {
		d.DemoCode = totp.Code(secret, s.deps.Clock.Now())
	} else if sess := SessionOf(r); sess != nil {
		d.DemoCode, _ = s.deps.Auth.CurrentTOTPCode(r.Context(), sess.UserID)
	}
	return d
}

func (s *Server) mfaVerify(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	sess := SessionOf(r)
	code := strings.ReplaceAll(r.PostForm.Get("code"), " ", "")
	if err := s.deps.Auth.VerifyTOTP(r.Context(), sess.UserID, code); err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		form := url.Values{"terug": {r.PostForm.Get("terug")}}
		return Render(w, r, View{Name: "mfa", TitleKey: "mfa.title", Form: form, Err: err, Status: statusOf(err), Data: s.mfaData(r, nil)})
	}
	return s.finishMFA(w, r, r.PostForm.Get("terug"))
}

func (s *Server) finishMFA(w http.ResponseWriter, r *http.Request, back string) error {
	tok, err := s.deps.Auth.CompleteMFA(r.Context(), SessionOf(r))
	if err != nil {
		return err
	}
	setSessionCookie(w, tok)
	if !safeLocal(back) {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *Server) mfaEnrolForm(w http.ResponseWriter, r *http.Request) error {
	sess := SessionOf(r)
	if sess.MFA {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
	enrolled, err := s.deps.Auth.TOTPEnabled(r.Context(), sess.UserID)
	if err != nil {
		return err
	}
	if enrolled {
		http.Redirect(w, r, "/inloggen/tweede-factor", http.StatusSeeOther)
		return nil
	}
	e, err := s.deps.Auth.PendingTOTP(r.Context(), sess.UserID, "Weerbaar")
	if apperr.Is(err, apperr.NotFound) {
		e, err = s.deps.Auth.BeginTOTP(r.Context(), sess.UserID, "Weerbaar")
	}
	if err != nil {
		return err
	}
	d := s.mfaData(r, e.Secret)
	d.Enrolment = &enrolmentView{Text: groupBy4(e.Text), URI: e.URI}
	form := url.Values{"terug": {r.URL.Query().Get("terug")}}
	return Render(w, r, View{Name: "mfa_enrol", TitleKey: "mfa.enrol_title", Form: form, Data: d})
}

func (s *Server) mfaEnrol(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	sess := SessionOf(r)
	code := strings.ReplaceAll(r.PostForm.Get("code"), " ", "")
	if err := s.deps.Auth.ConfirmTOTP(r.Context(), sess.UserID, code); err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			return err
		}
		e, perr := s.deps.Auth.PendingTOTP(r.Context(), sess.UserID, "Weerbaar")
		if perr != nil {
			return perr
		}
		d := s.mfaData(r, e.Secret)
		d.Enrolment = &enrolmentView{Text: groupBy4(e.Text), URI: e.URI}
		form := url.Values{"terug": {r.PostForm.Get("terug")}}
		return Render(w, r, View{Name: "mfa_enrol", TitleKey: "mfa.enrol_title", Form: form, Err: err, Status: statusOf(err), Data: d})
	}
	return s.finishMFA(w, r, r.PostForm.Get("terug"))
}

func groupBy4(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := s.deps.Auth.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	clearSessionCookie(w)
	return Redirect(w, r, "/inloggen", "flash.logged_out")
}
