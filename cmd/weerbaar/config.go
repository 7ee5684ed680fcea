package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/app"
)

// env returns the WEERBAAR_* environment variable or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv("WEERBAAR_" + name); ok {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv("WEERBAAR_" + name); ok {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv("WEERBAAR_" + name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

// newFlags makes a flag set that prints Dutch usage and returns errUsage
// instead of exiting.
func newFlags(name string, errw io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(errw)
	fs.Usage = func() {
		fmt.Fprintf(errw, "Gebruik: weerbaar %s [opties]\n\nOpties (elke optie kan ook als WEERBAAR_*-omgevingsvariabele):\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// storageFlags adds the options every command that opens the database has.
func storageFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.Database, "database", env("DATABASE", "weerbaar.db"), "SQLite-bestand of postgres://-URL (WEERBAAR_DATABASE)")
	fs.StringVar(&cfg.MasterKeyFile, "master-key-file", env("MASTER_KEY_FILE", ""), "bestand met de hoofdsleutel (WEERBAAR_MASTER_KEY_FILE; of de sleutel zelf in WEERBAAR_MASTER_KEY)")
	cfg.MasterKeyEnv = os.Getenv("WEERBAAR_MASTER_KEY")
}

// parse parses args and turns flag errors into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return errUsage
		}
		return errUsage
	}
	return nil
}

// existingDatabase refuses a SQLite file that does not exist, for the
// commands that only make sense on a database in use: opening would create
// an empty one, so a typing error in --database would leave a stray file
// behind (bound to the given master key) and report something misleading.
func existingDatabase(database string) error {
	if strings.Contains(database, "://") {
		return nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(database, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return nil // store.Open explains an empty URL
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("database %s niet gevonden; controleer --database (of WEERBAAR_DATABASE)", path)
	}
	return nil
}
