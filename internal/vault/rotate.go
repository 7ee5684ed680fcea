package vault

import (
	"context"
	"database/sql"
	"errors"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// RotateOrgKeys gives every organisation that has keys a new organisation key
// version and re-wraps all its live record keys under it. It returns how many
// record keys were re-wrapped.
//
// The work runs in batches, each its own short transaction, so that the
// service keeps running: every record key row names the organisation-key
// version that wraps it, and old versions are kept, so readers open records
// on either side of the batch being written. Running it twice at once is
// safe: both converge on the same newest version.
func (v *Vault) RotateOrgKeys(ctx context.Context) (int, error) {
	if err := v.Check(ctx); err != nil {
		return 0, err
	}
	orgs, err := v.orgsWithKeys(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, orgID := range orgs {
		target, err := v.newOrgKeyVersion(ctx, orgID)
		if err != nil {
			return total, err
		}
		for {
			n, err := v.rewrapBatch(ctx, orgID, target)
			total += n
			if err != nil {
				return total, err
			}
			if n == 0 {
				break
			}
		}
	}
	return total, nil
}

func (v *Vault) orgsWithKeys(ctx context.Context) ([]string, error) {
	rows, err := v.db.Read.QueryContext(ctx, `SELECT DISTINCT org_id FROM vault_org_keys ORDER BY org_id`)
	if err != nil {
		return nil, apperr.Wrap(err, "vault.storage_failed")
	}
	defer rows.Close()
	var orgs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "vault.storage_failed")
		}
		orgs = append(orgs, id)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "vault.storage_failed")
	}
	return orgs, nil
}

// newOrgKeyVersion adds the version after the newest and returns it. If a
// concurrent rotation added the same version first, that key is the target.
func (v *Vault) newOrgKeyVersion(ctx context.Context, orgID string) (int64, error) {
	var target int64
	err := v.db.Tx(ctx, func(tx *sql.Tx) error {
		newest, _, err := v.newestOrgKey(ctx, tx, orgID)
		if err != nil {
			return apperr.Wrap(err, "vault.storage_failed")
		}
		target = newest + 1
		return v.insertOrgKey(ctx, tx, orgID, target)
	})
	return target, err
}

type staleKey struct {
	id      string
	version int64
	wrapped []byte
}

// rewrapBatch re-wraps up to one batch of the organisation's record keys that
// are wrapped by a version older than target, and reports how many it changed.
func (v *Vault) rewrapBatch(ctx context.Context, orgID string, target int64) (int, error) {
	done := 0
	err := v.db.Tx(ctx, func(tx *sql.Tx) error {
		done = 0
		// Shredded keys have no version and so are never selected. SKIP
		// LOCKED lets a second rotator take other rows instead of waiting.
		rows, err := tx.QueryContext(ctx, `SELECT id, org_key_version, wrapped FROM vault_record_keys
			WHERE org_id = $1 AND org_key_version < $2 AND wrapped IS NOT NULL
			ORDER BY id LIMIT $3`+v.db.SkipLocked(), orgID, target, v.batch)
		if err != nil {
			return apperr.Wrap(err, "vault.storage_failed")
		}
		var stale []staleKey
		for rows.Next() {
			var s staleKey
			if err := rows.Scan(&s.id, &s.version, &s.wrapped); err != nil {
				rows.Close()
				return apperr.Wrap(err, "vault.storage_failed")
			}
			stale = append(stale, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "vault.storage_failed")
		}
		if len(stale) == 0 {
			return nil
		}
		newKey, err := v.orgKeyVersion(ctx, tx, orgID, target)
		if err != nil {
			return err
		}
		for _, s := range stale {
			oldKey, err := v.orgKeyVersion(ctx, tx, orgID, s.version)
			if err != nil {
				return err
			}
			aad := recordKeyAAD(orgID, s.id)
			dataKey, ok := open(oldKey, s.wrapped, aad)
			if !ok {
				return apperr.New(apperr.Internal, "vault.record_key_unreadable")
			}
			rewrapped, err := seal(newKey, dataKey, aad)
			clear(dataKey)
			if err != nil {
				return err
			}
			// The guard keeps a key shredded in the meantime shredded.
			res, err := tx.ExecContext(ctx, `UPDATE vault_record_keys SET wrapped = $1, org_key_version = $2
				WHERE id = $3 AND org_id = $4 AND org_key_version = $5 AND wrapped IS NOT NULL`,
				rewrapped, target, s.id, orgID, s.version)
			if err != nil {
				return apperr.Wrap(err, "vault.storage_failed")
			}
			if n, _ := res.RowsAffected(); n > 0 {
				done++
			}
		}
		return nil
	})
	return done, err
}

