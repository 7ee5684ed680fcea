// Package password hashes and checks the passwords of local accounts:
// argon2id hashes in the PHC string format, and the rules a new password
// must meet.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Params are the argon2id cost parameters of new hashes.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// Default are the parameters of new hashes: 64 MiB, one pass, two lanes, in
// line with the argon2 RFC's second recommended setting for machines with
// less memory. A variable so that tests can make hashing cheap; hashes made
// with other parameters keep verifying and NeedsRehash reports them.
var Default = Params{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}

// Upper bounds for stored parameters, so that a damaged or planted hash
// cannot make one login allocate gigabytes or run for minutes.
const (
	maxMemory  = 1024 * 1024 // 1 GiB
	maxTime    = 16
	maxKeyLen  = 128
	maxSaltLen = 128
)

var b64 = base64.RawStdEncoding

// Hash returns the PHC string of pw under the Default parameters with a
// fresh random salt.
func Hash(pw string) (string, error) {
	p := Default
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", apperr.Wrap(err, "password.hash_failed")
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash. A malformed encoding
// is an error, not a mismatch: it means stored data is damaged.
func Verify(pw, encoded string) (ok bool, err error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, apperr.Wrap(err, "password.hash_malformed")
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than
// Default (or cannot be read), so that the caller stores a new hash after
// the next successful login.
func NeedsRehash(encoded string) bool {
	p, _, _, err := decode(encoded)
	if err != nil {
		return true
	}
	d := Default
	return p.Memory != d.Memory || p.Time != d.Time || p.Threads != d.Threads ||
		p.KeyLen != d.KeyLen || p.SaltLen < d.SaltLen
}

// dummySalt is fixed: Dummy's result is thrown away, only its cost counts.
var dummySalt = make([]byte, 16)

// Dummy costs as much as Verify under the Default parameters and checks
// nothing. Call it when the account does not exist, so that the response
// time does not tell an attacker which accounts do.
func Dummy() {
	p := Default
	key := argon2.IDKey([]byte("dummy"), dummySalt, p.Time, p.Memory, p.Threads, p.KeyLen)
	subtle.ConstantTimeCompare(key, key)
}

// decode parses "$argon2id$v=19$m=65536,t=1,p=2$salt$hash".
func decode(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, errors.New("not a PHC string")
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, fmt.Errorf("unsupported version %q", parts[2])
	}
	if err := parseParams(parts[3], &p); err != nil {
		return p, nil, nil, err
	}
	if salt, err = b64.Strict().DecodeString(parts[4]); err != nil || len(salt) < 8 || len(salt) > maxSaltLen {
		return p, nil, nil, errors.New("bad salt")
	}
	if key, err = b64.Strict().DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > maxKeyLen {
		return p, nil, nil, errors.New("bad hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// parseParams reads "m=65536,t=1,p=2" in exactly that order.
func parseParams(s string, p *Params) error {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return errors.New("bad parameters")
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return errors.New("bad parameters")
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return errors.New("bad parameters")
		}
		vals[i] = n
	}
	if vals[0] > maxMemory || vals[1] > maxTime || vals[2] > 255 || vals[0] < 8*vals[2] {
		return errors.New("parameters out of range")
	}
	p.Memory, p.Time, p.Threads = uint32(vals[0]), uint32(vals[1]), uint8(vals[2])
	return nil
}
