// Package demo fills a database with the fictional "Gemeente Voorbeeldstad",
// its neighbour "Gemeente Buurdorp" and a regional body, with an account for
// every role. Each capability adds its own demo data through a Seeder, and
// the national scale generates 342 organisations for benchmarks.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// Password is the demo accounts' password. It is printed on the terminal
// and only ever used with --demo data.
const Password = "tulpen-fiets-grachten-7"

// Account is a demo login to print.
type Account struct {
	Org   string
	Role  auth.Role
	Email string
	Name  string
}

// Env is what seeders work with.
type Env struct {
	Ctx      context.Context
	App      *app.App
	Orgs     map[string]*auth.Organisation // by slug
	Accounts []Account
	// UserIDs maps an account's e-mail address to its user id.
	UserIDs map[string]string
	// National is set for --scale national.
	National bool
	// Progress reports long work (national scale) on stderr.
	Progress func(format string, args ...any)
}

// Seeder adds one capability's demo data.
type Seeder func(env *Env) error

// Options controls a run.
type Options struct {
	National bool
	Progress func(format string, args ...any)
	Seeders  []Seeder
}

// Seeded reports whether the database already holds organisations, in which
// case the demo is not generated again.
func Seeded(ctx context.Context, a *app.App) (bool, error) {
	orgs, err := a.Auth.Organisations(ctx)
	return len(orgs) > 0, err
}

// Run generates the demo: the platform's organisations and accounts, then
// every seeder's data.
func Run(ctx context.Context, a *app.App, opt Options) (*Env, error) {
	if opt.Progress == nil {
		opt.Progress = func(string, ...any) {}
	}
	env := &Env{Ctx: ctx, App: a, Orgs: map[string]*auth.Organisation{}, UserIDs: map[string]string{}, National: opt.National, Progress: opt.Progress}
	start := time.Now()
	for _, s := range append([]Seeder{seedPlatform}, opt.Seeders...) {
		if err := s(env); err != nil {
			return nil, err
		}
	}
	if opt.National {
		if err := seedNational(env); err != nil {
			return nil, err
		}
	}
	opt.Progress("demo: klaar in %s\n", time.Since(start).Round(time.Millisecond))
	return env, nil
}

type demoOrg struct{ slug, name, kind, domain string }

var demoOrgs = []demoOrg{
	{"voorbeeldstad", "Gemeente Voorbeeldstad", "gemeente", "voorbeeldstad.example"},
	{"buurdorp", "Gemeente Buurdorp", "gemeente", "buurdorp.example"},
	{"riec-midden", "RIEC Midden (fictief)", "regio", "riec-midden.example"},
}

// demoPeople names one fictional person per role of Voorbeeldstad.
var demoPeople = []struct {
	role  auth.Role
	local string
	name  string
}{
	{auth.Coordinator, "coordinator", "Sanne de Wit"},
	{auth.TeamLead, "teamleider", "Ahmed El Amrani"},
	{auth.Employee, "medewerker", "Lotte Jansen"},
	{auth.HR, "hr", "Pieter Bakker"},
	{auth.Custodian, "vertrouwenspersoon", "Marloes Visser"},
	{auth.Bibob, "bibob", "Ruben Smit"},
	{auth.Executive, "gemeentesecretaris", "Joke van Dijk"},
	{auth.Auditor, "griffier", "Kees Mulder"},
	{auth.Admin, "beheerder", "Fatima Yilmaz"},
}

var buurdorpPeople = []struct {
	role  auth.Role
	local string
	name  string
}{{auth.Coordinator, "coordinator", "Bram Hendriks"}, {auth.Employee, "medewerker", "Eva de Boer"}, {auth.Admin, "beheerder", "Noah Peters"}}

func seedPlatform(env *Env) error {
	ctx, a := env.Ctx, env.App
	for _, o := range demoOrgs {
		org, err := a.Auth.CreateOrganisation(ctx, o.slug, o.name, o.kind)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", o.slug, err)
		}
		env.Orgs[o.slug] = org
	}
	add := func(orgSlug string, role auth.Role, local, name, domain string) error {
		org := env.Orgs[orgSlug]
		email := local + "@" + domain
		u, err := a.Auth.CreateUser(ctx, auth.System(org.ID), auth.NewUser{Email: email, Name: name, Password: Password, Roles: []auth.Role{role}})
		if err != nil {
			return fmt.Errorf("demo: %s: %w", email, err)
		}
		env.UserIDs[email] = u.ID
		env.Accounts = append(env.Accounts, Account{Org: org.Name, Role: role, Email: email, Name: name})
		return nil
	}
	for _, p := range demoPeople {
		if err := add("voorbeeldstad", p.role, p.local, p.name, "voorbeeldstad.example"); err != nil {
			return err
		}
	}
	for _, p := range buurdorpPeople {
		if err := add("buurdorp", p.role, p.local, p.name, "buurdorp.example"); err != nil {
			return err
		}
	}
	if err := add("riec-midden", auth.Regional, "analist", "Yara Bos", "riec-midden.example"); err != nil {
		return err
	}
	// Buurdorp lends its action list to the RIEC analyst, so that the
	// organisation switcher and delegation can be seen in the demo.
	buurdorpAdmin := env.UserIDs["beheerder@buurdorp.example"]
	sc, err := a.Auth.ScopeFor(ctx, buurdorpAdmin, env.Orgs["buurdorp"].ID, true)
	if err != nil {
		return err
	}
	until := a.Clock.Now().AddDate(0, 6, 0).Format(time.DateOnly)
	if _, err := a.Auth.Delegate(ctx, sc, "analist@riec-midden.example", "actions", until, "Ondersteuning integrale aanpak (demo)"); err != nil {
		return fmt.Errorf("demo: delegation: %w", err)
	}
	return seedActions(env)
}

// Accounts lists the fixed demo logins of the platform (without the
// generated national ones), for printing.
func Accounts() []Account {
	var out []Account
	for _, p := range demoPeople {
		out = append(out, Account{Org: demoOrgs[0].name, Role: p.role, Email: p.local + "@" + demoOrgs[0].domain, Name: p.name})
	}
	for _, p := range buurdorpPeople {
		out = append(out, Account{Org: demoOrgs[1].name, Role: p.role, Email: p.local + "@" + demoOrgs[1].domain, Name: p.name})
	}
	out = append(out, Account{Org: demoOrgs[2].name, Role: auth.Regional, Email: "analist@" + demoOrgs[2].domain, Name: "Yara Bos"})
	return out
}
