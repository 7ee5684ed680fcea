package meeting

import (
	"context"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// ActionListExport is audited for every export of the meetings and
// decisions, which carry decision reasons.
const ActionListExport = area + ".export"

// Decision is one decided agenda item with its meeting, for the decisions
// list.
type Decision struct {
	Meeting Meeting
	Item    Item
}

// DecisionList returns every decided agenda item of the organisation, the
// latest meeting first.
func (s *Store) DecisionList(ctx context.Context, sc *auth.Scope) ([]Decision, error) {
	ms, err := s.Meetings(ctx, sc)
	if err != nil {
		return nil, err
	}
	var out []Decision
	for _, m := range ms {
		if m.Decided == 0 {
			continue
		}
		items, err := s.Items(ctx, sc, m.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if it.Decision != "" {
				out = append(out, Decision{Meeting: m, Item: it})
			}
		}
	}
	return out, nil
}

// ItemLabel is how an item is named in lists: the report's reference or
// the free topic.
func (it Item) Label() string {
	if it.ReportRef != "" {
		return it.ReportRef
	}
	return it.Topic
}

// ExportDocument is the meetings and the decisions as an export; table
// selects "meetings", "decisions" or both ("" — not for CSV). Every export
// is audited.
func (s *Store) ExportDocument(ctx context.Context, sc *auth.Scope, table string, lang i18n.Lang) (export.Document, error) {
	if err := canManage(sc); err != nil {
		return export.Document{}, err
	}
	t := func(key string) string { return i18n.T(lang, key) }
	doc := export.Document{Title: t("loo.export.title"), Org: sc.OrgName, Generated: s.clk.Now(), Lang: lang}
	if table == "" || table == "meetings" {
		ms, err := s.Meetings(ctx, sc)
		if err != nil {
			return doc, err
		}
		tb := export.Table{Title: t("loo.list.title"), Columns: []string{t("loo.col.date"), t("loo.col.time"), t("loo.col.place"),
			t("loo.col.status"), t("loo.col.participants"), t("loo.col.items"), t("loo.col.decided")}}
		for _, m := range ms {
			tb.Rows = append(tb.Rows, []string{m.HeldOn, m.StartTime, m.Place, t("loo.status." + m.Status), joinLines(m.Participants),
				strconv.Itoa(m.ItemCount), strconv.Itoa(m.Decided)})
		}
		doc.Tables = append(doc.Tables, tb)
	}
	if table == "" || table == "decisions" {
		ds, err := s.DecisionList(ctx, sc)
		if err != nil {
			return doc, err
		}
		tb := export.Table{Title: t("loo.decisions.title"), Columns: []string{t("loo.col.date"), t("loo.col.item"),
			t("loo.col.decision"), t("loo.col.reason"), t("loo.col.actions")}}
		for _, d := range ds {
			tb.Rows = append(tb.Rows, []string{d.Meeting.HeldOn, d.Item.Label(), t("loo.decision." + d.Item.Decision), d.Item.Reason,
				strconv.Itoa(len(d.Item.Actions))})
		}
		doc.Tables = append(doc.Tables, tb)
	}
	obj := table
	if obj == "" {
		obj = "all"
	}
	if err := s.recordAlone(ctx, sc, ActionListExport, ObjMeeting, obj, ""); err != nil {
		return doc, err
	}
	return doc, nil
}

func joinLines(l []string) string {
	out := ""
	for i, s := range l {
		if i > 0 {
			out += "; "
		}
		out += s
	}
	return out
}
