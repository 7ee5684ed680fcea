// Command weerbaar is the one binary of Weerbaar: the web application and
// every operator task (migrations, users, audit verification, key rotation,
// backups, demo data).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Europe/Amsterdam without relying on the host's zone files

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// errUsage marks a mistake in the command line; it exits with status 2.
var errUsage = errors.New("usage")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, out, errw io.Writer) error
}

var commands = []command{
	{"serve", "start de webapplicatie (--demo: met demogegevens op localhost)", runServe},
	{"demo", "vul een database met demogegevens (--scale national voor 342 gemeenten)", runDemo},
	{"migrate", "werk het databaseschema bij", runMigrate},
	{"user", "gebruikers: add, list, reset-password, disable", runUser},
	{"audit", "auditlog: verify, export", runAudit},
	{"keys", "sleutels: rotate", runKeys},
	{"backup", "maak een consistente kopie van een SQLite-database", runBackup},
	{"restore", "zet een gecontroleerde kopie terug", runRestore},
	{"import", "importeer medewerkers uit een HR-export (CSV of XLSX): import employees", runImport},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the exit status: 0 for success, 1
// for a failure, 2 for a wrong command line.
func run(ctx context.Context, args []string, out, errw io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(errw)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], out, errw)
			return report(errw, err)
		}
	}
	fmt.Fprintf(errw, "weerbaar: onbekende opdracht %q\n\n", args[0])
	usage(errw)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Gebruik: weerbaar <opdracht> [opties]\n\nOpdrachten:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n'weerbaar <opdracht> -h' toont de opties van een opdracht.")
}

// report prints err as a Dutch message and returns the exit status.
func report(w io.Writer, err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, context.Canceled):
		// Only an interrupted command gets here (serve treats its own
		// shutdown as success); a script must not take it for one.
		fmt.Fprintln(w, "weerbaar: afgebroken; de opdracht is niet (volledig) uitgevoerd")
		return 1
	}
	var list apperr.List
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintf(w, "weerbaar: %s\n", message(e))
		}
		return 1
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		msg := message(ae)
		if ae.Err != nil {
			msg += " (" + ae.Err.Error() + ")"
		}
		fmt.Fprintf(w, "weerbaar: %s\n", msg)
		return 1
	}
	fmt.Fprintf(w, "weerbaar: %v\n", err)
	return 1
}

func message(e *apperr.Error) string {
	msg := i18n.T(i18n.NL, e.Key, e.Args...)
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Row > 0 {
		msg = fmt.Sprintf("rij %d, %s", e.Row, msg)
	}
	return msg
}
