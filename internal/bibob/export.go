package bibob

import (
	"net/http"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

func appRow(lang i18n.Lang, a Application) []string {
	under := i18n.T(lang, "bibob.no")
	if a.UnderPolicy {
		under = i18n.T(lang, "bibob.yes")
	}
	return []string{a.CaseNumber, i18n.T(lang, "bibob.type."+a.Type), a.Applicant, a.KvK, a.PartyList(), a.Address, a.Plot, euros(a.Amount), a.ReceivedOn, under}
}

func appColumns(lang i18n.Lang) []string {
	var out []string
	for _, k := range []string{"case_number", "type", "applicant", "kvk", "parties", "address", "plot", "amount", "received_on", "under_policy"} {
		out = append(out, i18n.T(lang, "bibob.col."+k))
	}
	return out
}

// exportFormat checks the formaat parameter.
func exportFormat(r *http.Request) (string, error) {
	f := strings.ToLower(r.URL.Query().Get("formaat"))
	if f != export.XLSX && f != export.PDF && f != export.CSV {
		return "", apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	return f, nil
}

// applicationsExport serves the applications as CSV, XLSX or PDF; the
// export is audited.
func (s *Store) applicationsExport(w http.ResponseWriter, r *http.Request) error {
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	ctx, sc, lang := r.Context(), web.ScopeOf(r), web.LangOf(r)
	list, err := s.Applications(ctx, sc, ApplicationFilter{})
	if err != nil {
		return err
	}
	t := export.Table{Title: i18n.T(lang, "bibob.applications.title"), Columns: appColumns(lang)}
	for _, a := range list {
		t.Rows = append(t.Rows, appRow(lang, a))
	}
	if err := s.logChange(ctx, s.db.Write, sc, area+".application.export", "bibob_application", format); err != nil {
		return err
	}
	return export.Serve(w, format, "bibob-aanvragen-"+sc.OrgSlug, export.Document{Title: t.Title, Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{t}})
}

// splitsExport serves the split groups, one row per application with its
// group number.
func (s *Store) splitsExport(w http.ResponseWriter, r *http.Request) error {
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	ctx, sc, lang := r.Context(), web.ScopeOf(r), web.LangOf(r)
	list, err := s.Splits(ctx, sc)
	if err != nil {
		return err
	}
	t := export.Table{Title: i18n.T(lang, "bibob.splits.title"), Columns: append([]string{i18n.T(lang, "bibob.col.group"), i18n.T(lang, "bibob.col.total")}, appColumns(lang)...)}
	for i, g := range list {
		for _, a := range g.Applications {
			t.Rows = append(t.Rows, append([]string{itoa(i + 1), euros(g.Total)}, appRow(lang, a)...))
		}
	}
	if err := s.logChange(ctx, s.db.Write, sc, area+".split.export", "bibob_application", format); err != nil {
		return err
	}
	return export.Serve(w, format, "bibob-opknippen-"+sc.OrgSlug, export.Document{Title: t.Title, Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{t}})
}
