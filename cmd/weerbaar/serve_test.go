package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/demo"
)

// server is a `weerbaar serve` running in the test.
type server struct {
	url      string
	out, err *syncBuffer
	stop     context.CancelFunc
	exit     chan int
}

var listening = regexp.MustCompile(`Weerbaar draait op http://localhost:(\d+)`)

// startServe runs `weerbaar serve args...` until the test ends and waits
// until it announces its address.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{out: &syncBuffer{}, err: &syncBuffer{}, stop: cancel, exit: make(chan int, 1)}
	go func() { s.exit <- run(ctx, append([]string{"serve"}, args...), s.out, s.err) }()
	t.Cleanup(func() { s.shutdown(t) })
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := listening.FindStringSubmatch(s.out.String()); m != nil {
			s.url = "http://127.0.0.1:" + m[1]
			return s
		}
		select {
		case code := <-s.exit:
			s.exit <- code
			t.Fatalf("serve stopped with exit %d:\n%s\n%s", code, s.out, s.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not announce its address:\n%s\n%s", s.out, s.err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// shutdown cancels the server's context and returns its exit status.
func (s *server) shutdown(t *testing.T) int {
	t.Helper()
	s.stop()
	select {
	case code := <-s.exit:
		s.exit <- code
		return code
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
		return -1
	}
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{
	Timeout:       20 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func TestServeDemo(t *testing.T) {
	t.Chdir(t.TempDir())
	s := startServe(t, "--demo", "--addr", "127.0.0.1:0")

	for _, want := range []string{"Demo-accounts", demo.Password, "beheerder@voorbeeldstad.example", "analist@riec-midden.example", "Stoppen: Ctrl+C"} {
		if !strings.Contains(s.out.String(), want) {
			t.Fatalf("the demo banner lacks %q:\n%s", want, s.out)
		}
	}
	if !strings.Contains(s.err.String(), "LET OP: er is een nieuwe hoofdsleutel gemaakt in weerbaar-demo.key") {
		t.Fatalf("no warning about the generated demo key:\n%s", s.err)
	}
	info, err := os.Stat("weerbaar-demo.key")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("demo key file should exist with 0600: %v %v", info, err)
	}
	if _, err := os.Stat("weerbaar-demo.db"); err != nil {
		t.Fatalf("demo database not in the working directory: %v", err)
	}

	resp, err := noRedirect.Get(s.url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz: %d", resp.StatusCode)
	}

	// An oversized form is refused with a Dutch page, not read to the end.
	big := "email=" + strings.Repeat("a", 2<<20)
	resp, err = noRedirect.Post(s.url+"/inloggen", "application/x-www-form-urlencoded", strings.NewReader(big))
	if err != nil {
		t.Fatalf("oversized POST: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "te groot") {
		t.Fatalf("oversized POST: want 413 with a Dutch message, got %d:\n%.500s", resp.StatusCode, body)
	}

	// The printed accounts work.
	form := url.Values{"email": {"medewerker@voorbeeldstad.example"}, "password": {demo.Password}}
	resp, err = noRedirect.PostForm(s.url+"/inloggen", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Fatalf("signing in with a printed demo account: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}

	if code := s.shutdown(t); code != 0 {
		t.Fatalf("serve exited %d after cancellation:\n%s", code, s.err)
	}
	if _, err := noRedirect.Get(s.url + "/readyz"); err == nil {
		t.Fatal("the server still answers after it stopped")
	}

	// A second start reuses the key and the data.
	s = startServe(t, "--demo", "--addr", "127.0.0.1:0")
	if e := s.err.String(); strings.Contains(e, "nieuwe hoofdsleutel") || strings.Contains(e, "Demogegevens worden aangemaakt") {
		t.Fatalf("a second demo start made a new key or new data:\n%s", e)
	}
	resp, err = noRedirect.PostForm(s.url+"/inloggen", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the demo account no longer works after a restart: %d", resp.StatusCode)
	}
}

func TestServeRefusesAnAddressInUse(t *testing.T) {
	t.Chdir(t.TempDir())
	s := startServe(t, "--demo", "--addr", "127.0.0.1:0")
	addr := strings.TrimPrefix(s.url, "http://")
	r := weerbaar(t, "serve", "--demo", "--addr", addr)
	expect(t, r, 1, "de server kan niet luisteren op "+addr, "al in gebruik", "--addr")
}

func TestServeWithoutKeyRefusesToStart(t *testing.T) {
	database := freshDatabase(t)
	seedDemo(t, database)
	r := weerbaar(t, "serve", "--database", database, "--addr", "127.0.0.1:0")
	expect(t, r, 1, "Er is geen hoofdsleutel opgegeven")
}
