package web

import (
	"github.com/weerbaar/weerbaar/internal/auth"
)

// platformModule declares the routes of the shell itself: signing in and
// out, the second factor, the own account, organisation switching, the
// dashboard, administration of users and delegations, the audit viewer, the
// demo outbox, health checks and the API's own documents.
func (s *Server) platformModule() Module {
	m := Module{
		Name: "platform",
		Routes: []Route{
			{Pattern: "GET /static/{file...}", Perm: auth.Public, Handle: s.static},
			{Pattern: "GET /healthz", Perm: auth.Public, Handle: s.healthz},
			{Pattern: "GET /readyz", Perm: auth.Public, Handle: s.readyz},
			{Pattern: "GET /.well-known/security.txt", Perm: auth.Public, Handle: s.securityTxt},
			{Pattern: "GET /taal/{lang}", Perm: auth.Public, Handle: s.setLanguage},

			{Pattern: "GET /inloggen", Perm: auth.Public, Handle: s.loginForm},
			{Pattern: "POST /inloggen", Perm: auth.Public, Handle: s.login, Limited: true},
			{Pattern: "GET /inloggen/oidc", Perm: auth.Public, Handle: s.oidcBegin, Limited: true},
			{Pattern: "GET /inloggen/oidc/terug", Perm: auth.Public, Handle: s.oidcFinish, Limited: true},
			{Pattern: "GET /inloggen/tweede-factor", Perm: auth.SignedInPartial, Handle: s.mfaForm},
			{Pattern: "POST /inloggen/tweede-factor", Perm: auth.SignedInPartial, Handle: s.mfaVerify, Limited: true},
			{Pattern: "GET /tweede-factor/instellen", Perm: auth.SignedInPartial, Handle: s.mfaEnrolForm},
			{Pattern: "POST /tweede-factor/instellen", Perm: auth.SignedInPartial, Handle: s.mfaEnrol, Limited: true},
			{Pattern: "POST /uitloggen", Perm: auth.SignedInPartial, Handle: s.logout},

			{Pattern: "GET /{$}", Perm: auth.DashboardView, Handle: s.dashboard},
			{Pattern: "GET /account", Perm: auth.SignedIn, Handle: s.account},
			{Pattern: "POST /account/overal-uitloggen", Perm: auth.SignedIn, Handle: s.logoutEverywhere},
			{Pattern: "POST /account/tokens", Perm: auth.SignedIn, Handle: s.createToken},
			{Pattern: "POST /account/tokens/{tokenID}/intrekken", Perm: auth.SignedIn, Handle: s.revokeToken},
			{Pattern: "POST /organisatie/wissel", Perm: auth.SignedIn, Handle: s.switchOrg},

			{Pattern: "GET /beheer/gebruikers", Perm: auth.UsersManage, Handle: s.users},
			{Pattern: "POST /beheer/gebruikers", Perm: auth.UsersManage, Handle: s.createUser},
			{Pattern: "GET /beheer/gebruikers/{userID}", Perm: auth.UsersManage, Handle: s.user},
			{Pattern: "POST /beheer/gebruikers/{userID}/rollen", Perm: auth.UsersManage, Handle: s.setRoles},
			{Pattern: "POST /beheer/gebruikers/{userID}/status", Perm: auth.UsersManage, Handle: s.setUserStatus},
			{Pattern: "POST /beheer/gebruikers/{userID}/wachtwoord", Perm: auth.UsersManage, Handle: s.resetPassword},
			{Pattern: "POST /beheer/gebruikers/{userID}/tweede-factor", Perm: auth.UsersManage, Handle: s.resetMFA},
			{Pattern: "GET /beheer/delegaties", Perm: auth.DelegationManage, Handle: s.delegations},
			{Pattern: "POST /beheer/delegaties", Perm: auth.DelegationManage, Handle: s.delegate},
			{Pattern: "POST /beheer/delegaties/{delegationID}/intrekken", Perm: auth.DelegationManage, Handle: s.revokeDelegation},
			{Pattern: "GET /audit", Perm: auth.AuditRead, Handle: s.auditView},
			{Pattern: "GET /audit/export", Perm: auth.AuditRead, Handle: s.auditExport},

			{Pattern: "GET /api/v1/openapi.json", Perm: auth.Public, Handle: s.openapi},
			{Pattern: "GET /api/v1/organisatie", Perm: auth.OrgRead, Handle: s.apiOrganisation, Summary: "De organisatie waarvoor het token geldt"},
			{Pattern: "GET /api/v1/gebruikers", Perm: auth.UsersManage, Handle: s.apiUsers, Summary: "Gebruikers van de organisatie met hun rollen"},
			{Pattern: "GET /api/v1/audit-regels", Perm: auth.AuditRead, Handle: s.apiAudit, Summary: "Auditregels van de organisatie, nieuwste eerst"},
		},
		Nav: []NavItem{
			{Key: "nav.dashboard", Path: "/", Perm: auth.DashboardView, Order: 0},
			{Key: "nav.users", Path: "/beheer/gebruikers", Perm: auth.UsersManage, Order: 80, Group: "nav.group.admin"},
			{Key: "nav.delegations", Path: "/beheer/delegaties", Perm: auth.DelegationManage, Order: 81, Group: "nav.group.admin"},
			{Key: "nav.audit", Path: "/audit", Perm: auth.AuditRead, Order: 90, Group: "nav.group.admin"},
		},
	}
	if s.cfg.Demo {
		// The outbox page exists only in demo mode, where no mail leaves the
		// machine; in production the route is not served at all.
		m.Routes = append(m.Routes, Route{Pattern: "GET /beheer/uitgaande-mail", Perm: auth.OutboxView, Handle: s.outbox})
		m.Nav = append(m.Nav, NavItem{Key: "nav.outbox", Path: "/beheer/uitgaande-mail", Perm: auth.OutboxView, Order: 95, Group: "nav.group.admin"})
	}
	return m
}
