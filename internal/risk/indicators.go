package risk // goals: issue 7

import (
	"context"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// Mapping is one organisation's process register coverage for the
// programme's indicators (issue 7): how many teams there are and how many
// have at least one mapped process, and the open duty findings today.
type Mapping struct {
	Teams        int
	MappedTeams  int
	OpenFindings int
}

// MappingFor computes the coverage and today's open duty findings of many
// organisations: a grouped count for the teams, the batched duty analysis
// (AnalyseAll) for the findings. System use: package plan's indicators
// check the scope. Counts only.
func (s *Store) MappingFor(ctx context.Context, orgIDs []string) (map[string]*Mapping, error) {
	out := make(map[string]*Mapping, len(orgIDs))
	if len(orgIDs) == 0 {
		return out, nil
	}
	var in strings.Builder
	args := make([]any, 0, len(orgIDs))
	for i, id := range orgIDs {
		out[id] = &Mapping{}
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("$" + strconv.Itoa(i+1))
		args = append(args, id)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT t.org_id, COUNT(*),
		COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM processes p WHERE p.org_id = t.org_id AND p.team_id = t.id) THEN 1 ELSE 0 END), 0)
		FROM teams t WHERE t.org_id IN (`+in.String()+`) GROUP BY t.org_id`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var org string
		var n, mapped int
		if err := rows.Scan(&org, &n, &mapped); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out[org].Teams, out[org].MappedTeams = n, mapped
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	results, err := AnalyseAll(ctx, s.db, orgIDs, s.dutyToday())
	if err != nil {
		return nil, err
	}
	for org, r := range results {
		if m := out[org]; m != nil {
			m.OpenFindings = r.Counts().Open
		}
	}
	return out, nil
}
