package vault

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// newVault opens a fresh database and a checked vault with a new master key.
func newVault(t *testing.T) (*store.DB, *Vault, *MasterKey) {
	t.Helper()
	db := storetest.Open(t)
	mk, err := NewMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	v := New(db, mk, clock.NewFake(t0))
	if err := v.Check(context.Background()); err != nil {
		t.Fatalf("check on a fresh database: %v", err)
	}
	return db, v, mk
}

// sealNew makes a record key for org and seals text under it.
func sealNew(t *testing.T, v *Vault, db *store.DB, org, text, aad string) (keyID string, ct []byte) {
	t.Helper()
	ctx := context.Background()
	keyID, err := v.NewRecordKey(ctx, db.Write, org)
	if err != nil {
		t.Fatalf("new record key: %v", err)
	}
	ct, err = v.SealString(ctx, db.Write, org, keyID, text, aad)
	if err != nil {
		t.Fatalf("seal: %v", err)
	}
	return keyID, ct
}

func TestSealOpenRoundTrip(t *testing.T) {
	db, v, mk := newVault(t)
	ctx := context.Background()
	text := "Melding: wethouder ontvangt giften van vastgoedondernemer"
	keyID, ct := sealNew(t, v, db, "org-a", text, "report:1:text")
	if bytes.Contains(ct, []byte("wethouder")) {
		t.Fatal("ciphertext contains the plaintext")
	}
	if ct[0] != formatV1 {
		t.Fatalf("ciphertext starts with %d, want format byte %d", ct[0], formatV1)
	}
	got, err := v.OpenString(ctx, db.Read, "org-a", keyID, ct, "report:1:text")
	if err != nil || got != text {
		t.Fatalf("open = %q, %v", got, err)
	}
	// Sealing twice gives different ciphertexts (random nonce).
	ct2, _ := v.SealString(ctx, db.Write, "org-a", keyID, text, "report:1:text")
	if bytes.Equal(ct, ct2) {
		t.Fatal("two seals of the same text are identical")
	}
	// A server restarted with the same key reads it too.
	again, err := New(db, mk, clock.System{}).OpenString(ctx, db.Read, "org-a", keyID, ct, "report:1:text")
	if err != nil || again != text {
		t.Fatalf("open after restart = %q, %v", again, err)
	}
	// Empty content is content too.
	empty, err := v.Seal(ctx, db.Write, "org-a", keyID, nil, []byte("report:1:note"))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := v.Open(ctx, db.Read, "org-a", keyID, empty, []byte("report:1:note")); err != nil || len(b) != 0 {
		t.Fatalf("open empty = %q, %v", b, err)
	}
}

func TestKeyOfAnotherOrganisationDoesNotOpen(t *testing.T) {
	db, v, _ := newVault(t)
	ctx := context.Background()
	keyID, ct := sealNew(t, v, db, "org-a", "geheim van A", "report:1:text")
	if _, err := v.NewRecordKey(ctx, db.Write, "org-b"); err != nil {
		t.Fatal(err)
	}
	_, err := v.OpenString(ctx, db.Read, "org-b", keyID, ct, "report:1:text")
	if errKey(err) != "vault.key_not_found" || apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("open with org B = %v, want vault.key_not_found", err)
	}
	if _, err := v.SealString(ctx, db.Write, "org-b", keyID, "x", "report:2:text"); errKey(err) != "vault.key_not_found" {
		t.Fatalf("seal with org B's scope and A's key = %v, want vault.key_not_found", err)
	}
	if err := v.Shred(ctx, db.Write, "org-b", keyID); errKey(err) != "vault.key_not_found" {
		t.Fatalf("shred from org B = %v, want vault.key_not_found", err)
	}
	if got, err := v.OpenString(ctx, db.Read, "org-a", keyID, ct, "report:1:text"); err != nil || got != "geheim van A" {
		t.Fatalf("org A's record damaged by org B's attempts: %q, %v", got, err)
	}
	if _, err := v.NewRecordKey(ctx, db.Write, ""); errKey(err) != "vault.org_missing" || apperr.As(err).Field != "org_id" {
		t.Fatalf("empty org = %v, want vault.org_missing on org_id", err)
	}
}

