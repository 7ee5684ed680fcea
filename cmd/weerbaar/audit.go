package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// errTampered makes `audit verify` exit non-zero after it printed the break.
type errTampered struct{ msg string }

func (e errTampered) Error() string { return e.msg }

func runAudit(ctx context.Context, args []string, out, errw io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "export") {
		fmt.Fprintln(errw, "Gebruik: weerbaar audit verify|export [opties]")
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := newFlags("audit "+sub, errw)
	database := fs.String("database", env("DATABASE", "weerbaar.db"), "SQLite-bestand of postgres://-URL (WEERBAAR_DATABASE)")
	org := fs.String("org", "", "code van de organisatie (export; verplicht)")
	format := fs.String("format", "csv", "csv of json (export)")
	output := fs.String("output", "", "bestand om naar te schrijven (export; standaard: standaarduitvoer)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := existingDatabase(*database); err != nil {
		return err
	}
	db, err := store.Open(ctx, *database)
	if err != nil {
		return err
	}
	defer db.Close()
	if v, err := db.Version(ctx); err != nil || v == "" {
		return fmt.Errorf("deze database heeft geen Weerbaar-schema (eerst 'weerbaar migrate')")
	}
	log := audit.New(db, clock.System{})
	if sub == "verify" {
		var checked int64
		brk, err := log.VerifyProgress(ctx, func(n int64) {
			checked = n
			fmt.Fprintf(errw, "\r%d regels gecontroleerd", n)
		})
		fmt.Fprintln(errw)
		if err != nil {
			return err
		}
		if brk != nil {
			return errTampered{msg: brk.Message(i18n.NL)}
		}
		fmt.Fprintf(out, "Auditlog intact: %d regels, alle ketens kloppen.\n", checked)
		return nil
	}
	if *org == "" {
		fmt.Fprintln(errw, "weerbaar: --org is verplicht bij export")
		return errUsage
	}
	var orgID string
	if err := db.Read.QueryRowContext(ctx, `SELECT id FROM organisations WHERE slug = $1`, *org).Scan(&orgID); err != nil {
		return store.NotFound(err, "org.not_found")
	}
	w := out
	if *output != "" {
		f, err := os.OpenFile(*output, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s bestaat al; kies een nieuw bestand", *output)
		}
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := log.Export(ctx, w, *format, audit.Filter{OrgID: orgID}); err != nil {
		if *output != "" {
			os.Remove(*output)
		}
		return err
	}
	return nil
}
