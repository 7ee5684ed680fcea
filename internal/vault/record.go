package vault

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// NewRecordKey creates a data key for one record of the organisation and
// returns its id, which the record stores beside its sealed fields. The key
// is wrapped by the organisation's current key, which is created on first
// use. Run it on the transaction that creates the record, so that a failed
// create leaves no orphan key.
func (v *Vault) NewRecordKey(ctx context.Context, q store.Querier, orgID string) (string, error) {
	sl, err := v.NewSealer(ctx, q, orgID)
	if err != nil {
		return "", err
	}
	sl.Close()
	return sl.KeyID(), nil
}

// Sealer seals the fields of one new record with its data key, which it
// holds in memory until Close, so that a record with several sealed fields
// reads and unwraps its key once instead of once per field.
type Sealer struct {
	keyID string
	key   []byte
}

// NewSealer creates a record key like NewRecordKey and keeps it for
// sealing. Close it when the record is written.
func (v *Vault) NewSealer(ctx context.Context, q store.Querier, orgID string) (*Sealer, error) {
	if err := checkOrg(orgID); err != nil {
		return nil, err
	}
	version, orgKey, err := v.currentOrgKey(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	dataKey, err := newKey()
	if err != nil {
		return nil, err
	}
	keyID := store.NewID()
	wrapped, err := seal(orgKey, dataKey, recordKeyAAD(orgID, keyID))
	if err != nil {
		clear(dataKey)
		return nil, err
	}
	if _, err := v.db.Exec(ctx, q, `INSERT INTO vault_record_keys (id, org_id, org_key_version, wrapped, created_at)
		VALUES ($1, $2, $3, $4, $5)`, keyID, orgID, version, wrapped, store.Millis(v.clk.Now())); err != nil {
		clear(dataKey)
		return nil, apperr.Wrap(err, "vault.storage_failed")
	}
	return &Sealer{keyID: keyID, key: dataKey}, nil
}

// KeyID is the id of the record key, to store beside the sealed fields.
func (s *Sealer) KeyID() string { return s.keyID }

// Seal encrypts plaintext like Vault.Seal with the same aad rules.
func (s *Sealer) Seal(plaintext, aad []byte) ([]byte, error) {
	if s.key == nil {
		return nil, apperr.New(apperr.Internal, "vault.sealer_closed")
	}
	return seal(s.key, plaintext, aad)
}

// SealString is Seal for text.
func (s *Sealer) SealString(plaintext, aad string) ([]byte, error) {
	return s.Seal([]byte(plaintext), []byte(aad))
}

// Close wipes the data key from memory; the sealer seals nothing after.
func (s *Sealer) Close() {
	clear(s.key)
	s.key = nil
}

// Seal encrypts plaintext with the record key keyID of the organisation.
// aad names the place the ciphertext belongs to, such as "report:ID:text";
// Open must be given the same aad, so that a ciphertext moved to another row
// or column does not open.
func (v *Vault) Seal(ctx context.Context, q store.Querier, orgID, keyID string, plaintext, aad []byte) ([]byte, error) {
	dataKey, err := v.recordKey(ctx, q, orgID, keyID)
	if err != nil {
		return nil, err
	}
	defer clear(dataKey)
	return seal(dataKey, plaintext, aad)
}

// Open decrypts what Seal produced with the same organisation, key and aad.
// A key of another organisation is reported as not found; a shredded key as
// vault.shredded; a ciphertext that does not authenticate (changed, or
// sealed for another place) as vault.decrypt_failed.
func (v *Vault) Open(ctx context.Context, q store.Querier, orgID, keyID string, ciphertext, aad []byte) ([]byte, error) {
	dataKey, err := v.recordKey(ctx, q, orgID, keyID)
	if err != nil {
		return nil, err
	}
	defer clear(dataKey)
	plain, ok := open(dataKey, ciphertext, aad)
	if !ok {
		return nil, apperr.New(apperr.Internal, "vault.decrypt_failed")
	}
	return plain, nil
}

// SealString is Seal for text.
func (v *Vault) SealString(ctx context.Context, q store.Querier, orgID, keyID, plaintext, aad string) ([]byte, error) {
	return v.Seal(ctx, q, orgID, keyID, []byte(plaintext), []byte(aad))
}

// OpenString is Open for text sealed with SealString.
func (v *Vault) OpenString(ctx context.Context, q store.Querier, orgID, keyID string, ciphertext []byte, aad string) (string, error) {
	b, err := v.Open(ctx, q, orgID, keyID, ciphertext, []byte(aad))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// recordKey unwraps the data key keyID of the organisation. The record key
// and the organisation key that wraps it are read in one statement, so a
// rotation committing in between cannot pair a key with the wrong version.
func (v *Vault) recordKey(ctx context.Context, q store.Querier, orgID, keyID string) ([]byte, error) {
	if err := checkOrg(orgID); err != nil {
		return nil, err
	}
	var (
		wrapped, orgWrapped []byte
		version, destroyed  sql.NullInt64
	)
	err := q.QueryRowContext(ctx, `SELECT r.wrapped, r.org_key_version, r.destroyed_at, o.wrapped
		FROM vault_record_keys r
		LEFT JOIN vault_org_keys o ON o.org_id = r.org_id AND o.version = r.org_key_version
		WHERE r.id = $1 AND r.org_id = $2`, keyID, orgID).Scan(&wrapped, &version, &destroyed, &orgWrapped)
	if errors.Is(err, sql.ErrNoRows) {
		// Also the answer for a key of another organisation: whether it
		// exists elsewhere is none of this caller's business.
		return nil, apperr.New(apperr.NotFound, "vault.key_not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "vault.storage_failed")
	}
	if destroyed.Valid || wrapped == nil {
		return nil, apperr.New(apperr.NotFound, "vault.shredded")
	}
	if !version.Valid || orgWrapped == nil {
		return nil, apperr.New(apperr.Internal, "vault.org_key_unreadable", v.mk.ID())
	}
	orgKey, err := v.orgKey(orgID, version.Int64, orgWrapped)
	if err != nil {
		return nil, err
	}
	dataKey, ok := open(orgKey, wrapped, recordKeyAAD(orgID, keyID))
	if !ok {
		return nil, apperr.New(apperr.Internal, "vault.record_key_unreadable")
	}
	return dataKey, nil
}

// Shred destroys the record key keyID of the organisation: its wrapped key is
// erased and a tombstone row with destroyed_at remains. Afterwards nothing
// sealed with it can be opened, not even with the master key. Shredding an
// already shredded key is not an error and keeps the first destruction time.
//
// The erased bytes may linger in places the database controls — free pages,
// the WAL, dead PostgreSQL tuples until VACUUM — and in backups until they
// expire; see docs/decisions/0003-envelope-encryption.md.
func (v *Vault) Shred(ctx context.Context, q store.Querier, orgID, keyID string) error {
	if err := checkOrg(orgID); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE vault_record_keys
		SET wrapped = NULL, org_key_version = NULL, destroyed_at = COALESCE(destroyed_at, $3)
		WHERE id = $1 AND org_id = $2`, keyID, orgID, store.Millis(v.clk.Now()))
	if err != nil {
		return apperr.Wrap(err, "vault.storage_failed")
	}
	if n, err := res.RowsAffected(); err != nil {
		return apperr.Wrap(err, "vault.storage_failed")
	} else if n == 0 {
		return apperr.New(apperr.NotFound, "vault.key_not_found")
	}
	return nil
}

// DestroyedAt reports when the record key was shredded; the zero time means
// it is live. Retention jobs use it to show the tombstone.
func (v *Vault) DestroyedAt(ctx context.Context, q store.Querier, orgID, keyID string) (time.Time, error) {
	if err := checkOrg(orgID); err != nil {
		return time.Time{}, err
	}
	var destroyed sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT destroyed_at FROM vault_record_keys WHERE id = $1 AND org_id = $2`,
		keyID, orgID).Scan(&destroyed)
	if err != nil {
		return time.Time{}, store.NotFound(err, "vault.key_not_found")
	}
	return store.NullTime(destroyed), nil
}
