package report

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// CategorySettings are an organisation's terms and routing for one
// category (DOMAIN.md §4); every value is configuration with a default.
type CategorySettings struct {
	Category Category
	// ResponsibleRole is the role triage routes reports of the category to.
	ResponsibleRole auth.Role
	// AckDays is the term for acknowledging receipt; the Wet bescherming
	// klokkenluiders sets 7 calendar days for integrity reports.
	AckDays    int
	AckWorking bool
	TriageDays int // default 5 working days
	TriageWork bool
	// FeedbackMonths is the Wbk feedback term after acknowledgement
	// (3 months for integrity reports; 0 = none).
	FeedbackMonths int
	// RetentionDays is how long a closed report is kept; DropRetentionDays
	// applies to reports that were dropped (afgeschaald).
	RetentionDays     int
	DropRetentionDays int
	// Calendar is the organisation's working-day calendar, which the
	// terms are counted in.
	Calendar Calendar
	// Stored is whether the organisation saved its own values.
	Stored bool
}

// DefaultSettings are the shipped defaults of DOMAIN.md §4.
func DefaultSettings(c Category) CategorySettings {
	cs := CategorySettings{Category: c, ResponsibleRole: auth.Coordinator, AckDays: 7, TriageDays: 5, TriageWork: true,
		RetentionDays: 5 * 365, DropRetentionDays: 365, Calendar: DefaultCalendar}
	switch c {
	case Integrity:
		cs.ResponsibleRole = auth.HR
		cs.FeedbackMonths = 3
	case Aggression:
		cs.ResponsibleRole = auth.TeamLead
	}
	return cs
}

// ResponsibleRoles are the roles triage may route a category to.
var ResponsibleRoles = []auth.Role{auth.Coordinator, auth.TeamLead, auth.HR, auth.Custodian}

// Limits of the settings.
const (
	maxTermDays       = 365
	maxFeedbackMonths = 12
	minRetentionDays  = 30
	maxRetentionDays  = 100 * 365
	// MinSmallCount is the lowest small-number threshold: it may only be
	// raised.
	MinSmallCount   = 5
	maxSmallCount   = 100
	maxWarnDays     = 365
	maxAftercareHrs = 30 * 24
)

// OrgSettings are the settings of an organisation's meldpunt as a whole.
type OrgSettings struct {
	Calendar Calendar
	// SmallCount is the small-number threshold: counts below it are shown
	// as "< n" to roles without report.handle.
	SmallCount int
	// RetentionWarnDays is how long before destruction the handlers are
	// warned.
	RetentionWarnDays int
	// AftercareHours is the term for contact with the victim of an
	// aggression incident (practice: 48 hours).
	AftercareHours int
	// Bands holds the organisation's own descriptions of the bands of the
	// organisatienorm; empty means the shipped text.
	Bands  map[Band]string
	Stored bool
}

// DefaultOrgSettings are the shipped defaults.
func DefaultOrgSettings() OrgSettings {
	return OrgSettings{Calendar: DefaultCalendar, SmallCount: MinSmallCount, RetentionWarnDays: 30, AftercareHours: 48, Bands: map[Band]string{}}
}

// orgSettings reads the organisation's meldpunt settings, defaults when none.
func (s *Store) orgSettings(ctx context.Context, q store.Querier, orgID string) (OrgSettings, error) {
	os := DefaultOrgSettings()
	var desired, acceptable, unacceptable string
	err := q.QueryRowContext(ctx, `SELECT good_friday, liberation_yearly, small_count, retention_warn_days, aftercare_hours,
		band_desired, band_acceptable, band_unacceptable FROM report_org_settings WHERE org_id = $1`, orgID).Scan(
		&os.Calendar.GoodFriday, &os.Calendar.LiberationYearly, &os.SmallCount, &os.RetentionWarnDays, &os.AftercareHours,
		&desired, &acceptable, &unacceptable)
	if errors.Is(err, sql.ErrNoRows) {
		return os, nil
	}
	if err != nil {
		return os, apperr.Wrap(err, "store.query_failed")
	}
	os.Stored = true
	for b, t := range map[Band]string{BandDesired: desired, BandAcceptable: acceptable, BandUnacceptable: unacceptable} {
		if t != "" {
			os.Bands[b] = t
		}
	}
	return os, nil
}

