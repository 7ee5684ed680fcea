package meeting

// council: issue 7 — counts for the norm framework (package council).

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// HeldCounts counts the organisation's LOO meetings held between from and
// to (YYYY-MM-DD, inclusive) and those with minutes recorded. Only counts
// leave the package: no agenda, decision or minutes. // council: issue 7
func (s *Store) HeldCounts(ctx context.Context, sc *auth.Scope, from, to string) (held, withMinutes int, err error) {
	err = s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN minutes_at > 0 THEN 1 END) FROM meetings
		WHERE org_id = $1 AND status = 'held' AND held_on >= $2 AND held_on <= $3`, sc.OrgID, from, to).Scan(&held, &withMinutes)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "store.query_failed")
	}
	return held, withMinutes, nil
}
