// Package app wires the platform services and the capabilities into one
// application. cmd/weerbaar uses it to serve and to run operator commands;
// the end-to-end tests use it to build exactly what production runs.
package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/auth/oidc"
	"github.com/weerbaar/weerbaar/internal/bibob"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/council" // council: issue 7
	"github.com/weerbaar/weerbaar/internal/jobs"
	"github.com/weerbaar/weerbaar/internal/knowledge"
	"github.com/weerbaar/weerbaar/internal/meeting"
	"github.com/weerbaar/weerbaar/internal/notify"
	"github.com/weerbaar/weerbaar/internal/org"
	"github.com/weerbaar/weerbaar/internal/people"
	"github.com/weerbaar/weerbaar/internal/plan"
	"github.com/weerbaar/weerbaar/internal/report"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/scan"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
	"github.com/weerbaar/weerbaar/internal/web"
)

// Config is the whole application's configuration, filled from flags and
// WEERBAAR_* environment variables by cmd/weerbaar.
type Config struct {
	Database        string
	MasterKeyFile   string
	MasterKeyEnv    string // the value of WEERBAAR_MASTER_KEY
	BaseURL         string
	Demo            bool
	SecurityContact string
	TrustedProxy    string
	SessionIdle     time.Duration
	SessionMax      time.Duration
	// LoginRate is how many sign-in attempts one client address may make
	// per minute; 0 means the web package's default (10).
	LoginRate int

	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCRoleMap      string

	SMTPAddr     string
	SMTPUsername string
	SMTPPassword string
	MailFrom     string

	// EscalateAfterDays is how long an action may be overdue before it is
	// escalated to the gemeentesecretaris; 0 means plan.EscalateAfter (60). // goals: issue 7
	EscalateAfterDays int // goals: issue 7
}

// vaultMigration is the migration that creates the vault's tables.
const vaultMigration = "0003_vault"

// App is the wired application.
type App struct {
	Config  Config
	Clock   clock.Clock
	Logger  *slog.Logger
	DB      *store.DB
	Vault   *vault.Vault
	Audit   *audit.Log
	Auth    *auth.Service
	Plan    *plan.Store
	Risk    *risk.Store
	People  *people.Store
	Bibob   *bibob.Store
	Report  *report.Store
	Meeting *meeting.Store
	Scan    *scan.Store // scans and surveys (issue 7)

	Council *council.Store // council: issue 7
	Outbox  *notify.Outbox
	Web     *web.Server
	Jobs    *jobs.Scheduler
}

