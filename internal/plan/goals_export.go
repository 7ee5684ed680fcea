package plan

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// GoalsDocument is the goals of a year with their indicators' values and
// targets, and every indicator, as an export (CSV, XLSX or PDF).
func (s *Store) GoalsDocument(sc *auth.Scope, year int, progress []GoalProgress, values []IndicatorValue, lang i18n.Lang) export.Document {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	goals := export.Table{Title: t("goals.goals_heading"), Columns: []string{t("goals.col_goal"), t("goals.col_kind"), t("goals.col_indicator"),
		t("goals.col_actual"), t("goals.col_target"), t("goals.col_met")}}
	for _, g := range progress {
		met := t("goals.met_no")
		switch {
		case !g.HasTarget || !g.Indicator.Known:
			met = t("goals.met_unknown")
		case g.Met:
			met = t("goals.met_yes")
		}
		goals.Rows = append(goals.Rows, []string{g.Title, t("goals.kind." + g.Kind), g.Indicator.Label, g.Indicator.Shown(), g.ShownTarget(), met})
	}
	inds := export.Table{Title: t("goals.indicators_title"), Columns: []string{t("goals.col_key"), t("goals.col_indicator"), t("goals.col_value"), t("goals.col_unit"), t("goals.col_source")}}
	for _, v := range values {
		inds.Rows = append(inds.Rows, []string{v.Key, v.Label, v.Shown(), v.Unit, v.Source})
	}
	return export.Document{Title: t("goals.title"), Subtitle: t("goals.export_subtitle", year), Org: sc.OrgName,
		Generated: s.clk.Now().UTC(), Lang: lang, Tables: []export.Table{goals, inds}}
}

func (s *Store) goalsExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	format := strings.ToLower(r.URL.Query().Get("formaat"))
	if format != export.XLSX && format != export.PDF && format != export.CSV {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	year, err := s.yearOf(r)
	if err != nil {
		return err
	}
	progress, err := s.GoalProgress(r.Context(), sc, year)
	if err != nil {
		return err
	}
	values, err := s.Indicators(r.Context(), sc, year)
	if err != nil {
		return err
	}
	if err := s.audit.Record(r.Context(), s.db.Write, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: auditAction("export"), ObjectType: "goals", ObjectID: format, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return err
	}
	doc := s.GoalsDocument(sc, year, progress, values, web.LangOf(r))
	name := fmt.Sprintf("doelen-%s-%d", sc.OrgSlug, year)
	if format == export.CSV {
		// A CSV file holds one table: the goals, or with ?deel=indicatoren
		// the indicators.
		doc.Tables = doc.Tables[:1]
		if r.URL.Query().Get("deel") == "indicatoren" {
			doc.Tables, name = []export.Table{s.GoalsDocument(sc, year, progress, values, web.LangOf(r)).Tables[1]}, fmt.Sprintf("indicatoren-%s-%d", sc.OrgSlug, year)
		}
	}
	return export.Serve(w, format, name, doc)
}
