package vault

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/weerbaar/weerbaar/internal/store"
)

const (
	secretSentinel  = "GEHEIM-SENTINEL-7f3a"
	controlSentinel = "OPEN-CONTROLE-SENTINEL-c41d"
)

// The sealed sentinel must not be anywhere in what the database stores,
// while the control, stored in plaintext the same way, must be found: that
// proves the search would have caught a leak.
func TestSentinelNeverReachesTheDatabaseInPlaintext(t *testing.T) {
	db, v, _ := newVault(t)
	ctx := context.Background()
	blob := "BLOB"
	if db.Dialect == store.Postgres {
		blob = "BYTEA"
	}
	if _, err := db.Write.ExecContext(ctx, `CREATE TABLE sentinel_rows (id TEXT PRIMARY KEY, key_id TEXT, body `+blob+`)`); err != nil {
		t.Fatal(err)
	}
	keyID, ct := sealNew(t, v, db, "org-a", "melding over "+secretSentinel+" in de haven", "sentinel:1:body")
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO sentinel_rows (id, key_id, body) VALUES ('1', $1, $2), ('2', NULL, $3)`,
		keyID, ct, []byte("melding over "+controlSentinel)); err != nil {
		t.Fatal(err)
	}
	// The sealed row still opens: the test stores real data.
	got, err := v.OpenString(ctx, db.Read, "org-a", keyID, ct, "sentinel:1:body")
	if err != nil || got != "melding over "+secretSentinel+" in de haven" {
		t.Fatalf("open = %q, %v", got, err)
	}

	if db.Dialect == store.Postgres {
		assertPostgresFree(t, db)
		return
	}
	// Closing checkpoints the WAL into the database file.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	var stored []byte
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		b, err := os.ReadFile(db.Path + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, b...)
	}
	if bytes.Contains(stored, []byte(secretSentinel)) {
		t.Fatal("the sealed sentinel is in the database files in plaintext")
	}
	if !bytes.Contains(stored, []byte(controlSentinel)) {
		t.Fatal("control sentinel not found: the file search does not work")
	}
}

func assertPostgresFree(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	count := func(table, col, sentinel string) int {
		var n int
		if err := db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+
			` WHERE encode(`+col+`, 'escape') LIKE '%' || $1 || '%'`, sentinel).Scan(&n); err != nil {
			t.Fatalf("%s.%s: %v", table, col, err)
		}
		return n
	}
	for _, c := range [][2]string{
		{"sentinel_rows", "body"},
		{"vault_record_keys", "wrapped"},
		{"vault_org_keys", "wrapped"},
		{"vault_meta", "sealed"},
	} {
		if n := count(c[0], c[1], secretSentinel); n != 0 {
			t.Errorf("%s.%s: %d rows contain the sealed sentinel in plaintext", c[0], c[1], n)
		}
	}
	if count("sentinel_rows", "body", controlSentinel) != 1 {
		t.Fatal("control sentinel not found: the search does not work")
	}
}
