package totp

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA1 column. The RFC's vectors have eight digits.
func TestRFC6238Vectors(t *testing.T) {
	secret := []byte("12345678901234567890")
	for _, v := range []struct {
		unix int64
		code string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		at := time.Unix(v.unix, 0)
		if got := hotp(secret, step(at), 8); got != v.code {
			t.Errorf("T=%d: code %s, want %s", v.unix, got, v.code)
		}
		if s, ok := validate(secret, v.code, at, 0, 8); !ok || s != step(at) {
			t.Errorf("T=%d: validate = %d, %v", v.unix, s, ok)
		}
		// The six-digit code is the last six digits of the same truncation.
		if got := Code(secret, at); got != v.code[2:] {
			t.Errorf("T=%d: six-digit code %s, want %s", v.unix, got, v.code[2:])
		}
	}
}

func TestValidateWindowAndReplay(t *testing.T) {
	secret, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 10, 0, time.UTC)
	code := Code(secret, now)

	s, ok := Validate(secret, code, now, 0)
	if !ok || s != now.Unix()/Period {
		t.Fatalf("current code refused: step %d ok %v", s, ok)
	}
	if _, ok := Validate(secret, code, now, s); ok {
		t.Error("the same code was accepted twice")
	}
	// Typed 30 s late, or with the phone's clock 30 s ahead: still fine.
	if _, ok := Validate(secret, code, now.Add(Period*time.Second), 0); !ok {
		t.Error("code of the previous step refused")
	}
	if _, ok := Validate(secret, Code(secret, now.Add(Period*time.Second)), now, 0); !ok {
		t.Error("code of the next step refused")
	}
	// Two steps off is too far.
	if _, ok := Validate(secret, code, now.Add(2*Period*time.Second), 0); ok {
		t.Error("code two steps old accepted")
	}
	// After a login with the next step's code, the current one is spent too.
	next := Code(secret, now.Add(Period*time.Second))
	s, ok = Validate(secret, next, now, 0)
	if !ok {
		t.Fatal("next code refused")
	}
	if _, ok := Validate(secret, code, now, s); ok {
		t.Error("an older code was accepted after a newer one")
	}
	other, _ := NewSecret()
	if _, ok := Validate(other, code, now, 0); ok {
		t.Error("code accepted for another secret")
	}
}

func TestValidateRejectsMalformed(t *testing.T) {
	secret := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0)
	good := Code(secret, now)
	for _, c := range []string{"", "12345", "1234567", " " + good[1:], good[:5] + "a", "12 345", "１２３４５６", "+12345", "-12345"} {
		if _, ok := Validate(secret, c, now, 0); ok {
			t.Errorf("malformed code %q accepted", c)
		}
	}
}

func TestEncodeDecodeURI(t *testing.T) {
	secret := []byte("12345678901234567890")
	enc := Encode(secret)
	if enc != "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" {
		t.Errorf("Encode = %s", enc)
	}
	back, err := Decode(strings.ToLower("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"))
	if err != nil || string(back) != string(secret) {
		t.Errorf("Decode = %q, %v", back, err)
	}
	s, _ := NewSecret()
	if len(s) != 20 || strings.Contains(Encode(s), "=") {
		t.Errorf("secret %d bytes, encoded %s", len(s), Encode(s))
	}

	uri := URI("Weerbaar Voorbeeldstad", "j.devries+test@voorbeeldstad.nl", secret)
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" {
		t.Errorf("URI %s: scheme/host", uri)
	}
	if u.Path != "/Weerbaar Voorbeeldstad:j.devries+test@voorbeeldstad.nl" {
		t.Errorf("label = %q", u.Path)
	}
	// Apps that read "+" as a space, and apps that show it literally, both
	// get the names right only with %20 and %2B.
	if !strings.HasPrefix(uri, "otpauth://totp/Weerbaar%20Voorbeeldstad:j.devries%2Btest%40voorbeeldstad.nl?") ||
		!strings.Contains(uri, "&issuer=Weerbaar%20Voorbeeldstad&") {
		t.Errorf("URI %s is not escaped with %%20 and %%2B", uri)
	}
	q := u.Query()
	if q.Get("secret") != enc || q.Get("issuer") != "Weerbaar Voorbeeldstad" || q.Get("digits") != "6" ||
		q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
		t.Errorf("query = %v", q)
	}
	// A colon in a name must not split the label.
	if uri := URI("A:B", "c", secret); !strings.HasPrefix(uri, "otpauth://totp/A%3AB:c?") {
		t.Errorf("colon not escaped: %s", uri)
	}
}