// orgKeyVersion returns one version of the organisation's key, unwrapped.
func (v *Vault) orgKeyVersion(ctx context.Context, q store.Querier, orgID string, version int64) ([]byte, error) {
	var wrapped []byte
	err := q.QueryRowContext(ctx, `SELECT wrapped FROM vault_org_keys WHERE org_id = $1 AND version = $2`,
		orgID, version).Scan(&wrapped)
	if err != nil {
		return nil, apperr.Wrap(err, "vault.storage_failed")
	}
	return v.orgKey(orgID, version, wrapped)
}

// RotateMaster re-wraps every organisation key and the canary from oldKey to
// newKey in one transaction: afterwards the database opens with newKey only,
// and a failure leaves it as it was. Stop the servers first and start them
// with the new key; a server still holding the old key fails its Check.
func RotateMaster(ctx context.Context, db *store.DB, oldKey, newKey *MasterKey) error {
	if oldKey == nil || newKey == nil {
		return apperr.New(apperr.Invalid, "vault.key_missing", EnvMasterKey)
	}
	if oldKey.ID() == newKey.ID() {
		return apperr.New(apperr.Invalid, "vault.same_master_key", newKey.ID())
	}
	clk := clock.System{}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		sealed, storedID, err := readCanary(ctx, tx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "vault.storage_failed")
		}
		if err == nil {
			if err := verifyCanary(oldKey, sealed, storedID); err != nil {
				return err
			}
		}
		canary, err := seal(newKey.key[:], []byte(canaryText), []byte(aadCanary))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO vault_meta (name, master_key_id, sealed, updated_at)
			VALUES ('canary', $1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET master_key_id = $1, sealed = $2, updated_at = $3`,
			newKey.ID(), canary, store.Millis(clk.Now())); err != nil {
			return apperr.Wrap(err, "vault.storage_failed")
		}
		return rewrapOrgKeys(ctx, tx, oldKey, newKey)
	})
}

func rewrapOrgKeys(ctx context.Context, tx *sql.Tx, oldKey, newKey *MasterKey) error {
	type orgKeyRow struct {
		org     string
		version int64
		wrapped []byte
	}
	rows, err := tx.QueryContext(ctx, `SELECT org_id, version, wrapped FROM vault_org_keys ORDER BY org_id, version`)
	if err != nil {
		return apperr.Wrap(err, "vault.storage_failed")
	}
	var all []orgKeyRow
	for rows.Next() {
		var r orgKeyRow
		if err := rows.Scan(&r.org, &r.version, &r.wrapped); err != nil {
			rows.Close()
			return apperr.Wrap(err, "vault.storage_failed")
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "vault.storage_failed")
	}
	for _, r := range all {
		aad := orgKeyAAD(r.org, r.version)
		key, ok := open(oldKey.key[:], r.wrapped, aad)
		if !ok {
			return apperr.New(apperr.Internal, "vault.org_key_unreadable", oldKey.ID())
		}
		rewrapped, err := seal(newKey.key[:], key, aad)
		clear(key)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE vault_org_keys SET wrapped = $1 WHERE org_id = $2 AND version = $3`,
			rewrapped, r.org, r.version); err != nil {
			return apperr.Wrap(err, "vault.storage_failed")
		}
	}
	return nil
}
