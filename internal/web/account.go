package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
)

type accountData struct {
	Tokens    []auth.Token
	Scopes    []auth.Permission
	NewSecret string
}

func (s *Server) accountView(r *http.Request, form url.Values, err error, secret string, status int) (View, error) {
	sc := ScopeOf(r)
	toks, terr := s.deps.Auth.Tokens(r.Context(), sc)
	if terr != nil {
		return View{}, terr
	}
	return View{Name: "account", TitleKey: "account.title", Form: form, Err: err, Status: status,
		Data: accountData{Tokens: toks, Scopes: auth.ScopesOf(sc), NewSecret: secret}}, nil
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	v, err := s.accountView(r, nil, nil, "", 0)
	if err != nil {
		return err
	}
	return Render(w, r, v)
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.deps.Auth.EndAllSessions(r.Context(), ScopeOf(r)); err != nil {
		return err
	}
	clearSessionCookie(w)
	return Redirect(w, r, "/inloggen", "flash.logged_out_everywhere")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	var scopes []auth.Permission
	for _, p := range r.PostForm["scope"] {
		scopes = append(scopes, auth.Permission(p))
	}
	days, err := strconv.Atoi(r.PostForm.Get("days"))
	if err != nil {
		days = -1
	}
	secret, _, err := s.deps.Auth.CreateToken(r.Context(), ScopeOf(r), r.PostForm.Get("name"), scopes, time.Duration(days)*24*time.Hour)
	if err != nil {
		if !IsInputError(err) {
			return err
		}
	}
	status := 0
	if err != nil {
		status = statusOf(err)
	}
	v, verr := s.accountView(r, r.PostForm, err, secret, status)
	if verr != nil {
		return verr
	}
	// The secret is shown on this one response only, never in a URL.
	return Render(w, r, v)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.deps.Auth.RevokeToken(r.Context(), ScopeOf(r), r.PathValue("tokenID")); err != nil {
		return err
	}
	return Redirect(w, r, "/account", "flash.token_revoked")
}

func (s *Server) switchOrg(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	sess := SessionOf(r)
	if err := s.deps.Auth.SwitchOrganisation(r.Context(), sess, r.PostForm.Get("org")); err != nil {
		return err
	}
	// Land on the first page the user may open in the new organisation: a
	// regional user with only the action list lent has no dashboard there.
	to := "/"
	if sc, err := s.deps.Auth.ScopeFor(r.Context(), sess.UserID, sess.OrgID, sess.MFA); err == nil && !sc.NeedsMFA() {
		for _, n := range s.nav {
			if sc.Can(n.Perm) {
				to = n.Path
				break
			}
		}
	}
	return Redirect(w, r, to, "flash.org_switched")
}
