package main

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// enrolTOTP starts a second factor for a demo user, so that the database
// holds an encrypted secret whose key rotation must keep readable.
func enrolTOTP(t *testing.T, a *app.App, email string) (userID string, secret []byte) {
	t.Helper()
	ctx := context.Background()
	o, err := a.Auth.OrganisationBySlug(ctx, "voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Auth.UserByEmail(ctx, auth.System(o.ID), email)
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.Auth.BeginTOTP(ctx, u.ID, "Weerbaar")
	if err != nil {
		t.Fatalf("begin TOTP: %v", err)
	}
	return u.ID, e.Secret
}

func pendingSecret(t *testing.T, a *app.App, userID string) []byte {
	t.Helper()
	e, err := a.Auth.PendingTOTP(context.Background(), userID, "Weerbaar")
	if err != nil {
		t.Fatalf("the TOTP secret cannot be read: %v", err)
	}
	return e.Secret
}

func TestKeysRotateOrganisationKeys(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	a := openTestApp(t, database, key)
	userID, secret := enrolTOTP(t, a, "coordinator@voorbeeldstad.example")
	a.Close()
	db := rawDB(t, database)
	versions := count(t, db, `SELECT COUNT(*) FROM vault_org_keys`)

	r := weerbaar(t, "keys", "rotate", "--database", database, "--master-key-file", key)
	expect(t, r, 0, "Organisatiesleutels vernieuwd")
	if after := count(t, db, `SELECT COUNT(*) FROM vault_org_keys`); after <= versions {
		t.Fatalf("no new organisation key version: %d before, %d after", versions, after)
	}
	if stale := count(t, db, `SELECT COUNT(*) FROM vault_record_keys r WHERE r.wrapped IS NOT NULL AND r.org_key_version <
		(SELECT MAX(version) FROM vault_org_keys o WHERE o.org_id = r.org_id)`); stale != 0 {
		t.Fatalf("%d record keys are still wrapped by an old organisation key", stale)
	}

	expect(t, weerbaar(t, "user", "list", "--org", "voorbeeldstad", "--database", database, "--master-key-file", key), 0, "beheerder@voorbeeldstad.example")
	a = openTestApp(t, database, key)
	if got := pendingSecret(t, a, userID); !bytes.Equal(got, secret) {
		t.Fatal("the TOTP secret changed through the rotation")
	}
	expect(t, weerbaar(t, "audit", "verify", "--database", database), 0, "intact")
}

func TestKeysRotateMasterKey(t *testing.T) {
	database := freshDatabase(t)
	oldKey := seedDemo(t, database)
	a := openTestApp(t, database, oldKey)
	userID, secret := enrolTOTP(t, a, "bibob@voorbeeldstad.example")
	a.Close()
	newKey, newMK := newKeyFile(t)

	t.Run("wrong old key changes nothing", func(t *testing.T) {
		before := contentDigest(t, database)
		stranger, strangerMK := newKeyFile(t)
		r := weerbaar(t, "keys", "rotate", "--database", database, "--master-key-file", stranger, "--new-master-key-file", newKey)
		expect(t, r, 1, fmt.Sprintf("De hoofdsleutel (id %s) past niet bij deze database", strangerMK.ID()))
		if contentDigest(t, database) != before {
			t.Fatal("a refused master key rotation changed the database")
		}
	})
	t.Run("same key", func(t *testing.T) {
		r := weerbaar(t, "keys", "rotate", "--database", database, "--master-key-file", oldKey, "--new-master-key-file", oldKey)
		expect(t, r, 1, "is dezelfde als de oude")
	})

	r := weerbaar(t, "keys", "rotate", "--database", database, "--master-key-file", oldKey, "--new-master-key-file", newKey)
	expect(t, r, 0, "Hoofdsleutel vervangen", newMK.ID())

	r = weerbaar(t, "user", "list", "--org", "voorbeeldstad", "--database", database, "--master-key-file", oldKey)
	expect(t, r, 1, "past niet bij deze database", "ingericht met hoofdsleutel "+newMK.ID())
	expect(t, weerbaar(t, "user", "list", "--org", "voorbeeldstad", "--database", database, "--master-key-file", newKey), 0, "beheerder@voorbeeldstad.example")
	a = openTestApp(t, database, newKey)
	if got := pendingSecret(t, a, userID); !bytes.Equal(got, secret) {
		t.Fatal("the TOTP secret is not readable with the new master key")
	}
}