// settingsFor returns the organisation's settings for a category, the
// defaults when it saved none, with the organisation's calendar — in one
// statement, since intake calls it for every report.
func (s *Store) settingsFor(ctx context.Context, q store.Querier, orgID string, c Category) (CategorySettings, error) {
	cs := DefaultSettings(c)
	var (
		goodFriday, liberation, ackWorking, triageWorking sql.NullBool
		role                                              sql.NullString
		ack, triage, feedback, retention, dropRetention   sql.NullInt64
	)
	err := q.QueryRowContext(ctx, `SELECT o.good_friday, o.liberation_yearly, c.responsible_role, c.ack_days, c.ack_working, c.triage_days,
		c.triage_working, c.feedback_months, c.retention_days, c.drop_retention_days
		FROM organisations g LEFT JOIN report_org_settings o ON o.org_id = g.id
		LEFT JOIN report_settings c ON c.org_id = g.id AND c.category = $2 WHERE g.id = $1`, orgID, string(c)).Scan(
		&goodFriday, &liberation, &role, &ack, &ackWorking, &triage, &triageWorking, &feedback, &retention, &dropRetention)
	if errors.Is(err, sql.ErrNoRows) {
		return cs, nil
	}
	if err != nil {
		return cs, apperr.Wrap(err, "store.query_failed")
	}
	if goodFriday.Valid {
		cs.Calendar = Calendar{GoodFriday: goodFriday.Bool, LiberationYearly: liberation.Bool}
	}
	if role.Valid {
		cs.ResponsibleRole = auth.Role(role.String)
		cs.AckDays, cs.AckWorking, cs.TriageDays, cs.TriageWork = int(ack.Int64), ackWorking.Bool, int(triage.Int64), triageWorking.Bool
		cs.FeedbackMonths, cs.RetentionDays, cs.DropRetentionDays = int(feedback.Int64), int(retention.Int64), int(dropRetention.Int64)
		cs.Stored = true
	}
	return cs, nil
}

// AckDue is when receipt of a report received at t must be acknowledged:
// AckDays working days, or AckDays calendar days moved on to the next
// working day when the last day is a Saturday, Sunday or holiday
// (Algemene termijnenwet).
func (cs CategorySettings) AckDue(t time.Time) time.Time { return cs.due(t, cs.AckDays, cs.AckWorking) }

// TriageDue is when a report received at t must have been triaged.
func (cs CategorySettings) TriageDue(t time.Time) time.Time {
	return cs.due(t, cs.TriageDays, cs.TriageWork)
}

// FeedbackDue is when the reporter of a report acknowledged at t must have
// had feedback; zero when the category has no feedback term. A term ending
// on a day off runs on to the next working day.
func (cs CategorySettings) FeedbackDue(t time.Time) time.Time {
	if cs.FeedbackMonths == 0 {
		return time.Time{}
	}
	return cs.cal().NextWorkingDay(t.AddDate(0, cs.FeedbackMonths, 0))
}

func (cs CategorySettings) cal() Calendar { return cs.Calendar }

func (cs CategorySettings) due(t time.Time, days int, working bool) time.Time {
	if days <= 0 {
		return time.Time{}
	}
	if working {
		return cs.cal().AddWorkingDays(t, days)
	}
	return cs.cal().AddCalendarDays(t, days)
}

// RetainUntil is when a report closed at closed is destroyed; dropped
// reports (afgeschaald) have their own, shorter term.
func (cs CategorySettings) RetainUntil(closed time.Time, dropped bool) time.Time {
	days := cs.RetentionDays
	if dropped {
		days = cs.DropRetentionDays
	}
	return closed.AddDate(0, 0, days)
}

// Settings are all settings of the organisation's meldpunt.
type Settings struct {
	Org        OrgSettings
	Categories []CategorySettings
}

// Settings returns the organisation's settings (report.settings, or
// report.insight for reading the thresholds).
func (s *Store) Settings(ctx context.Context, sc *auth.Scope) (Settings, error) {
	if !sc.Can(auth.ReportSettings) && !sc.Can(auth.ReportInsight) {
		return Settings{}, apperr.New(apperr.Forbidden, "auth.forbidden")
	}
	return s.settings(ctx, s.db.Read, sc.OrgID)
}

func (s *Store) settings(ctx context.Context, q store.Querier, orgID string) (Settings, error) {
	var st Settings
	var err error
	if st.Org, err = s.orgSettings(ctx, q, orgID); err != nil {
		return st, err
	}
	for _, c := range Categories {
		cs, err := s.settingsFor(ctx, q, orgID, c)
		if err != nil {
			return st, err
		}
		st.Categories = append(st.Categories, cs)
	}
	return st, nil
}

