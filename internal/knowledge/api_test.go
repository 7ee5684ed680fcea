package knowledge_test

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

type cardPage struct {
	Items []apiCard `json:"resultaten"`
	Next  string    `json:"volgende"`
}

func TestCardsAPI(t *testing.T) {
	o := newOffice(t)
	h := o.h
	shipped := knowledge.Shipped()

	t.Run("list of the shipped cards", func(t *testing.T) {
		res := h.API(o.coordToken, http.MethodGet, "/api/v1/kenniskaarten", nil)
		wantStatus(t, "list", res, http.StatusOK)
		if v := res.Header().Get("API-Version"); v == "" {
			t.Error("no API-Version header")
		}
		page := apptest.Decode[cardPage](t, res)
		if len(page.Items) != len(shipped) || page.Next != "" {
			t.Fatalf("%d cards, next %q", len(page.Items), page.Next)
		}
		for i, c := range page.Items {
			s := shipped[i]
			if c.Code != s.Code || c.Titel != s.Title || c.Uitleg != s.Summary || !reflect.DeepEqual(c.Signalen, s.Signals) ||
				!reflect.DeepEqual(c.WatKanErMisgaan, s.Risks) || !reflect.DeepEqual(c.WatDoetU, s.Steps) ||
				!reflect.DeepEqual(c.WieBeltU, s.Contacts) || c.EigenTekst || c.GewijzigdOp != "" {
				t.Errorf("card %d: %+v", i, c)
			}
		}
	})

	h.Clock.Advance(time.Hour)
	if _, err := knowledge.NewStore(h.App.DB, h.Clock, h.App.Audit).Save(h.Ctx, h.Scope(o.org, o.coord), "beheer-brp",
		knowledge.Edit{Title: "BRP in Voorbeeldstad", Signals: []string{"Tien mensen op één kamer"}, ContactLine: "Bel 14 0123"}); err != nil {
		t.Fatal(err)
	}

	t.Run("one card, the organisation's own", func(t *testing.T) {
		res := h.API(o.coordToken, http.MethodGet, "/api/v1/kenniskaarten/beheer-brp", nil)
		wantStatus(t, "get", res, http.StatusOK)
		c := apptest.Decode[apiCard](t, res)
		if c.Titel != "BRP in Voorbeeldstad" || !reflect.DeepEqual(c.Signalen, []string{"Tien mensen op één kamer"}) ||
			c.WatDoetU == nil || len(c.WatDoetU) != 0 || c.Contactgegevens != "Bel 14 0123" || !c.EigenTekst {
			t.Errorf("card %+v", c)
		}
		if c.GewijzigdOp != "2026-03-02T09:00:00Z" {
			t.Errorf("changed at %q, want RFC 3339 UTC", c.GewijzigdOp)
		}
		list := apptest.Decode[cardPage](t, h.API(o.coordToken, http.MethodGet, "/api/v1/kenniskaarten", nil))
		if list.Items[6].Titel != "BRP in Voorbeeldstad" || !list.Items[6].EigenTekst {
			t.Errorf("list shows %+v", list.Items[6])
		}
	})

	t.Run("another organisation gets the shipped card", func(t *testing.T) {
		c := apptest.Decode[apiCard](t, h.API(o.nToken, http.MethodGet, "/api/v1/kenniskaarten/beheer-brp", nil))
		if c.Titel != shipped[6].Title || c.EigenTekst || c.Contactgegevens != "" {
			t.Errorf("neighbour reads %+v", c)
		}
	})

	t.Run("every role reads, including the auditor", func(t *testing.T) {
		auditor := h.User(o.org, "griffier", auth.Auditor)
		res := h.API(h.Token(o.org, auditor), http.MethodGet, "/api/v1/kenniskaarten/subsidies", nil)
		wantStatus(t, "auditor", res, http.StatusOK)
		// A token without the permission is refused.
		res = h.API(h.Token(o.org, o.coord, auth.OrgRead), http.MethodGet, "/api/v1/kenniskaarten", nil)
		wantStatus(t, "narrow token", res, http.StatusForbidden)
	})

	t.Run("unknown process", func(t *testing.T) {
		res := h.API(o.coordToken, http.MethodGet, "/api/v1/kenniskaarten/onbekend", nil)
		wantStatus(t, "unknown", res, http.StatusNotFound)
		if ct := res.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("content type %q", ct)
		}
		p := apptest.Decode[struct {
			Code   string `json:"code"`
			Detail string `json:"detail"`
		}](t, res)
		if p.Code != "card.not_found" || p.Detail != "Deze kenniskaart bestaat niet. Kies een kaart uit de lijst met kenniskaarten." {
			t.Errorf("problem %+v", p)
		}
	})
}
