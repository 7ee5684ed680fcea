package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/web"
)

// The three benchmarks below are read together (docs/performance.md): the
// cost of the whole middleware stack plus the session lookup is
// BenchmarkStackWithSession divided by BenchmarkBareHandler, both serving the
// same tiny response. Run with WEERBAAR_TEST_POSTGRES set for PostgreSQL.

func BenchmarkBareHandler(b *testing.B) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}

func BenchmarkStackWithSession(b *testing.B) {
	h := apptest.New(b)
	org := h.Org("voorbeeldstad")
	u := h.User(org, "coord", auth.Coordinator)
	tok, err := h.App.Auth.CreateSession(h.Ctx, u.ID, org.ID, true)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: tok})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.App.Web.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkDashboardPage is a whole signed-in page: session, scope,
// navigation, the action tiles' counts and the template.
func BenchmarkDashboardPage(b *testing.B) {
	h := apptest.New(b)
	org := h.Org("voorbeeldstad")
	u := h.User(org, "coord", auth.Coordinator)
	tok, err := h.App.Auth.CreateSession(h.Ctx, u.ID, org.ID, true)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: tok})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.App.Web.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
