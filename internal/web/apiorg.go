package web

import (
	"net/http"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
)

type apiOrganisation struct {
	ID     string   `json:"id"`
	Code   string   `json:"code"`
	Naam   string   `json:"naam"`
	Rollen []string `json:"rollen"`
}

func (s *Server) apiOrganisation(w http.ResponseWriter, r *http.Request) error {
	sc := ScopeOf(r)
	roles := make([]string, len(sc.Roles))
	for i, ro := range sc.Roles {
		roles[i] = string(ro)
	}
	return JSON(w, http.StatusOK, apiOrganisation{ID: sc.OrgID, Code: sc.OrgSlug, Naam: sc.OrgName, Rollen: roles})
}

type apiUser struct {
	ID            string    `json:"id"`
	Email         string    `json:"email"`
	Naam          string    `json:"naam"`
	Rollen        []string  `json:"rollen"`
	TweedeFactor  bool      `json:"tweedeFactor"`
	Uitgeschakeld bool      `json:"uitgeschakeld"`
	AangemaaktOp  time.Time `json:"aangemaaktOp"`
}

// apiUsers lists the organisation's users. The list of one organisation is
// small (hundreds), so pages are cut from the sorted list by position; the
// cursor is the id of the last user returned.
func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	limit, err := Limit(r)
	if err != nil {
		return err
	}
	users, err := s.deps.Auth.Users(r.Context(), ScopeOf(r))
	if err != nil {
		return err
	}
	start := 0
	if c := r.URL.Query().Get("cursor"); c != "" {
		start = len(users)
		for i, u := range users {
			if u.ID == c {
				start = i + 1
				break
			}
		}
	}
	var out []apiUser
	next := ""
	for i := start; i < len(users) && len(out) < limit; i++ {
		out = append(out, toAPIUser(users[i]))
		if len(out) == limit && i+1 < len(users) {
			next = users[i].ID
		}
	}
	return WritePage(w, r, out, next)
}

func toAPIUser(u auth.User) apiUser {
	roles := make([]string, len(u.Roles))
	for i, ro := range u.Roles {
		roles[i] = string(ro)
	}
	return apiUser{ID: u.ID, Email: u.Email, Naam: u.Name, Rollen: roles, TweedeFactor: u.TOTPEnabled, Uitgeschakeld: u.Disabled, AangemaaktOp: u.CreatedAt}
}
