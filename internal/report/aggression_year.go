package report

import (
	"context"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// YearReport is the yearly management report on aggression: counts only,
// small counts suppressed for readers without report.handle.
type YearReport struct {
	Year     int
	Total    Count
	PerMonth []Count // January … December
	PerBand  map[Band]Count
	PerKind  map[Kind]Count
	Aangifte Count
	VPT      Count
	Recorded int // incidents with aggression details (the base of the shares)
	// Shares in whole percents; -1 when not shown.
	AangiftePct, VPTPct, OnTimePct int
	Threshold                      int
	Suppress                       bool
}

// AggressionYear builds the yearly report for a year (report.insight).
func (s *Store) AggressionYear(ctx context.Context, sc *auth.Scope, year int) (*YearReport, error) {
	if !sc.Can(auth.ReportInsight) {
		return nil, apperr.New(apperr.Forbidden, "auth.forbidden")
	}
	if year < 2000 || year > 9999 {
		return nil, apperr.FieldErr("jaar", "report.ops.aggression.err.year")
	}
	os, err := s.orgSettings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Amsterdam)
	to := from.AddDate(1, 0, 0)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.received_at, COALESCE(g.band, ''), COALESCE(g.kind, ''), COALESCE(g.aangifte, FALSE), COALESCE(g.vpt_code, FALSE)
		FROM reports r LEFT JOIN report_aggression g ON g.report_id = r.id
		WHERE r.org_id = $1 AND r.category = 'aggression' AND r.received_at >= $2 AND r.received_at < $3`,
		sc.OrgID, store.Millis(from), store.Millis(to))
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	months := make([]int, 12)
	bands, kinds := map[Band]int{}, map[Kind]int{}
	var total, recorded, aangifte, vpt int
	for rows.Next() {
		var recv int64
		var band, kind string
		var a, v bool
		if err := rows.Scan(&recv, &band, &kind, &a, &v); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		total++
		months[store.Time(recv).In(clock.Amsterdam).Month()-1]++
		if band != "" {
			recorded++
			bands[Band(band)]++
			kinds[Kind(kind)]++
			if a {
				aangifte++
			}
			if v {
				vpt++
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var due, onTime int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.done_at > 0 AND a.done_at <= a.due_at THEN 1 ELSE 0 END), 0)
		FROM report_aftercare a WHERE a.org_id = $1 AND a.due_at >= $2 AND a.due_at < $3 AND a.due_at <= $4`,
		sc.OrgID, store.Millis(from), store.Millis(to), store.Millis(s.clk.Now())).Scan(&due, &onTime); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	suppress := !sc.Can(auth.ReportHandle)
	th := os.SmallCount
	cnt := func(n int) Count { return Count{N: n, Threshold: th, Suppressed: suppress && n > 0 && n < th} }
	pct := func(n, base int) int {
		if base == 0 || (suppress && base < th) {
			return -1
		}
		return (100*n + base/2) / base
	}
	y := &YearReport{Year: year, Total: cnt(total), PerBand: map[Band]Count{}, PerKind: map[Kind]Count{}, Aangifte: cnt(aangifte), VPT: cnt(vpt),
		Recorded: recorded, AangiftePct: pct(aangifte, recorded), VPTPct: pct(vpt, recorded), OnTimePct: pct(onTime, due), Threshold: th, Suppress: suppress}
	for _, m := range months {
		y.PerMonth = append(y.PerMonth, cnt(m))
	}
	for _, b := range Bands {
		y.PerBand[b] = cnt(bands[b])
	}
	for _, k := range Kinds {
		y.PerKind[k] = cnt(kinds[k])
	}
	return y, s.opsRecord(ctx, s.db.Write, sc, area+".aggression.year", "report_aggression_year", sc.OrgID)
}