func TestCiphertextIsBoundToItsPlace(t *testing.T) {
	db, v, _ := newVault(t)
	ctx := context.Background()
	keyID, ct := sealNew(t, v, db, "org-a", "tekst", "report:1:text")
	if _, err := v.OpenString(ctx, db.Read, "org-a", keyID, ct, "report:1:identity"); errKey(err) != "vault.decrypt_failed" {
		t.Fatalf("open with other aad = %v, want vault.decrypt_failed", err)
	}
	// Swapping the ciphertexts of two rows, each under its own key: the key
	// of the other row does not fit.
	key2, ct2 := sealNew(t, v, db, "org-a", "andere tekst", "report:2:text")
	if _, err := v.OpenString(ctx, db.Read, "org-a", keyID, ct2, "report:1:text"); errKey(err) != "vault.decrypt_failed" {
		t.Fatalf("row 1 with row 2's ciphertext = %v", err)
	}
	// Two fields of one record under one key: aad keeps them apart.
	ctOther, _ := v.SealString(ctx, db.Write, "org-a", key2, "identiteit", "report:2:identity")
	if _, err := v.OpenString(ctx, db.Read, "org-a", key2, ctOther, "report:2:text"); errKey(err) != "vault.decrypt_failed" {
		t.Fatalf("identity opened as text = %v", err)
	}
	// A changed byte anywhere is detected.
	for _, i := range []int{0, 5, len(ct) - 1} {
		bad := bytes.Clone(ct)
		bad[i] ^= 1
		if _, err := v.OpenString(ctx, db.Read, "org-a", keyID, bad, "report:1:text"); errKey(err) != "vault.decrypt_failed" {
			t.Errorf("byte %d flipped: err = %v", i, err)
		}
	}
	if _, err := v.Open(ctx, db.Read, "org-a", keyID, ct[:10], []byte("report:1:text")); errKey(err) != "vault.decrypt_failed" {
		t.Errorf("truncated: err = %v", err)
	}
}

