package web

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

type usersData struct {
	Users []auth.User
	Roles []auth.Role
}

func (s *Server) usersView(r *http.Request, form url.Values, err error) (View, error) {
	users, uerr := s.deps.Auth.Users(r.Context(), ScopeOf(r))
	if uerr != nil {
		return View{}, uerr
	}
	return View{Name: "users", TitleKey: "users.title", Form: form, Err: err, Data: usersData{Users: users, Roles: auth.Roles}}, nil
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	v, err := s.usersView(r, nil, nil)
	if err != nil {
		return err
	}
	return Render(w, r, v)
}

func formRoles(f url.Values) []auth.Role {
	var roles []auth.Role
	for _, v := range f["role"] {
		roles = append(roles, auth.Role(v))
	}
	return roles
}

// IsInputError reports whether err is about the user's input (field errors,
// a list of them, or a state conflict), so that the handler shows the form
// again with the problems next to the fields; any other error is ours and
// goes to the error page.
func IsInputError(err error) bool {
	if _, isList := err.(apperr.List); isList {
		return true
	}
	c := apperr.CodeOf(err)
	return c == apperr.Invalid || c == apperr.Conflict
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	u, err := s.deps.Auth.CreateUser(r.Context(), ScopeOf(r), auth.NewUser{
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Password: r.PostForm.Get("password"), Roles: formRoles(r.PostForm),
	})
	if err != nil {
		if !IsInputError(err) {
			return err
		}
		form := r.PostForm
		form.Del("password")
		v, verr := s.usersView(r, form, err)
		if verr != nil {
			return verr
		}
		return Render(w, r, v)
	}
	return Redirect(w, r, "/beheer/gebruikers/"+u.ID, "flash.user_created")
}

type userData struct {
	User  *auth.User
	Roles []auth.Role
	Self  bool
}

func (s *Server) userView(r *http.Request, err error) (View, error) {
	sc := ScopeOf(r)
	u, uerr := s.deps.Auth.User(r.Context(), sc, r.PathValue("userID"))
	if uerr != nil {
		return View{}, uerr
	}
	return View{Name: "user", TitleKey: "user.title", Err: err, Data: userData{User: u, Roles: auth.Roles, Self: u.ID == sc.UserID}}, nil
}

func (s *Server) user(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.deps.Auth.ViewUser(r.Context(), ScopeOf(r), r.PathValue("userID")); err != nil {
		return err
	}
	v, err := s.userView(r, nil)
	if err != nil {
		return err
	}
	return Render(w, r, v)
}

// userAction runs an administrative change on one user and re-shows the
// user page with the problem, or redirects with a confirmation.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, flash string, fn func(sc *auth.Scope, id string) error) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	id := r.PathValue("userID")
	if err := fn(ScopeOf(r), id); err != nil {
		if !IsInputError(err) {
			return err
		}
		v, verr := s.userView(r, err)
		if verr != nil {
			return verr
		}
		return Render(w, r, v)
	}
	return Redirect(w, r, "/beheer/gebruikers/"+id, flash)
}

func (s *Server) setRoles(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "flash.roles_saved", func(sc *auth.Scope, id string) error {
		return s.deps.Auth.SetRoles(r.Context(), sc, id, formRoles(r.PostForm))
	})
}

func (s *Server) setUserStatus(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "flash.user_status_saved", func(sc *auth.Scope, id string) error {
		return s.deps.Auth.SetDisabled(r.Context(), sc, id, r.PostForm.Get("disabled") == "1")
	})
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "flash.password_reset", func(sc *auth.Scope, id string) error {
		return s.deps.Auth.ResetPassword(r.Context(), sc, id, r.PostForm.Get("password"))
	})
}

func (s *Server) resetMFA(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "flash.mfa_reset", func(sc *auth.Scope, id string) error {
		return s.deps.Auth.ResetTOTP(r.Context(), sc, id)
	})
}

type delegationsData struct {
	Delegations  []auth.Delegation
	Capabilities []string
}

func (s *Server) delegationsView(r *http.Request, form url.Values, err error) (View, error) {
	ds, derr := s.deps.Auth.Delegations(r.Context(), ScopeOf(r))
	if derr != nil {
		return View{}, derr
	}
	return View{Name: "delegations", TitleKey: "delegations.title", Form: form, Err: err,
		Data: delegationsData{Delegations: ds, Capabilities: auth.Delegable}}, nil
}

func (s *Server) delegations(w http.ResponseWriter, r *http.Request) error {
	v, err := s.delegationsView(r, nil, nil)
	if err != nil {
		return err
	}
	return Render(w, r, v)
}

func (s *Server) delegate(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	_, err := s.deps.Auth.Delegate(r.Context(), ScopeOf(r), f.Get("email"), f.Get("capability"), f.Get("valid_until"), f.Get("reason"))
	if err != nil {
		if !IsInputError(err) {
			return err
		}
		v, verr := s.delegationsView(r, f, err)
		if verr != nil {
			return verr
		}
		return Render(w, r, v)
	}
	return Redirect(w, r, "/beheer/delegaties", "flash.delegation_created")
}

func (s *Server) revokeDelegation(w http.ResponseWriter, r *http.Request) error {
	if err := s.deps.Auth.RevokeDelegation(r.Context(), ScopeOf(r), r.PathValue("delegationID")); err != nil {
		return err
	}
	return Redirect(w, r, "/beheer/delegaties", "flash.delegation_revoked")
}
