package report

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// AftercareDue is an aftercare step that is past its due date and not done,
// of a report on the actor's need-to-know list.
type AftercareDue struct {
	ReportID  string        `json:"id"`
	Reference string        `json:"referentie"`
	Step      AftercareStep `json:"stap"`
	Due       time.Time     `json:"uiterlijk"`
}

// OverdueAftercare lists the overdue aftercare steps of the aggression
// reports the actor handles (report.handle, need-to-know).
func (s *Store) OverdueAftercare(ctx context.Context, sc *auth.Scope) ([]AftercareDue, error) {
	if !sc.Can(auth.ReportHandle) {
		return nil, apperr.New(apperr.Forbidden, "auth.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT a.report_id, r.reference, a.item, a.due_at FROM report_aftercare a
		JOIN reports r ON r.id = a.report_id AND r.org_id = a.org_id
		JOIN need_to_know n ON n.org_id = a.org_id AND n.object_type = $3 AND n.object_id = a.report_id AND n.user_id = $2
		WHERE a.org_id = $1 AND a.done_at = 0 AND a.due_at <= $4 AND r.destroyed_at = 0
		ORDER BY a.due_at, r.reference`, sc.OrgID, sc.UserID, ObjReport, store.Millis(s.clk.Now()))
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []AftercareDue
	for rows.Next() {
		var d AftercareDue
		var step string
		var due int64
		if err := rows.Scan(&d.ReportID, &d.Reference, &step, &due); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		d.Step, d.Due = AftercareStep(step), store.Time(due)
		out = append(out, d)
	}
	return out, rows.Err()
}
