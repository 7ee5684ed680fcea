package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// DashboardMonths is how many months the trend overview covers.
const DashboardMonths = 12

// Count is a number on an overview that may be suppressed: counts from 1
// up to below the small-number threshold are shown as "< n" to readers
// without report.handle, so that a small count does not point at a person.
type Count struct {
	N          int  `json:"aantal"`
	Suppressed bool `json:"onderdrempel"`
	Threshold  int  `json:"-"`
}

// String is the count as shown: the number or "< threshold".
func (c Count) String() string {
	if c.Suppressed {
		return "< " + strconv.Itoa(c.Threshold)
	}
	return strconv.Itoa(c.N)
}

// MarshalJSON writes a suppressed count without its number.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Suppressed {
		return []byte(fmt.Sprintf(`{"aantal":null,"onderdrempel":true,"weergave":"< %d"}`, c.Threshold)), nil
	}
	return []byte(fmt.Sprintf(`{"aantal":%d,"onderdrempel":false,"weergave":"%d"}`, c.N, c.N)), nil
}

// Dashboard is the trend overview of an organisation's meldpunt: counts
// only, never a report.
type Dashboard struct {
	Months     []string             `json:"maanden"` // YYYY-MM, oldest first
	Categories []Category           `json:"categorieen"`
	PerMonth   map[Category][]Count `json:"perCategorieEnMaand"`
	Totals     map[Category]Count   `json:"totaalPerCategorie"`
	MonthTotal []Count              `json:"totaalPerMaand"`
	Total      Count                `json:"totaal"`
	Anonymous  Count                `json:"anoniem"`
	// AnonymousPct is the share of anonymous reports in whole percents;
	// -1 when it is suppressed or there are no reports.
	AnonymousPct int `json:"aandeelAnoniemProcent"`
	// MedianDays is the median number of days from receipt to decision of
	// the reports decided in the period; -1 when suppressed or none.
	MedianDays int                `json:"mediaanDagenTotBesluit"`
	Decided    Count              `json:"besloten"`
	Outcomes   map[Decision]Count `json:"besluiten"`
	Overdue    Count              `json:"termijnVerlopen"`
	Threshold  int                `json:"drempel"`
	Suppress   bool               `json:"onderdrukt"`
	From, To   time.Time          `json:"-"`
}

// Decisions lists the decisions in the order the overview shows them.
var Decisions = []Decision{DecideLocal, DecideDrop, DecideRIEC, DecidePolice}

// raw are the unsuppressed figures of one organisation or of all.
type raw struct {
	months    []string
	bounds    []int64 // len(months)+1 month starts in UTC millis
	perMonth  map[Category][]int
	anonymous int
	total     int
	days      map[int]int // handling days → reports
	decided   int
	outcomes  map[Decision]int
	overdue   int
	from, to  time.Time
}

// monthBounds are the starts of the last n months in Amsterdam, the
// current month last, and the start of the next month.
func monthBounds(now time.Time, n int) ([]string, []int64) {
	y, m, _ := now.In(clock.Amsterdam).Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, clock.Amsterdam).AddDate(0, -(n - 1), 0)
	var labels []string
	var bounds []int64
	for i := 0; i <= n; i++ {
		t := first.AddDate(0, i, 0)
		bounds = append(bounds, store.Millis(t))
		if i < n {
			labels = append(labels, t.Format("2006-01"))
		}
	}
	return labels, bounds
}

// monthCase is the SQL that numbers a report's month 0..n-1 from the
// bound parameters $2..$(n+2): one text for SQLite and PostgreSQL.
func monthCase(n int) string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, " WHEN received_at < $%d THEN %d", i+2, i-1)
	}
	fmt.Fprintf(&b, " ELSE %d END", n-1)
	return b.String()
}

// orgFilter is the organisation condition: one organisation ($1) or all
// (the benchmark's national aggregate; $1 is then unused but bound).
func orgFilter(orgID string) string {
	if orgID == "" {
		return "$1 = ''"
	}
	return "org_id = $1"
}