// Open opens the database, applies migrations, checks the master key
// against the database and builds every service. Nothing is written before
// the key has been checked, so a wrong key leaves the database untouched.
func Open(ctx context.Context, cfg Config, clk clock.Clock, logger *slog.Logger) (*App, error) {
	if clk == nil {
		clk = clock.System{}
	}
	if logger == nil {
		logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	mk, err := vault.LoadMasterKey(cfg.MasterKeyFile, cfg.MasterKeyEnv)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	a, err := build(ctx, cfg, clk, logger, db, mk)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func build(ctx context.Context, cfg Config, clk clock.Clock, logger *slog.Logger, db *store.DB, mk *vault.MasterKey) (*App, error) {
	a := &App{Config: cfg, Clock: clk, Logger: logger, DB: db}
	a.Vault = vault.New(db, mk, clk)
	// A database that already has the vault's tables is checked against the
	// master key before anything is migrated, so that a wrong key changes
	// nothing at all; a new database is checked right after it is made.
	if v, err := db.Version(ctx); err == nil && v >= vaultMigration {
		if err := a.Vault.Check(ctx); err != nil {
			return nil, err
		}
	}
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := a.Vault.Check(ctx); err != nil {
		return nil, err
	}
	a.Audit = audit.New(db, clk)
	a.Auth = auth.New(db, clk, a.Vault, a.Audit, auth.Config{SessionIdle: cfg.SessionIdle, SessionMax: cfg.SessionMax})
	a.Plan = plan.NewStore(db, clk, a.Audit)
	var sender notify.Sender = notify.LogSender{Logger: logger}
	if cfg.SMTPAddr != "" && !cfg.Demo {
		sender = notify.SMTPSender{Addr: cfg.SMTPAddr, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, StartTLS: true}
	}
	from := cfg.MailFrom
	if from == "" {
		from = "Weerbaar <noreply@weerbaar.invalid>"
	}
	a.Outbox = notify.New(db, clk, sender, from)

	var provider web.OIDC
	if cfg.OIDCIssuer != "" {
		p, err := newOIDC(ctx, cfg, clk)
		if err != nil {
			return nil, err
		}
		provider = p
	}
	a.Risk = risk.NewStore(db, clk, a.Audit)
	a.Risk.SetActions(planActions{a.Plan})
	a.Risk.SetSubjectKeys(a.Vault.SubjectKey) // duty findings (issue 3.4): a person's findings are logged as processing
	a.People = people.NewStore(db, clk, a.Audit, a.Vault, a.Outbox)
	a.People.SetActions(peopleActions{a.Plan})
	a.People.SetAccess(a.Auth)    // need-to-know lists on side-job and gift records
	a.Risk.SetTeamLeads(a.People) // a teamleider changes only the register of the teams they lead
	a.Report = report.NewStore(db, clk, a.Audit, a.Vault, a.Outbox)
	a.Report.SetAccess(a.Auth) // need-to-know lists on reports (issue 4)
	a.Bibob = bibob.NewStore(db, clk, a.Audit, a.Vault)
	a.Bibob.SetAccess(a.Auth) // need-to-know lists on screenings (issue 5)
	// Issue 5.5: Bibob's separation-of-duties findings on the duty analysis.
	a.Risk.SetFindingSources(bibobDutyFindings{a.Bibob})
	// LOO (issue 4.5): minutes on need-to-know lists, actions on the plan.
	// The agenda comes from the meldpunt through meetingReports (wiring.go).
	a.Meeting = meeting.NewStore(db, clk, a.Audit, a.Vault)
	a.Meeting.SetAccess(a.Auth)
	a.Meeting.SetActions(meetingActions{a.Plan})
	a.Meeting.SetReports(meetingReports{a.Report}) // the agenda comes from the meldpunt
	a.Scan = scan.NewStore(db, clk, a.Audit)       // scans and surveys (issue 7)
	a.Scan.SetActions(scanActions{a.Plan})         // gaps become actions
	a.Bibob.SetMemberships(a.Auth)                 // issue 5: the organisations that lent Bibob work to a regional user (interventions part)

	a.Council = newCouncil(a) // council: issue 7
	// goals: issue 7 — the indicators the modules provide (wiring_goals.go)
	a.Plan.SetMeasurers(reportMeasures{a.Report}, peopleMeasures{a.People}, bibobMeasures{a.Bibob}, riskMeasures{a.Risk}) // goals: issue 7
	srv, err := web.New(web.Config{BaseURL: cfg.BaseURL, Demo: cfg.Demo, SecurityContact: cfg.SecurityContact, TrustedProxy: cfg.TrustedProxy, LoginRate: cfg.LoginRate},
		web.Deps{DB: db, Auth: a.Auth, Audit: a.Audit, Clock: clk, Logger: logger, OIDC: provider, Outbox: a.Outbox},
		a.Plan.Module(), knowledge.NewStore(db, clk, a.Audit).Module(), org.NewStore(db, clk, a.Audit).Module(), a.Risk.Module(), a.People.Module(), a.Report.Module(), a.Bibob.Module(), a.Meeting.Module(),
		a.Scan.Module(),
		a.Council.Module()) // council: issue 7
	if err != nil {
		return nil, err
	}
	srv.AddTiles(a.Plan.Tiles)
	srv.AddTiles(a.Risk.Tiles) // duty findings (issue 3.4): open findings for risk.read holders
	a.Web = srv

	host, _ := os.Hostname()
	a.Jobs = jobs.NewScheduler(db, clk, host+"/"+store.NewID()[:8])
	a.Jobs.Every("sessions.purge", time.Hour, func(ctx context.Context) error {
		_, err := a.Auth.PurgeSessions(ctx)
		return err
	})
	a.Jobs.Every("actions.remind", time.Hour, func(ctx context.Context) error {
		_, err := a.Plan.Remind(ctx, a.Outbox, strings.TrimSuffix(cfg.BaseURL, "/"))
		return err
	})
	// Training duties: at most one content-free mail a day per recipient
	// (recorded in training_reminders), so running hourly is safe.
	a.Jobs.Every("training.remind", time.Hour, func(ctx context.Context) error {
		_, err := a.People.Remind(ctx, strings.TrimSuffix(cfg.BaseURL, "/"))
		return err
	})
	// Bibob terms (issue 5): one content-free mail a day per recipient
	// (bibob_reminders), so running hourly is safe.
	a.Jobs.Every("bibob.remind", time.Hour, func(ctx context.Context) error {
		_, err := a.Bibob.Remind(ctx, a.Outbox, strings.TrimSuffix(cfg.BaseURL, "/"))
		return err
	})
	// --- meldpunt operations (issue 4, report-ops): reminders once per
	// report and term (report_reminders); retention daily.
	a.Jobs.Every("report.remind", time.Hour, func(ctx context.Context) error {
		_, err := a.Report.Remind(ctx, strings.TrimSuffix(cfg.BaseURL, "/"))
		return err
	})
	// Goals and indicators (issue 7): the month's indicator values daily
	// (an upsert), and long-overdue actions escalated once. // goals: issue 7
	a.Jobs.Every("goals.record", 24*time.Hour, func(ctx context.Context) error { // goals: issue 7
		_, err := a.Plan.Record(ctx) // goals: issue 7
		return err                   // goals: issue 7
	}) // goals: issue 7
	a.Jobs.Every("actions.escalate", time.Hour, func(ctx context.Context) error { // goals: issue 7
		_, err := a.Plan.Escalate(ctx, a.Outbox, strings.TrimSuffix(cfg.BaseURL, "/"), cfg.EscalateAfterDays) // goals: issue 7
		return err                                                                                            // goals: issue 7
	}) // goals: issue 7
	a.Jobs.Every("report.retention", 24*time.Hour, func(ctx context.Context) error {
		_, err := a.Report.Retention(ctx, strings.TrimSuffix(cfg.BaseURL, "/"))
		return err
	})
	return a, nil
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// Run serves HTTP on addr and runs the background work until ctx ends.
func (a *App) Run(ctx context.Context, addr string, ready func(addr string)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go a.Jobs.Start(ctx, time.Minute)
	if a.Config.Demo || a.Config.SMTPAddr != "" {
		// Without a mail relay, notifications stay queued in the outbox
		// until one is configured; they are never marked as sent unsent.
		go a.Outbox.Start(ctx, 15*time.Second, 50)
	}
	err := a.Web.Serve(ctx, addr, ready)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// oidcProvider joins the OIDC client with the group → role map.
type oidcProvider struct {
	*oidc.Provider
	roles oidc.RoleMap
}

func (p oidcProvider) Grants(groups []string) []oidc.Grant { return p.roles.Grants(groups) }

func newOIDC(ctx context.Context, cfg Config, clk clock.Clock) (web.OIDC, error) {
	roles, err := oidc.ParseRoleMap(cfg.OIDCRoleMap)
	if err != nil {
		return nil, err
	}
	p, err := oidc.New(ctx, oidc.Config{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID, ClientSecret: cfg.OIDCClientSecret,
		RedirectURL: strings.TrimSuffix(cfg.BaseURL, "/") + "/inloggen/oidc/terug", Clock: clk})
	if err != nil {
		return nil, err
	}
	return oidcProvider{Provider: p, roles: roles}, nil
}
