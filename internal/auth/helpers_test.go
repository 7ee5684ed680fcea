package auth_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/clock"
)

// wantLoginPage fails unless res sends the browser to the login page (not
// to the second factor, not to a page of the application).
func wantLoginPage(t *testing.T, what string, res *httptest.ResponseRecorder) {
	t.Helper()
	loc, _ := url.Parse(res.Header().Get("Location"))
	if res.Code != http.StatusSeeOther || loc == nil || loc.Path != "/inloggen" {
		t.Fatalf("%s: want a redirect to /inloggen, got %d → %q", what, res.Code, res.Header().Get("Location"))
	}
}

// wantPage fails unless res is a page with status 200.
func wantPage(t *testing.T, what string, res *httptest.ResponseRecorder) {
	t.Helper()
	if res.Code != http.StatusOK {
		t.Fatalf("%s: want 200, got %d → %q", what, res.Code, res.Header().Get("Location"))
	}
}

// bodyHas fails unless the page shows text (as the template escapes it).
func bodyHas(t *testing.T, what string, res *httptest.ResponseRecorder, text string) {
	t.Helper()
	if !strings.Contains(res.Body.String(), html.EscapeString(text)) {
		t.Fatalf("%s: page does not show %q:\n%s", what, text, res.Body.String())
	}
}

// count runs a COUNT(*) query.
func count(t *testing.T, h *apptest.Harness, query string, args ...any) int {
	t.Helper()
	var n int
	if err := h.App.DB.Read.QueryRowContext(h.Ctx, query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// advanceTo moves the fake clock forward to a wall-clock time in Amsterdam.
func advanceTo(t *testing.T, h *apptest.Harness, year int, month time.Month, day, hour, min int) {
	t.Helper()
	to := time.Date(year, month, day, hour, min, 0, 0, clock.Amsterdam)
	d := to.Sub(h.Clock.Now())
	if d < 0 {
		t.Fatalf("clock is already past %s", to)
	}
	h.Clock.Advance(d)
}

// withCookie returns a browser that holds the given session cookie value,
// as a thief or a stale tab would.
func withCookie(h *apptest.Harness, cookie string) *apptest.Client {
	c := h.Anonymous()
	c.Cookie = cookie
	return c
}

// The shared API-test helpers of apptest, under this package's short names.
var wantProblem = apptest.WantProblem
