package bibob

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/tabular"
	"github.com/weerbaar/weerbaar/internal/web"
)

// importMaxBody is the body limit of an import: the file and a little form.
const importMaxBody = tabular.MaxBytes + 64<<10

// routes are the applications, the policy, the screenings and the splitting
// flags.
func (s *Store) routes() []web.Route {
	return []web.Route{
		{Pattern: "GET /bibob", Perm: auth.BibobRead, Handle: s.homePage},
		{Pattern: "GET /bibob/beleid", Perm: auth.BibobRead, Handle: s.policyPage},
		{Pattern: "POST /bibob/beleid", Perm: auth.BibobSettings, Handle: s.policyPost},
		{Pattern: "GET /bibob/aanvragen", Perm: auth.BibobRead, Handle: s.applicationsPage},
		{Pattern: "POST /bibob/aanvragen", Perm: auth.BibobScreen, Handle: s.applicationsPost},
		{Pattern: "GET /bibob/aanvragen/export", Perm: auth.BibobRead, Handle: s.applicationsExport},
		{Pattern: "GET /bibob/aanvragen/import", Perm: auth.BibobScreen, Handle: s.importPage},
		{Pattern: "POST /bibob/aanvragen/import", Perm: auth.BibobScreen, Handle: s.importPost, MaxBody: importMaxBody},
		{Pattern: "GET /bibob/aanvragen/{applicationID}", Perm: auth.BibobRead, Handle: s.applicationPage},
		{Pattern: "POST /bibob/aanvragen/{applicationID}/screening", Perm: auth.BibobScreen, Handle: s.startPost},
		{Pattern: "GET /bibob/screenings", Perm: auth.BibobRead, Handle: s.screeningsPage},
		{Pattern: "GET /bibob/screenings/{screeningID}", Perm: auth.BibobRead, Handle: s.screeningPage},
		{Pattern: "POST /bibob/screenings/{screeningID}/onderzoek", Perm: auth.BibobScreen, Handle: s.researchPost},
		{Pattern: "POST /bibob/screenings/{screeningID}/lbb", Perm: auth.BibobScreen, Handle: s.lbbPost},
		{Pattern: "POST /bibob/screenings/{screeningID}/besluit", Perm: auth.BibobDecide, Handle: s.decidePost},
		{Pattern: "POST /bibob/screenings/{screeningID}/toegang", Perm: auth.BibobRead, Handle: s.grantPost},
		{Pattern: "POST /bibob/screenings/{screeningID}/toegang/intrekken", Perm: auth.BibobRead, Handle: s.revokePost},
		{Pattern: "POST /bibob/screenings/{screeningID}/zaak", Perm: auth.BibobScreen, Handle: s.screeningZaakPost},
		{Pattern: "GET /bibob/splitsing", Perm: auth.BibobRead, Handle: s.splitsPage},
		{Pattern: "GET /bibob/splitsing/export", Perm: auth.BibobRead, Handle: s.splitsExport},
		{Pattern: "GET /bibob/termijnen", Perm: auth.BibobRead, Handle: s.termsPage},
		{Pattern: "GET /bibob/functiescheiding", Perm: auth.BibobRead, Handle: s.dutiesPage},

		{Pattern: "GET /api/v1/bibob-beleid", Perm: auth.BibobRead, Handle: s.apiPolicy,
			Summary: "Het Bibob-beleid van de organisatie: soorten aanvragen in scope, drempelbedragen (ook in risicogebieden), venster voor opknippen, tranche en datum, met de waarschuwing als het beleid ouder is dan de laatste wetswijziging"},
		{Pattern: "PUT /api/v1/bibob-beleid", Perm: auth.BibobSettings, Handle: s.apiSavePolicy,
			Summary: "Het Bibob-beleid vervangen (alle velden verplicht; bedragen in euro); de vorige versie blijft in de geschiedenis"},
		{Pattern: "GET /api/v1/bibob-aanvragen", Perm: auth.BibobRead, Handle: s.apiApplications,
			Summary: "De aanvragen op zaaknummer, elk met of ze onder het Bibob-beleid vallen; ?onder_beleid=true voor alleen die; cursorpaginering met ?cursor= en ?limit="},
		{Pattern: "POST /api/v1/bibob-aanvragen", Perm: auth.BibobScreen, Handle: s.apiAddApplication,
			Summary: "Een aanvraag registreren (zaaknummer, type, aanvrager, KvK, betrokken partijen, adres of perceel, bedrag in euro, datum ontvangst)"},
		{Pattern: "POST /api/v1/bibob-aanvragen/import", Perm: auth.BibobScreen, Handle: s.apiImport, MaxBody: importMaxBody,
			Summary: "Aanvragen importeren uit een CSV- (text/csv) of XLSX-bestand als body; ?proef=true (standaard) controleert alleen, ?proef=false legt vast; een bekend zaaknummer wordt bijgewerkt. Fouten per rij in \"fouten\""},
		{Pattern: "GET /api/v1/bibob-aanvragen/{applicationID}", Perm: auth.BibobRead, Handle: s.apiApplication,
			Summary: "Eén aanvraag, met of ze onder het beleid valt en de groep opgeknipte aanvragen waar ze bij hoort"},
		{Pattern: "GET /api/v1/bibob-screenings", Perm: auth.BibobRead, Handle: s.apiScreenings,
			Summary: "De Bibob-screenings op uw need-to-knowlijst, met stap en wettelijke termijnen (LBB-advies, beslistermijn), zonder bevindingen of motivering"},
		{Pattern: "GET /api/v1/bibob-screenings/{screeningID}", Perm: auth.BibobRead, Handle: s.apiScreening,
			Summary: "Eén Bibob-screening met bevindingen en motivering, voor wie op de need-to-knowlijst staat; het inzien wordt gelogd"},
		{Pattern: "POST /api/v1/bibob-aanvragen/{applicationID}/screening", Perm: auth.BibobScreen, Handle: s.apiStart,
			Summary: "Vastleggen dat het vragenformulier (art. 7a) is ontvangen en de screening van de aanvraag starten; u komt op de need-to-knowlijst"},
		{Pattern: "POST /api/v1/bibob-screenings/{screeningID}/onderzoek", Perm: auth.BibobScreen, Handle: s.apiResearch,
			Summary: "Het eigen onderzoek vastleggen: geraadpleegde bronnen en bevindingen (versleuteld)"},
		{Pattern: "POST /api/v1/bibob-screenings/{screeningID}/lbb", Perm: auth.BibobScreen, Handle: s.apiLBB,
			Summary: "Een stap van het LBB-advies: \"aanvragen\" (datum), \"verlengen\" (weken, eenmaal 1–4), \"advies\" (datum, uitkomst) of \"hergebruiken\" (advies van dezelfde aanvrager, jonger dan 5 jaar)"},
		{Pattern: "POST /api/v1/bibob-screenings/{screeningID}/besluit", Perm: auth.BibobDecide, Handle: s.apiDecide,
			Summary: "Het besluit vastleggen (gevaar, maatregel, motivering versleuteld, datum); wie screende of onderzocht, mag niet besluiten"},
		{Pattern: "POST /api/v1/bibob-screenings/{screeningID}/zaak", Perm: auth.BibobScreen, Handle: s.apiScreeningZaak,
			Summary: "De screening als zaak registreren in Open Zaak (ZGW Zaken API), als de koppeling aan staat; de omschrijving is alleen \"Bibob-toets\" en het zaaknummer. Geeft de URL van de zaak"},
		{Pattern: "GET /api/v1/bibob-splitsingen", Perm: auth.BibobRead, Handle: s.apiSplits,
			Summary: "Groepen aanvragen van dezelfde aanvrager of verbonden partijen op hetzelfde adres of perceel binnen het venster, die samen de drempel halen"},
		{Pattern: "GET /api/v1/bibob-functiescheidingsbevindingen", Perm: auth.BibobRead, Handle: s.apiDuties,
			Summary: "Besluiten op een Bibob-screening genomen door wie de aanvraag zelf screende of onderzocht (functiescheiding doorbroken)"},
	}
}

// nav is the capability's navigation.
func (s *Store) nav() []web.NavItem {
	return []web.NavItem{{Key: "nav.bibob", Path: "/bibob", Perm: auth.BibobRead, Order: 57, Group: "nav.group.bibob"}}
}
