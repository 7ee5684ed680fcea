package vault

import (
	"context"
	"fmt"
	"testing"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

type sealed struct {
	org, keyID, text, aad string
	ct                    []byte
}

// fill seals n records in each of the organisations.
func fill(t *testing.T, v *Vault, db *store.DB, n int, orgs ...string) []sealed {
	t.Helper()
	var out []sealed
	for _, org := range orgs {
		for i := range n {
			s := sealed{org: org, text: fmt.Sprintf("inhoud %s %d", org, i), aad: fmt.Sprintf("report:%d:text", i)}
			s.keyID, s.ct = sealNew(t, v, db, org, s.text, s.aad)
			out = append(out, s)
		}
	}
	return out
}

func assertAllOpen(t *testing.T, v *Vault, db *store.DB, all []sealed) {
	t.Helper()
	for _, s := range all {
		got, err := v.OpenString(context.Background(), db.Read, s.org, s.keyID, s.ct, s.aad)
		if err != nil || got != s.text {
			t.Fatalf("%s/%s: open = %q, %v", s.org, s.keyID, got, err)
		}
	}
}

func versionsInUse(t *testing.T, db *store.DB, org string) map[int64]int {
	t.Helper()
	rows, err := db.Read.QueryContext(context.Background(), `SELECT org_key_version, COUNT(*) FROM vault_record_keys
		WHERE org_id = $1 AND org_key_version IS NOT NULL GROUP BY org_key_version`, org)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int64]int{}
	for rows.Next() {
		var v int64
		var n int
		rows.Scan(&v, &n)
		m[v] = n
	}
	return m
}

func TestRotateOrgKeysKeepsEverythingReadable(t *testing.T) {
	db, v, mk := newVault(t)
	ctx := context.Background()
	v.batch = 3 // several batches per organisation
	all := fill(t, v, db, 7, "org-a", "org-b", SystemOrg)
	shredded := all[0]
	if err := v.Shred(ctx, db.Write, shredded.org, shredded.keyID); err != nil {
		t.Fatal(err)
	}
	live := all[1:]

	n, err := v.RotateOrgKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(live) {
		t.Fatalf("re-wrapped %d keys, want %d", n, len(live))
	}
	for _, org := range []string{"org-a", "org-b", SystemOrg} {
		if got := versionsInUse(t, db, org); len(got) != 1 || got[2] == 0 {
			t.Fatalf("%s: record keys per org-key version = %v, want all on version 2", org, got)
		}
	}
	// Readable by this server (cache) and by a restarted one (no cache).
	assertAllOpen(t, v, db, live)
	fresh := New(db, mk, clock.System{})
	assertAllOpen(t, fresh, db, live)
	// The shredded key stayed shredded.
	if _, err := fresh.OpenString(ctx, db.Read, shredded.org, shredded.keyID, shredded.ct, shredded.aad); errKey(err) != "vault.shredded" {
		t.Fatalf("shredded key after rotation = %v", err)
	}
	// New records use the new version, and a second rotation moves on.
	later := fill(t, v, db, 1, "org-a")
	if got := versionsInUse(t, db, "org-a"); got[2] != 7 {
		t.Fatalf("new record key not on version 2: %v", got)
	}
	if _, err := v.RotateOrgKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if got := versionsInUse(t, db, "org-a"); len(got) != 1 || got[3] != 7 {
		t.Fatalf("after second rotation: %v", got)
	}
	assertAllOpen(t, New(db, mk, clock.System{}), db, append(live, later...))
}

// Halfway through a rotation some record keys are under the old version and
// some under the new; both kinds open, which is what lets it run without
// downtime.
func TestRecordsOpenHalfwayThroughRotation(t *testing.T) {
	db, v, mk := newVault(t)
	ctx := context.Background()
	v.batch = 2
	all := fill(t, v, db, 5, "org-a")
	target, err := v.newOrgKeyVersion(ctx, "org-a")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := v.rewrapBatch(ctx, "org-a", target); err != nil || n != 2 {
		t.Fatalf("one batch = %d, %v", n, err)
	}
	if got := versionsInUse(t, db, "org-a"); got[1] != 3 || got[2] != 2 {
		t.Fatalf("halfway: %v, want 3 on version 1 and 2 on version 2", got)
	}
	assertAllOpen(t, v, db, all)
	assertAllOpen(t, New(db, mk, clock.System{}), db, all)
	// A record created mid-rotation goes under the new version.
	mid := fill(t, v, db, 1, "org-a")
	if got := versionsInUse(t, db, "org-a"); got[2] != 3 {
		t.Fatalf("record made mid-rotation: %v", got)
	}
	if _, err := v.RotateOrgKeys(ctx); err != nil {
		t.Fatal(err)
	}
	assertAllOpen(t, New(db, mk, clock.System{}), db, append(all, mid...))
}

func TestRotateMaster(t *testing.T) {
	db, v, oldKey := newVault(t)
	ctx := context.Background()
	all := fill(t, v, db, 3, "org-a", SystemOrg)
	if _, err := v.RotateOrgKeys(ctx); err != nil { // two org-key versions to re-wrap
		t.Fatal(err)
	}
	newKey, _ := NewMasterKey()

	// A wrong "old" key is refused and changes nothing.
	stranger, _ := NewMasterKey()
	if err := RotateMaster(ctx, db, stranger, newKey); errKey(err) != "vault.wrong_master_key" {
		t.Fatalf("rotate from a wrong key = %v, want vault.wrong_master_key", err)
	}
	if err := New(db, oldKey, clock.System{}).Check(ctx); err != nil {
		t.Fatalf("failed rotation changed the database: %v", err)
	}
	if err := RotateMaster(ctx, db, oldKey, oldKey); errKey(err) != "vault.same_master_key" {
		t.Fatalf("rotate to the same key = %v", err)
	}

	if err := RotateMaster(ctx, db, oldKey, newKey); err != nil {
		t.Fatal(err)
	}
	withNew := New(db, newKey, clock.System{})
	if err := withNew.Check(ctx); err != nil {
		t.Fatalf("check with the new key: %v", err)
	}
	assertAllOpen(t, withNew, db, all)
	more := fill(t, withNew, db, 1, "org-a", "org-b")
	assertAllOpen(t, New(db, newKey, clock.System{}), db, append(all, more...))

	withOld := New(db, oldKey, clock.System{})
	if err := withOld.Check(ctx); errKey(err) != "vault.wrong_master_key" {
		t.Fatalf("check with the old key = %v, want vault.wrong_master_key", err)
	}
	// Even the server that ran before the rotation, with its cache warm,
	// stops opening data with the old key.
	if _, err := v.OpenString(ctx, db.Read, all[0].org, all[0].keyID, all[0].ct, all[0].aad); errKey(err) != "vault.org_key_unreadable" {
		t.Fatalf("old server after master rotation = %v, want vault.org_key_unreadable", err)
	}
}

// Readers running beside a rotation never see an error.
func TestReadersDuringRotation(t *testing.T) {
	db, v, _ := newVault(t)
	ctx := context.Background()
	v.batch = 4
	all := fill(t, v, db, 12, "org-a", "org-b")
	done := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		defer close(errs)
		for {
			for _, s := range all {
				got, err := v.OpenString(ctx, db.Read, s.org, s.keyID, s.ct, s.aad)
				if err == nil && got != s.text {
					err = fmt.Errorf("%s opened as %q", s.keyID, got)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	_, err := v.RotateOrgKeys(ctx)
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil {
		t.Fatalf("reader during rotation: %v", err)
	}
}
