package main

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/app/apptest"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// TestDemoSharesATemplate checks the demo of issue 7 point 8: Buurdorp
// published its own LOO reglement, which Voorbeeldstad's coordinator finds
// in the shared library, while Voorbeeldstad's own documents are still
// the standard texts.
func TestDemoSharesATemplate(t *testing.T) {
	h := apptest.New(t)
	env, err := demo.Run(h.Ctx, h.App, demo.Options{Seeders: seeders()})
	if err != nil {
		t.Fatal(err)
	}
	coord, err := h.App.Auth.ScopeFor(h.Ctx, env.UserIDs["coordinator@voorbeeldstad.example"], env.Orgs["voorbeeldstad"].ID, true)
	if err != nil {
		t.Fatal(err)
	}
	st := knowledge.NewStore(h.App.DB, h.App.Clock, h.App.Audit)
	lib, err := st.Library(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	if len(lib) != 1 || lib[0].Title != "Reglement LOO Buurdorp" || lib[0].OrgName != "Gemeente Buurdorp" || lib[0].Version != 2 || lib[0].Mine {
		t.Fatalf("library %+v", lib)
	}
	own, err := st.Templates(h.Ctx, coord)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range own {
		if tp.Own {
			t.Errorf("Voorbeeldstad has its own %s already; the browser flow edits it", tp.Key)
		}
	}
}
