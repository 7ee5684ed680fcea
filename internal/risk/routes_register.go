package risk

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// maxFormBody bounds the register's forms: a description at its limit with
// every character percent-encoded stays well below it.
const maxFormBody = 128 << 10

func (s *Store) registerRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /processen", Perm: auth.RiskRead, Handle: s.processesPage},
		{Pattern: "POST /processen", Perm: auth.RiskEdit, Handle: s.processCreate, MaxBody: maxFormBody},
		{Pattern: "GET /processen/export", Perm: auth.RiskRead, Handle: s.registerExport},
		{Pattern: "GET /processen/{processID}", Perm: auth.RiskRead, Handle: s.processPage},
		{Pattern: "POST /processen/{processID}", Perm: auth.RiskEdit, Handle: s.processUpdate, MaxBody: maxFormBody},
		{Pattern: "POST /processen/{processID}/beoordeling", Perm: auth.RiskEdit, Handle: s.processReview, MaxBody: maxFormBody},
		{Pattern: "POST /processen/{processID}/omstandigheden", Perm: auth.RiskEdit, Handle: s.circumstancesPost, MaxBody: maxFormBody},
		{Pattern: "GET /processen/{processID}/stappen/nieuw", Perm: auth.RiskEdit, Handle: s.stepNewPage},
		{Pattern: "POST /processen/{processID}/stappen", Perm: auth.RiskEdit, Handle: s.stepCreate, MaxBody: maxFormBody},
		{Pattern: "GET /stappen/{stepID}", Perm: auth.RiskEdit, Handle: s.stepEditPage},
		{Pattern: "POST /stappen/{stepID}", Perm: auth.RiskEdit, Handle: s.stepUpdate, MaxBody: maxFormBody},
		{Pattern: "POST /stappen/{stepID}/verwijderen", Perm: auth.RiskEdit, Handle: s.stepDelete, MaxBody: maxFormBody},
		{Pattern: "GET /processen/{processID}/kwetsbaarheden/nieuw", Perm: auth.RiskEdit, Handle: s.vulnNewPage},
		{Pattern: "POST /processen/{processID}/kwetsbaarheden", Perm: auth.RiskEdit, Handle: s.vulnCreate, MaxBody: maxFormBody},
		{Pattern: "GET /kwetsbaarheden/{vulnerabilityID}", Perm: auth.RiskRead, Handle: s.vulnEditPage},
		{Pattern: "POST /kwetsbaarheden/{vulnerabilityID}", Perm: auth.RiskEdit, Handle: s.vulnUpdate, MaxBody: maxFormBody},
		{Pattern: "POST /kwetsbaarheden/{vulnerabilityID}/verwijderen", Perm: auth.RiskEdit, Handle: s.vulnDelete, MaxBody: maxFormBody},
		{Pattern: "GET /processen/{processID}/maatregelen/nieuw", Perm: auth.RiskEdit, Handle: s.controlNewPage},
		{Pattern: "POST /processen/{processID}/maatregelen", Perm: auth.RiskEdit, Handle: s.controlCreate, MaxBody: maxFormBody},
		{Pattern: "GET /maatregelen/{controlID}", Perm: auth.RiskEdit, Handle: s.controlEditPage},
		{Pattern: "POST /maatregelen/{controlID}", Perm: auth.RiskEdit, Handle: s.controlUpdate, MaxBody: maxFormBody},
		{Pattern: "POST /maatregelen/{controlID}/verwijderen", Perm: auth.RiskEdit, Handle: s.controlDelete, MaxBody: maxFormBody},
		{Pattern: "POST /maatregelen/{controlID}/actie", Perm: auth.RiskEdit, Handle: s.controlActionPost},

		{Pattern: "GET /api/v1/processen", Perm: auth.RiskRead, Handle: s.apiProcesses,
			Summary: "Procesregister: de kwetsbare processen van de organisatie met hun aantallen stappen, kwetsbaarheden en open maatregelen (?team=, ?herbeoordelingAchterstallig=true)"},
		{Pattern: "POST /api/v1/processen", Perm: auth.RiskEdit, Handle: s.apiProcessCreate, MaxBody: maxFormBody,
			Summary: "Een proces toevoegen aan een team: eigen proces (code, naam) of uit de catalogus (catalogusCode) met voorbeeldstappen, kwetsbaarheden en maatregelen"},
		{Pattern: "GET /api/v1/processen/{processID}", Perm: auth.RiskRead, Handle: s.apiProcess,
			Summary: "Eén proces met stappen (en hun functies), kwetsbaarheden met risicoscores, maatregelen en omstandigheden"},
		{Pattern: "POST /api/v1/processen/{processID}/stappen", Perm: auth.RiskEdit, Handle: s.apiStepCreate, MaxBody: maxFormBody,
			Summary: "Een processtap toevoegen (soort, functies, minimum aantal houders, vier-ogen, roulatienorm)"},
		{Pattern: "POST /api/v1/processen/{processID}/kwetsbaarheden", Perm: auth.RiskEdit, Handle: s.apiVulnCreate, MaxBody: maxFormBody,
			Summary: "Een kwetsbaarheid toevoegen, ingedeeld op de drie assen en gescoord op de risicomatrix (bruto en netto)"},
		{Pattern: "POST /api/v1/processen/{processID}/maatregelen", Perm: auth.RiskEdit, Handle: s.apiControlCreate, MaxBody: maxFormBody,
			Summary: "Een beheersmaatregel toevoegen (status gepland, ingevoerd of getest, met bewijs)"},
		{Pattern: "PUT /api/v1/processen/{processID}", Perm: auth.RiskEdit, Handle: s.apiProcessUpdate, MaxBody: maxFormBody,
			Summary: "Een proces wijzigen (team, naam, omschrijving, herbeoordelingstermijn), met reden"},
		{Pattern: "POST /api/v1/processen/{processID}/herbeoordelingen", Perm: auth.RiskEdit, Handle: s.apiProcessReview, MaxBody: maxFormBody,
			Summary: "Een periodieke herbeoordeling vastleggen met wat die opleverde; plant de volgende"},
		{Pattern: "PUT /api/v1/processen/{processID}/omstandigheden", Perm: auth.RiskEdit, Handle: s.apiCircumstancesPut, MaxBody: maxFormBody,
			Summary: "De omstandigheden van een proces vervangen, met reden"},
		{Pattern: "PUT /api/v1/stappen/{stepID}", Perm: auth.RiskEdit, Handle: s.apiStepUpdate, MaxBody: maxFormBody,
			Summary: "Een processtap wijzigen (ook de functies), met reden"},
		{Pattern: "DELETE /api/v1/stappen/{stepID}", Perm: auth.RiskEdit, Handle: s.apiStepDelete, MaxBody: maxFormBody,
			Summary: "Een processtap verwijderen, met reden in de body"},
		{Pattern: "PUT /api/v1/kwetsbaarheden/{vulnerabilityID}", Perm: auth.RiskEdit, Handle: s.apiVulnUpdate, MaxBody: maxFormBody,
			Summary: "Een kwetsbaarheid wijzigen of opnieuw scoren, met reden"},
		{Pattern: "DELETE /api/v1/kwetsbaarheden/{vulnerabilityID}", Perm: auth.RiskEdit, Handle: s.apiVulnDelete, MaxBody: maxFormBody,
			Summary: "Een kwetsbaarheid verwijderen, met reden in de body"},
		{Pattern: "PUT /api/v1/maatregelen/{controlID}", Perm: auth.RiskEdit, Handle: s.apiControlUpdate, MaxBody: maxFormBody,
			Summary: "Een beheersmaatregel wijzigen (status, bewijs, eigenaar, deadline), met reden"},
		{Pattern: "DELETE /api/v1/maatregelen/{controlID}", Perm: auth.RiskEdit, Handle: s.apiControlDelete, MaxBody: maxFormBody,
			Summary: "Een beheersmaatregel verwijderen, met reden in de body"},
		{Pattern: "POST /api/v1/maatregelen/{controlID}/actie", Perm: auth.RiskEdit, Handle: s.apiControlAction,
			Summary: "Een geplande beheersmaatregel op de actielijst zetten; geeft het id van de actie"},
		{Pattern: "GET /api/v1/processen/export", Perm: auth.RiskRead, Handle: s.registerExport,
			Summary: "Het procesregister als download: ?formaat=xlsx of pdf (processen, kwetsbaarheden, maatregelen) of csv (alleen processen)"},
		{Pattern: "GET /api/v1/procescatalogus", Perm: auth.RiskRead, Handle: s.apiCatalogue,
			Summary: "De meegeleverde catalogus van acht kwetsbare processen met voorbeeldstappen, kwetsbaarheden en maatregelen"},
	}
}
