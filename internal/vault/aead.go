package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// formatV1 is the first byte of everything the vault seals: AES-256-GCM with
// a random 12-byte nonce, laid out as version ‖ nonce ‖ ciphertext ‖ tag. The
// byte lets a later format be introduced while old data still opens.
const formatV1 byte = 1

const (
	nonceSize = 12
	tagSize   = 16
	overhead  = 1 + nonceSize + tagSize
)

// Associated data of the vault's own wraps. Each names what is wrapped and
// where it belongs, so that a wrapped key copied into another row or another
// organisation does not open.
const (
	aadCanary    = "weerbaar/vault/canary"
	canaryText   = "weerbaar-vault-canary-v1"
	aadOrgKey    = "weerbaar/vault/org-key\x00"
	aadRecordKey = "weerbaar/vault/record-key\x00"
)

func orgKeyAAD(orgID string, version int64) []byte {
	return []byte(aadOrgKey + orgID + "\x00" + strconv.FormatInt(version, 10))
}

func recordKeyAAD(orgID, keyID string) []byte {
	return []byte(aadRecordKey + orgID + "\x00" + keyID)
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts plaintext under key, bound to aad.
func seal(key, plaintext, aad []byte) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, apperr.Wrap(err, "vault.encrypt_failed")
	}
	out := make([]byte, 1+nonceSize, overhead+len(plaintext))
	out[0] = formatV1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, apperr.Wrap(err, "vault.random_failed")
	}
	return gcm.Seal(out, out[1:], plaintext, aad), nil
}

// open decrypts what seal produced. It reports false for anything that does
// not authenticate — wrong key, wrong aad, a changed byte, an unknown format —
// without saying which, as GCM cannot tell them apart either.
func open(key, sealed, aad []byte) ([]byte, bool) {
	if len(sealed) < overhead || sealed[0] != formatV1 {
		return nil, false
	}
	gcm, err := newGCM(key)
	if err != nil {
		return nil, false
	}
	plain, err := gcm.Open(nil, sealed[1:1+nonceSize], sealed[1+nonceSize:], aad)
	if err != nil {
		return nil, false
	}
	return plain, true
}

// newKey returns KeySize random bytes.
func newKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, apperr.Wrap(err, "vault.random_failed")
	}
	return k, nil
}
