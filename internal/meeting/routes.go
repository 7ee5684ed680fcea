package meeting

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// routes is the LOO's route table: pages under /loo and the API under
// /api/v1/loo-overleggen.
func (s *Store) routes() []web.Route {
	return []web.Route{
		{Pattern: "GET /loo", Perm: auth.MeetingRead, Handle: s.listPage},
		{Pattern: "POST /loo", Perm: auth.MeetingManage, Handle: s.planPost},
		{Pattern: "GET /loo/besluiten", Perm: auth.MeetingRead, Handle: s.decisionsPage},
		{Pattern: "GET /loo/export", Perm: auth.MeetingManage, Handle: s.exportList},
		{Pattern: "GET /loo/instellingen", Perm: auth.MeetingManage, Handle: s.settingsPage},
		{Pattern: "POST /loo/instellingen", Perm: auth.MeetingManage, Handle: s.settingsPost},
		{Pattern: "GET /loo/{meetingID}", Perm: auth.MeetingRead, Handle: s.meetingPage},
		{Pattern: "POST /loo/{meetingID}/status", Perm: auth.MeetingManage, Handle: s.statusPost},
		{Pattern: "POST /loo/{meetingID}/agenda", Perm: auth.MeetingManage, Handle: s.topicPost},
		{Pattern: "POST /loo/{meetingID}/agenda/melding", Perm: auth.MeetingManage, Handle: s.reportPost},
		{Pattern: "GET /loo/{meetingID}/agenda/{itemID}", Perm: auth.MeetingRead, Handle: s.itemPage},
		{Pattern: "POST /loo/{meetingID}/agenda/{itemID}/verwijderen", Perm: auth.MeetingManage, Handle: s.removePost},
		{Pattern: "POST /loo/{meetingID}/agenda/{itemID}/besluit", Perm: auth.MeetingManage, Handle: s.decidePost},
		{Pattern: "POST /loo/{meetingID}/agenda/{itemID}/acties", Perm: auth.MeetingManage, Handle: s.actionPost},
		{Pattern: "GET /loo/{meetingID}/agenda/{itemID}/riec-signaal", Perm: auth.MeetingManage, Handle: s.riecExport},
		{Pattern: "GET /loo/{meetingID}/notulen", Perm: auth.MeetingRead, Handle: s.minutesPage},
		// Writing the minutes and their need-to-know list is for the users
		// on that list only; the meeting's id is named minutesID here so
		// that the authorisation matrix can tell these routes from the
		// meeting's, which every meeting.read holder sees.
		{Pattern: "POST /loo/{minutesID}/notulen", Perm: auth.MeetingManage, Handle: s.minutesPost},
		{Pattern: "POST /loo/{minutesID}/notulen/toegang", Perm: auth.MeetingRead, Handle: s.grantPost},
		{Pattern: "POST /loo/{minutesID}/notulen/toegang/intrekken", Perm: auth.MeetingRead, Handle: s.revokePost},

		{Pattern: "GET /api/v1/loo-overleggen", Perm: auth.MeetingRead, Handle: s.apiList,
			Summary: "De Lokale Ondermijningsoverleggen van de organisatie (datum, plaats, deelnemers, status, aantal agendapunten en besluiten), nieuwste eerst"},
		{Pattern: "POST /api/v1/loo-overleggen", Perm: auth.MeetingManage, Handle: s.apiPlan,
			Summary: "Een LOO plannen: datum (jjjj-mm-dd), tijd, plaats, deelnemers en de gebruikers die de notulen mogen lezen"},
		{Pattern: "GET /api/v1/loo-overleggen/{meetingID}", Perm: auth.MeetingRead, Handle: s.apiMeeting,
			Summary: "Eén LOO met agendapunten, besluiten en acties; de notulen alleen voor wie op de need-to-knowlijst staat (het inzien wordt gelogd)"},
	}
}
