// Package auth holds accounts, sessions, API tokens, roles and the access
// policy: role permissions per capability, need-to-know lists on case-like
// objects and delegation to regional users. Every authorisation decision of
// the application is made here and nowhere else.
package auth

import (
	"slices"
	"strings"
)

// Role is a role a user holds in an organisation. The code names are English;
// the UI shows them through the catalogue key "role.<name>".
type Role string

// The roles of DESIGN.md §1. The vertrouwenspersoon (custodian) is separate
// from HR because only the custodian may approve disclosure of a reporter's
// identity (docs/decisions/0005-roles.md).
const (
	Coordinator Role = "coordinator" // coördinator weerbaarheid / adviseur OOV
	TeamLead    Role = "team_lead"   // teamleider
	Employee    Role = "employee"    // medewerker
	HR          Role = "hr"          // HR-adviseur
	Custodian   Role = "custodian"   // vertrouwenspersoon
	Bibob       Role = "bibob"       // Bibob-coördinator / vergunningverlener
	Executive   Role = "executive"   // gemeentesecretaris / MT / burgemeester
	Auditor     Role = "auditor"     // griffier / raad / rekenkamer
	Regional    Role = "regional"    // RIEC, regionaal Bibob-team
	Admin       Role = "admin"       // beheerder
)

// Roles lists every role in the order the UI shows them.
var Roles = []Role{Coordinator, TeamLead, Employee, HR, Custodian, Bibob, Executive, Auditor, Regional, Admin}

// ParseRole returns the role with the given code name.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.TrimSpace(s))
	return r, slices.Contains(Roles, r)
}

// RequiresMFA reports whether the role may only be used after a second
// factor. Every role that can read case content needs one, and so does the
// beheerder, who manages access. Medewerkers and auditors read no case
// content and sign in with a password alone (or through OIDC).
func (r Role) RequiresMFA() bool {
	return r != Employee && r != Auditor
}

// Permission is what a route or an operation needs. Its capability is the
// part before the first dot; delegation grants whole capabilities.
type Permission string

// Special permissions that are not held through a role.
const (
	// Public routes need no login: the login page, the anonymous intake,
	// health checks.
	Public Permission = "public"
	// SignedInPartial routes accept a session whose second factor is still
	// missing: second-factor enrolment and verification, logging out.
	SignedInPartial Permission = "signed_in_partial"
	// SignedIn routes accept any fully signed-in user: own account, own
	// sessions, own API tokens.
	SignedIn Permission = "signed_in"
)

