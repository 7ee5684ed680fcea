package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMigrateRefusesBadDatabaseURLs(t *testing.T) {
	cases := []struct {
		name, url, want string
	}{
		{"unknown scheme", "mysql://x", `De database-URL gebruikt het onbekende schema "mysql"`},
		{"postgres without host", "postgres://", "De database-URL is ongeldig"},
		{"empty sqlite path", "sqlite:", "De database-URL is leeg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, weerbaar(t, "migrate", "--database", c.url), 1, c.want)
		})
	}
}

func TestMigrateCreatesTheSchema(t *testing.T) {
	database := freshDatabase(t)
	expect(t, weerbaar(t, "migrate", "--database", database), 0, "Databaseschema is bijgewerkt tot")
	// Twice is harmless.
	expect(t, weerbaar(t, "migrate", "--database", database), 0, "Databaseschema is bijgewerkt tot")
	if n := count(t, rawDB(t, database), `SELECT COUNT(*) FROM schema_migrations`); n == 0 {
		t.Fatal("migrate recorded no schema version")
	}
}

// TestMasterKeyMistakes checks that every way of getting the master key
// wrong stops the command with a Dutch message before it writes anything.
func TestMasterKeyMistakes(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	before := contentDigest(t, database)
	list := func(extra ...string) result {
		return weerbaar(t, append([]string{"user", "list", "--org", "voorbeeldstad", "--database", database}, extra...)...)
	}
	unchanged := func(t *testing.T) {
		t.Helper()
		if contentDigest(t, database) != before {
			t.Fatal("the database changed although the command was refused")
		}
	}

	t.Run("no key", func(t *testing.T) {
		expect(t, list(), 1, "Er is geen hoofdsleutel opgegeven", "WEERBAAR_MASTER_KEY")
		unchanged(t)
	})
	t.Run("other key", func(t *testing.T) {
		other, mk := newKeyFile(t)
		r := list("--master-key-file", other)
		expect(t, r, 1, "De hoofdsleutel (id "+mk.ID()+") past niet bij deze database", "Er is niets gewijzigd")
		unchanged(t)
	})
	t.Run("key file readable by others", func(t *testing.T) {
		loose := filepath.Join(t.TempDir(), "loose.key")
		copyTestFile(t, key, loose, 0o644)
		expect(t, list("--master-key-file", loose), 1, "is toegankelijk voor groep of anderen", "-rw-r--r--", "chmod 600")
		unchanged(t)
	})
	t.Run("key file missing", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "nergens.key")
		expect(t, list("--master-key-file", missing), 1, "Het sleutelbestand "+missing+" bestaat niet")
	})
	t.Run("malformed key", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.key")
		if err := os.WriteFile(bad, []byte("geheim\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := list("--master-key-file", bad)
		expect(t, r, 1, "De hoofdsleutel in "+bad+" is ongeldig", "32 willekeurige bytes")
		if strings.Contains(r.err, "geheim") {
			t.Fatalf("the message quotes the key file's content:\n%s", r)
		}
		unchanged(t)
	})
	t.Run("key in environment", func(t *testing.T) {
		b, err := os.ReadFile(key)
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv("WEERBAAR_MASTER_KEY", strings.TrimSpace(string(b)))
		expect(t, list(), 0, "beheerder@voorbeeldstad.example")
		// Both a file and the variable: ambiguous, refused.
		expect(t, list("--master-key-file", key), 1, "zowel als bestand als in WEERBAAR_MASTER_KEY")
	})
	t.Run("key file from environment", func(t *testing.T) {
		t.Setenv("WEERBAAR_MASTER_KEY_FILE", key)
		expect(t, list(), 0, "beheerder@voorbeeldstad.example")
	})
}

func copyTestFile(t *testing.T, src, dst string, perm os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dst, perm); err != nil {
		t.Fatal(err)
	}
}

func TestUnreachablePostgres(t *testing.T) {
	// Port 1 on the loopback address: refused at once, no waiting.
	r := weerbaar(t, "migrate", "--database", "postgres://weerbaar@127.0.0.1:1/weerbaar?sslmode=disable&connect_timeout=2")
	expect(t, r, 1, "De postgres-database is niet bereikbaar")
}

func TestUnreachablePostgresDoesNotPrintThePassword(t *testing.T) {
	r := weerbaar(t, "migrate", "--database", "postgres://weerbaar:Zeer-Geheim-42@127.0.0.1:1/weerbaar?sslmode=disable&connect_timeout=2")
	expect(t, r, 1, "niet bereikbaar")
	if strings.Contains(r.err+r.out, "Zeer-Geheim-42") {
		t.Fatalf("the database password is printed:\n%s", r)
	}
}

// A typing error in --database must not create a new, empty database.
func TestCommandsRefuseAMissingDatabase(t *testing.T) {
	key, _ := newKeyFile(t)
	missing := filepath.Join(t.TempDir(), "typfout.db")
	cases := [][]string{
		{"user", "list", "--org", "voorbeeldstad", "--master-key-file", key, "--database", missing},
		{"user", "add", "--org", "voorbeeldstad", "--master-key-file", key, "--email", "x@voorbeeldstad.example", "--name", "X", "--roles", "employee", "--database", missing},
		{"audit", "verify", "--database", missing},
		{"audit", "export", "--org", "voorbeeldstad", "--database", missing},
		{"keys", "rotate", "--master-key-file", key, "--database", missing},
		{"keys", "rotate", "--master-key-file", key, "--new-master-key-file", key, "--database", "sqlite:" + missing},
	}
	for _, args := range cases {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			expect(t, weerbaar(t, args...), 1, "database "+missing+" niet gevonden")
			if _, err := os.Stat(missing); !os.IsNotExist(err) {
				t.Fatalf("%s was created", missing)
			}
		})
	}
}
