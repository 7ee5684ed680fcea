package vault

import (
	"context"
	"testing"
)

// A sealer seals several fields of one new record with one key; what it
// seals opens through the vault like any sealed field, bound to its place,
// and once closed it seals nothing more.
func TestSealerSealsFieldsOfOneRecord(t *testing.T) {
	db, v, _ := newVault(t)
	ctx := context.Background()
	sl, err := v.NewSealer(ctx, db.Write, "org-a")
	if err != nil {
		t.Fatal(err)
	}
	title, err := sl.SealString("Loods Kanaalweg", "reports:1:title")
	if err != nil {
		t.Fatal(err)
	}
	body, err := sl.SealString("Busjes elke nacht", "reports:1:body")
	if err != nil {
		t.Fatal(err)
	}
	sl.Close()
	for _, c := range []struct {
		ct        []byte
		aad, want string
	}{{title, "reports:1:title", "Loods Kanaalweg"}, {body, "reports:1:body", "Busjes elke nacht"}} {
		got, err := v.OpenString(ctx, db.Read, "org-a", sl.KeyID(), c.ct, c.aad)
		if err != nil || got != c.want {
			t.Fatalf("open %s = %q, %v", c.aad, got, err)
		}
	}
	if _, err := v.OpenString(ctx, db.Read, "org-a", sl.KeyID(), title, "reports:1:body"); err == nil {
		t.Fatal("a title opened as the body")
	}
	if _, err := sl.SealString("na het sluiten", "reports:1:answers"); errKey(err) != "vault.sealer_closed" {
		t.Fatalf("seal after close: %v, want vault.sealer_closed", err)
	}
	// Shredding the record key makes the sealer's output unreadable too.
	if err := v.Shred(ctx, db.Write, "org-a", sl.KeyID()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.OpenString(ctx, db.Read, "org-a", sl.KeyID(), body, "reports:1:body"); errKey(err) != "vault.shredded" {
		t.Fatalf("open after shred: %v, want vault.shredded", err)
	}
}
