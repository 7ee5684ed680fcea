package people // goals: issue 7

import (
	"context"
)

// Coverage is one organisation's training coverage today for the
// programme's indicators (issue 7): of all training duties that apply to
// someone, how many are done and still valid. Counts only.
type Coverage struct {
	Applicable int
	Covered    int
}

// CoverageFor computes today's training coverage of many organisations, for
// system use (package plan's indicators, which check the scope, and the
// national benchmark). An organisation that never set up its training
// duties has nothing applicable.
func (s *Store) CoverageFor(ctx context.Context, orgIDs []string) (map[string]Coverage, error) {
	out := make(map[string]Coverage, len(orgIDs))
	day := s.today()
	for _, org := range orgIDs {
		d, err := s.loadDue(ctx, s.db.Read, org, day, "")
		if err != nil {
			return nil, err
		}
		var c Coverage
		if len(d.in.Requirements) > 0 {
			for _, it := range ComputeDue(d.in) {
				if !it.Applicable() {
					continue
				}
				c.Applicable++
				if !it.Never() && it.Status != StatusOverdue {
					c.Covered++
				}
			}
		}
		out[org] = c
	}
	return out, nil
}