// Validate checks the settings and names every bad field
// ("<category>_ack_days", "small_count", …).
func (st Settings) Validate() error {
	var errs apperr.List
	between := func(field string, v, lo, hi int, key string) {
		if v < lo || v > hi {
			errs = append(errs, apperr.FieldErr(field, key, lo, hi))
		}
	}
	seen := map[Category]bool{}
	for _, cs := range st.Categories {
		if !cs.Category.Valid() || seen[cs.Category] {
			errs = append(errs, apperr.FieldErr("category", "report.ops.settings.err.category"))
			continue
		}
		seen[cs.Category] = true
		p := string(cs.Category) + "_"
		if !slices.Contains(ResponsibleRoles, cs.ResponsibleRole) {
			errs = append(errs, apperr.FieldErr(p+"role", "report.ops.settings.err.role"))
		}
		between(p+"ack_days", cs.AckDays, 1, maxTermDays, "report.ops.settings.err.between")
		between(p+"triage_days", cs.TriageDays, 1, maxTermDays, "report.ops.settings.err.between")
		between(p+"feedback_months", cs.FeedbackMonths, 0, maxFeedbackMonths, "report.ops.settings.err.between")
		between(p+"retention_days", cs.RetentionDays, minRetentionDays, maxRetentionDays, "report.ops.settings.err.between")
		between(p+"drop_retention_days", cs.DropRetentionDays, minRetentionDays, maxRetentionDays, "report.ops.settings.err.between")
		if cs.Category == Integrity && (cs.AckDays > 7 && !cs.AckWorking || cs.FeedbackMonths == 0 || cs.FeedbackMonths > 3) {
			// The Wbk terms are a legal maximum; an organisation may be faster.
			errs = append(errs, apperr.FieldErr(p+"ack_days", "report.ops.settings.err.wbk"))
		}
	}
	between("small_count", st.Org.SmallCount, MinSmallCount, maxSmallCount, "report.ops.settings.err.small_count")
	between("retention_warn_days", st.Org.RetentionWarnDays, 1, maxWarnDays, "report.ops.settings.err.between")
	between("aftercare_hours", st.Org.AftercareHours, 1, maxAftercareHrs, "report.ops.settings.err.between")
	for _, b := range Bands {
		if len([]rune(st.Org.Bands[b])) > 2000 {
			errs = append(errs, apperr.FieldErr("band_"+string(b), "report.ops.settings.err.band_long"))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// SaveSettings stores the organisation's settings (report.settings), all
// or nothing; categories left out keep their values.
func (s *Store) SaveSettings(ctx context.Context, sc *auth.Scope, st Settings) error {
	if !sc.Can(auth.ReportSettings) {
		return apperr.New(apperr.Forbidden, "auth.forbidden")
	}
	for b, t := range st.Org.Bands {
		st.Org.Bands[b] = strings.TrimSpace(t)
	}
	if err := st.Validate(); err != nil {
		return err
	}
	now := store.Millis(s.clk.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		o := st.Org
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_org_settings (org_id, good_friday, liberation_yearly, small_count,
			retention_warn_days, aftercare_hours, band_desired, band_acceptable, band_unacceptable, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (org_id) DO UPDATE SET good_friday = $2, liberation_yearly = $3, small_count = $4, retention_warn_days = $5,
			aftercare_hours = $6, band_desired = $7, band_acceptable = $8, band_unacceptable = $9, updated_at = $10`,
			sc.OrgID, o.Calendar.GoodFriday, o.Calendar.LiberationYearly, o.SmallCount, o.RetentionWarnDays, o.AftercareHours,
			o.Bands[BandDesired], o.Bands[BandAcceptable], o.Bands[BandUnacceptable], now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		for _, cs := range st.Categories {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_settings (org_id, category, responsible_role, ack_days, ack_working,
				triage_days, triage_working, feedback_months, retention_days, drop_retention_days, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
				ON CONFLICT (org_id, category) DO UPDATE SET responsible_role = $3, ack_days = $4, ack_working = $5, triage_days = $6,
				triage_working = $7, feedback_months = $8, retention_days = $9, drop_retention_days = $10, updated_at = $11`,
				sc.OrgID, string(cs.Category), string(cs.ResponsibleRole), cs.AckDays, cs.AckWorking, cs.TriageDays, cs.TriageWork,
				cs.FeedbackMonths, cs.RetentionDays, cs.DropRetentionDays, now); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.opsRecord(ctx, tx, sc, area+".settings.save", "report_settings", sc.OrgID)
	})
}

// opsRecord writes a content-free audit entry for the scope's user.
func (s *Store) opsRecord(ctx context.Context, q store.Querier, sc *auth.Scope, action, objType, objID string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: opsActor(sc), Action: action,
		ObjectType: objType, ObjectID: objID, Result: audit.ResultOK})
}

func opsActor(sc *auth.Scope) string {
	if sc.UserName != "" {
		return sc.UserName
	}
	return "systeem"
}
