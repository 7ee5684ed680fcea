package meeting

import (
	"context"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// ActionRIECExport is audited for every RIEC-signal export, with the
// purpose PurposeRIEC.
const (
	ActionRIECExport = area + ".riec.export"
	PurposeRIEC      = "RIEC-signaal"
)

// RIECSignal is the structured file a RIEC receives: the fields of
// Escalation, the date of the LOO and the reason of its decision. It is
// built only from those, so no other report field can reach it.
type RIECSignal struct {
	Reference      string `json:"kenmerk"`
	Category       string `json:"categorie"`
	ReceivedOn     string `json:"ontvangen_op"`
	OccurredOn     string `json:"datum_voorval,omitempty"`
	Title          string `json:"titel"`
	Summary        string `json:"samenvatting"`
	Location       string `json:"locatie,omitempty"`
	Decision       string `json:"besluit"`
	DecidedOn      string `json:"besluit_op"`
	MeetingDate    string `json:"datum_loo"`
	DecisionReason string `json:"motivering"`
}

// RIECFormats are the formats of the RIEC-signal export.
var RIECFormats = []string{"json", export.PDF}

// ExportRIEC builds the RIEC signal of an agenda item decided as
// RIEC-signaal and audits the export (action, item, purpose). format is
// checked first, so a refused export writes nothing and logs nothing.
func (s *Store) ExportRIEC(ctx context.Context, sc *auth.Scope, meetingID, itemID, format string) (RIECSignal, error) {
	if err := canManage(sc); err != nil {
		return RIECSignal{}, err
	}
	m, err := s.Meeting(ctx, sc, meetingID)
	if err != nil {
		return RIECSignal{}, err
	}
	it, err := s.Item(ctx, sc, meetingID, itemID)
	if err != nil {
		return RIECSignal{}, err
	}
	format = strings.ToLower(strings.TrimSpace(format))
	if format != "json" && format != export.PDF {
		return RIECSignal{}, apperr.List{apperr.FieldErr("formaat", "export.format_invalid")}
	}
	if it.Decision != DecisionRIEC || !it.IsReport() {
		return RIECSignal{}, apperr.New(apperr.Conflict, "loo.riec_not_decided")
	}
	if s.reports == nil {
		return RIECSignal{}, apperr.New(apperr.Conflict, "loo.reports_unavailable")
	}
	esc, err := s.reports.Escalation(ctx, sc, it.ReportID)
	if err != nil {
		return RIECSignal{}, err
	}
	sig := RIECSignal{Reference: esc.Reference, Category: esc.Category, ReceivedOn: esc.ReceivedOn, OccurredOn: esc.OccurredOn,
		Title: esc.Title, Summary: esc.Summary, Location: esc.Location, Decision: esc.Decision, DecidedOn: esc.DecidedOn,
		MeetingDate: m.HeldOn, DecisionReason: it.Reason}
	if sig.Decision == "" {
		sig.Decision = it.Decision
	}
	if sig.DecidedOn == "" {
		sig.DecidedOn = it.DecidedOn
	}
	if err := s.recordAlone(ctx, sc, ActionRIECExport, ObjItem, itemID, PurposeRIEC); err != nil {
		return RIECSignal{}, err
	}
	return sig, nil
}

// Document is the RIEC signal as a PDF: one table of field and value.
func (sig RIECSignal) Document(sc *auth.Scope, lang i18n.Lang) export.Document {
	t := func(key string) string { return i18n.T(lang, key) }
	rows := [][]string{
		{t("loo.riec.reference"), sig.Reference},
		{t("loo.riec.category"), sig.Category},
		{t("loo.riec.received_on"), sig.ReceivedOn},
		{t("loo.riec.occurred_on"), sig.OccurredOn},
		{t("loo.riec.title_field"), sig.Title},
		{t("loo.riec.summary"), sig.Summary},
		{t("loo.riec.location"), sig.Location},
		{t("loo.riec.decision"), sig.Decision},
		{t("loo.riec.decided_on"), sig.DecidedOn},
		{t("loo.riec.meeting_date"), sig.MeetingDate},
		{t("loo.riec.reason"), sig.DecisionReason},
	}
	return export.Document{Title: t("loo.riec.title"), Subtitle: sig.Reference, Org: sc.OrgName, Lang: lang,
		Tables: []export.Table{{Title: t("loo.riec.title"), Columns: []string{t("loo.riec.col_field"), t("loo.riec.col_value")}, Rows: rows}}}
}
