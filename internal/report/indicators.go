package report // goals: issue 7

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// openTermPassed is the condition of a report whose acknowledgement, triage
// or feedback term has passed while it is still open, with the moment as
// $2: the dashboard's overdue count and the indicator meldingen.te_laat.
const openTermPassed = `destroyed_at = 0 AND (
		(status = 'received' AND ack_due > 0 AND ack_due <= $2) OR
		(status IN ('received', 'acknowledged') AND triage_due > 0 AND triage_due <= $2) OR
		(status IN ('received', 'acknowledged', 'in_progress', 'scheduled') AND feedback_due > 0 AND feedback_due <= $2 AND feedback_at = 0))`

// YearFigures are one organisation's meldpunt counts for the programme's
// indicators (issue 7): counts only, never a report.
type YearFigures struct {
	Received   int // reports received in the period
	Decided    int // reports decided in the period
	MedianDays int // lower median of the days from receipt to decision of those; -1 when none
	Overdue    int // open reports past a term at the moment asked
}

// inList returns "$first, …" placeholders for n values.
func inList(first, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(first+i))
	}
	return b.String()
}

// YearFiguresFor computes the figures of many organisations at once with
// grouped queries: reports received and decided in [from, to), the median
// handling time of the decided ones, and the open reports past a term at
// now. It is for system use (the indicators of package plan, which check the
// scope, and the national benchmark); it returns counts only.
func (s *Store) YearFiguresFor(ctx context.Context, orgIDs []string, from, to, now time.Time) (map[string]*YearFigures, error) {
	out := make(map[string]*YearFigures, len(orgIDs))
	for _, id := range orgIDs {
		out[id] = &YearFigures{MedianDays: -1}
	}
	if len(orgIDs) == 0 {
		return out, nil
	}
	orgs := make([]any, len(orgIDs))
	for i, id := range orgIDs {
		orgs[i] = id
	}
	in := inList(3, len(orgIDs))
	bounds := append([]any{store.Millis(from), store.Millis(to)}, orgs...)
	if err := s.eachCount(ctx, `SELECT org_id, 0, COUNT(*) FROM reports WHERE received_at >= $1 AND received_at < $2 AND org_id IN (`+in+`) GROUP BY org_id`,
		bounds, func(org string, _ int, n int) { out[org].Received = n }); err != nil {
		return nil, err
	}
	days := map[string]map[int]int{}
	if err := s.eachCount(ctx, `SELECT org_id, (decided_at - received_at) / 86400000 AS d, COUNT(*) FROM reports
		WHERE decided_at >= $1 AND decided_at < $2 AND decided_at > 0 AND org_id IN (`+in+`) GROUP BY org_id, d`,
		bounds, func(org string, d int, n int) {
			if days[org] == nil {
				days[org] = map[int]int{}
			}
			days[org][d] += n
			out[org].Decided += n
		}); err != nil {
		return nil, err
	}
	for org, h := range days {
		out[org].MedianDays = median(h, out[org].Decided)
	}
	// $1 is unused here but bound, so that the condition keeps its $2.
	args := append([]any{0, store.Millis(now)}, orgs...)
	if err := s.eachCount(ctx, `SELECT org_id, 0, COUNT(*) FROM reports WHERE $1 = 0 AND org_id IN (`+in+`) AND `+openTermPassed+` GROUP BY org_id`,
		args, func(org string, _ int, n int) { out[org].Overdue = n }); err != nil {
		return nil, err
	}
	return out, nil
}

// eachCount runs a query of (org_id, number, count) rows.
func (s *Store) eachCount(ctx context.Context, q string, args []any, fn func(org string, k, n int)) error {
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var k, n int
		if err := rows.Scan(&org, &k, &n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		fn(org, k, n)
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return nil
}
