package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/store"
)

// Errors of SMTPSender's configuration; they end up in the outbox's
// last_error for the operator.
var (
	ErrInsecureAuth = errors.New("smtp: refusing to send a password without TLS to a host other than localhost")
	ErrNoStartTLS   = errors.New("smtp: server does not offer STARTTLS")
	ErrNoAuth       = errors.New("smtp: server does not offer AUTH")
)

// smtpTimeout bounds one whole conversation with the mail server.
const smtpTimeout = time.Minute

// SMTPSender delivers mail through an SMTP server (submission or relay).
type SMTPSender struct {
	Addr     string // host:port
	Username string // empty: no authentication (trusted relay)
	Password string
	// StartTLS requires the connection to be upgraded to TLS; a server that
	// does not offer it is refused rather than used in the clear.
	StartTLS bool
}

// Send delivers one plain-text message.
func (s SMTPSender) Send(ctx context.Context, from, to, subject, body string) error {
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp: address %q: %w", s.Addr, err)
	}
	// PLAIN sends the password as it is: only inside TLS, or to a relay on
	// this machine. net/smtp checks the same; this says why up front.
	if s.Username != "" && !s.StartTLS && !isLocal(host) {
		return ErrInsecureAuth
	}
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return fmt.Errorf("smtp: sender address: %w", err)
	}
	toAddr, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("smtp: recipient address: %w", err)
	}
	msg := compose(fromAddr, toAddr, subject, body, time.Now())

	ctx, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	// Closing the connection is how a cancelled context interrupts net/smtp.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if s.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return ErrNoStartTLS
		}
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return ErrNoAuth
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(fromAddr.Address); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(toAddr.Address); err != nil {
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	// The server has accepted the message; a failing QUIT does not unsend it.
	_ = c.Quit()
	return nil
}

func isLocal(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// compose builds the message: UTF-8 plain text, quoted-printable so that
// accented Dutch and long lines survive any relay, and a subject encoded as
// RFC 2047 words, folded so that no header line grows too long.
func compose(from, to *mail.Address, subject, body string, now time.Time) []byte {
	domain := "weerbaar.invalid"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		domain = from.Address[i+1:]
	}
	subj := strings.ReplaceAll(mime.QEncoding.Encode("utf-8", subject), "?= =?", "?=\r\n =?")
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String())
	header("To", to.String())
	header("Subject", subj)
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+store.NewID()+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	// Tells out-of-office responders not to answer a machine.
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(body))
	qp.Close()
	return b.Bytes()
}

// LogSender is the sender of demo mode: it delivers nothing and logs only
// that a mail was sent — neither address nor subject — while the outbox
// page shows the mail itself.
type LogSender struct {
	Logger *slog.Logger // nil: slog.Default()
}

// Send notes that a mail was sent.
func (l LogSender) Send(ctx context.Context, _, _, _, _ string) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.InfoContext(ctx, "mail sent")
	return nil
}
