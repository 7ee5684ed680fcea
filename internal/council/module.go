package council

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

// Module returns the routes and navigation of council reports, the norm
// framework and the regional benchmark.
func (s *Store) Module() web.Module {
	return web.Module{
		Name:      "council",
		Templates: Templates(),
		Routes: []web.Route{
			{Pattern: "GET /raad", Perm: auth.CouncilRead, Handle: s.reportsPage},
			{Pattern: "POST /raad/brieven", Perm: auth.CouncilEdit, Handle: s.reportCreate},
			{Pattern: "GET /raad/brieven/{councilReportID}", Perm: auth.CouncilRead, Handle: s.reportPage},
			{Pattern: "POST /raad/brieven/{councilReportID}", Perm: auth.CouncilEdit, Handle: s.reportSave},
			{Pattern: "POST /raad/brieven/{councilReportID}/definitief", Perm: auth.CouncilEdit, Handle: s.reportFinalise},
			{Pattern: "GET /raad/brieven/{councilReportID}/pdf", Perm: auth.CouncilRead, Handle: s.reportPDF},

			{Pattern: "GET /raad/normenkader", Perm: auth.CouncilRead, Handle: s.normsPage},
			{Pattern: "POST /raad/normenkader/{normKey}", Perm: auth.CouncilEdit, Handle: s.normDecide},
			{Pattern: "GET /raad/normenkader/hoofdstuk", Perm: auth.CouncilRead, Handle: s.chapterPage},
			{Pattern: "GET /raad/normenkader/pdf", Perm: auth.CouncilRead, Handle: s.chapterPDF},

			{Pattern: "GET /raad/benchmark", Perm: auth.CouncilBenchmark, Handle: s.benchmarkPage},
			{Pattern: "POST /raad/benchmark/deelname", Perm: auth.CouncilEdit, Handle: s.benchmarkOptIn},

			{Pattern: "GET /api/v1/raadsbrieven", Perm: auth.CouncilRead, Handle: s.apiReports, Summary: "Raadsbrieven (raadsinformatiebrieven) van de organisatie; zonder council.edit alleen de definitieve"},
			{Pattern: "GET /api/v1/raadsbrieven/{councilReportID}", Perm: auth.CouncilRead, Handle: s.apiReport, Summary: "Eén raadsbrief met samenvatting, kengetallen, doelen en wat veranderde sinds de vorige"},
			{Pattern: "GET /api/v1/normenkader", Perm: auth.CouncilRead, Handle: s.apiNorms, Summary: "De zestien normen met voorgesteld oordeel, bewijs, regel en het vastgestelde oordeel"},
			{Pattern: "PUT /api/v1/normenkader/{normKey}", Perm: auth.CouncilEdit, Handle: s.apiNormDecide, Summary: "Het oordeel over een norm bevestigen of met motivering afwijken"},
			{Pattern: "GET /api/v1/benchmark", Perm: auth.CouncilBenchmark, Handle: s.apiBenchmark, Summary: "Regionale benchmark: eigen cijfers tegen de geanonimiseerde spreiding van ten minste vijf andere deelnemers"},
		},
		Nav: []web.NavItem{
			{Key: "nav.council", Path: "/raad", Perm: auth.CouncilRead, Order: 70},
		},
	}
}
