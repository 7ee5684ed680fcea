package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/org"
	"github.com/weerbaar/weerbaar/internal/risk"
	"github.com/weerbaar/weerbaar/internal/store"
)

// seeders lists the capabilities' demo seeders; each new capability adds
// its own here.
func seeders() []demo.Seeder {
	return []demo.Seeder{
		// Voorbeeldstad's organisation chart comes from a fictional HR export,
		// through the same import a municipality uses.
		func(env *demo.Env) error {
			a := env.App
			return org.NewStore(a.DB, a.Clock, a.Audit).SeedDemo(env.Ctx, env.Orgs["voorbeeldstad"].ID)
		},
		// Some of its teams have mapped their vulnerable processes, with a
		// dubbelzitter, an eenpitter and langzitters for the duty analysis
		// to find; this needs the organisation chart above.
		func(env *demo.Env) error {
			return env.App.Risk.SeedDemo(env.Ctx, env.Orgs["voorbeeldstad"].ID)
		},
		seedDemoDecisions,
		seedDemoTeamLeads,
		seedDemoPeople,
		seedDemoMeeting,       // issue 4.5: the LOO (demo_meeting.go)
		seedDemoBibob,         // issue 5 (demo_bibob.go)
		seedDemoInterventions, // issue 5: interventions register (demo_interventions.go)
		seedDemoScans,         // issue 7: two scans a year apart (demo_scan.go)
		seedDemoReportOps,     // issue 4: meldpunt operations (demo_report_ops.go)
		seedDemoKnowledge,     // knowledge: issue 7 (demo_knowledge.go)
		seedDemoCouncil,       // council: issue 7 — council reports, norm verdicts, benchmark (demo_council.go)
		seedDemoGoals,         // goals: issue 7 (demo_goals.go)
	}
}

// seedDemoTeamLeads makes the demo teamleider the lead of team Klant (with
// Burgerzaken and the Klantcontactcentrum under it), recorded by HR.
func seedDemoTeamLeads(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	hr, err := a.Auth.ScopeFor(ctx, env.UserIDs["hr@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	teams, err := a.People.Teams(ctx, hr)
	if err != nil {
		return err
	}
	for _, t := range teams {
		if t.Name == "Klant" {
			return a.People.SetLedTeams(ctx, hr, env.UserIDs["teamleider@voorbeeldstad.example"], []string{t.ID})
		}
	}
	return nil
}

// seedDemoDecisions has the coordinator propose two treatment decisions
// in Voorbeeldstad, of which the gemeentesecretaris approved one; the other
// waits, so the approver's page has work on it.
func seedDemoDecisions(env *demo.Env) error {
	ctx, a, orgID := env.Ctx, env.App, env.Orgs["voorbeeldstad"].ID
	coord, err := a.Auth.ScopeFor(ctx, env.UserIDs["coordinator@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	exec, err := a.Auth.ScopeFor(ctx, env.UserIDs["gemeentesecretaris@voorbeeldstad.example"], orgID, true)
	if err != nil {
		return err
	}
	procs, err := a.Risk.ListProcesses(ctx, coord, risk.ProcessFilter{})
	if err != nil {
		return err
	}
	var vulns []risk.Vulnerability
	for _, p := range procs {
		vs, err := a.Risk.Vulnerabilities(ctx, coord, p.ID)
		if err != nil {
			return err
		}
		vulns = append(vulns, vs...)
	}
	if len(vulns) < 2 {
		return nil
	}
	d, err := a.Risk.ProposeDecision(ctx, coord, vulns[0].ID, risk.Mitigate,
		"Functiescheiding en collegiale toets invoeren; het netto risico blijft hoog tot die werken.")
	if err != nil {
		return err
	}
	if _, err := a.Risk.Approve(ctx, exec, d.ID, "Akkoord; evaluatie over zes maanden."); err != nil {
		return err
	}
	_, err = a.Risk.ProposeDecision(ctx, coord, vulns[len(vulns)-1].ID, risk.Accept,
		"De bestaande maatregelen volstaan; het netto risico is aanvaardbaar.")
	return err
}

// openApp opens the application for an operator command, logging warnings
// only.
func openApp(ctx context.Context, cfg app.Config, errw io.Writer) (*app.App, error) {
	return app.Open(ctx, cfg, nil, slog.New(slog.NewTextHandler(errw, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

// openForOrg opens an existing database and returns the application with an
// operator scope in the organisation named by slug, for the commands that
// act on one organisation's data.
func openForOrg(ctx context.Context, cfg app.Config, slug string, errw io.Writer) (*app.App, *auth.Organisation, *auth.Scope, error) {
	if err := existingDatabase(cfg.Database); err != nil {
		return nil, nil, nil, err
	}
	a, err := openApp(ctx, cfg, errw)
	if err != nil {
		return nil, nil, nil, err
	}
	o, err := a.Auth.OrganisationBySlug(ctx, slug)
	if err != nil {
		a.Close()
		return nil, nil, nil, err
	}
	sc := auth.System(o.ID)
	sc.UserName = "operator (cli)"
	return a, o, sc, nil
}

func runDemo(ctx context.Context, args []string, out, errw io.Writer) error {
	var cfg app.Config
	fs := newFlags("demo", errw)
	storageFlags(fs, &cfg)
	scale := fs.String("scale", "", "leeg voor Voorbeeldstad en Buurdorp; 'national' voegt 342 gegenereerde gemeenten toe")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *scale != "" && *scale != "national" {
		fmt.Fprintf(errw, "weerbaar: --scale kent alleen 'national', niet %q\n", *scale)
		return errUsage
	}
	a, err := openApp(ctx, cfg, errw)
	if err != nil {
		return err
	}
	defer a.Close()
	if seeded, err := demo.Seeded(ctx, a); err != nil {
		return err
	} else if seeded {
		return fmt.Errorf("deze database bevat al organisaties; demogegevens worden alleen in een lege database gezet")
	}
	progress := func(format string, args ...any) { fmt.Fprintf(errw, format, args...) }
	if _, err := demo.Run(ctx, a, demo.Options{National: *scale == "national", Seeders: seeders(), Progress: progress}); err != nil {
		return err
	}
	fmt.Fprintln(out, "Demogegevens aangemaakt.")
	return nil
}

func runMigrate(ctx context.Context, args []string, out, errw io.Writer) error {
	fs := newFlags("migrate", errw)
	database := fs.String("database", env("DATABASE", "weerbaar.db"), "SQLite-bestand of postgres://-URL (WEERBAAR_DATABASE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *database)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Databaseschema is bijgewerkt tot %s.\n", v)
	return nil
}

func table(out io.Writer, header string, rows [][]string) {
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	tw.Flush()
}
