package org

import (
	"net/http"

	"github.com/weerbaar/weerbaar/internal/web"
)

func (s *Store) importForm(w http.ResponseWriter, r *http.Request) error {
	return web.Render(w, r, web.View{Name: "org_import", TitleKey: "org.import.title", Data: web.ImportData{}})
}

// importPost checks or imports an uploaded HR export. The outcome is shown
// at once rather than after a redirect: the report exists only in this
// answer, and nothing of the file is kept. Everything fits in memory (the
// route's body limit is barely above the import limit), so no temporary
// files are left on disk.
func (s *Store) importPost(w http.ResponseWriter, r *http.Request) error {
	return web.ServeImport(w, r, web.View{Name: "org_import", TitleKey: "org.import.title"}, MaxImportBytes+64<<10,
		web.Importer(s.Import), func(dryRun bool) any { return &ImportReport{DryRun: dryRun} })
}