// Permissions of the foundation. Capabilities add theirs here, so that the
// whole policy stays readable in one place.
const (
	DashboardView    Permission = "dashboard.view"
	OrgRead          Permission = "org.read"
	ActionsOwn       Permission = "actions.own"    // see and update own actions
	ActionsManage    Permission = "actions.manage" // all actions of the organisation
	AuditRead        Permission = "audit.read"
	UsersManage      Permission = "users.manage"
	DelegationManage Permission = "delegation.manage"
	OutboxView       Permission = "outbox.view"
	OrgManage        Permission = "org.manage"        // teams, functions, employees, assignments, HR import
	KnowledgeRead    Permission = "knowledge.read"    // the knowledge cards: for every employee, no case content
	KnowledgeEdit    Permission = "knowledge.edit"    // rewrite the organisation's cards
	RiskRead         Permission = "risk.read"         // process register, risk scores and duty findings (names people)
	RiskEdit         Permission = "risk.edit"         // map processes, steps, vulnerabilities, controls; mitigate findings
	RiskAllTeams     Permission = "risk.all_teams"    // risk.edit on every team's processes, not only the teams one leads
	RiskAllFindings  Permission = "risk.all_findings" // duty findings (they name people) of every team, not only the teams one leads
	RiskSettings     Permission = "risk.settings"     // the risk matrix and the conflict rules of the organisation
	RiskApprove      Permission = "risk.approve"      // approve treatment decisions (the matrix names which role)
	PeopleRead       Permission = "people.read"       // training, screening and oath status of people (teamleiders: own teams only)
	PeopleManage     Permission = "people.manage"     // requirements, sessions, attendance, screenings, registers; all teams
	PeopleDirectory  Permission = "people.directory"  // the directory of vertrouwenspersonen: every member of staff
	PeopleAllTeams   Permission = "people.all_teams"  // people.read for every team, not only the teams one leads
	// PeopleCandidates is the screening checklist of candidate wethouders,
	// need-to-know for the burgemeester (executive) and the griffier
	// (auditor) who organise it; HR does not see it.
	PeopleCandidates Permission = "people.candidates"

	// Meldpunt (issue 4). Every member of staff may report; handlers see
	// only the reports whose need-to-know list names them.
	ReportSubmit   Permission = "report.submit"   // report signed in and follow up own reports
	ReportIntake   Permission = "report.intake"   // record a report taken by phone or in conversation, or a forwarded tip
	ReportHandle   Permission = "report.handle"   // handle reports on whose need-to-know list one stands
	ReportIdentity Permission = "report.identity" // decide on requests to see a reporter's identity (vertrouwenspersoon)
	ReportInsight  Permission = "report.insight"  // trends and the yearly aggression report; small counts suppressed without report.handle
	ReportSettings Permission = "report.settings" // categories, deadlines, routing, retention, organisatienorm

	// Lokaal Ondermijningsoverleg (issue 4.5).
	MeetingRead   Permission = "meeting.read"   // meetings, agendas and decisions; minutes only on the need-to-know list
	MeetingManage Permission = "meeting.manage" // plan meetings, build agendas, record decisions and minutes

	// Bibob and administrative interventions (issue 5).
	BibobRead          Permission = "bibob.read"          // applications, screenings on one's need-to-know list, splitting flags
	BibobScreen        Permission = "bibob.screen"        // register applications, run screenings, LBB requests
	BibobDecide        Permission = "bibob.decide"        // decide on an application (never the one who screened it)
	BibobSettings      Permission = "bibob.settings"      // the Bibob policy of the organisation
	BibobInterventions Permission = "bibob.interventions" // register administrative interventions
	BibobFigures       Permission = "bibob.figures"       // the year × type table of interventions: counts only

	// Resilience scans and anonymous surveys (issue 7), joined from the
	// capability so that the catalogue test does not take them for the
	// scan area's message keys. // scan: issue 7
	ScanRead   Permission = scanCap + ".read"   // scans and their maturity; auditors see results, not evidence // scan: issue 7
	ScanEdit   Permission = scanCap + ".edit"   // run and answer scans, manage frameworks // scan: issue 7
	ScanSurvey Permission = scanCap + ".survey" // create surveys, see results of groups above the threshold // scan: issue 7
)

const scanCap = "scan" // scan: issue 7

// Goals and indicators of the programme (issue 7, point 4): figures only,
// never case content, so auditors may read them. // goals: issue 7
const (
	GoalsRead Permission = "goals.read" // goals, targets, indicator figures and their history // goals: issue 7
	GoalsEdit Permission = "goals.edit" // define goals, targets and manual indicators, enter their values // goals: issue 7
) // goals: issue 7

// Capability returns the capability a permission belongs to.
func (p Permission) Capability() string {
	if i := strings.IndexByte(string(p), '.'); i > 0 {
		return string(p[:i])
	}
	return string(p)
}

