package notify

import (
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// fakeSMTP is a mail server on 127.0.0.1 that speaks just enough SMTP for
// net/smtp: EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA, RSET, QUIT.
type fakeSMTP struct {
	addr string

	mu       sync.Mutex
	reject   string // reply to RCPT when set, e.g. "451 4.3.0 try later"
	auth     bool   // offer AUTH PLAIN
	conns    int
	logins   []string
	received []fakeMail
}

type fakeMail struct {
	from, to string
	data     string // as on the wire, dot-stuffing undone, lines ending in \n
}

func startSMTP(t *testing.T) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeSMTP{addr: ln.Addr().String()}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *fakeSMTP) setReject(reply string) {
	s.mu.Lock()
	s.reject = reply
	s.mu.Unlock()
}

func (s *fakeSMTP) offerAuth() {
	s.mu.Lock()
	s.auth = true
	s.mu.Unlock()
}

func (s *fakeSMTP) loginsSeen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.logins...)
}

func (s *fakeSMTP) mails() []fakeMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]fakeMail(nil), s.received...)
}

func (s *fakeSMTP) connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	s.mu.Lock()
	s.conns++
	auth, reject := s.auth, s.reject
	s.mu.Unlock()
	tp := textproto.NewConn(conn)
	reply := func(lines ...string) {
		for _, l := range lines {
			tp.PrintfLine("%s", l)
		}
	}
	reply("220 fake.test ESMTP")
	var cur fakeMail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			if auth {
				reply("250-fake.test", "250-AUTH PLAIN", "250 8BITMIME")
			} else {
				reply("250-fake.test", "250 8BITMIME")
			}
		case "HELO", "NOOP":
			reply("250 ok")
		case "AUTH":
			s.mu.Lock()
			s.logins = append(s.logins, arg)
			s.mu.Unlock()
			reply("235 2.7.0 authenticated")
		case "MAIL":
			cur = fakeMail{from: strings.Fields(strings.TrimPrefix(arg, "FROM:"))[0]}
			reply("250 ok")
		case "RCPT":
			if reject != "" {
				reply(reject)
				continue
			}
			cur.to = strings.Fields(strings.TrimPrefix(arg, "TO:"))[0]
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.data = string(data)
			s.mu.Lock()
			s.received = append(s.received, cur)
			s.mu.Unlock()
			reply("250 2.0.0 queued")
		case "RSET":
			cur = fakeMail{}
			reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}
