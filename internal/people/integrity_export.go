package people

import (
	"context"
	"net/http"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/web"
)

// IntegrityDocument returns one register as the scope sees it, as an
// export document.
func (s *Store) IntegrityDocument(ctx context.Context, sc *auth.Scope, register string, lang i18n.Lang) (export.Document, error) {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	tb := export.Table{Title: t("integrity.export." + register)}
	person := []string{t("integrity.col.number"), t("integrity.col.name"), t("integrity.col.team")}
	row := func(p Person, rest ...string) []string {
		return append([]string{p.Number, p.Name, p.TeamName}, rest...)
	}
	switch register {
	case "screening":
		list, err := s.ScreeningList(ctx, sc)
		if err != nil {
			return export.Document{}, err
		}
		tb.Columns = append(person, t("integrity.col.required"), t("integrity.col.last"), t("integrity.col.status"), t("integrity.col.next"))
		for _, x := range list {
			status := t("integrity.screening.ok")
			if x.Due {
				status = t("integrity.screening.reason." + x.Reason)
			}
			last := ""
			if x.LastOn != "" {
				last = x.LastOn + " (" + t("integrity.vog."+x.LastKind) + ")"
			}
			tb.Rows = append(tb.Rows, row(x.Person, t("integrity.vog."+x.Required), last, status, x.DueOn))
		}
	case "ambtseed":
		list, err := s.OathRegister(ctx, sc)
		if err != nil {
			return export.Document{}, err
		}
		tb.Columns = append(person, t("integrity.col.taken_on"), t("integrity.col.form"))
		for _, o := range list {
			form := ""
			if o.Form != "" {
				form = t("integrity.oath.form." + o.Form)
			}
			tb.Rows = append(tb.Rows, row(o.Person, o.TakenOn, form))
		}
	case "nevenfuncties":
		list, err := s.SideJobs(ctx, sc)
		if err != nil {
			return export.Document{}, err
		}
		tb.Columns = append(person, t("integrity.col.period"), t("integrity.col.review"), t("integrity.col.published"))
		for _, j := range list {
			tb.Rows = append(tb.Rows, row(j.Person, strings.TrimSpace(j.StartedOn+" – "+j.EndedOn), t("integrity.sidejob.status."+j.ReviewStatus), j.PublicText))
		}
	case "geschenken":
		list, err := s.Gifts(ctx, sc)
		if err != nil {
			return export.Document{}, err
		}
		tb.Columns = append(person, t("integrity.col.received_on"), t("integrity.col.value"), t("integrity.col.above"), t("integrity.col.decision"), t("integrity.col.decided_by"))
		for _, g := range list {
			above, decision := "", ""
			if g.AboveThreshold {
				above = t("integrity.yes")
			}
			if g.Decision != "" {
				decision = t("integrity.gift.decision." + g.Decision)
			}
			tb.Rows = append(tb.Rows, row(g.Person, g.ReceivedOn, "€ "+euros(g.ValueCents), above, decision, g.DecidedBy))
		}
	default:
		return export.Document{}, apperr.List{apperr.FieldErr("register", "integrity.export.register_invalid")}
	}
	return export.Document{Title: tb.Title, Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{tb}}, nil
}

// integrityExport serves a register as CSV, XLSX or PDF; every export is
// audited, since the registers name people.
func (s *Store) integrityExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	q := r.URL.Query()
	format := strings.ToLower(q.Get("formaat"))
	if format != export.XLSX && format != export.PDF && format != export.CSV {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	register := q.Get("register")
	doc, err := s.IntegrityDocument(r.Context(), sc, register, web.LangOf(r))
	if err != nil {
		return err
	}
	if err := s.audit.Record(r.Context(), s.db.Write, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: area + ".register.export", ObjectType: register, ObjectID: format, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return err
	}
	return export.Serve(w, format, register+"-"+sc.OrgSlug, doc)
}
