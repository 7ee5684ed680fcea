package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/store"
)

func runBackup(ctx context.Context, args []string, out, errw io.Writer) error {
	fs := newFlags("backup", errw)
	database := fs.String("database", env("DATABASE", "weerbaar.db"), "SQLite-bestand (WEERBAAR_DATABASE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(errw, "Gebruik: weerbaar backup [--database weerbaar.db] DOELBESTAND")
		return errUsage
	}
	target := fs.Arg(0)
	if strings.HasPrefix(*database, "postgres") {
		return fmt.Errorf("voor PostgreSQL maakt u een back-up met pg_dump -Fc (zie docs/operations.md); bewaar de hoofdsleutel apart")
	}
	if _, err := os.Stat(*database); err != nil {
		return fmt.Errorf("database %s niet gevonden", *database)
	}
	db, err := store.Open(ctx, *database)
	if err != nil {
		return err
	}
	defer db.Close()
	// Create the target empty and owner-only first: VACUUM INTO accepts an
	// empty file, and the snapshot is then never readable by others, not
	// even before the chmod below. O_EXCL also keeps an existing file safe.
	f, err := os.OpenFile(target, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s bestaat al; kies een nieuw bestand", target)
	}
	if err != nil {
		return fmt.Errorf("back-up mislukt: %w", err)
	}
	f.Close()
	// VACUUM INTO writes a consistent snapshot of the live database — also
	// while the server is writing — into a new, compacted file.
	if _, err := db.Write.ExecContext(ctx, `VACUUM INTO $1`, target); err != nil {
		os.Remove(target)
		return fmt.Errorf("back-up mislukt: %w", err)
	}
	if err := os.Chmod(target, 0o600); err != nil {
		return err
	}
	version, err := checkBackup(ctx, target)
	if err != nil {
		os.Remove(target)
		return fmt.Errorf("de back-up is niet goed geschreven en is verwijderd: %w", err)
	}
	fmt.Fprintf(out, "Back-up geschreven naar %s (schema %s). Bewaar de hoofdsleutel apart van de back-up.\n", target, version)
	return nil
}

var sqliteMagic = []byte("SQLite format 3\x00")

// checkBackup checks that a file is an intact Weerbaar SQLite database and
// returns its schema version.
func checkBackup(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", errors.New("het bestand bestaat niet")
	}
	if err != nil {
		return "", err
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return "", errors.New("dit is geen SQLite-databasebestand")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return "", fmt.Errorf("het bestand is beschadigd: %w", err)
	}
	if result != "ok" {
		return "", fmt.Errorf("het bestand is beschadigd: %s", result)
	}
	var version sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil || !version.Valid {
		return "", errors.New("het bestand is geen Weerbaar-database (geen schemaversie)")
	}
	migs, err := store.Migrations(store.SQLite)
	if err != nil {
		return "", err
	}
	if latest := migs[len(migs)-1].Version; version.String > latest {
		return "", fmt.Errorf("de back-up heeft schema %s, nieuwer dan deze versie van Weerbaar (%s)", version.String, latest)
	}
	return version.String, nil
}

func runRestore(ctx context.Context, args []string, out, errw io.Writer) error {
	fs := newFlags("restore", errw)
	database := fs.String("database", env("DATABASE", "weerbaar.db"), "SQLite-bestand dat vervangen wordt (WEERBAAR_DATABASE)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(errw, "Gebruik: weerbaar restore [--database weerbaar.db] BACKUPBESTAND   (stop eerst de server)")
		return errUsage
	}
	if strings.HasPrefix(*database, "postgres") {
		return fmt.Errorf("voor PostgreSQL zet u een back-up terug met pg_restore (zie docs/operations.md)")
	}
	src := fs.Arg(0)
	version, err := checkBackup(ctx, src)
	if err != nil {
		return fmt.Errorf("%s kan niet worden teruggezet: %w; er is niets veranderd", src, err)
	}
	// Copy next to the target first, then swap by rename, so that the
	// database is either the old one or the complete new one, never half.
	tmp := *database + ".restore-tmp"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("kopiëren mislukt: %w; er is niets veranderd", err)
	}
	kept := ""
	if _, err := os.Stat(*database); err == nil {
		kept = fmt.Sprintf("%s.voor-restore-%s", *database, time.Now().UTC().Format("20060102T150405"))
		if err := os.Rename(*database, kept); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("de huidige database kon niet opzij worden gezet: %w; er is niets veranderd", err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(*database + suffix); err == nil {
				os.Rename(*database+suffix, kept+suffix)
			}
		}
	}
	if err := os.Rename(tmp, *database); err != nil {
		return fmt.Errorf("terugzetten mislukt: %w (de vorige database staat in %s)", err, kept)
	}
	fmt.Fprintf(out, "Back-up %s teruggezet in %s (schema %s).\n", filepath.Base(src), *database, version)
	if kept != "" {
		fmt.Fprintf(out, "De vorige database is bewaard als %s.\n", kept)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	outf, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(outf, in); err != nil {
		outf.Close()
		return err
	}
	if err := outf.Sync(); err != nil {
		outf.Close()
		return err
	}
	return outf.Close()
}
