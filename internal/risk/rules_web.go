package risk

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// rulesData is the conflict rules page: the rules and the form for an own
// rule.
type rulesData struct {
	Rules  []Rule
	Stored bool
	Risks  []Option
}

func riskOptions(lang i18n.Lang) []Option {
	var out []Option
	for _, r := range duty.Risks {
		out = append(out, Option{ID: string(r), Label: r.Label(lang)})
	}
	return out
}

func (s *Store) rulesView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	rules, stored, err := s.Rules(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"risk": {string(duty.Medium)}}
	}
	return web.View{Name: "rules", TitleKey: "risk.rules.title", Form: form, Err: ferr,
		Data: rulesData{Rules: rules, Stored: stored, Risks: riskOptions(web.LangOf(r))}}, nil
}

func (s *Store) rulesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.rulesView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func ruleInput(f url.Values) RuleInput {
	return RuleInput{CodeA: f.Get("code_a"), CodeB: f.Get("code_b"), SameObject: f.Get("same_object") == "1",
		Risk: duty.Risk(f.Get("risk")), Name: f.Get("name"), Rationale: f.Get("rationale"), Active: f.Get("active") == "1"}
}

func (s *Store) ruleAddPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if _, err := s.AddRule(r.Context(), web.ScopeOf(r), ruleInput(r.PostForm)); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.rulesView(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/conflictregels", "flash.rule_saved")
}

// ruleEditData is the form that changes one rule.
type ruleEditData struct {
	Rule  *Rule
	Risks []Option
}

func (s *Store) ruleEditView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	rule, err := s.Rule(r.Context(), web.ScopeOf(r), r.PathValue("ruleKey"))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"code_a": {rule.CodeA}, "code_b": {rule.CodeB}, "risk": {string(rule.Risk)},
			"name": {rule.Name}, "rationale": {rule.Rationale}}
		if rule.SameObject {
			form.Set("same_object", "1")
		}
		if rule.Active {
			form.Set("active", "1")
		}
	}
	return web.View{Name: "rules_edit", TitleKey: "risk.rules.edit_title", Form: form, Err: ferr,
		Data: ruleEditData{Rule: rule, Risks: riskOptions(web.LangOf(r))}}, nil
}

func (s *Store) ruleEditPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.ruleEditView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) ruleEditPost(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if _, err := s.UpdateRule(r.Context(), web.ScopeOf(r), r.PathValue("ruleKey"), ruleInput(r.PostForm)); err != nil {
		if !web.IsInputError(err) {
			return err
		}
		v, verr := s.ruleEditView(r, r.PostForm, err)
		if verr != nil {
			return verr
		}
		return web.Render(w, r, v)
	}
	return web.Redirect(w, r, "/conflictregels", "flash.rule_saved")
}
