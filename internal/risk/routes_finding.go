package risk

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// findingRoutes are the duty analysis in the product: the findings of the
// organisation, a team and a person, mitigating a finding, the conflict
// rules and the simulation of a change of assignments.
func (s *Store) findingRoutes() []web.Route {
	return []web.Route{
		{Pattern: "GET /bevindingen", Perm: auth.RiskRead, Handle: s.findingsPage},
		{Pattern: "GET /bevindingen/export", Perm: auth.RiskRead, Handle: s.findingsExport},
		{Pattern: "GET /bevindingen/teams/{teamID}", Perm: auth.RiskRead, Handle: s.teamFindingsPage},
		{Pattern: "GET /bevindingen/personen/{employeeID}", Perm: auth.RiskRead, Handle: s.personFindingsPage},
		{Pattern: "GET /bevindingen/afdekken/{findingKey...}", Perm: auth.RiskEdit, Handle: s.mitigatePage},
		{Pattern: "POST /bevindingen/afdekken/{findingKey...}", Perm: auth.RiskEdit, Handle: s.mitigatePost},
		{Pattern: "GET /conflictregels", Perm: auth.RiskRead, Handle: s.rulesPage},
		{Pattern: "POST /conflictregels", Perm: auth.RiskSettings, Handle: s.ruleAddPost},
		{Pattern: "GET /conflictregels/{ruleKey}", Perm: auth.RiskSettings, Handle: s.ruleEditPage},
		{Pattern: "POST /conflictregels/{ruleKey}", Perm: auth.RiskSettings, Handle: s.ruleEditPost},
		{Pattern: "GET /simulatie", Perm: auth.RiskRead, Handle: s.simulationPage},
		{Pattern: "POST /simulatie", Perm: auth.RiskRead, Handle: s.simulationPost},

		{Pattern: "GET /api/v1/bevindingen", Perm: auth.RiskRead, Handle: s.apiFindings,
			Summary: "Bevindingen van de functiescheidingsanalyse van vandaag (eenpitters, dubbelzitters, langzitters, ontbrekend vier-ogen), te filteren op soort, team en status"},
		{Pattern: "GET /api/v1/bevindingen/export", Perm: auth.RiskRead, Handle: s.findingsExport,
			Summary: "De bevindingen van vandaag als download: ?formaat=xlsx of pdf (bevindingen en aantallen per team) of csv (alleen de bevindingen), te filteren met soort, team en status"},
		{Pattern: "POST /api/v1/bevindingen/afdekkingen", Perm: auth.RiskEdit, Handle: s.apiMitigate,
			Summary: "Een bevinding accepteren met een beheersmaatregel, een eigenaar en een einddatum (hooguit drie jaar vooruit)"},
		{Pattern: "POST /api/v1/simulaties", Perm: auth.RiskRead, Handle: s.apiSimulate,
			Summary: "Laten zien welke bevindingen een voorgestelde wijziging van toewijzingen zou toevoegen en wegnemen; slaat niets op"},
		{Pattern: "GET /api/v1/conflictregels", Perm: auth.RiskRead, Handle: s.apiRules,
			Summary: "De conflictregels (functiescheiding) van de organisatie, of de standaardregels zolang zij geen eigen regels heeft"},
	}
}
