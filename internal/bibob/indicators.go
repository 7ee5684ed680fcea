package bibob // goals: issue 7

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/store"
)

// YearCounts are one organisation's Bibob counts of a year for the
// programme's indicators (issue 7): counts only.
type YearCounts struct {
	Screenings    int // screenings started in the year
	Interventions int // administrative interventions that took place in the year
}

// YearCountsFor counts the screenings started in [from, to) and the
// interventions of year for many organisations at once with grouped
// queries. System use: package plan's indicators check the scope.
func (s *Store) YearCountsFor(ctx context.Context, orgIDs []string, year int, from, to time.Time) (map[string]*YearCounts, error) {
	out := make(map[string]*YearCounts, len(orgIDs))
	if len(orgIDs) == 0 {
		return out, nil
	}
	args := []any{store.Millis(from), store.Millis(to)}
	var in strings.Builder
	for i, id := range orgIDs {
		out[id] = &YearCounts{}
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("$" + strconv.Itoa(i+3))
		args = append(args, id)
	}
	count := func(q string, args []any, set func(c *YearCounts, n int)) error {
		rows, err := s.db.Read.QueryContext(ctx, q, args...)
		if err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		defer rows.Close()
		for rows.Next() {
			var org string
			var n int
			if err := rows.Scan(&org, &n); err != nil {
				return apperr.Wrap(err, "store.query_failed")
			}
			set(out[org], n)
		}
		if err := rows.Err(); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		return nil
	}
	if err := count(`SELECT org_id, COUNT(*) FROM bibob_screenings WHERE created_at >= $1 AND created_at < $2 AND org_id IN (`+in.String()+`) GROUP BY org_id`,
		args, func(c *YearCounts, n int) { c.Screenings = n }); err != nil {
		return nil, err
	}
	// The same placeholders: $1 carries the year, $2 is bound but unused.
	yargs := append([]any{year, 0}, args[2:]...)
	if err := count(`SELECT org_id, COUNT(*) FROM interventions WHERE year = $1 AND $2 = 0 AND org_id IN (`+in.String()+`) GROUP BY org_id`,
		yargs, func(c *YearCounts, n int) { c.Interventions = n }); err != nil {
		return nil, err
	}
	return out, nil
}
