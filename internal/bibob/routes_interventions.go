package bibob

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/tabular"
	"github.com/weerbaar/weerbaar/internal/web"
)

// ivImportMaxBody is the body limit of an import: the file and a little
// room for the form.
const ivImportMaxBody = tabular.MaxBytes + 64<<10

// interventionRoutes are the interventions register, its year × type
// table and import, the page of a regional user's organisations and the
// Open Zaak link.
func (s *Store) interventionRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /bibob/interventies", Perm: auth.BibobRead, Handle: s.interventionsPage},
		{Pattern: "POST /bibob/interventies", Perm: auth.BibobInterventions, Handle: s.interventionsPost},
		{Pattern: "GET /bibob/interventies/overzicht", Perm: auth.BibobFigures, Handle: s.figuresPage},
		{Pattern: "GET /bibob/interventies/overzicht/export", Perm: auth.BibobFigures, Handle: s.figuresExport},
		{Pattern: "GET /bibob/interventies/import", Perm: auth.BibobInterventions, Handle: s.ivImportPage},
		{Pattern: "POST /bibob/interventies/import", Perm: auth.BibobInterventions, Handle: s.ivImportPost, MaxBody: ivImportMaxBody},
		{Pattern: "GET /bibob/interventies/{interventionID}", Perm: auth.BibobRead, Handle: s.interventionPage},
		{Pattern: "POST /bibob/interventies/{interventionID}", Perm: auth.BibobInterventions, Handle: s.interventionPost},
		{Pattern: "POST /bibob/interventies/{interventionID}/zaak", Perm: auth.BibobInterventions, Handle: s.interventionZaakPost},
		{Pattern: "GET /bibob/regio", Perm: auth.BibobRead, Handle: s.regionalPage},
		{Pattern: "GET /instellingen/bibob/open-zaak", Perm: auth.BibobSettings, Handle: s.zaakSettingsPage},
		{Pattern: "POST /instellingen/bibob/open-zaak", Perm: auth.BibobSettings, Handle: s.zaakSettingsPost},

		{Pattern: "GET /api/v1/interventies", Perm: auth.BibobRead, Handle: s.apiInterventions,
			Summary: "De bestuurlijke interventies van de organisatie, nieuwste eerst, zonder de versleutelde toelichting; filters soort en jaar, cursorpaginering"},
		{Pattern: "POST /api/v1/interventies", Perm: auth.BibobInterventions, Handle: s.apiAddIntervention,
			Summary: "Een bestuurlijke interventie registreren (Bibob-toets, LBB-advies, integrale controle, sluiting, last onder dwangsom, bestuursdwang, waarschuwing); de toelichting wordt versleuteld"},
		{Pattern: "GET /api/v1/interventies/overzicht", Perm: auth.BibobFigures, Handle: s.apiFigures,
			Summary: "Het aantal interventies per soort en per jaar (van, tot), met totalen; alleen aantallen"},
		{Pattern: "POST /api/v1/interventies/import", Perm: auth.BibobInterventions, Handle: s.apiImportInterventions, MaxBody: ivImportMaxBody,
			Summary: "Historische interventies importeren uit een CSV- (text/csv) of XLSX-bestand als body; ?proef=true (standaard) controleert alleen, ?proef=false legt vast. Fouten per rij in \"fouten\""},
		{Pattern: "GET /api/v1/interventies/{interventionID}", Perm: auth.BibobRead, Handle: s.apiIntervention,
			Summary: "Eén interventie met toelichting, wijzigingen en zaken; het inzien wordt gelogd"},
		{Pattern: "PUT /api/v1/interventies/{interventionID}", Perm: auth.BibobInterventions, Handle: s.apiUpdateIntervention,
			Summary: "Een interventie wijzigen; \"reden\" is verplicht en wordt met de gewijzigde velden bewaard"},
		{Pattern: "POST /api/v1/interventies/{interventionID}/zaak", Perm: auth.BibobInterventions, Handle: s.apiInterventionZaak,
			Summary: "De interventie als zaak registreren in Open Zaak (ZGW Zaken API), als de koppeling aan staat; geeft de URL van de zaak"},
	}
}

// interventionNav are the navigation entries of the register: the list
// for those who read Bibob work, the table for those who see counts only.
func (s *Store) interventionNav() []web.NavItem {
	return []web.NavItem{
		{Key: "nav.bibob_interventions", Path: "/bibob/interventies", Perm: auth.BibobRead, Order: 58, Group: "nav.group.bibob"},
		{Key: "nav.bibob_figures", Path: "/bibob/interventies/overzicht", Perm: auth.BibobFigures, Order: 59, Group: "nav.group.bibob"},
	}
}
