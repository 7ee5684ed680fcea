package report

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Term names a deadline of a report.
type Term string

// The terms the overdue view and the reminders watch.
const (
	TermAck      Term = "ack"      // ontvangstbevestiging
	TermTriage   Term = "triage"   // triage (in behandeling genomen)
	TermFeedback Term = "feedback" // terugkoppeling aan de melder (Wbk)
)

// SoonWorkingDays is how many working days ahead a term counts as due soon.
const SoonWorkingDays = 2

// DueItem is one term of one report that has passed or comes soon. It holds
// nothing of the report's content.
type DueItem struct {
	ReportID  string    `json:"id"`
	Reference string    `json:"referentie"`
	Category  Category  `json:"categorie"`
	Term      Term      `json:"termijn"`
	Due       time.Time `json:"uiterlijk"`
	Overdue   bool      `json:"verlopen"`
}

// dueQuery selects the open terms of an organisation's live reports that
// end before $2; a term is met when the report moved past the status that
// ends it (acknowledged; in handling; decided — the decision is the
// feedback the reporter gets at the latest), and the feedback term also
// when the feedback was sent (feedback_at).
// The condition is openTermPassed, the one the dashboard and the
// indicators count with (its columns are the report's alone).
const dueQuery = `SELECT r.id, r.reference, r.category, r.status, r.ack_due, r.triage_due, r.feedback_due, r.feedback_at FROM reports r%s
	WHERE r.org_id = $1 AND ` + openTermPassed + `
	ORDER BY r.received_at, r.id`

// dueItems lists the terms of the organisation's reports that have passed
// at now or end within SoonWorkingDays; with userID only the reports on
// that user's need-to-know list.
func (s *Store) dueItems(ctx context.Context, q store.Querier, orgID, userID string, now time.Time) ([]DueItem, error) {
	os, err := s.orgSettings(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	horizon := os.Calendar.AddWorkingDays(now, SoonWorkingDays)
	query, args := strings.Replace(dueQuery, "%s", "", 1), []any{orgID, store.Millis(horizon)}
	if userID != "" {
		query = strings.Replace(dueQuery, "%s", ` JOIN need_to_know n ON n.org_id = r.org_id AND n.object_type = 'report' AND n.object_id = r.id AND n.user_id = $3`, 1)
		args = append(args, userID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []DueItem
	lim := store.Millis(horizon)
	for rows.Next() {
		var id, ref, cat, status string
		var ack, triage, feedback, given int64
		if err := rows.Scan(&id, &ref, &cat, &status, &ack, &triage, &feedback, &given); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		st := Status(status)
		add := func(term Term, due int64) {
			t := store.Time(due)
			out = append(out, DueItem{ReportID: id, Reference: ref, Category: Category(cat), Term: term, Due: t, Overdue: !t.After(now)})
		}
		if st == Received && ack > 0 && ack <= lim {
			add(TermAck, ack)
		}
		if (st == Received || st == Acknowledged) && triage > 0 && triage <= lim {
			add(TermTriage, triage)
		}
		if st.Open() && feedback > 0 && feedback <= lim && given == 0 {
			add(TermFeedback, feedback)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	slices.SortStableFunc(out, func(a, b DueItem) int { return a.Due.Compare(b.Due) })
	return out, nil
}

// Overdue lists the terms of the reports on the actor's need-to-know list
// that have passed or end within two working days (report.handle). It
// shows reference, category, term and date only.
func (s *Store) Overdue(ctx context.Context, sc *auth.Scope) ([]DueItem, error) {
	if !sc.Can(auth.ReportHandle) {
		return nil, apperr.New(apperr.Forbidden, "auth.forbidden")
	}
	return s.dueItems(ctx, s.db.Read, sc.OrgID, sc.UserID, s.clk.Now())
}
