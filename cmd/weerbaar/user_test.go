package main

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// withStdin runs fn with os.Stdin reading input.
func withStdin(t *testing.T, input string, fn func()) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString(input); err != nil {
		t.Fatal(err)
	}
	w.Close()
	old := os.Stdin
	os.Stdin = r
	defer func() {
		os.Stdin = old
		r.Close()
	}()
	fn()
}

// openTestApp opens the application the way the commands do.
func openTestApp(t *testing.T, database, key string) *app.App {
	t.Helper()
	a, err := app.Open(context.Background(), app.Config{Database: database, MasterKeyFile: key}, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// userExists reports whether email has an account in voorbeeldstad.
func userExists(t *testing.T, a *app.App, email string) bool {
	t.Helper()
	ctx := context.Background()
	o, err := a.Auth.OrganisationBySlug(ctx, "voorbeeldstad")
	if err != nil {
		t.Fatal(err)
	}
	users, err := a.Auth.Users(ctx, auth.System(o.ID))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == email {
			return true
		}
	}
	return false
}

func TestUserAddChecksThePassword(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	const email = "x@voorbeeldstad.example"
	add := func(stdin string) result {
		var r result
		withStdin(t, stdin, func() {
			r = weerbaar(t, "user", "add", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad",
				"--email", email, "--name", "X", "--roles", "employee", "--password-stdin")
		})
		return r
	}
	auditRows := func() int { return count(t, rawDB(t, database), `SELECT COUNT(*) FROM audit_log`) }
	entries := auditRows()

	cases := []struct{ name, stdin, want string }{
		{"too short", "kort\n", "password: Het wachtwoord moet minstens"},
		{"common", "wachtwoord123\n", "veel gebruikt"},
		{"empty line", "\n", "geen wachtwoord gelezen"},
		{"nothing at all", "", "geen wachtwoord gelezen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expect(t, add(c.stdin), 1, c.want)
			if userExists(t, openTestApp(t, database, key), email) {
				t.Fatal("the user was created despite the refused password")
			}
			if n := auditRows(); n != entries {
				t.Fatalf("a refused user add wrote %d audit entries", n-entries)
			}
		})
	}

	const pw = "lange-fietstocht-langs-de-Vecht"
	r := add(pw + "\n")
	expect(t, r, 0, "Gebruiker "+email+" toegevoegd aan Gemeente Voorbeeldstad")
	a := openTestApp(t, database, key)
	ctx := context.Background()
	if _, err := a.Auth.Authenticate(ctx, email, pw); err != nil {
		t.Fatalf("the new user cannot sign in: %v", err)
	}
	a.Close()

	r = weerbaar(t, "user", "list", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad")
	if !hasRow(r.out, email, "employee", "actief") {
		t.Fatalf("the new user is not listed as an active employee:\n%s", r)
	}

	r = weerbaar(t, "user", "disable", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad", "--email", email)
	expect(t, r, 0, "Account "+email+" uitgeschakeld")
	a = openTestApp(t, database, key)
	if _, err := a.Auth.Authenticate(ctx, email, pw); err == nil {
		t.Fatal("a disabled user can still sign in")
	}
	r = weerbaar(t, "user", "list", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad")
	if !hasRow(r.out, email, "uitgeschakeld") {
		t.Fatalf("the disabled user is not listed as disabled:\n%s", r)
	}
}

func TestUserAddReportsEveryFieldError(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	r := weerbaar(t, "user", "add", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad",
		"--email", "geen-adres", "--roles", "")
	expect(t, r, 1, "email: ", "name: ", "roles: ")
}

func TestUserResetPassword(t *testing.T) {
	database := freshDatabase(t)
	key := seedDemo(t, database)
	const email = "medewerker@voorbeeldstad.example"
	reset := func(stdin string) result {
		var r result
		withStdin(t, stdin, func() {
			r = weerbaar(t, "user", "reset-password", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad",
				"--email", email, "--password-stdin")
		})
		return r
	}
	expect(t, reset("kort\n"), 1, "Het wachtwoord moet minstens")
	expect(t, reset("\n"), 1, "geen wachtwoord gelezen")

	r := weerbaar(t, "user", "reset-password", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad", "--email", email)
	expect(t, r, 1, "--password-stdin")

	const pw = "appelboom-in-de-achtertuin-9"
	expect(t, reset(pw+"\n"), 0, "Wachtwoord van "+email+" opnieuw ingesteld")
	a := openTestApp(t, database, key)
	if _, err := a.Auth.Authenticate(context.Background(), email, pw); err != nil {
		t.Fatalf("the new password does not work: %v", err)
	}

	r = weerbaar(t, "user", "disable", "--database", database, "--master-key-file", key, "--org", "voorbeeldstad", "--email", "niemand@voorbeeldstad.example")
	if r.code != 1 {
		t.Fatalf("disabling an unknown user should fail:\n%s", r)
	}
}
