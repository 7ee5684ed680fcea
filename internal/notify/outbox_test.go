package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/jobs"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/store/storetest"
)

var start = time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)

const from = "Weerbaar Voorbeeldstad <noreply@voorbeeldstad.example>"

func message(to string) Message {
	subject, body := Reminder(i18n.NL, "https://weerbaar.voorbeeldstad.example/", 3, WhatActions)
	return Message{OrgID: "org-1", To: to, Subject: subject, Body: body}
}

func enqueue(t *testing.T, o *Outbox, m Message) {
	t.Helper()
	if err := o.Enqueue(context.Background(), o.db.Write, m); err != nil {
		t.Fatal(err)
	}
}

func list(t *testing.T, o *Outbox, orgID string) []Item {
	t.Helper()
	items, err := o.List(context.Background(), orgID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestEnqueueFollowsTheCallersTransaction(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	o := New(db, clock.NewFake(start), LogSender{}, from)

	rollback := errors.New("saving the action failed")
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if err := o.Enqueue(ctx, tx, message("teamleider@voorbeeldstad.example")); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	if items := list(t, o, "org-1"); len(items) != 0 {
		t.Fatalf("rolled-back mail is queued: %+v", items)
	}
	if sent, err := o.Deliver(ctx, 10); err != nil || sent != 0 {
		t.Fatalf("Deliver = %d, %v", sent, err)
	}

	err = db.Tx(ctx, func(tx *sql.Tx) error {
		return o.Enqueue(ctx, tx, message("Teamleider <teamleider@voorbeeldstad.example>"))
	})
	if err != nil {
		t.Fatal(err)
	}
	items := list(t, o, "org-1")
	if len(items) != 1 || items[0].To != "teamleider@voorbeeldstad.example" || items[0].Status != StatusQueued {
		t.Fatalf("committed mail: %+v", items)
	}
	// The outbox page of another organisation does not show it.
	if other := list(t, o, "org-2"); len(other) != 0 {
		t.Errorf("org-2 sees %+v", other)
	}
	if _, err := o.List(ctx, "", 10); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("List without organisation: %v", err)
	}
}

func TestInvalidMessageIsRefusedPerField(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	o := New(db, clock.NewFake(start), LogSender{}, from)
	ok := message("medewerker@voorbeeldstad.example")
	cases := []struct {
		name  string
		edit  func(*Message)
		field string
	}{
		{"no at sign", func(m *Message) { m.To = "medewerker.voorbeeldstad.example" }, "to"},
		{"empty", func(m *Message) { m.To = "" }, "to"},
		{"header injection", func(m *Message) { m.To = "a@voorbeeldstad.example\r\nBcc: pers@krant.example" }, "to"},
		{"two addresses", func(m *Message) { m.To = "a@voorbeeldstad.example, b@voorbeeldstad.example" }, "to"},
		{"two-line subject", func(m *Message) { m.Subject = "Weerbaar\r\nBcc: pers@krant.example" }, "subject"},
		{"empty body", func(m *Message) { m.Body = " \n" }, "body"},
	}
	for _, c := range cases {
		m := ok
		c.edit(&m)
		err := o.Enqueue(ctx, db.Write, m)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Field != c.field {
			t.Errorf("%s: error %v, want invalid field %q", c.name, err, c.field)
			continue
		}
		if c.field == "to" {
			if got := i18n.T(i18n.NL, ae.Key, ae.Args...); !strings.Contains(got, "e-mailadres") {
				t.Errorf("%s: Dutch message %q", c.name, got)
			}
		}
	}
	if items := list(t, o, "org-1"); len(items) != 0 {
		t.Errorf("refused mail was queued: %+v", items)
	}
}

func TestDeliverOverSMTP(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	srv := startSMTP(t)
	clk := clock.NewFake(start)
	o := New(db, clk, SMTPSender{Addr: srv.addr}, from)
	subject := "Eén actie vraagt uw aandacht – Weerbaar"
	body := "Goedendag,\n\nEr is één actie die uw aandacht vraagt.\n. Een regel met een punt.\n" + strings.Repeat("lang ", 40) + "\n"
	enqueue(t, o, Message{OrgID: "org-1", To: "Anneke de Vries <a.devries@voorbeeldstad.example>", Subject: subject, Body: body})

	sent, err := o.Deliver(ctx, 10)
	if err != nil || sent != 1 {
		t.Fatalf("Deliver = %d, %v", sent, err)
	}
	got := srv.mails()
	if len(got) != 1 {
		t.Fatalf("server received %d mails", len(got))
	}
	if got[0].from != "<noreply@voorbeeldstad.example>" || got[0].to != "<a.devries@voorbeeldstad.example>" {
		t.Errorf("envelope %q → %q", got[0].from, got[0].to)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got[0].data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	dec := new(mime.WordDecoder)
	if s, err := dec.DecodeHeader(h.Get("Subject")); err != nil || s != subject {
		t.Errorf("subject %q decodes to %q (%v)", h.Get("Subject"), s, err)
	}
	if strings.ContainsFunc(h.Get("Subject"), func(r rune) bool { return r > 127 }) {
		t.Errorf("subject not encoded: %q", h.Get("Subject"))
	}
	if f, err := mail.ParseAddress(h.Get("From")); err != nil || f.Address != "noreply@voorbeeldstad.example" || f.Name != "Weerbaar Voorbeeldstad" {
		t.Errorf("From %q (%v)", h.Get("From"), err)
	}
	if to, err := mail.ParseAddress(h.Get("To")); err != nil || to.Address != "a.devries@voorbeeldstad.example" {
		t.Errorf("To %q (%v)", h.Get("To"), err)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date %q: %v", h.Get("Date"), err)
	}
	if !regexp.MustCompile(`^<[a-z2-7]{26}@voorbeeldstad\.example>$`).MatchString(h.Get("Message-Id")) {
		t.Errorf("Message-ID %q", h.Get("Message-Id"))
	}
	if h.Get("Content-Type") != "text/plain; charset=utf-8" || h.Get("Mime-Version") != "1.0" {
		t.Errorf("Content-Type %q, MIME-Version %q", h.Get("Content-Type"), h.Get("Mime-Version"))
	}
	raw, _ := io.ReadAll(msg.Body)
	for _, line := range strings.Split(string(raw), "\n") {
		if len(line) > 78 {
			t.Errorf("body line of %d characters on the wire", len(line))
		}
	}
	decoded, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(raw))))
	if err != nil || strings.ReplaceAll(string(decoded), "\r\n", "\n") != body {
		t.Errorf("body decodes to %q (%v)", decoded, err)
	}

	items := list(t, o, "org-1")
	if len(items) != 1 || items[0].Status != StatusSent || !items[0].SentAt.Equal(start) || items[0].Attempts != 1 {
		t.Errorf("after delivery: %+v", items)
	}
	// Sent is sent: a later round does not send it again.
	clk.Advance(24 * time.Hour)
	if sent, err := o.Deliver(ctx, 10); err != nil || sent != 0 || len(srv.mails()) != 1 {
		t.Errorf("second round sent %d (%v), server has %d", sent, err, len(srv.mails()))
	}
}

