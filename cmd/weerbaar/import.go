package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/org"
)

const importUsage = "Gebruik: weerbaar import employees --org CODE [--dry-run] BESTAND.csv|BESTAND.xlsx"

// maxListed caps how many personnel numbers a report prints per list, so
// that a department's export into a large organisation stays readable.
const maxListed = 50

func runImport(ctx context.Context, args []string, out, errw io.Writer) error {
	if len(args) == 0 || args[0] != "employees" {
		fmt.Fprintln(errw, importUsage)
		return errUsage
	}
	var cfg app.Config
	fs := newFlags("import employees", errw)
	storageFlags(fs, &cfg)
	slug := fs.String("org", "", "code van de organisatie, bijvoorbeeld voorbeeldstad (verplicht)")
	dryRun := fs.Bool("dry-run", false, "controleer het bestand en toon wat er zou veranderen, zonder iets op te slaan")
	// The file may stand before, between or after the options.
	var files []string
	for rest := args[1:]; ; {
		if err := parse(fs, rest); err != nil {
			return err
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
		files, rest = append(files, rest[0]), rest[1:]
	}
	if *slug == "" {
		fmt.Fprintln(errw, "weerbaar: --org is verplicht")
		return errUsage
	}
	if len(files) != 1 {
		fmt.Fprintln(errw, "weerbaar: geef precies één bestand\n"+importUsage)
		return errUsage
	}
	path := files[0]
	format, err := org.FormatOf(path)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("bestand %s kan niet worden geopend: %w", path, err)
	}
	defer f.Close()
	a, o, sc, err := openForOrg(ctx, cfg, *slug, errw)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(errw, "%s lezen en controleren…\n", filepath.Base(path))
	rep, err := org.NewStore(a.DB, a.Clock, a.Audit).Import(ctx, sc, f, format, *dryRun)
	if rep != nil && len(rep.Errors) > 0 {
		for _, e := range rep.Errors {
			fmt.Fprintf(errw, "rij %d, kolom %s: %s\n", e.Row, e.Field, i18n.T(i18n.NL, e.Key, e.Args...))
		}
		return fmt.Errorf("%d %s in %s; er is niets opgeslagen", len(rep.Errors), plural(len(rep.Errors), "fout", "fouten"), filepath.Base(path))
	}
	if err != nil {
		return err
	}
	printImport(out, rep, filepath.Base(path), o.Name)
	return nil
}

func printImport(out io.Writer, rep *org.ImportReport, file, orgName string) {
	if rep.DryRun {
		fmt.Fprintln(out, "Proefimport: er is niets opgeslagen.")
	}
	fmt.Fprintf(out, "%d %s gelezen uit %s voor %s.\n\n", rep.Rows, plural(rep.Rows, "regel", "regels"), file, orgName)
	row := func(name string, c org.Counts) []string {
		return []string{name, strconv.Itoa(c.Created), strconv.Itoa(c.Updated), strconv.Itoa(c.Unchanged)}
	}
	table(out, "\tNIEUW\tGEWIJZIGD\tONGEWIJZIGD", [][]string{
		row("Teams", rep.Teams), row("Functies", rep.Functions),
		row("Medewerkers", rep.Employees), row("Toewijzingen", rep.Assignments),
	})
	if n := len(rep.NotInFile); n > 0 {
		fmt.Fprintf(out, "\nNiet in bestand (blijven staan): %d %s: %s\n", n, plural(n, "medewerker", "medewerkers"), shortList(rep.NotInFile))
	}
	if len(rep.IgnoredColumns) > 0 {
		fmt.Fprintf(out, "Genegeerde kolommen: %s\n", strings.Join(rep.IgnoredColumns, ", "))
	}
	switch {
	case rep.DryRun && rep.Changed():
		fmt.Fprintln(out, "\nZonder --dry-run worden deze wijzigingen in één keer opgeslagen.")
	case rep.DryRun:
		fmt.Fprintln(out, "\nHet bestand zou niets veranderen.")
	case rep.Changed():
		fmt.Fprintln(out, "\nImport voltooid.")
	default:
		fmt.Fprintln(out, "\nImport voltooid: er was niets te veranderen.")
	}
}

func shortList(items []string) string {
	if len(items) <= maxListed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:maxListed], ", ") + fmt.Sprintf(" en %d meer", len(items)-maxListed)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
