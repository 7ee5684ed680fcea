package knowledge_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// BenchmarkLibrary reads the shared library at national scale: every one
// of 342 municipalities published its own version of all four shipped
// templates (1,368 documents of about one A4 each), and one coordinator
// opens the library page, which lists them all.
func BenchmarkLibrary(b *testing.B) {
	h := apptest.New(b)
	st := knowledge.NewStore(h.App.DB, h.Clock, h.App.Audit)
	var reader *auth.User
	var first *auth.Organisation
	for i := range 342 {
		org := h.Org(fmt.Sprintf("gemeente-%03d", i))
		u := h.User(org, "coord", auth.Coordinator)
		if i == 0 {
			reader, first = u, org
		}
		sc := h.Scope(org, u)
		for _, t := range knowledge.ShippedTemplates() {
			if _, err := st.SaveTemplate(h.Ctx, sc, t.Key, knowledge.TemplateEdit{Title: t.Title + " " + org.Name, Summary: t.Summary,
				Body: t.Body, Owner: t.Owner, ReviewedOn: t.ReviewedOn}); err != nil {
				b.Fatal(err)
			}
			if err := st.Publish(h.Ctx, sc, t.Key); err != nil {
				b.Fatal(err)
			}
		}
	}
	client := h.Login(reader)
	b.Run("store", func(b *testing.B) {
		sc := h.Scope(first, reader)
		for b.Loop() {
			lib, err := st.Library(h.Ctx, sc)
			if err != nil || len(lib) != 342*4 {
				b.Fatalf("%d, %v", len(lib), err)
			}
		}
	})
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			if res := client.Get("/gedeelde-modeldocumenten"); res.Code != http.StatusOK {
				b.Fatal(res.Code)
			}
		}
	})
}
