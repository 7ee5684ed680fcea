package report

import (
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// intakeRoutes are intake on every channel, anonymous follow-up, handling
// of one report, identity protection and messages.
//
// The public routes (/melden/anoniem/…, /melden/volgen…) set no cookie,
// need no account, carry no code in the address and are rate limited per
// client address in memory only; the access log never records addresses.
func (s *Store) intakeRoutes() []web.Route {
	up := int64(MaxUploadBody)
	return []web.Route{
		// Reporters.
		{Pattern: "GET /melden", Perm: auth.ReportSubmit, Handle: s.submitPage},
		{Pattern: "POST /melden", Perm: auth.ReportSubmit, Handle: s.submitPost, MaxBody: up},
		{Pattern: "GET /melden/mijn", Perm: auth.ReportSubmit, Handle: s.minePage},
		{Pattern: "GET /melden/mijn/{myReportID}", Perm: auth.ReportSubmit, Handle: s.myReportPage},
		{Pattern: "POST /melden/mijn/{myReportID}/bericht", Perm: auth.ReportSubmit, Handle: s.myMessagePost, MaxBody: up},
		{Pattern: "GET /melden/mijn/{myReportID}/bijlagen/{myAttachmentID}", Perm: auth.ReportSubmit, Handle: s.myFile},
		{Pattern: "GET /melden/anoniem/{orgSlug}", Perm: auth.Public, Handle: s.anonymousPage},
		{Pattern: "POST /melden/anoniem/{orgSlug}", Perm: auth.Public, Handle: s.anonymousPost, MaxBody: up, Limited: true, LimitGroup: "meldpunt"},
		{Pattern: "GET /melden/volgen", Perm: auth.Public, Handle: s.followPage},
		{Pattern: "POST /melden/volgen", Perm: auth.Public, Handle: s.followPost, Limited: true, LimitGroup: "meldpunt"},
		{Pattern: "POST /melden/volgen/bericht", Perm: auth.Public, Handle: s.followMessagePost, MaxBody: up, Limited: true, LimitGroup: "meldpunt"},
		{Pattern: "POST /melden/volgen/bijlage", Perm: auth.Public, Handle: s.followFile, Limited: true, LimitGroup: "meldpunt"},

		// Handlers.
		{Pattern: "GET /meldingen", Perm: auth.ReportHandle, Handle: s.listPage},
		{Pattern: "GET /meldingen/nieuw", Perm: auth.ReportIntake, Handle: s.recordPage},
		{Pattern: "POST /meldingen/nieuw", Perm: auth.ReportIntake, Handle: s.recordPost, MaxBody: up},
		{Pattern: "GET /meldingen/{reportID}", Perm: auth.ReportHandle, Handle: s.reportPage},
		{Pattern: "POST /meldingen/{reportID}/status", Perm: auth.ReportHandle, Handle: s.statusPost},
		{Pattern: "POST /meldingen/{reportID}/bericht", Perm: auth.ReportHandle, Handle: s.messagePost, MaxBody: up},
		{Pattern: "POST /meldingen/{reportID}/toegang", Perm: auth.ReportHandle, Handle: s.grantPost},
		{Pattern: "POST /meldingen/{reportID}/toegang/intrekken", Perm: auth.ReportHandle, Handle: s.revokePost},
		{Pattern: "POST /meldingen/{reportID}/identiteit", Perm: auth.ReportHandle, Handle: s.identityRequestPost},
		{Pattern: "GET /meldingen/{reportID}/bijlagen/{attachmentID}", Perm: auth.ReportHandle, Handle: s.fileDownload},

		// The vertrouwenspersoon.
		{Pattern: "GET /identiteitsverzoeken", Perm: auth.ReportIdentity, Handle: s.identityRequestsPage},
		{Pattern: "GET /identiteitsverzoeken/{requestID}", Perm: auth.ReportIdentity, Handle: s.identityRequestPage},
		{Pattern: "POST /identiteitsverzoeken/{requestID}", Perm: auth.ReportIdentity, Handle: s.identityDecidePost},

		// API.
		{Pattern: "GET /api/v1/meldingen", Perm: auth.ReportHandle, Handle: s.apiList,
			Summary: "Meldingen op de need-to-know-lijst van de gebruiker (zonder inhoud), te filteren op categorie, status en kanaal"},
		{Pattern: "POST /api/v1/meldingen", Perm: auth.ReportSubmit, Handle: s.apiCreate, MaxBody: 1 << 20,
			Summary: "Een melding doen als ingelogde medewerker"},
		{Pattern: "GET /api/v1/meldingen/{reportID}", Perm: auth.ReportHandle, Handle: s.apiGet,
			Summary: "Eén melding met inhoud (need-to-know; het lezen wordt gelogd)"},
		{Pattern: "POST /api/v1/meldingen/{reportID}/status", Perm: auth.ReportHandle, Handle: s.apiStatus,
			Summary: "De status van een melding wijzigen langs de toegestane stappen"},
		{Pattern: "GET /api/v1/meldingen/{reportID}/berichten", Perm: auth.ReportHandle, Handle: s.apiMessages,
			Summary: "Berichten en interne notities van een melding"},
		{Pattern: "POST /api/v1/meldingen/{reportID}/berichten", Perm: auth.ReportHandle, Handle: s.apiMessagePost,
			Summary: "Een bericht aan de melder, de terugkoppeling (Wbk, \"terugkoppeling\": true) of een interne notitie toevoegen"},
		{Pattern: "GET /api/v1/meldingen/{reportID}/toegang", Perm: auth.ReportHandle, Handle: s.apiAccess,
			Summary: "De need-to-know-lijst van een melding"},
		{Pattern: "POST /api/v1/meldingen/{reportID}/toegang", Perm: auth.ReportHandle, Handle: s.apiGrant,
			Summary: "Een collega met behandelrechten aan de need-to-know-lijst toevoegen, met reden"},
		{Pattern: "DELETE /api/v1/meldingen/{reportID}/toegang/{userID}", Perm: auth.ReportHandle, Handle: s.apiRevoke,
			Summary: "Iemand van de need-to-know-lijst van een melding halen"},
	}
}

// intakeNav is the navigation of intake and handling.
func (s *Store) intakeNav() []web.NavItem {
	return []web.NavItem{
		{Key: "nav.report_submit", Path: "/melden", Perm: auth.ReportSubmit, Order: 57, Group: "nav.group.report"},
		{Key: "nav.report_handle", Path: "/meldingen", Perm: auth.ReportHandle, Order: 50, Group: "nav.group.report"},
		{Key: "nav.report_identity", Path: "/identiteitsverzoeken", Perm: auth.ReportIdentity, Order: 54, Group: "nav.group.report"},
	}
}
