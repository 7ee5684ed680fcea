package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
)

func TestLoginWithSecondFactorReachesDashboard(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coord", auth.Coordinator)
	c := h.Login(coord)
	res := c.Get("/")
	if res.Code != http.StatusOK {
		t.Fatalf("dashboard: %d %s", res.Code, res.Body.String())
	}
	if !strings.Contains(res.Body.String(), "Welkom, Test coord") {
		t.Fatalf("dashboard does not greet the user: %s", res.Body.String())
	}
}

func TestCaseRoleCannotWorkWithoutSecondFactor(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	coord := h.User(org, "coord", auth.Coordinator)
	c := h.Anonymous()
	res := c.PostForm("/inloggen", url.Values{"email": {coord.Email}, "password": {apptest.Password}})
	if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/tweede-factor/instellen") {
		t.Fatalf("login did not ask for a second factor: %d %s", res.Code, res.Header().Get("Location"))
	}
	// With only the password, every page sends the user back to the second
	// factor and every change is refused.
	for _, p := range []string{"/", "/acties", "/audit", "/account"} {
		res := c.Get(p)
		if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/inloggen/tweede-factor") {
			t.Errorf("GET %s without second factor: %d → %s", p, res.Code, res.Header().Get("Location"))
		}
	}
	res = c.PostForm("/acties", url.Values{"title": {"x"}, "due_date": {"2026-04-01"}})
	if res.Code != http.StatusForbidden {
		t.Errorf("POST without second factor: %d", res.Code)
	}
	// An employee reads no case content and needs no second factor.
	emp := h.User(org, "emp", auth.Employee)
	e := h.Anonymous()
	res = e.PostForm("/inloggen", url.Values{"email": {emp.Email}, "password": {apptest.Password}})
	if loc := res.Header().Get("Location"); loc != "/" {
		t.Errorf("employee login went to %q", loc)
	}
}

func TestWrongPasswordsAreThrottledThenLocked(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	emp := h.User(org, "emp", auth.Employee)
	c := h.Anonymous()
	try := func(pw string) (int, string) {
		res := c.PostForm("/inloggen", url.Values{"email": {emp.Email}, "password": {pw}})
		return res.Code, res.Body.String()
	}
	for i := 0; i < 3; i++ {
		if code, _ := try("verkeerd-wachtwoord"); code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, code)
		}
	}
	// The fourth wrong attempt starts the delay: even the right password is
	// refused until it has passed.
	try("verkeerd-wachtwoord")
	code, body := try(apptest.Password)
	if code != http.StatusTooManyRequests || !strings.Contains(body, "Te veel mislukte pogingen") {
		t.Fatalf("right password during delay: %d", code)
	}
	h.Clock.Advance(2 * time.Second)
	if code, _ := try(apptest.Password); code != http.StatusSeeOther {
		t.Fatalf("right password after delay: %d", code)
	}
	// Ten wrong attempts in a row lock the account for half an hour.
	for i := 0; i < 10; i++ {
		h.Clock.Advance(10 * time.Minute)
		try("verkeerd-wachtwoord")
	}
	h.Clock.Advance(20 * time.Minute)
	code, body = try(apptest.Password)
	if code != http.StatusTooManyRequests || !strings.Contains(body, "tijdelijk geblokkeerd") {
		t.Fatalf("locked account: %d %s", code, body)
	}
	h.Clock.Advance(11 * time.Minute)
	if code, _ := try(apptest.Password); code != http.StatusSeeOther {
		t.Fatalf("after lock-out: %d", code)
	}
}

// Survey answers from one address (a town hall behind one NAT) count in a
// limit group of their own, ten times the sign-in rate: colleagues
// answering a survey together do not lock everyone out of signing in, and
// a flood of answers is still cut off.
func TestSurveyAnswersDoNotUseUpTheSignInLimit(t *testing.T) {
	h := apptest.New(t)
	org := h.Org("voorbeeldstad")
	emp := h.User(org, "emp", auth.Employee)
	c := h.Anonymous()
	answer := func() int {
		return c.PostForm("/enquete", url.Values{"code": {"ONBEKEND-CODE"}}).Code
	}
	for i := range 15 {
		if code := answer(); code == http.StatusTooManyRequests {
			t.Fatalf("survey answer %d from one address refused as too many", i+1)
		}
	}
	if res := c.PostForm("/inloggen", url.Values{"email": {emp.Email}, "password": {apptest.Password}}); res.Code != http.StatusSeeOther {
		t.Fatalf("sign-in after fifteen survey answers from the same address: %d", res.Code)
	}
	limited := false
	for range 100 {
		if answer() == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("a hundred more survey answers in one minute from one address were all taken")
	}
}
