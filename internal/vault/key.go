package vault

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// KeySize is the length of every key in the vault: AES-256.
const KeySize = 32

// EnvMasterKey names the environment variable from which the operator may
// supply the master key instead of a file. The caller reads it and passes its
// value to LoadMasterKey, so that this package never reads the environment.
const EnvMasterKey = "WEERBAAR_MASTER_KEY"

// MasterKey is the operator-supplied key that wraps the organisation keys.
// It prints as its ID only, so that a stray log line cannot leak it.
type MasterKey struct {
	key [KeySize]byte
	id  string
}

// ID identifies the key without revealing it: the first 8 bytes of its
// SHA-256 in hex. Operators use it to tell key files apart.
func (m *MasterKey) ID() string { return m.id }

// String returns the ID, never the key.
func (m *MasterKey) String() string { return "MasterKey(" + m.id + ")" }

// GoString returns the ID, never the key, also for %#v.
func (m *MasterKey) GoString() string { return m.String() }

func newMasterKey(b []byte) *MasterKey {
	m := &MasterKey{}
	copy(m.key[:], b)
	sum := sha256.Sum256(m.key[:])
	m.id = hex.EncodeToString(sum[:8])
	return m
}

// NewMasterKey returns a fresh random master key that exists only in memory.
// It is meant for tests and for GenerateKeyFile; a server whose key is not
// kept somewhere loses all encrypted data when it stops.
func NewMasterKey() (*MasterKey, error) {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		return nil, apperr.Wrap(err, "vault.random_failed")
	}
	return newMasterKey(b), nil
}

// LoadMasterKey reads the master key from the file at path or from env, the
// value of WEERBAAR_MASTER_KEY; exactly one of them must be given. The key is
// 32 random bytes in standard base64; surrounding white space is ignored. A
// key file that group or others may access is refused, because anyone who can
// read it can read every encrypted field.
func LoadMasterKey(path string, env string) (*MasterKey, error) {
	path, env = strings.TrimSpace(path), strings.TrimSpace(env)
	switch {
	case path != "" && env != "":
		return nil, apperr.New(apperr.Invalid, "vault.key_ambiguous", EnvMasterKey)
	case env != "":
		return parseMasterKey(env, EnvMasterKey)
	case path == "":
		return nil, apperr.New(apperr.Invalid, "vault.key_missing", EnvMasterKey)
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.New(apperr.Invalid, "vault.key_file_missing", path)
	}
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "vault.key_file_unreadable", Args: []any{path}, Err: err}
	}
	if !info.Mode().IsRegular() {
		return nil, apperr.New(apperr.Invalid, "vault.key_file_unreadable", path)
	}
	// Windows has no meaningful permission bits; there the operator relies
	// on the file's ACL.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, apperr.New(apperr.Invalid, "vault.key_file_permissions", path, info.Mode().Perm().String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "vault.key_file_unreadable", Args: []any{path}, Err: err}
	}
	return parseMasterKey(string(b), path)
}

// parseMasterKey decodes a key; source names where it came from in the
// message. The cause is not kept: a decoding error can quote key bytes.
func parseMasterKey(s, source string) (*MasterKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != KeySize {
		return nil, apperr.New(apperr.Invalid, "vault.key_malformed", source, KeySize)
	}
	m := newMasterKey(b)
	clear(b)
	return m, nil
}

// GenerateKeyFile creates a new random master key and writes it to path,
// readable by the owner only. It refuses to overwrite an existing file, since
// that would make every encrypted field of a database unreadable.
func GenerateKeyFile(path string) (*MasterKey, error) {
	if strings.TrimSpace(path) == "" {
		return nil, apperr.New(apperr.Invalid, "vault.key_missing", EnvMasterKey)
	}
	m, err := NewMasterKey()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, apperr.New(apperr.Conflict, "vault.key_file_exists", path)
	}
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "vault.key_file_unwritable", Args: []any{path}, Err: err}
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(m.key[:]) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// A half-written key file would later be mistaken for a key.
		os.Remove(path)
		return nil, &apperr.Error{Code: apperr.Invalid, Key: "vault.key_file_unwritable", Args: []any{path}, Err: err}
	}
	return m, nil
}

// SubjectKey returns a key for pseudonymous references to data subjects in
// the processing log (audit.SubjectRef): an HMAC of the master key and the
// organisation, so that references are stable within one organisation,
// unrelated across organisations, and cannot be reversed without the key.
func (v *Vault) SubjectKey(orgID string) []byte {
	m := hmac.New(sha256.New, v.mk.key[:])
	m.Write([]byte("weerbaar/subject-ref/" + orgID))
	return m.Sum(nil)
}
