package people

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Settings are an organisation's choices for the people registers. An
// organisation without a stored row uses DefaultSettings
// (docs/decisions/0016-screening-and-integrity-registers.md).
type Settings struct {
	// RescreenMonths is the periodic rescreening policy; 0 means
	// rescreening only on a change of function.
	RescreenMonths int
	// GiftThresholdCents is the value above which a gift needs a decision.
	GiftThresholdCents int
	// IncludeCouncil brings college and council members under the
	// screening lists and the integrity registers.
	IncludeCouncil bool
	Stored         bool
}

// DefaultSettings: a new VOG every five years for functions that need one,
// the common €50 gift threshold, and college and council left out until
// the organisation chooses otherwise.
var DefaultSettings = Settings{RescreenMonths: 60, GiftThresholdCents: 5000}

// Limits of the settings form.
const (
	maxRescreenMonths = 240
	maxThresholdCents = 100_000_00
)

// Settings returns the organisation's settings for the people registers.
func (s *Store) Settings(ctx context.Context, sc *auth.Scope) (Settings, error) {
	if err := canRead(sc); err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, s.db.Read, sc.OrgID)
}

func (s *Store) settings(ctx context.Context, q store.Querier, orgID string) (Settings, error) {
	st := Settings{Stored: true}
	err := q.QueryRowContext(ctx, `SELECT rescreen_months, gift_threshold_cents, include_council FROM people_settings WHERE org_id = $1`, orgID).
		Scan(&st.RescreenMonths, &st.GiftThresholdCents, &st.IncludeCouncil)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultSettings, nil
	}
	if err != nil {
		return Settings{}, apperr.Wrap(err, "store.query_failed")
	}
	return st, nil
}

// SaveSettings stores the organisation's settings (HR).
func (s *Store) SaveSettings(ctx context.Context, sc *auth.Scope, st Settings) error {
	if err := canManage(sc); err != nil {
		return err
	}
	var errs apperr.List
	if st.RescreenMonths < 0 || st.RescreenMonths > maxRescreenMonths {
		errs = append(errs, apperr.FieldErr("rescreen_months", "integrity.settings.months_invalid", maxRescreenMonths))
	}
	if st.GiftThresholdCents < 0 || st.GiftThresholdCents > maxThresholdCents {
		errs = append(errs, apperr.FieldErr("gift_threshold", "integrity.settings.threshold_invalid"))
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO people_settings (org_id, rescreen_months, gift_threshold_cents, include_council, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id) DO UPDATE SET rescreen_months = excluded.rescreen_months,
			gift_threshold_cents = excluded.gift_threshold_cents, include_council = excluded.include_council, updated_at = excluded.updated_at`,
			sc.OrgID, st.RescreenMonths, st.GiftThresholdCents, st.IncludeCouncil, store.Millis(s.clk.Now()))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".settings.save", "people_settings", sc.OrgID)
	})
}

// Person is an employee record as the integrity registers show it.
type Person struct {
	ID       string
	Number   string
	Name     string
	TeamID   string
	TeamName string
	Kind     string // staff, college or council
	Start    string
	End      string
}

// todayISO is today's date in the Netherlands as YYYY-MM-DD.
func (s *Store) todayISO() string { return s.today().Format(time.DateOnly) }

// registerPeople returns the people the registers count on day: employed
// on that day, in a team the scope sees, and staff — or college and
// council members too where the organisation includes them.
func (s *Store) registerPeople(ctx context.Context, sc *auth.Scope, ts TeamScope, st Settings, day string) ([]Person, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT e.id, e.number, e.name, e.team_id, t.name, e.person_kind, e.start_date, e.end_date
		FROM employees e JOIN teams t ON t.id = e.team_id
		WHERE e.org_id = $1 AND e.start_date <= $2 AND (e.end_date = '' OR e.end_date >= $2) ORDER BY e.name, e.number`, sc.OrgID, day)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Number, &p.Name, &p.TeamID, &p.TeamName, &p.Kind, &p.Start, &p.End); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if !ts.Sees(p.TeamID) || (p.Kind != "staff" && !st.IncludeCouncil) {
			continue
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// person returns one employee of the organisation for a register entry,
// or a field error naming the employee field.
func (s *Store) person(ctx context.Context, q store.Querier, sc *auth.Scope, id string) (Person, error) {
	var p Person
	err := q.QueryRowContext(ctx, `SELECT e.id, e.number, e.name, e.team_id, t.name, e.person_kind, e.start_date, e.end_date
		FROM employees e JOIN teams t ON t.id = e.team_id WHERE e.org_id = $1 AND e.id = $2`, sc.OrgID, strings.TrimSpace(id)).
		Scan(&p.ID, &p.Number, &p.Name, &p.TeamID, &p.TeamName, &p.Kind, &p.Start, &p.End)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, apperr.FieldErr("employee", "integrity.employee_unknown")
	}
	if err != nil {
		return Person{}, apperr.Wrap(err, "store.query_failed")
	}
	return p, nil
}

// checkDay validates a 'YYYY-MM-DD' date field; empty is refused when
// required.
func checkDay(field, v string, required bool) (string, *apperr.Error) {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			return "", apperr.FieldErr(field, "field.required")
		}
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", apperr.FieldErr(field, "integrity.date_invalid")
	}
	return v, nil
}

// checkText trims a free-text field and checks its length.
func checkText(field, v string, required bool, max int) (string, *apperr.Error) {
	v = strings.TrimSpace(v)
	if v == "" && required {
		return "", apperr.FieldErr(field, "field.required")
	}
	if len([]rune(v)) > max {
		return "", apperr.FieldErr(field, "integrity.too_long", max)
	}
	return v, nil
}

// checkEmployee appends the field error of an unknown or invisible
// employee to errs; other failures are returned as err.
func (s *Store) checkEmployee(ctx context.Context, sc *auth.Scope, errs apperr.List, employeeID string) (apperr.List, error) {
	if _, err := s.person(ctx, s.db.Read, sc, employeeID); err != nil {
		fe, ok := asFieldErr(err)
		if !ok {
			return errs, err
		}
		errs = append(errs, fe)
	}
	return errs, nil
}

// checkPastDay checks a required day that may not lie in the future,
// appending its field error to errs.
func (s *Store) checkPastDay(errs apperr.List, field, value string) (string, apperr.List) {
	day, e := checkDay(field, value, true)
	if e != nil {
		return day, append(errs, e)
	}
	if day > s.todayISO() {
		return day, append(errs, apperr.FieldErr(field, "integrity.date_future"))
	}
	return day, errs
}
