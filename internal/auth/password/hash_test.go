package password

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Tests hash with cheap parameters; the production cost is not what they test.
func TestMain(m *testing.M) {
	Default = Params{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

func TestHashVerify(t *testing.T) {
	h, err := Hash("correct paard batterij")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=256,t=1,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string with the default parameters", h)
	}
	if ok, err := Verify("correct paard batterij", h); err != nil || !ok {
		t.Errorf("right password: ok=%v err=%v", ok, err)
	}
	for _, wrong := range []string{"", "correct paard batterij ", "Correct paard batterij"} {
		if ok, err := Verify(wrong, h); err != nil || ok {
			t.Errorf("wrong password %q: ok=%v err=%v", wrong, ok, err)
		}
	}
	h2, _ := Hash("correct paard batterij")
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyRejectsMalformed(t *testing.T) {
	good, _ := Hash("correct paard batterij")
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	for name, enc := range map[string]string{
		"empty":         "",
		"bcrypt":        "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
		"argon2i":       with(1, "argon2i"),
		"old version":   with(2, "v=16"),
		"missing param": with(3, "m=256,t=1"),
		"params order":  with(3, "t=1,m=256,p=1"),
		"zero time":     with(3, "m=256,t=0,p=1"),
		"huge memory":   with(3, "m=4194304,t=1,p=1"),
		"salt not b64":  with(4, "!!!!"),
		"short salt":    with(4, "AAAA"),
		"hash not b64":  with(5, "***"),
		"padded hash":   with(5, parts[5]+"="),
		"extra section": good + "$x",
		"no leading $":  strings.TrimPrefix(good, "$"),
	} {
		ok, err := Verify("correct paard batterij", enc)
		if ok || err == nil {
			t.Errorf("%s: ok=%v err=%v, want an error", name, ok, err)
			continue
		}
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Key != "password.hash_malformed" {
			t.Errorf("%s: err = %v, want key password.hash_malformed", name, err)
		}
	}
}

// Raising the cost must not lock anyone out: old hashes keep verifying and
// are reported for rehashing until they are replaced.
func TestNeedsRehash(t *testing.T) {
	old, _ := Hash("correct paard batterij")
	if NeedsRehash(old) {
		t.Error("a fresh hash needs rehashing")
	}
	saved := Default
	defer func() { Default = saved }()
	Default.Memory, Default.Time = 512, 2

	if !NeedsRehash(old) {
		t.Error("a hash with the old parameters does not need rehashing")
	}
	if ok, err := Verify("correct paard batterij", old); !ok || err != nil {
		t.Errorf("old hash after raising the cost: ok=%v err=%v", ok, err)
	}
	h, _ := Hash("correct paard batterij")
	if NeedsRehash(h) || !strings.Contains(h, "m=512,t=2,p=1") {
		t.Errorf("new hash %q should carry the new parameters", h)
	}
	if !NeedsRehash("garbage") {
		t.Error("an unreadable hash does not need rehashing")
	}
}
