package bibob

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// DutyFinding is a decided screening where the one who decided had also
// screened the application or recorded its research — separation of
// duties broken (e.g. in data taken over from an older system). It names
// the case and the people's names, never the findings.
type DutyFinding struct {
	ScreeningID string
	CaseNumber  string
	Type        string
	DecidedOn   string
	Person      string
	Role        string // "screened" or "researched"
}

// DutyFindings lists the breaches of separation of duties in the
// organisation's screenings (bibob.read). The list shows every breach,
// also on screenings the reader is not on the list of, since it names no
// content.
func (s *Store) DutyFindings(ctx context.Context, sc *auth.Scope) ([]DutyFinding, error) {
	if !sc.Allows(auth.BibobRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT x.id, a.case_number, a.app_type, x.decided_on, COALESCE(u.name, x.decided_by),
		CASE WHEN x.decided_by = x.screened_by THEN 'screened' ELSE 'researched' END
		FROM bibob_screenings x JOIN bibob_applications a ON a.id = x.application_id LEFT JOIN users u ON u.id = x.decided_by
		WHERE x.org_id = $1 AND x.decided_by <> '' AND (x.decided_by = x.screened_by OR x.decided_by = x.researched_by)
		ORDER BY x.decided_on DESC, a.case_number`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []DutyFinding
	for rows.Next() {
		var f DutyFinding
		if err := rows.Scan(&f.ScreeningID, &f.CaseNumber, &f.Type, &f.DecidedOn, &f.Person, &f.Role); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
