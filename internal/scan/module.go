package scan

import (
	"embed"
	"io/fs"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}

// Module returns the routes and navigation of scans, frameworks and
// surveys.
func (s *Store) Module() web.Module {
	return web.Module{
		Name:      "scan",
		Templates: Templates(),
		Routes: []web.Route{
			{Pattern: "GET /scans", Perm: auth.ScanRead, Handle: s.scansPage},
			{Pattern: "POST /scans", Perm: auth.ScanEdit, Handle: s.scanCreate},
			{Pattern: "GET /scans/{scanID}", Perm: auth.ScanRead, Handle: s.scanPage},
			{Pattern: "POST /scans/{scanID}/antwoorden", Perm: auth.ScanEdit, Handle: s.scanAnswers},
			{Pattern: "POST /scans/{scanID}/koppelingen", Perm: auth.ScanEdit, Handle: s.scanLink},
			{Pattern: "POST /scans/{scanID}/afronden", Perm: auth.ScanEdit, Handle: s.scanFinalise},
			{Pattern: "POST /scans/{scanID}/acties", Perm: auth.ScanEdit, Handle: s.scanGapAction},
			{Pattern: "GET /scans/{scanID}/export", Perm: auth.ScanRead, Handle: s.scanExport},

			{Pattern: "GET /kaders", Perm: auth.ScanRead, Handle: s.frameworksPage},
			{Pattern: "GET /kaders/import", Perm: auth.ScanEdit, Handle: s.frameworkImportPage},
			{Pattern: "POST /kaders/import", Perm: auth.ScanEdit, Handle: s.frameworkImport, MaxBody: importMaxBody},
			{Pattern: "GET /kaders/{frameworkKey}", Perm: auth.ScanRead, Handle: s.frameworkPage},
			{Pattern: "POST /kaders/{frameworkKey}/gewichten", Perm: auth.ScanEdit, Handle: s.frameworkWeights},
			{Pattern: "POST /kaders/{frameworkKey}/standaard", Perm: auth.ScanEdit, Handle: s.frameworkReset},
			{Pattern: "GET /kaders/{frameworkKey}/export", Perm: auth.ScanRead, Handle: s.frameworkExport},

			{Pattern: "GET /enquetes", Perm: auth.ScanSurvey, Handle: s.surveysPage},
			{Pattern: "POST /enquetes", Perm: auth.ScanSurvey, Handle: s.surveyCreate},
			{Pattern: "POST /enquetes/drempel", Perm: auth.ScanSurvey, Handle: s.surveyThreshold},
			{Pattern: "GET /enquetes/{surveyID}", Perm: auth.ScanSurvey, Handle: s.surveyPage},
			{Pattern: "POST /enquetes/{surveyID}/codes", Perm: auth.ScanSurvey, Handle: s.surveyCodes},
			{Pattern: "POST /enquetes/{surveyID}/sluiten", Perm: auth.ScanSurvey, Handle: s.surveyClose},
			{Pattern: "GET /enquetes/{surveyID}/export", Perm: auth.ScanSurvey, Handle: s.surveyExport},

			// The respondent's pages: no account, no cookie, no address
			// stored; the code travels in the query or the form, never in
			// the path, so that the request log does not record it. Codes
			// have 128 random bits, so opening the form needs no limit;
			// answering shares the per-client limit of the sign-in form.
			{Pattern: "GET /enquete", Perm: auth.Public, Handle: s.publicForm},
			{Pattern: "POST /enquete", Perm: auth.Public, Handle: s.publicAnswer, Limited: true, LimitGroup: "enquete", LimitScale: 10},

			{Pattern: "GET /api/v1/kaders", Perm: auth.ScanRead, Handle: s.apiFrameworks, Summary: "Scankaders van de organisatie: de standaardkaders en eigen versies"},
			{Pattern: "GET /api/v1/kaders/{frameworkKey}", Perm: auth.ScanRead, Handle: s.apiFramework, Summary: "Eén scankader in het uitwisselformaat (JSON)"},
			{Pattern: "PUT /api/v1/kaders/{frameworkKey}", Perm: auth.ScanEdit, Handle: s.apiFrameworkPut, MaxBody: importMaxBody, Summary: "Een scankader importeren of vervangen (JSON); ?proef=true controleert alleen"},
			{Pattern: "GET /api/v1/scans", Perm: auth.ScanRead, Handle: s.apiScans, Summary: "Scans met hun volwassenheid per pijler"},
			{Pattern: "POST /api/v1/scans", Perm: auth.ScanEdit, Handle: s.apiScanCreate, Summary: "Een scan starten (concept)"},
			{Pattern: "GET /api/v1/scans/{scanID}", Perm: auth.ScanRead, Handle: s.apiScan, Summary: "Eén scan met antwoorden, volwassenheid per pijler en tekorten"},
			{Pattern: "PUT /api/v1/scans/{scanID}/antwoorden", Perm: auth.ScanEdit, Handle: s.apiScanAnswers, Summary: "Antwoorden van een conceptscan vastleggen"},
			{Pattern: "POST /api/v1/scans/{scanID}/afronden", Perm: auth.ScanEdit, Handle: s.apiScanFinalise, Summary: "Een scan afronden: de antwoorden worden bevroren"},
			{Pattern: "POST /api/v1/scans/{scanID}/acties", Perm: auth.ScanEdit, Handle: s.apiScanGapAction, Summary: "Van een tekort een actie maken met eigenaar en deadline"},
			{Pattern: "GET /api/v1/enquetes", Perm: auth.ScanSurvey, Handle: s.apiSurveys, Summary: "Anonieme enquêtes van de organisatie"},
			{Pattern: "GET /api/v1/enquetes/{surveyID}", Perm: auth.ScanSurvey, Handle: s.apiSurvey, Summary: "Eén enquête met resultaten, alleen vanaf de drempel van respondenten"},
		},
		Nav: []web.NavItem{
			{Key: "nav.scans", Path: "/scans", Perm: auth.ScanRead, Order: 60, Group: "nav.group.scan"},
			{Key: "nav.surveys", Path: "/enquetes", Perm: auth.ScanSurvey, Order: 61, Group: "nav.group.scan"},
		},
	}
}

// importMaxBody bounds a framework upload.
const importMaxBody = 11 << 20
