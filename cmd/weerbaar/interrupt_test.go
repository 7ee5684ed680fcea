package main

import (
	"context"
	"path/filepath"
	"testing"
)

// An operator's Ctrl+C must not look like success to a script that runs
// `weerbaar backup x && upload x` or `weerbaar demo && …`.
func TestInterruptedCommandIsNotSuccess(t *testing.T) {
	database := sqliteDatabase(t)
	key := seedDemo(t, database)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cases := [][]string{
		{"demo", "--database", sqliteDatabase(t), "--master-key-file", key},
		{"backup", "--database", database, filepath.Join(t.TempDir(), "kopie.db")},
		{"audit", "verify", "--database", database},
		{"user", "list", "--org", "voorbeeldstad", "--database", database, "--master-key-file", key},
	}
	for _, args := range cases {
		t.Run(args[0], func(t *testing.T) {
			var out, errw syncBuffer
			code := run(ctx, args, &out, &errw)
			r := result{code: code, out: out.String(), err: errw.String()}
			expect(t, r, 1, "afgebroken")
		})
	}
}