func TestFailedDeliveryIsRetriedLater(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	srv := startSMTP(t)
	srv.setReject("451 4.3.0 mailbox temporarily unavailable")
	clk := clock.NewFake(start)
	o := New(db, clk, SMTPSender{Addr: srv.addr}, from)
	enqueue(t, o, message("hr@voorbeeldstad.example"))

	if sent, err := o.Deliver(ctx, 10); err != nil || sent != 0 {
		t.Fatalf("Deliver = %d, %v", sent, err)
	}
	it := list(t, o, "org-1")[0]
	if it.Status != StatusQueued || it.Attempts != 1 || !strings.Contains(it.LastError, "451") ||
		!it.SendAfter.Equal(start.Add(jobs.Backoff(1))) {
		t.Fatalf("after failure: %+v", it)
	}
	conns := srv.connections()
	if sent, _ := o.Deliver(ctx, 10); sent != 0 || srv.connections() != conns {
		t.Fatal("retried before the backoff passed")
	}

	srv.setReject("")
	clk.Advance(jobs.Backoff(1))
	if sent, err := o.Deliver(ctx, 10); err != nil || sent != 1 {
		t.Fatalf("retry: Deliver = %d, %v", sent, err)
	}
	it = list(t, o, "org-1")[0]
	if it.Status != StatusSent || it.Attempts != 2 || it.LastError != "" || len(srv.mails()) != 1 {
		t.Errorf("after retry: %+v, server has %d", it, len(srv.mails()))
	}
}

type failingSender struct{ calls int }

func (f *failingSender) Send(context.Context, string, string, string, string) error {
	f.calls++
	return errors.New("smtp: dial tcp 192.0.2.1:587: connection refused")
}

func TestDeliveryGivesUpAfterMaxAttempts(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := clock.NewFake(start)
	f := &failingSender{}
	o := New(db, clk, f, from)
	enqueue(t, o, message("hr@voorbeeldstad.example"))
	for range 2 * MaxAttempts {
		if _, err := o.Deliver(ctx, 10); err != nil {
			t.Fatal(err)
		}
		clk.Advance(24 * time.Hour)
	}
	it := list(t, o, "org-1")[0]
	if f.calls != MaxAttempts || it.Status != StatusFailed || it.Attempts != MaxAttempts || it.LastError == "" {
		t.Errorf("after %d sends: %+v", f.calls, it)
	}
}

// countingSender records how often each recipient got mail.
type countingSender struct {
	mu  sync.Mutex
	got map[string]int
}

func (c *countingSender) Send(_ context.Context, _, to, _, _ string) error {
	c.mu.Lock()
	c.got[to]++
	c.mu.Unlock()
	return nil
}

// Two instances deliver at once: every message goes out exactly once.
func TestRacingDeliveriesSendEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	clk := clock.NewFake(start)
	c := &countingSender{got: map[string]int{}}
	a := New(db, clk, c, from)
	b := New(otherInstance(t, db), clk, c, from)
	const n = 40
	for i := range n {
		enqueue(t, a, message(fmt.Sprintf("medewerker%d@voorbeeldstad.example", i)))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for _, o := range []*Outbox{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				sent, err := o.Deliver(ctx, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if sent == 0 {
					return
				}
				mu.Lock()
				total += sent
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(c.got) != n || total != n {
		t.Errorf("%d recipients got mail, %d reported sent; want %d", len(c.got), total, n)
	}
	for to, k := range c.got {
		if k != 1 {
			t.Errorf("%s got %d copies", to, k)
		}
	}
}

// otherInstance opens a second handle on the test database, as a second
// `weerbaar serve` instance would.
func otherInstance(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	other, err := store.Open(context.Background(), storetest.URLOf(t, db))
	if err != nil {
		t.Fatalf("second instance: %v", err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}
