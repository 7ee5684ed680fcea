package report

// council: issue 7 — counts for the norm framework (package council).

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// AftercareCounts counts the first aftercare contacts after aggression
// incidents that fell due in [from, to) and those made by their due time.
// Only counts leave the package. // council: issue 7
func (s *Store) AftercareCounts(ctx context.Context, sc *auth.Scope, from, to time.Time) (due, onTime int, err error) {
	err = s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN done_at > 0 AND done_at <= due_at THEN 1 END) FROM report_aftercare
		WHERE org_id = $1 AND item = 'contact' AND due_at >= $2 AND due_at < $3`, sc.OrgID, store.Millis(from), store.Millis(to)).Scan(&due, &onTime)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "store.query_failed")
	}
	return due, onTime, nil
}
