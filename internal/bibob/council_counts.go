package bibob

// council: issue 7 — counts for the norm framework (package council).

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// PolicyUpdatedOn returns the date (YYYY-MM-DD) the organisation's Bibob
// policy was last set, or "" without a policy. // council: issue 7
func (s *Store) PolicyUpdatedOn(ctx context.Context, sc *auth.Scope) (string, error) {
	var on string
	err := s.db.Read.QueryRowContext(ctx, `SELECT updated_on FROM bibob_policies WHERE org_id = $1`, sc.OrgID).Scan(&on)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	return on, nil
}

// InterventionCount counts the organisation's administrative
// interventions that took place between from and to (YYYY-MM-DD,
// inclusive). // council: issue 7
func (s *Store) InterventionCount(ctx context.Context, sc *auth.Scope, from, to string) (int, error) {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM interventions WHERE org_id = $1 AND occurred_on >= $2 AND occurred_on <= $3`,
		sc.OrgID, from, to).Scan(&n); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	return n, nil
}
