package people

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) trainingRoutes() []web.Route {
	return []web.Route{
		// Pages.
		{Pattern: "GET /mensen/training", Perm: auth.PeopleRead, Handle: s.trainingPage},
		{Pattern: "GET /mensen/training/export", Perm: auth.PeopleRead, Handle: s.trainingExport},
		{Pattern: "GET /mensen/training/eisen", Perm: auth.PeopleRead, Handle: s.requirementsPage},
		{Pattern: "POST /mensen/training/eisen", Perm: auth.PeopleManage, Handle: s.requirementCreatePost},
		{Pattern: "GET /mensen/training/eisen/{requirementID}", Perm: auth.PeopleManage, Handle: s.requirementEditPage},
		{Pattern: "POST /mensen/training/eisen/{requirementID}", Perm: auth.PeopleManage, Handle: s.requirementEditPost},
		{Pattern: "POST /mensen/training/eisen/{requirementID}/verwijderen", Perm: auth.PeopleManage, Handle: s.requirementDeletePost},
		{Pattern: "GET /mensen/training/sessies", Perm: auth.PeopleRead, Handle: s.sessionsPage},
		{Pattern: "POST /mensen/training/sessies", Perm: auth.PeopleManage, Handle: s.sessionCreatePost},
		{Pattern: "GET /mensen/training/personen/{personID}", Perm: auth.PeopleRead, Handle: s.personPage},
		{Pattern: "POST /mensen/training/personen/{personID}/deelname", Perm: auth.PeopleManage, Handle: s.attendancePost},
		{Pattern: "POST /mensen/training/deelnames/{attendanceID}/certificaat", Perm: auth.PeopleManage, Handle: s.certificatePost, MaxBody: MaxCertificateBytes + 64<<10},
		{Pattern: "GET /mensen/training/certificaten/{certificateID}", Perm: auth.PeopleRead, Handle: s.certificateGet},
		{Pattern: "GET /mensen/training/import", Perm: auth.PeopleManage, Handle: s.importPage},
		{Pattern: "POST /mensen/training/import", Perm: auth.PeopleManage, Handle: s.importPost, MaxBody: importMaxBody},

		// API.
		{Pattern: "GET /api/v1/trainingseisen", Perm: auth.PeopleRead, Handle: s.apiRequirements, Summary: "Trainingseisen van de organisatie: doelgroep, eerste termijn en herhaling"},
		{Pattern: "POST /api/v1/trainingseisen", Perm: auth.PeopleManage, Handle: s.apiRequirementCreate, Summary: "Trainingseis toevoegen"},
		{Pattern: "PUT /api/v1/trainingseisen/{requirementID}", Perm: auth.PeopleManage, Handle: s.apiRequirementUpdate, Summary: "Trainingseis wijzigen"},
		{Pattern: "DELETE /api/v1/trainingseisen/{requirementID}", Perm: auth.PeopleManage, Handle: s.apiRequirementDelete, Summary: "Trainingseis verwijderen, met sessies en deelnames (?bevestig=ja)"},
		{Pattern: "GET /api/v1/trainingssessies", Perm: auth.PeopleRead, Handle: s.apiSessions, Summary: "Geplande en gehouden trainingssessies"},
		{Pattern: "POST /api/v1/trainingssessies", Perm: auth.PeopleManage, Handle: s.apiSessionCreate, Summary: "Trainingssessie plannen"},
		{Pattern: "POST /api/v1/trainingsdeelnames", Perm: auth.PeopleManage, Handle: s.apiAttendanceCreate, Summary: "Deelname aan een training vastleggen (opnieuw vastleggen verandert niets)"},
		{Pattern: "GET /api/v1/trainingsoverzicht", Perm: auth.PeopleRead, Handle: s.apiOverview, Summary: "Dekking per team en trainingseis en wie iets te doen heeft (teamleiders: eigen teams)"},
		{Pattern: "GET /api/v1/trainingsoverzicht/export", Perm: auth.PeopleRead, Handle: s.trainingExport, Summary: "Trainingsoverzicht als XLSX of PDF (?formaat=xlsx|pdf)"},
		{Pattern: "GET /api/v1/trainingsplichten/{personID}", Perm: auth.PeopleRead, Handle: s.apiPerson, Summary: "Trainingsplichten en deelnames van één medewerker"},
	}
}
