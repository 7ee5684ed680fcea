package vault

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// errKey returns the catalogue key of err, or "" for nil.
func errKey(err error) string {
	if err == nil {
		return ""
	}
	return apperr.As(err).Key
}

func TestGenerateKeyFileWritesOwnerOnlyKeyThatLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	mk, err := GenerateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v, want 0600", info.Mode().Perm())
	}
	loaded, err := LoadMasterKey(path, "")
	if err != nil {
		t.Fatalf("load generated key: %v", err)
	}
	if loaded.ID() != mk.ID() || loaded.key != mk.key {
		t.Fatal("loaded key differs from the generated one")
	}
	if len(mk.ID()) != 16 {
		t.Fatalf("ID %q is not 8 bytes in hex", mk.ID())
	}
	// The same key given through the environment is the same key.
	b, _ := os.ReadFile(path)
	fromEnv, err := LoadMasterKey("", string(b))
	if err != nil || fromEnv.ID() != mk.ID() {
		t.Fatalf("env key = %v, %v", fromEnv, err)
	}
}

func TestGenerateKeyFileRefusesToOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	first, err := GenerateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = GenerateKeyFile(path)
	if errKey(err) != "vault.key_file_exists" || apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("second generate = %v, want vault.key_file_exists", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("existing key file was changed")
	}
	if again, err := LoadMasterKey(path, ""); err != nil || again.ID() != first.ID() {
		t.Fatalf("original key no longer loads: %v", err)
	}
}

func TestLoadMasterKeyRefusesGroupReadableFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits on Windows")
	}
	path := filepath.Join(t.TempDir(), "master.key")
	if _, err := GenerateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o640, 0o604, 0o660} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadMasterKey(path, "")
		if errKey(err) != "vault.key_file_permissions" || apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("mode %v: err = %v, want vault.key_file_permissions", mode, err)
		}
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMasterKey(path, ""); err != nil {
		t.Errorf("owner-read-only file refused: %v", err)
	}
}

func TestLoadMasterKeyRejectsMalformedKeys(t *testing.T) {
	dir := t.TempDir()
	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	for name, content := range map[string]string{
		"not base64": "dit is geen sleutel!",
		"too short":  short,
		"too long":   base64.StdEncoding.EncodeToString(make([]byte, 33)),
		"empty":      "\n",
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadMasterKey(path, "")
		if errKey(err) != "vault.key_malformed" || apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("file %s: err = %v, want vault.key_malformed", name, err)
		}
		// The message names the file and never echoes the key.
		if e := apperr.As(err); len(e.Args) == 0 || e.Args[0] != path {
			t.Errorf("file %s: message args %v do not name the file", name, e.Args)
		} else if content != "\n" && strings.Contains(fmt.Sprint(err, e.Args), strings.TrimSpace(content)) {
			t.Errorf("file %s: error repeats the key material", name)
		}
	}
	_, err := LoadMasterKey("", "%%%")
	if errKey(err) != "vault.key_malformed" {
		t.Errorf("env: err = %v, want vault.key_malformed", err)
	}
	if e := apperr.As(err); len(e.Args) == 0 || e.Args[0] != EnvMasterKey {
		t.Errorf("env: message args %v do not name %s", e.Args, EnvMasterKey)
	}
}

func TestLoadMasterKeyMissingOrAmbiguous(t *testing.T) {
	if _, err := LoadMasterKey("", ""); errKey(err) != "vault.key_missing" {
		t.Errorf("nothing given: err = %v, want vault.key_missing", err)
	}
	missing := filepath.Join(t.TempDir(), "nope.key")
	if _, err := LoadMasterKey(missing, ""); errKey(err) != "vault.key_file_missing" {
		t.Errorf("absent file: err = %v, want vault.key_file_missing", err)
	}
	env := base64.StdEncoding.EncodeToString(make([]byte, KeySize))
	if _, err := LoadMasterKey(missing, env); errKey(err) != "vault.key_ambiguous" {
		t.Errorf("file and env: err = %v, want vault.key_ambiguous", err)
	}
}

func TestMasterKeyNeverPrintsItself(t *testing.T) {
	mk, err := NewMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	encoded := base64.StdEncoding.EncodeToString(mk.key[:])
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, mk)
		if strings.Contains(out, encoded) || strings.Contains(out, fmt.Sprint(mk.key[:4])) {
			t.Errorf("%s prints key material: %s", format, out)
		}
		if !strings.Contains(out, mk.ID()) {
			t.Errorf("%s does not show the ID: %s", format, out)
		}
	}
}