// rolePermissions is the role half of the policy. Deny by default: a
// permission not listed for a role is refused.
var rolePermissions = map[Role][]Permission{
	Coordinator: {DashboardView, OrgRead, OrgManage, ActionsOwn, ActionsManage, AuditRead, KnowledgeRead, KnowledgeEdit,
		RiskRead, RiskEdit, RiskAllTeams, RiskAllFindings, RiskSettings, RiskApprove, PeopleRead, PeopleDirectory, PeopleAllTeams,
		ReportSubmit, ReportIntake, ReportHandle, ReportInsight, ReportSettings, MeetingRead, MeetingManage,
		BibobRead, BibobSettings, BibobInterventions, BibobFigures, ScanRead, ScanEdit, ScanSurvey}, // scan: issue 7
	TeamLead: {DashboardView, OrgRead, ActionsOwn, ActionsManage, KnowledgeRead, RiskRead, RiskEdit, PeopleRead, PeopleDirectory,
		ReportSubmit, ReportIntake, ReportHandle, ReportInsight, ScanRead}, // scan: issue 7
	Employee: {DashboardView, OrgRead, ActionsOwn, KnowledgeRead, PeopleDirectory, ReportSubmit},
	HR: {DashboardView, OrgRead, OrgManage, ActionsOwn, KnowledgeRead, RiskRead, RiskAllFindings, PeopleRead, PeopleManage, PeopleDirectory, PeopleAllTeams,
		ReportSubmit, ReportIntake, ReportHandle, ReportInsight},
	Custodian: {DashboardView, OrgRead, ActionsOwn, KnowledgeRead, PeopleDirectory,
		ReportSubmit, ReportIntake, ReportHandle, ReportIdentity},
	Bibob: {DashboardView, OrgRead, ActionsOwn, KnowledgeRead, PeopleDirectory, ReportSubmit,
		BibobRead, BibobScreen, BibobDecide, BibobSettings, BibobInterventions, BibobFigures},
	Executive: {DashboardView, OrgRead, ActionsOwn, ActionsManage, KnowledgeRead, RiskRead, RiskAllFindings, RiskApprove, PeopleDirectory, PeopleCandidates,
		ReportSubmit, ReportInsight, MeetingRead, BibobRead, BibobDecide, BibobFigures, ScanRead}, // scan: issue 7
	Auditor: {DashboardView, OrgRead, KnowledgeRead, PeopleDirectory, PeopleCandidates, ReportSubmit, ReportInsight, BibobFigures, ScanRead}, // scan: issue 7
	// Regional users act only under delegation, which lends whole
	// capabilities (Delegable); these are what a delegation can reach.
	Regional: {DashboardView, OrgRead, ActionsOwn, KnowledgeRead, MeetingRead, MeetingManage,
		BibobRead, BibobScreen, BibobInterventions, BibobFigures},
	Admin: {DashboardView, OrgRead, AuditRead, UsersManage, DelegationManage, OutboxView, KnowledgeRead, PeopleDirectory, ReportSubmit},
}

// init gives the goals permissions to their roles: the coordinator edits;
// the teamleider, the gemeentesecretaris and the auditor read. Kept as
// added lines so that parallel work on the role table merges. // goals: issue 7
func init() { // goals: issue 7
	for _, r := range []Role{Coordinator, TeamLead, Executive, Auditor} { // goals: issue 7
		rolePermissions[r] = append(rolePermissions[r], GoalsRead) // goals: issue 7
	} // goals: issue 7
	rolePermissions[Coordinator] = append(rolePermissions[Coordinator], GoalsEdit) // goals: issue 7
} // goals: issue 7

// Has reports whether the role holds the permission.
func (r Role) Has(p Permission) bool {
	return slices.Contains(rolePermissions[r], p)
}

// AllPermissions lists every permission some role holds, for tests and for
// the token scope picker.
func AllPermissions() []Permission {
	var out []Permission
	for _, r := range Roles {
		for _, p := range rolePermissions[r] {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Delegable capabilities: what an organisation can lend to a regional user.
var Delegable = []string{"dashboard", "actions", "meeting", "bibob"}

// Council reports, the norm-framework self-assessment and the regional
// benchmark (issue 7, points 6, 7 and 9). Auditors (griffier, raad,
// rekenkamer) read finalised reports and the norm chapter, never case
// content; the grants are added here, apart from the role lists above, so
// that parallel work on those lines merges. // council: issue 7
const (
	CouncilRead      Permission = councilCap + ".read"      // finalised council reports and the norm chapter; drafts too with council.edit // council: issue 7
	CouncilEdit      Permission = councilCap + ".edit"      // write and finalise council reports, confirm or override norm verdicts // council: issue 7
	CouncilBenchmark Permission = councilCap + ".benchmark" // the regional benchmark and the organisation's opt-in // council: issue 7
	councilCap                  = "council"                 // council: issue 7
)

func init() { // council: issue 7
	grant := func(r Role, ps ...Permission) { rolePermissions[r] = append(rolePermissions[r], ps...) } // council: issue 7
	grant(Coordinator, CouncilRead, CouncilEdit, CouncilBenchmark)                                     // council: issue 7
	grant(Executive, CouncilRead, CouncilBenchmark)                                                    // council: issue 7
	grant(Auditor, CouncilRead)                                                                        // council: issue 7
} // council: issue 7
