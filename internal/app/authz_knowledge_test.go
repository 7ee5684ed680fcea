package app_test

import (
	"testing"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/knowledge"
)

// --- Model documents and the shared library (issue 7 point 8): A's
// privacy protocol is a draft carrying a sentinel, never published; A's
// organisatienorm is published without one. Every organisation has a
// privacy protocol at the same address, so {templateKey} is open to
// anyone holding the route's permission and the sentinel check proves that
// A's draft text never reaches B. The published {sharedID} is meant to be
// seen by B: only published templates cross organisations. ---

const sentinelTemplate = "Sentinel-modeldocument-A"

func init() {
	integritySentinels = append(integritySentinels, sentinelTemplate)
}

func (m *matrix) knowledgeFixtures(t *testing.T, sc *auth.Scope) {
	h := m.h
	st := knowledge.NewStore(h.App.DB, h.Clock, h.App.Audit)
	if _, err := st.SaveTemplate(h.Ctx, sc, "privacyprotocol", knowledge.TemplateEdit{Title: sentinelTemplate,
		Summary: sentinelTemplate, Body: "# " + sentinelTemplate + "\n" + sentinelTemplate, Owner: sentinelTemplate, ReviewedOn: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveTemplate(h.Ctx, sc, "organisatienorm", knowledge.TemplateEdit{Title: "Norm van A",
		Body: "# Norm\nGedeelde tekst van A.", Owner: "Coördinator", ReviewedOn: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Publish(h.Ctx, sc, "organisatienorm"); err != nil {
		t.Fatal(err)
	}
	lib, err := st.Library(h.Ctx, sc)
	if err != nil || len(lib) != 1 {
		t.Fatalf("knowledge fixtures: library %v, %v", lib, err)
	}
	m.params["templateKey"], m.params["sharedID"] = "privacyprotocol", lib[0].ID
}

// restoreKnowledge withdraws A's sentinel draft again after a request of
// A's coordinator published it, and puts the organisatienorm back in the
// library after one withdrew it, so that every cell starts the same.
func (m *matrix) restoreKnowledge(t *testing.T) {
	h := m.h
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `DELETE FROM knowledge_shared WHERE org_id = $1 AND tpl_key = 'privacyprotocol'`, m.a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Write.ExecContext(h.Ctx, `UPDATE knowledge_shared SET withdrawn_at = 0 WHERE id = $1`, m.params["sharedID"]); err != nil {
		t.Fatal(err)
	}
}

// --- end of model documents fixtures ---
