package risk

import (
	"context"
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

// ActionRegisterExport is audited for every export of the register.
const ActionRegisterExport = area + ".register.export"

// RegisterDocument is the whole register of the scope's organisation as an
// export: processes, vulnerabilities with their scores, and controls.
func (s *Store) RegisterDocument(ctx context.Context, sc *auth.Scope, lang i18n.Lang) (export.Document, error) {
	procs, err := s.ListProcesses(ctx, sc, ProcessFilter{})
	if err != nil {
		return export.Document{}, err
	}
	m, err := loadMatrix(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return export.Document{}, err
	}
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	label := func(prefix, code string) string {
		if code == "" {
			return ""
		}
		return t(prefix + code)
	}
	score := func(sc Score) string {
		if !sc.Scored() {
			return t("risk.not_scored")
		}
		return fmt.Sprintf("%s (%d × %d)", t("duty.risk."+string(m.Level(sc.Likelihood, sc.Impact))), sc.Likelihood, sc.Impact)
	}
	pt := export.Table{Title: t("risk.export.processes"), Columns: []string{t("risk.col.team"), t("risk.col.process"), t("risk.col.code"),
		t("risk.col.steps"), t("risk.col.vulnerabilities"), t("risk.col.open_controls"), t("risk.col.max_risk"), t("risk.col.review_due")}}
	vt := export.Table{Title: t("risk.export.vulnerabilities"), Columns: []string{t("risk.col.process"), t("risk.col.vulnerability"),
		t("risk.col.origin"), t("risk.col.intent"), t("risk.col.factor"), t("risk.col.inherent"), t("risk.col.residual"), t("risk.col.treatment")}}
	ct := export.Table{Title: t("risk.export.controls"), Columns: []string{t("risk.col.process"), t("risk.col.control"), t("risk.col.status"),
		t("risk.col.owner"), t("risk.col.due"), t("risk.col.evidence")}}
	for _, p := range procs {
		review := p.ReviewDue
		if p.ReviewOverdue {
			review += " (" + t("risk.overdue") + ")"
		}
		pt.Rows = append(pt.Rows, []string{p.TeamName, p.Name, p.Code, itoa(p.Steps), itoa(p.Vulnerabilities), itoa(p.OpenControls),
			label("duty.risk.", string(p.MaxResidual)), review})
		vulns, err := s.Vulnerabilities(ctx, sc, p.ID)
		if err != nil {
			return export.Document{}, err
		}
		for _, v := range vulns {
			treatment := t("risk.treatment.none")
			if v.Treatment != "" {
				treatment = t("risk.treatment." + v.Treatment)
			}
			vt.Rows = append(vt.Rows, []string{p.Name, v.Title, t("risk.origin." + string(v.Origin)), t("risk.intent." + string(v.Intent)),
				t("risk.factor." + string(v.Factor)), score(v.Inherent), score(v.Residual), treatment})
		}
		controls, err := s.Controls(ctx, sc, p.ID)
		if err != nil {
			return export.Document{}, err
		}
		for _, c := range controls {
			due := c.DueDate
			if c.Overdue {
				due += " (" + t("risk.overdue") + ")"
			}
			ct.Rows = append(ct.Rows, []string{p.Name, c.Title, t("risk.control.status." + string(c.Status)), c.OwnerName, due, c.Evidence})
		}
	}
	return export.Document{Title: t("risk.processes.title"), Subtitle: t("risk.export.subtitle", len(m.LikelihoodLabels), len(m.ImpactLabels)), Org: sc.OrgName,
		Generated: s.clk.Now(), Lang: lang, Tables: []export.Table{pt, vt, ct}}, nil
}

func (s *Store) registerExport(w http.ResponseWriter, r *http.Request) error {
	sc := web.ScopeOf(r)
	format := strings.ToLower(r.URL.Query().Get("formaat"))
	if format != export.XLSX && format != export.PDF && format != export.CSV {
		return apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	doc, err := s.RegisterDocument(r.Context(), sc, web.LangOf(r))
	if err != nil {
		return err
	}
	if format == export.CSV {
		doc.Tables = doc.Tables[:1]
	}
	if err := s.audit.Record(r.Context(), s.db.Write, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: ActionRegisterExport, ObjectType: "register", ObjectID: format, Result: audit.ResultOK, RequestID: sc.RequestID}); err != nil {
		return err
	}
	return export.Serve(w, format, "procesregister-"+sc.OrgSlug, doc)
}