func TestWrongMasterKeyIsRefusedAndChangesNothing(t *testing.T) {
	db, v, mk := newVault(t)
	ctx := context.Background()
	keyID, ct := sealNew(t, v, db, "org-a", "tekst", "a")
	canaryBefore, _, err := readCanary(ctx, db.Read)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewMasterKey()
	wrong := New(db, other, clock.System{})
	err = wrong.Check(ctx)
	if errKey(err) != "vault.wrong_master_key" {
		t.Fatalf("check with another key = %v, want vault.wrong_master_key", err)
	}
	if args := apperr.As(err).Args; len(args) != 2 || args[0] != other.ID() || args[1] != mk.ID() {
		t.Fatalf("message args = %v, want the given and the expected key id", args)
	}
	// Neither a second check nor an attempt to create keys for a new
	// organisation writes anything under the wrong key.
	_ = wrong.Check(ctx)
	if _, err := wrong.NewRecordKey(ctx, db.Write, "org-new"); errKey(err) != "vault.wrong_master_key" {
		t.Fatalf("new org under wrong key = %v, want vault.wrong_master_key", err)
	}
	var n int
	db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM vault_org_keys WHERE org_id = 'org-new'`).Scan(&n)
	if n != 0 {
		t.Fatal("an organisation key was written under the wrong master key")
	}
	if _, err := wrong.OpenString(ctx, db.Read, "org-a", keyID, ct, "a"); errKey(err) != "vault.org_key_unreadable" {
		t.Fatalf("open under wrong key = %v, want vault.org_key_unreadable", err)
	}
	canaryAfter, _, _ := readCanary(ctx, db.Read)
	if !bytes.Equal(canaryBefore, canaryAfter) {
		t.Fatal("the canary was overwritten")
	}
	if err := New(db, mk, clock.System{}).Check(ctx); err != nil {
		t.Fatalf("right key no longer passes: %v", err)
	}
}

func TestShredIsFinal(t *testing.T) {
	db, v, mk := newVault(t)
	ctx := context.Background()
	keyID, ct := sealNew(t, v, db, "org-a", "te vernietigen", "report:1:text")
	keepID, keepCT := sealNew(t, v, db, "org-a", "blijft", "report:2:text")
	clk := clock.NewFake(t0.Add(48 * time.Hour))
	v.clk = clk
	if err := v.Shred(ctx, db.Write, "org-a", keyID); err != nil {
		t.Fatal(err)
	}
	// A brand-new vault with the same master key, as after a restart, and
	// with no cache, cannot open it either.
	fresh := New(db, mk, clock.System{})
	_, err := fresh.OpenString(ctx, db.Read, "org-a", keyID, ct, "report:1:text")
	if errKey(err) != "vault.shredded" || apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("open after shred = %v, want vault.shredded", err)
	}
	if _, err := fresh.SealString(ctx, db.Write, "org-a", keyID, "nieuw", "report:1:text"); errKey(err) != "vault.shredded" {
		t.Fatalf("seal after shred = %v, want vault.shredded", err)
	}
	// The tombstone holds no key and says when.
	var wrapped []byte
	var version sql.NullInt64
	db.Read.QueryRowContext(ctx, `SELECT wrapped, org_key_version FROM vault_record_keys WHERE id = $1`, keyID).Scan(&wrapped, &version)
	if wrapped != nil || version.Valid {
		t.Fatal("tombstone still holds key material")
	}
	at, err := fresh.DestroyedAt(ctx, db.Read, "org-a", keyID)
	if err != nil || !at.Equal(clk.Now().Truncate(time.Millisecond)) {
		t.Fatalf("destroyed at = %v, %v", at, err)
	}
	// Shredding again keeps the first time; other records are untouched.
	clk.Advance(time.Hour)
	if err := v.Shred(ctx, db.Write, "org-a", keyID); err != nil {
		t.Fatal(err)
	}
	if again, _ := fresh.DestroyedAt(ctx, db.Read, "org-a", keyID); !again.Equal(at) {
		t.Fatalf("second shred moved destroyed_at to %v", again)
	}
	if live, _ := fresh.DestroyedAt(ctx, db.Read, "org-a", keepID); !live.IsZero() {
		t.Fatalf("live key reports destroyed at %v", live)
	}
	if got, err := fresh.OpenString(ctx, db.Read, "org-a", keepID, keepCT, "report:2:text"); err != nil || got != "blijft" {
		t.Fatalf("other record = %q, %v", got, err)
	}
	if err := v.Shred(ctx, db.Write, "org-a", "no-such-key"); errKey(err) != "vault.key_not_found" {
		t.Fatalf("shred unknown key = %v", err)
	}
}

func TestSystemOrgNeedsNoOrganisationRow(t *testing.T) {
	db, v, _ := newVault(t)
	ctx := context.Background()
	keyID, ct := sealNew(t, v, db, SystemOrg, "JBSWY3DPEHPK3PXP", "user:u1:totp")
	got, err := v.OpenString(ctx, db.Read, SystemOrg, keyID, ct, "user:u1:totp")
	if err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open = %q, %v", got, err)
	}
}

// A record key made in a transaction that rolls back takes its new
// organisation key with it; the key made next must be the one used, also
// after a restart.
func TestRolledBackOrgKeyIsNotReused(t *testing.T) {
	db, v, mk := newVault(t)
	ctx := context.Background()
	rollback := errors.New("rollback")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := v.NewRecordKey(ctx, tx, "org-a"); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	var keyID string
	var ct []byte
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if keyID, err = v.NewRecordKey(ctx, tx, "org-a"); err != nil {
			return err
		}
		ct, err = v.SealString(ctx, tx, "org-a", keyID, "na rollback", "x")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := New(db, mk, clock.System{}).OpenString(ctx, db.Read, "org-a", keyID, ct, "x")
	if err != nil || got != "na rollback" {
		t.Fatalf("open after restart = %q, %v", got, err)
	}
}
