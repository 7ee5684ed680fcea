package notify

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestSMTPAuthOnlyWhereThePasswordIsSafe(t *testing.T) {
	ctx := context.Background()
	// A remote server without TLS: refused before any connection is made.
	remote := SMTPSender{Addr: "smtp.voorbeeldstad.example:25", Username: "weerbaar", Password: "geheim"}
	if err := remote.Send(ctx, from, "a@voorbeeldstad.example", "s", "b"); !errors.Is(err, ErrInsecureAuth) {
		t.Errorf("plain auth to a remote host: %v", err)
	}

	// A relay on this machine may take the password in the clear.
	srv := startSMTP(t)
	srv.offerAuth()
	local := SMTPSender{Addr: srv.addr, Username: "weerbaar", Password: "geheim"}
	if err := local.Send(ctx, from, "a@voorbeeldstad.example", "s", "b"); err != nil {
		t.Fatal(err)
	}
	logins := srv.loginsSeen()
	if len(logins) != 1 || !strings.HasPrefix(logins[0], "PLAIN ") {
		t.Fatalf("logins %v", logins)
	}
	cred, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(logins[0], "PLAIN "))
	if string(cred) != "\x00weerbaar\x00geheim" {
		t.Errorf("credentials %q", cred)
	}

	// Asked for STARTTLS, a server that does not offer it is not used.
	tlsWanted := SMTPSender{Addr: srv.addr, StartTLS: true}
	if err := tlsWanted.Send(ctx, from, "a@voorbeeldstad.example", "s", "b"); !errors.Is(err, ErrNoStartTLS) {
		t.Errorf("STARTTLS not offered: %v", err)
	}
	if len(srv.mails()) != 1 {
		t.Errorf("server received %d mails, want only the authenticated one", len(srv.mails()))
	}
}

func TestLogSenderLogsNoAddressOrContent(t *testing.T) {
	var buf bytes.Buffer
	l := LogSender{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	if err := l.Send(context.Background(), from, "a.devries@voorbeeldstad.example", "Onderwerp", "Tekst"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "mail sent") {
		t.Errorf("log %q", out)
	}
	for _, secret := range []string{"devries", "Onderwerp", "Tekst", "noreply"} {
		if strings.Contains(out, secret) {
			t.Errorf("log reveals %q: %s", secret, out)
		}
	}
}

func TestLongAccentedSubjectIsFoldedAndDecodesBack(t *testing.T) {
	subject := strings.Repeat("Één actie vraagt uw aandacht – ", 6)
	msg := compose(&mail.Address{Name: "Wéérbaar", Address: "noreply@voorbeeldstad.example"},
		&mail.Address{Address: "a@voorbeeldstad.example"}, subject, "tekst", time.Now())
	head, _, _ := strings.Cut(string(msg), "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	for _, line := range lines {
		// 998 is SMTP's hard limit; encoded words keep lines near 80.
		if len(line) > 90 {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
	}
	if len(lines) < 12 {
		t.Errorf("long subject not folded: %q", head)
	}
	m, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil || got != subject {
		t.Errorf("subject decodes to %q (%v)", got, err)
	}
	if f, err := m.Header.AddressList("From"); err != nil || f[0].Name != "Wéérbaar" {
		t.Errorf("From %q: %v", m.Header.Get("From"), err)
	}
}
