// Package vault encrypts sensitive fields and files at rest with envelope
// encryption: the operator's master key wraps one key per organisation
// (versioned, so it can be rotated), and each organisation key wraps one data
// key per record. Everything is AES-256-GCM. Destroying a record key
// (Shred) makes that record's content unrecoverable, even for someone holding
// the master key: crypto-shredding.
//
// Only wrapped keys are stored. Unwrapped organisation keys are cached in
// memory because they are few and used on every read; record keys are
// unwrapped on each use, so that shredding takes effect at once on every
// instance. No key material is ever logged or put into an error.
package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// SystemOrg owns secrets that belong to no organisation, such as the TOTP
// secrets of users. It is used as an orgID like any other.
const SystemOrg = "_system"

// defaultBatch is how many record keys one rotation transaction re-wraps:
// small enough that the write lock is held only briefly.
const defaultBatch = 500

// Vault seals and opens data for the organisations in one database. It is
// safe for concurrent use.
type Vault struct {
	db    *store.DB
	mk    *MasterKey
	clk   clock.Clock
	batch int

	mu      sync.Mutex
	orgKeys map[orgKeyRef]cachedKey
}

type orgKeyRef struct {
	org     string
	version int64
}

// cachedKey remembers which wrapped bytes a key came from. A hit counts only
// when the stored bytes are the same, so that a key from a rolled-back
// transaction, or one re-wrapped by RotateMaster, is never used in error.
type cachedKey struct {
	wrapped []byte
	key     []byte
}

// New returns a vault over db with the master key mk.
func New(db *store.DB, mk *MasterKey, clk clock.Clock) *Vault {
	return &Vault{db: db, mk: mk, clk: clk, batch: defaultBatch, orgKeys: map[orgKeyRef]cachedKey{}}
}

// Check verifies that the master key is the one this database was set up
// with, by opening the canary stored on first use. A wrong key gives
// vault.wrong_master_key; the canary is never overwritten. Call it at start-up
// so that a misconfigured server refuses to start instead of failing later.
func (v *Vault) Check(ctx context.Context) error {
	return v.checkCanary(ctx, v.db.Write)
}

// checkCanary opens the canary with v's master key, creating it if the
// database has none yet. It runs on q so that it can join the caller's
// transaction (SQLite has one write connection).
func (v *Vault) checkCanary(ctx context.Context, q store.Querier) error {
	sealed, storedID, err := readCanary(ctx, q)
	if errors.Is(err, sql.ErrNoRows) {
		fresh, serr := seal(v.mk.key[:], []byte(canaryText), []byte(aadCanary))
		if serr != nil {
			return serr
		}
		// ON CONFLICT DO NOTHING: when another instance set up the canary
		// first, its canary stands and is checked below.
		if _, err := q.ExecContext(ctx, `INSERT INTO vault_meta (name, master_key_id, sealed, updated_at)
			VALUES ('canary', $1, $2, $3) ON CONFLICT (name) DO NOTHING`,
			v.mk.ID(), fresh, store.Millis(v.clk.Now())); err != nil {
			return apperr.Wrap(err, "vault.storage_failed")
		}
		sealed, storedID, err = readCanary(ctx, q)
	}
	if err != nil {
		return apperr.Wrap(err, "vault.storage_failed")
	}
	return verifyCanary(v.mk, sealed, storedID)
}

func readCanary(ctx context.Context, q store.Querier) (sealed []byte, masterKeyID string, err error) {
	err = q.QueryRowContext(ctx, `SELECT sealed, master_key_id FROM vault_meta WHERE name = 'canary'`).Scan(&sealed, &masterKeyID)
	return sealed, masterKeyID, err
}

func verifyCanary(mk *MasterKey, sealed []byte, storedID string) error {
	plain, ok := open(mk.key[:], sealed, []byte(aadCanary))
	if !ok || string(plain) != canaryText {
		return apperr.New(apperr.Invalid, "vault.wrong_master_key", mk.ID(), storedID)
	}
	return nil
}

// orgKey returns the unwrapped organisation key for the given wrapped bytes,
// from the cache when it holds exactly these bytes.
func (v *Vault) orgKey(orgID string, version int64, wrapped []byte) ([]byte, error) {
	ref := orgKeyRef{orgID, version}
	v.mu.Lock()
	c, ok := v.orgKeys[ref]
	v.mu.Unlock()
	if ok && bytes.Equal(c.wrapped, wrapped) {
		return c.key, nil
	}
	key, ok := open(v.mk.key[:], wrapped, orgKeyAAD(orgID, version))
	if !ok {
		return nil, apperr.New(apperr.Internal, "vault.org_key_unreadable", v.mk.ID())
	}
	v.mu.Lock()
	v.orgKeys[ref] = cachedKey{wrapped: bytes.Clone(wrapped), key: key}
	v.mu.Unlock()
	return key, nil
}

// currentOrgKey returns the newest version of the organisation's key,
// creating version 1 when the organisation has none yet.
func (v *Vault) currentOrgKey(ctx context.Context, q store.Querier, orgID string) (int64, []byte, error) {
	version, wrapped, err := v.newestOrgKey(ctx, q, orgID)
	if errors.Is(err, sql.ErrNoRows) {
		// The first key of an organisation is wrapped by this master key, so
		// make sure it is the database's master key before anything is
		// written under it.
		if err := v.checkCanary(ctx, q); err != nil {
			return 0, nil, err
		}
		if err := v.insertOrgKey(ctx, q, orgID, 1); err != nil {
			return 0, nil, err
		}
		version, wrapped, err = v.newestOrgKey(ctx, q, orgID)
	}
	if err != nil {
		return 0, nil, apperr.Wrap(err, "vault.storage_failed")
	}
	key, err := v.orgKey(orgID, version, wrapped)
	return version, key, err
}

func (v *Vault) newestOrgKey(ctx context.Context, q store.Querier, orgID string) (version int64, wrapped []byte, err error) {
	err = v.db.QueryRow(ctx, q, `SELECT version, wrapped FROM vault_org_keys
		WHERE org_id = $1 ORDER BY version DESC LIMIT 1`, orgID).Scan(&version, &wrapped)
	return version, wrapped, err
}

// insertOrgKey creates a new random organisation key of the given version.
// When another writer created that version first, theirs stands: ON CONFLICT
// DO NOTHING never aborts the caller's PostgreSQL transaction.
func (v *Vault) insertOrgKey(ctx context.Context, q store.Querier, orgID string, version int64) error {
	key, err := newKey()
	if err != nil {
		return err
	}
	defer clear(key)
	wrapped, err := seal(v.mk.key[:], key, orgKeyAAD(orgID, version))
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO vault_org_keys (org_id, version, wrapped, created_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, version) DO NOTHING`,
		orgID, version, wrapped, store.Millis(v.clk.Now())); err != nil {
		return apperr.Wrap(err, "vault.storage_failed")
	}
	return nil
}

func checkOrg(orgID string) error {
	if orgID == "" {
		return apperr.FieldErr("org_id", "vault.org_missing")
	}
	return nil
}