// aggregate reads the figures of the last DashboardMonths months.
func (s *Store) aggregate(ctx context.Context, orgID string) (*raw, error) {
	now := s.clk.Now()
	labels, bounds := monthBounds(now, DashboardMonths)
	r := &raw{months: labels, bounds: bounds, perMonth: map[Category][]int{}, days: map[int]int{}, outcomes: map[Decision]int{},
		from: store.Time(bounds[0]), to: store.Time(bounds[len(bounds)-1])}
	for _, c := range Categories {
		r.perMonth[c] = make([]int, len(labels))
	}
	n := len(labels)
	args := []any{orgID}
	for _, b := range bounds {
		args = append(args, b)
	}
	// $2 is the first month's start, $(n+2) the end.
	q := `SELECT category, ` + monthCase(n) + ` AS m, anonymous, COUNT(*) FROM reports
		WHERE ` + orgFilter(orgID) + fmt.Sprintf(` AND received_at >= $2 AND received_at < $%d`, n+2) + ` GROUP BY category, m, anonymous`
	rows, err := s.db.Read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var cat string
		var m, cnt int
		var anon bool
		if err := rows.Scan(&cat, &m, &anon, &cnt); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if pm, ok := r.perMonth[Category(cat)]; ok && m >= 0 && m < n {
			pm[m] += cnt
		}
		r.total += cnt
		if anon {
			r.anonymous += cnt
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	// Handling time as a histogram of whole days, so that the database
	// counts and only the distinct day counts travel.
	rows, err = s.db.Read.QueryContext(ctx, `SELECT (decided_at - received_at) / 86400000 AS d, COUNT(*) FROM reports
		WHERE `+orgFilter(orgID)+` AND decided_at >= $2 AND decided_at < $3 AND decided_at > 0 GROUP BY d`, orgID, bounds[0], bounds[n])
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var d, cnt int
		if err := rows.Scan(&d, &cnt); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		r.days[d] += cnt
		r.decided += cnt
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	// Outcomes: the decision events of the period (the status of a closed
	// report no longer says which decision it had).
	rows, err = s.db.Read.QueryContext(ctx, `SELECT to_status, COUNT(*) FROM report_events
		WHERE `+orgFilter(orgID)+` AND to_status IN ('decided_local', 'decided_drop', 'decided_riec', 'decided_police') AND at >= $2 AND at < $3
		GROUP BY to_status`, orgID, bounds[0], bounds[n])
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var st string
		var cnt int
		if err := rows.Scan(&st, &cnt); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		for _, d := range Decisions {
			if ds, _ := d.Status(); string(ds) == st {
				r.outcomes[d] += cnt
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE `+orgFilter(orgID)+` AND `+openTermPassed, // goals: issue 7
		orgID, store.Millis(now)).Scan(&r.overdue); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return r, nil
}

// median is the median of the day histogram; -1 when empty.
func median(days map[int]int, n int) int {
	if n == 0 {
		return -1
	}
	maxDay := 0
	for d := range days {
		maxDay = max(maxDay, d)
	}
	// The lower median: the day at which half of the reports are counted.
	seen := 0
	for d := 0; d <= maxDay; d++ {
		seen += days[d]
		if 2*seen >= n {
			return d
		}
	}
	return maxDay
}

// Dashboard returns the organisation's trend overview (report.insight).
// Readers without report.handle — the gemeentesecretaris, the auditor — see
// counts below the small-number threshold as "< n", and no median or share
// that rests on fewer reports than that.
func (s *Store) Dashboard(ctx context.Context, sc *auth.Scope) (*Dashboard, error) {
	if !sc.Can(auth.ReportInsight) {
		return nil, apperr.New(apperr.Forbidden, "auth.forbidden")
	}
	os, err := s.orgSettings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	r, err := s.aggregate(ctx, sc.OrgID)
	if err != nil {
		return nil, err
	}
	d := r.dashboard(os.SmallCount, !sc.Can(auth.ReportHandle))
	return d, s.opsRecord(ctx, s.db.Write, sc, area+".dashboard.read", "report_dashboard", sc.OrgID)
}

func (r *raw) dashboard(threshold int, suppress bool) *Dashboard {
	cnt := func(n int) Count {
		return Count{N: n, Threshold: threshold, Suppressed: suppress && n > 0 && n < threshold}
	}
	d := &Dashboard{Months: r.months, Categories: Categories, PerMonth: map[Category][]Count{}, Totals: map[Category]Count{},
		Outcomes: map[Decision]Count{}, Threshold: threshold, Suppress: suppress, From: r.from, To: r.to}
	monthTotal := make([]int, len(r.months))
	for _, c := range Categories {
		sum := 0
		for i, n := range r.perMonth[c] {
			d.PerMonth[c] = append(d.PerMonth[c], cnt(n))
			sum += n
			monthTotal[i] += n
		}
		d.Totals[c] = cnt(sum)
	}
	for _, n := range monthTotal {
		d.MonthTotal = append(d.MonthTotal, cnt(n))
	}
	d.Total, d.Anonymous, d.Decided, d.Overdue = cnt(r.total), cnt(r.anonymous), cnt(r.decided), cnt(r.overdue)
	d.AnonymousPct = -1
	if r.total > 0 && !(suppress && r.total < threshold) && !d.Anonymous.Suppressed {
		d.AnonymousPct = (100*r.anonymous + r.total/2) / r.total
	}
	d.MedianDays = -1
	if !(suppress && r.decided < threshold) {
		d.MedianDays = median(r.days, r.decided)
	}
	for _, dec := range Decisions {
		d.Outcomes[dec] = cnt(r.outcomes[dec])
	}
	return d
}
