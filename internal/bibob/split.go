package bibob

import (
	"context"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// SplitItem is what the splitting detection needs of one application.
type SplitItem struct {
	ID         string
	Type       string
	Location   string // address and plot as written, for the risk-area test
	AddressKey string
	Parties    []string // party keys: the applicant first, then related parties
	Amount     int64
	ReceivedOn string

	// As read by DetectAll: the keys and location are built only for
	// applications that share a location and type with another.
	applicant, partyText, address, plot string
}

func (it *SplitItem) parties() []string {
	if it.Parties == nil {
		it.Parties = append([]string{it.applicant}, strings.Fields(it.partyText)...)
	}
	return it.Parties
}

func (it *SplitItem) location() string {
	if it.Location == "" {
		it.Location = it.address + " " + it.plot
	}
	return it.Location
}

// SplitGroup is a set of applications that together cross the threshold:
// same location and type, linked by applicant or related parties, received
// within the window. Members index the items given, by date.
type SplitGroup struct {
	Members   []int
	Total     int64
	Threshold int64
}

// DetectSplits finds the split groups among one organisation's
// applications. It sorts the items by location, type and date (O(n log n)),
// joins the applications of each location and type that share a party with
// union-find, and slides the window over each joined set: a window whose
// total reaches the threshold while at least one of its applications is
// below it is flagged, and overlapping flagged windows form one group.
// Only types the policy brings in scope from an amount are considered.
func DetectSplits(items []SplitItem, pol Policy) []SplitGroup {
	idx := make([]int, 0, len(items))
	for i := range items {
		if amountBound[items[i].Type] && pol.InScope(items[i].Type) {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		x, y := &items[a], &items[b]
		if c := strings.Compare(x.AddressKey, y.AddressKey); c != 0 {
			return c
		}
		if c := strings.Compare(x.Type, y.Type); c != 0 {
			return c
		}
		if c := strings.Compare(x.ReceivedOn, y.ReceivedOn); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	window := max(pol.WindowMonths, 1)
	var out []SplitGroup
	var uf unionFind
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && items[idx[end]].AddressKey == items[idx[start]].AddressKey && items[idx[end]].Type == items[idx[start]].Type {
			end++
		}
		if end-start >= 2 {
			run := idx[start:end]
			out = append(out, detectRun(items, run, pol.ThresholdFor(items[run[0]].location()), window, &uf)...)
		}
		start = end
	}
	return out
}

// detectRun handles the applications of one location and type, in date
// order.
func detectRun(items []SplitItem, run []int, threshold int64, window int, uf *unionFind) []SplitGroup {
	uf.reset(len(run))
	first := map[string]int{}
	for p, i := range run {
		for _, k := range items[i].parties() {
			if q, ok := first[k]; ok {
				uf.union(p, q)
			} else {
				first[k] = p
			}
		}
	}
	comps := map[int][]int{} // root → positions in date order
	var roots []int
	for p := range run {
		r := uf.find(p)
		if _, ok := comps[r]; !ok {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], p)
	}
	var out []SplitGroup
	for _, r := range roots {
		pos := comps[r]
		if len(pos) < 2 {
			continue
		}
		var cur *SplitGroup
		lastEnd := -1
		i, sum := 0, int64(0)
		below := 0 // applications below the threshold in the window
		for j := range pos {
			x := items[run[pos[j]]]
			sum += x.Amount
			if x.Amount < threshold {
				below++
			}
			limit := iso(day(x.ReceivedOn).AddDate(0, -window, 0))
			for i < j && items[run[pos[i]]].ReceivedOn <= limit {
				y := items[run[pos[i]]]
				sum -= y.Amount
				if y.Amount < threshold {
					below--
				}
				i++
			}
			if j == i || sum < threshold || below == 0 {
				continue
			}
			if cur == nil || i > lastEnd {
				out = append(out, SplitGroup{Threshold: threshold})
				cur = &out[len(out)-1]
				lastEnd = i - 1
			}
			for k := lastEnd + 1; k <= j; k++ {
				cur.Members = append(cur.Members, run[pos[k]])
				cur.Total += items[run[pos[k]]].Amount
			}
			lastEnd = j
		}
	}
	return out
}

// unionFind is a disjoint-set forest with path halving and union by size,
// reused across runs.
type unionFind struct{ parent, size []int }

func (u *unionFind) reset(n int) {
	u.parent, u.size = u.parent[:0], u.size[:0]
	for i := 0; i < n; i++ {
		u.parent, u.size = append(u.parent, i), append(u.size, 1)
	}
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}

// Split is a split group as the pages show it.
type Split struct {
	Applications []Application
	Total        int64
	Threshold    int64
}

// Splits returns the organisation's split groups with their applications.
func (s *Store) Splits(ctx context.Context, sc *auth.Scope) ([]Split, error) {
	apps, err := s.Applications(ctx, sc, ApplicationFilter{})
	if err != nil {
		return nil, err
	}
	pol, err := s.policy(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	items := make([]SplitItem, len(apps))
	for i, a := range apps {
		items[i] = a.splitItem()
	}
	var out []Split
	for _, g := range DetectSplits(items, pol) {
		sp := Split{Total: g.Total, Threshold: g.Threshold}
		for _, m := range g.Members {
			sp.Applications = append(sp.Applications, apps[m])
		}
		out = append(out, sp)
	}
	return out, nil
}

func (a *Application) splitItem() SplitItem {
	return SplitItem{ID: a.ID, Type: a.Type, Location: a.Address + " " + a.Plot, AddressKey: a.addressKey,
		Parties: append([]string{a.applicantKey}, a.partyKeys...), Amount: a.Amount, ReceivedOn: a.ReceivedOn}
}

// splitOf returns the split group an application belongs to, if any.
func (s *Store) splitOf(ctx context.Context, sc *auth.Scope, id string) (*Split, error) {
	all, err := s.Splits(ctx, sc)
	if err != nil {
		return nil, err
	}
	for i := range all {
		for _, a := range all[i].Applications {
			if a.ID == id {
				return &all[i], nil
			}
		}
	}
	return nil, nil
}

// DetectAll runs the splitting detection for every organisation in one
// pass over the applications table (national figures, the benchmark): one
// scan, grouped by organisation in memory, each organisation with its own
// policy. It returns the number of groups and of applications in them.
func (s *Store) DetectAll(ctx context.Context) (groups, flagged int, err error) {
	pols := map[string]Policy{}
	prow, err := s.db.Read.QueryContext(ctx, `SELECT org_id FROM bibob_policies`)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "store.query_failed")
	}
	var orgs []string
	for prow.Next() {
		var id string
		if err := prow.Scan(&id); err != nil {
			prow.Close()
			return 0, 0, apperr.Wrap(err, "store.query_failed")
		}
		orgs = append(orgs, id)
	}
	prow.Close()
	for _, id := range orgs {
		if pols[id], err = s.policy(ctx, s.db.Read, id); err != nil {
			return 0, 0, err
		}
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT org_id, id, app_type, address, plot, address_key, applicant_key, party_keys, amount_cents, received_on FROM bibob_applications`)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "store.query_failed")
	}
	byOrg := map[string][]SplitItem{}
	for rows.Next() {
		var org string
		var it SplitItem
		if err := rows.Scan(&org, &it.ID, &it.Type, &it.address, &it.plot, &it.AddressKey, &it.applicant, &it.partyText, &it.Amount, &it.ReceivedOn); err != nil {
			rows.Close()
			return 0, 0, apperr.Wrap(err, "store.query_failed")
		}
		if !amountBound[it.Type] {
			continue // never part of a split group
		}
		byOrg[org] = append(byOrg[org], it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, apperr.Wrap(err, "store.query_failed")
	}
	for org, items := range byOrg {
		pol, ok := pols[org]
		if !ok {
			pol = DefaultPolicy()
		}
		for _, g := range DetectSplits(items, pol) {
			groups++
			flagged += len(g.Members)
		}
	}
	return groups, flagged, nil
}
