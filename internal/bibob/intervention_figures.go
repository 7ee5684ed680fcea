package bibob

import (
	"context"
	"strconv"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/export"
	"github.com/weerbaar/weerbaar/internal/i18n"
)

// maxFigureYears bounds the columns of the table.
const maxFigureYears = 30

// Figures is the year × type table: one row per kind of intervention, one
// column per year, with totals. It holds counts only.
type Figures struct {
	From, To int
	Years    []int
	Rows     []FigureRow
	Totals   []int // per year
	Total    int
}

// FigureRow is one kind's counts per year.
type FigureRow struct {
	Kind   string
	Counts []int
	Total  int
}

// FigureYears reads the requested range: from and to as given (each may be
// ""), defaulting to the first year with an intervention (at most
// maxFigureYears back) up to this year.
func (s *Store) FigureYears(ctx context.Context, sc *auth.Scope, from, to string) (int, int, error) {
	this := s.clk.Now().In(clock.Amsterdam).Year()
	var errs apperr.List
	year := func(field, v string, def int) int {
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1990 || n > this+1 {
			errs = append(errs, apperr.FieldErr(field, "bibob.iv.year_invalid", this+1))
			return def
		}
		return n
	}
	t := year("tot", to, this)
	first := t - 4
	if from == "" {
		var min *int64
		if err := s.db.Read.QueryRowContext(ctx, `SELECT MIN(year) FROM interventions WHERE org_id = $1`, sc.OrgID).Scan(&min); err != nil {
			return 0, 0, apperr.Wrap(err, "store.query_failed")
		}
		if min != nil && int(*min) < first {
			first = max(int(*min), t-maxFigureYears+1)
		}
	}
	f := year("van", from, first)
	if len(errs) == 0 && f > t {
		errs = append(errs, apperr.FieldErr("van", "bibob.iv.range_reversed"))
	}
	if len(errs) == 0 && t-f+1 > maxFigureYears {
		errs = append(errs, apperr.FieldErr("van", "bibob.iv.range_too_long", maxFigureYears))
	}
	if len(errs) > 0 {
		return 0, 0, errs
	}
	return f, t, nil
}

// Figures counts the organisation's interventions per kind and year from
// from to to inclusive (bibob.figures).
func (s *Store) Figures(ctx context.Context, sc *auth.Scope, from, to int) (*Figures, error) {
	if err := ivAllow(sc, auth.BibobFigures); err != nil {
		return nil, err
	}
	if from > to || to-from+1 > maxFigureYears {
		return nil, apperr.List{apperr.FieldErr("van", "bibob.iv.range_too_long", maxFigureYears)}
	}
	f := &Figures{From: from, To: to, Totals: make([]int, to-from+1)}
	for y := from; y <= to; y++ {
		f.Years = append(f.Years, y)
	}
	rowOf := map[string]int{}
	for i, k := range InterventionKinds {
		f.Rows = append(f.Rows, FigureRow{Kind: k, Counts: make([]int, len(f.Years))})
		rowOf[k] = i
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT kind, year, COUNT(*) FROM interventions
		WHERE org_id = $1 AND year >= $2 AND year <= $3 GROUP BY kind, year`, sc.OrgID, from, to)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var year, n int
		if err := rows.Scan(&kind, &year, &n); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		i, ok := rowOf[kind]
		if !ok {
			continue
		}
		r := &f.Rows[i]
		r.Counts[year-from] += n
		r.Total += n
		f.Totals[year-from] += n
		f.Total += n
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return f, nil
}

// FiguresDocument is the table as an export: CSV, XLSX or PDF.
func (s *Store) FiguresDocument(sc *auth.Scope, f *Figures, lang i18n.Lang) export.Document {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	tab := export.Table{Title: t("bibob.iv.figures.title"), Columns: []string{t("bibob.iv.col.kind")}}
	for _, y := range f.Years {
		tab.Columns = append(tab.Columns, strconv.Itoa(y))
	}
	tab.Columns = append(tab.Columns, t("bibob.iv.total"))
	for _, r := range f.Rows {
		row := []string{t("bibob.iv.kind." + r.Kind)}
		for _, n := range r.Counts {
			row = append(row, strconv.Itoa(n))
		}
		tab.Rows = append(tab.Rows, append(row, strconv.Itoa(r.Total)))
	}
	total := []string{t("bibob.iv.total")}
	for _, n := range f.Totals {
		total = append(total, strconv.Itoa(n))
	}
	tab.Rows = append(tab.Rows, append(total, strconv.Itoa(f.Total)))
	return export.Document{Title: t("bibob.iv.figures.title"), Subtitle: t("bibob.iv.figures.subtitle", f.From, f.To),
		Org: sc.OrgName, Generated: s.clk.Now().In(time.UTC), Lang: lang, Tables: []export.Table{tab}}
}
