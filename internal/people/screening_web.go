package people

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"

	"github.com/weerbaar/weerbaar/internal/web"
)

// screeningData is the (re)screening list with the form that records a
// screening.
type screeningData struct {
	List    []ScreeningStatus
	Due     int
	People  []Person
	Setting Settings
}

func (s *Store) screeningView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	list, err := s.ScreeningList(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	st, err := s.settings(r.Context(), s.db.Read, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	d := screeningData{List: list, Setting: st}
	for _, x := range list {
		if x.Due {
			d.Due++
		}
	}
	if d.People, err = s.personOptions(r); err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"kind": {VOG}, "screened_on": {s.todayISO()}}
	}
	return web.View{Name: "screening_list", TitleKey: "integrity.screening.title", Data: d, Form: form, Err: ferr}, nil
}

func (s *Store) screeningPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.screeningView)(w, r)
}

func (s *Store) screeningPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.screeningView, "/mensen/screening", func(f url.Values) error {
		_, err := s.AddScreening(r.Context(), web.ScopeOf(r), ScreeningInput{EmployeeID: f.Get("employee"), Kind: f.Get("kind"),
			ScreenedOn: f.Get("screened_on"), Note: f.Get("screening_note")})
		return err
	})
}

func (s *Store) functionsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	fns, err := s.FunctionLevels(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	return web.View{Name: "screening_functions", TitleKey: "integrity.functions.title", Data: fns, Form: form, Err: ferr}, nil
}

func (s *Store) functionsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.functionsView)(w, r)
}

func (s *Store) functionsPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.functionsView, "/mensen/screening/functies", func(f url.Values) error {
		return s.SetFunctionLevel(r.Context(), web.ScopeOf(r), f.Get("function"), f.Get("vog_level"))
	})
}

func (s *Store) oathView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	list, err := s.OathRegister(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	people, err := s.personOptions(r)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"form": {OathForm}, "taken_on": {s.todayISO()}}
	}
	return web.View{Name: "integrity_oath", TitleKey: "integrity.oath.title", Data: struct {
		List   []OathStatus
		People []Person
	}{list, people}, Form: form, Err: ferr}, nil
}

func (s *Store) oathPage(w http.ResponseWriter, r *http.Request) error { return show(s.oathView)(w, r) }

func (s *Store) oathPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.oathView, "/mensen/ambtseed", func(f url.Values) error {
		_, err := s.AddOath(r.Context(), web.ScopeOf(r), OathInput{EmployeeID: f.Get("employee"), TakenOn: f.Get("taken_on"), Form: f.Get("form")})
		return err
	})
}

func (s *Store) settingsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	if err := canManage(sc); err != nil {
		return web.View{}, err
	}
	st, err := s.settings(r.Context(), s.db.Read, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"rescreen_months": {strconv.Itoa(st.RescreenMonths)}, "gift_threshold": {euros(st.GiftThresholdCents)}}
		if st.IncludeCouncil {
			form.Set("include_council", "1")
		}
	}
	return web.View{Name: "integrity_settings", TitleKey: "integrity.settings.title", Data: st, Form: form, Err: ferr}, nil
}

func (s *Store) settingsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.settingsView)(w, r)
}

func (s *Store) settingsPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.settingsView, "/instellingen/mensen", func(f url.Values) error {
		months, okM := parseWhole(f.Get("rescreen_months"))
		cents, okC := parseEuros(f.Get("gift_threshold"))
		if !okM || !okC {
			var errs apperr.List
			if !okM {
				errs = append(errs, apperr.FieldErr("rescreen_months", "integrity.settings.months_invalid", maxRescreenMonths))
			}
			if !okC {
				errs = append(errs, apperr.FieldErr("gift_threshold", "integrity.settings.threshold_invalid"))
			}
			return errs
		}
		return s.SaveSettings(r.Context(), web.ScopeOf(r), Settings{RescreenMonths: months, GiftThresholdCents: cents, IncludeCouncil: f.Get("include_council") == "1"})
	})
}

// screeningHistoryPage shows one employee's screenings with their notes
// (HR); opening the notes is audited.
func (s *Store) screeningHistoryPage(w http.ResponseWriter, r *http.Request) error {
	p, list, err := s.Screenings(r.Context(), web.ScopeOf(r), r.PathValue("employeeID"))
	if err != nil {
		return err
	}
	return web.Render(w, r, web.View{Name: "screening_history", TitleKey: "integrity.screening.history", Data: struct {
		Person     Person
		Screenings []Screening
	}{p, list}})
}

func (s *Store) functionsDefaultsPost(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.ApplySuggestedLevels(r.Context(), web.ScopeOf(r)); err != nil {
		return err
	}
	return web.Redirect(w, r, "/mensen/screening/functies", integrityFlash)
}
