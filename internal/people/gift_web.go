package people

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// giftsData is the gift register with the form that registers a gift.
type giftsData struct {
	List      []Gift
	People    []Person
	Decisions []string
	Threshold string
}

func (s *Store) giftsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	list, err := s.Gifts(r.Context(), sc)
	if err != nil {
		return web.View{}, err
	}
	st, err := s.settings(r.Context(), s.db.Read, sc.OrgID)
	if err != nil {
		return web.View{}, err
	}
	people, err := s.personOptions(r)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"received_on": {s.todayISO()}}
	}
	return web.View{Name: "integrity_gifts", TitleKey: "integrity.gift.title", Form: form, Err: ferr,
		Data: giftsData{List: list, People: people, Decisions: GiftDecisions, Threshold: euros(st.GiftThresholdCents)}}, nil
}

func (s *Store) giftsPage(w http.ResponseWriter, r *http.Request) error {
	return show(s.giftsView)(w, r)
}

func (s *Store) giftsPost(w http.ResponseWriter, r *http.Request) error {
	return submit(w, r, s.giftsView, "/mensen/geschenken", func(f url.Values) error {
		cents, ok := parseEuros(f.Get("value"))
		if !ok {
			cents = -1 // AddGift names the field along with any other errors
		}
		_, err := s.AddGift(r.Context(), web.ScopeOf(r), GiftInput{EmployeeID: f.Get("employee"), Description: f.Get("description"),
			ReceivedOn: f.Get("received_on"), ValueCents: cents, Decision: f.Get("decision"), NeedToKnow: f.Get("need_to_know") == "1"})
		return err
	})
}

// giftData is one gift with its description, need-to-know list (HR) and
// the forms for the decision and for access.
type giftData struct {
	Gift      *Gift
	Base      string // the page's address, for the forms
	Grants    []auth.Grant
	Members   []Member
	Decisions []string
}

func (s *Store) giftView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	sc := web.ScopeOf(r)
	id := r.PathValue("giftID")
	g, err := s.Gift(r.Context(), sc, id)
	if err != nil {
		return web.View{}, err
	}
	grants, members, err := s.accessPanel(r, ObjGift, id, g.NeedToKnow)
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"decision": {g.Decision}}
	}
	return web.View{Name: "integrity_gift", TitleKey: "integrity.gift.detail_title", Form: form, Err: ferr,
		Data: giftData{Gift: g, Base: "/mensen/geschenken/" + id, Grants: grants, Members: members, Decisions: GiftDecisions}}, nil
}

func (s *Store) giftPage(w http.ResponseWriter, r *http.Request) error { return show(s.giftView)(w, r) }

func (s *Store) giftDecidePost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("giftID")
	return submit(w, r, s.giftView, "/mensen/geschenken/"+id, func(f url.Values) error {
		return s.DecideGift(r.Context(), web.ScopeOf(r), id, f.Get("decision"))
	})
}

func (s *Store) giftGrantPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("giftID")
	return submit(w, r, s.giftView, "/mensen/geschenken/"+id, func(f url.Values) error {
		return s.GrantRecord(r.Context(), web.ScopeOf(r), ObjGift, id, f.Get("access_user"), f.Get("reason"))
	})
}

func (s *Store) giftRevokePost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("giftID")
	return submit(w, r, s.giftView, "/mensen/geschenken/"+id, func(f url.Values) error {
		return s.RevokeRecord(r.Context(), web.ScopeOf(r), ObjGift, id, f.Get("access_user"))
	})
}
