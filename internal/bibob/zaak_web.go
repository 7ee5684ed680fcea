package bibob

import (
	"net/http"
	"net/url"

	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) zaakSettingsView(r *http.Request, form url.Values, ferr error) (web.View, error) {
	z, err := s.ZaakSettingsOf(r.Context(), web.ScopeOf(r))
	if err != nil {
		return web.View{}, err
	}
	if form == nil {
		form = url.Values{"base_url": {z.BaseURL}, "zaaktype_url": {z.ZaaktypeURL}, "client_id": {z.ClientID}, "rsin": {z.RSIN}}
		if z.Enabled {
			form.Set("enabled", "1")
		}
	}
	return web.View{Name: "zaak_settings", TitleKey: "bibob.zaak.title", Form: form, Err: ferr, Data: z}, nil
}

func (s *Store) zaakSettingsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.zaakSettingsView(r, nil, nil)
	if err != nil {
		return err
	}
	return web.Render(w, r, v)
}

func (s *Store) zaakSettingsPost(w http.ResponseWriter, r *http.Request) error {
	return ivSubmit(w, r, s.zaakSettingsView, func(f url.Values) (string, error) {
		return "/instellingen/bibob/open-zaak", s.SaveZaakSettings(r.Context(), web.ScopeOf(r), ZaakSettingsInput{Enabled: f.Get("enabled") == "1",
			BaseURL: f.Get("base_url"), ZaaktypeURL: f.Get("zaaktype_url"), ClientID: f.Get("client_id"), RSIN: f.Get("rsin"), Secret: f.Get("secret")})
	})
}
