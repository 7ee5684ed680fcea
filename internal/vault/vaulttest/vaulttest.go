// Package vaulttest gives other packages' tests a working vault over their
// test database, with a random master key that lives only for the test.
package vaulttest

import (
	"context"
	"testing"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// New returns a checked vault over db with a fresh in-memory master key.
func New(t testing.TB, db *store.DB) *vault.Vault {
	t.Helper()
	mk, err := vault.NewMasterKey()
	if err != nil {
		t.Fatalf("master key: %v", err)
	}
	v := vault.New(db, mk, clock.System{})
	if err := v.Check(context.Background()); err != nil {
		t.Fatalf("vault check: %v", err)
	}
	return v
}
