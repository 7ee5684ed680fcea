package bibob

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Types are the kinds of application the Wet Bibob can apply to
// (DOMAIN.md §5), in the order the policy form shows them.
var Types = []string{"exploitatievergunning", "drank_horecavergunning", "speelautomatenvergunning", "evenementenvergunning",
	"omgevingsvergunning", "subsidie", "vastgoedtransactie", "overheidsopdracht"}

// amountBound are the types a policy brings in scope only from a
// threshold amount (building costs, subsidy, transaction or contract
// value); the other types in scope fall under the policy whatever the
// amount.
var amountBound = map[string]bool{"omgevingsvergunning": true, "subsidie": true, "vastgoedtransactie": true, "overheidsopdracht": true}

// LawChange is a change of the Wet Bibob a policy should reflect. The list
// is data: a new change is one line here (see docs/decisions/0020-bibob.md
// for the sources of the dates).
type LawChange struct {
	ID        string // the tranche code stored in a policy
	InForceOn string // ISO date the change entered into force
}

// LawChanges are the changes of the Wet Bibob in order of entry into force.
var LawChanges = []LawChange{
	{ID: "evaluatie_2013", InForceOn: "2013-07-01"},    // Evaluatie- en uitbreidingswet Bibob
	{ID: "tranche1_2020", InForceOn: "2020-08-01"},     // Wet uitbreiding Bibob-instrumentarium (eerste tranche)
	{ID: "tranche2_2022", InForceOn: "2022-10-01"},     // informatiedeling (tweede tranche, kamerstuk 35 764)
	{ID: "omgevingswet_2024", InForceOn: "2024-01-01"}, // Invoeringswet Omgevingswet: omgevingsvergunning
}

// Policy is an organisation's Bibob policy. Amounts are in euro cents.
type Policy struct {
	Types         []string
	Threshold     int64
	RiskThreshold int64
	RiskAreas     []string
	WindowMonths  int
	Tranche       string
	UpdatedOn     string // ISO date the policy (the municipal document) was last updated
	ChangedBy     string
	ChangedAt     time.Time
	Saved         bool // false: the defaults, never saved
}

// DefaultPolicy is what an organisation without a saved policy works with:
// every type, the thresholds of DOMAIN.md §5 (€500,000; €50,000 in risk
// areas), a window of 12 months.
func DefaultPolicy() Policy {
	return Policy{Types: slices.Clone(Types), Threshold: 500_000_00, RiskThreshold: 50_000_00, WindowMonths: 12}
}

// InScope reports whether a type is in the policy.
func (p Policy) InScope(appType string) bool { return slices.Contains(p.Types, appType) }

// InRiskArea reports whether an address lies in a designated risk area:
// its postcode begins with a listed postcode, or it names a listed area.
func (p Policy) InRiskArea(address string) bool {
	norm := normAddress(address)
	compact := strings.ReplaceAll(norm, " ", "")
	for _, a := range p.RiskAreas {
		na := normAddress(a)
		if na == "" {
			continue
		}
		if isPostcode(strings.ReplaceAll(na, " ", "")) {
			if strings.Contains(compact, strings.ReplaceAll(na, " ", "")) {
				return true
			}
			continue
		}
		if strings.Contains(" "+norm+" ", " "+na+" ") {
			return true
		}
	}
	return false
}

// ThresholdFor is the amount from which an application at the address
// falls under the policy.
func (p Policy) ThresholdFor(address string) int64 {
	if p.InRiskArea(address) && p.RiskThreshold < p.Threshold {
		return p.RiskThreshold
	}
	return p.Threshold
}

// Applies reports whether an application falls under the policy, and why
// not when it does not: "type" (type not in scope) or "amount" (below the
// threshold).
func (p Policy) Applies(appType, address string, amount int64) (bool, string) {
	if !p.InScope(appType) {
		return false, "type"
	}
	if amountBound[appType] && amount < p.ThresholdFor(address) {
		return false, "amount"
	}
	return true, ""
}

// Outdated returns the law changes in force on today that entered into
// force after the policy was last updated; a non-empty answer is the
// warning the policy page and the overview show.
func (p Policy) Outdated(today string) []LawChange {
	var out []LawChange
	for _, c := range LawChanges {
		if c.InForceOn <= today && (p.UpdatedOn == "" || p.UpdatedOn < c.InForceOn) {
			out = append(out, c)
		}
	}
	return out
}

// isPostcode reports whether s (lower case, no spaces) is a Dutch postcode
// or its four digits.
func isPostcode(s string) bool {
	if len(s) != 4 && len(s) != 6 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	for i := 4; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func joinCSV(v []string) string { return strings.Join(v, ",") }

func splitList(s, sep string) []string {
	var out []string
	for _, x := range strings.Split(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Policy returns the organisation's policy, the defaults when none was
// saved.
func (s *Store) Policy(ctx context.Context, sc *auth.Scope) (Policy, error) {
	if !sc.Allows(auth.BibobRead) && !sc.Allows(auth.BibobSettings) {
		return Policy{}, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return s.policy(ctx, s.db.Read, sc.OrgID)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) policy(ctx context.Context, q rowQuerier, orgID string) (Policy, error) {
	var p Policy
	var types, areas string
	var at int64
	err := q.QueryRowContext(ctx, `SELECT types, threshold_cents, risk_threshold_cents, risk_areas, window_months, tranche, updated_on, changed_by, changed_at
		FROM bibob_policies WHERE org_id = $1`, orgID).Scan(&types, &p.Threshold, &p.RiskThreshold, &areas, &p.WindowMonths, &p.Tranche, &p.UpdatedOn, &p.ChangedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultPolicy(), nil
	}
	if err != nil {
		return Policy{}, apperr.Wrap(err, "store.query_failed")
	}
	p.Types, p.RiskAreas, p.ChangedAt, p.Saved = splitList(types, ","), splitList(areas, "\n"), store.Time(at), true
	return p, nil
}

// PolicyInput is a policy as the form and the API send it; amounts in
// whole euros as written.
type PolicyInput struct {
	Types         []string
	Threshold     string
	RiskThreshold string
	RiskAreas     string
	WindowMonths  string
	Tranche       string
	UpdatedOn     string
}

// parseEuros reads an amount in euros ("500000", "500.000", "€ 500.000,00")
// as cents.
func parseEuros(raw string) (int64, bool) {
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(raw), "€"))
	s = strings.ReplaceAll(strings.ReplaceAll(s, " ", ""), "\u00a0", "")
	if s == "" {
		return 0, false
	}
	whole, frac := s, ""
	if i := strings.LastIndex(s, ","); i >= 0 && len(s)-i <= 3 {
		whole, frac = s[:i], s[i+1:]
	}
	whole = strings.ReplaceAll(whole, ".", "")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n < 0 || n > 1e13 {
		return 0, false
	}
	c := int64(0)
	if frac != "" {
		if len(frac) == 1 {
			frac += "0"
		}
		f, err := strconv.Atoi(frac)
		if err != nil || f < 0 {
			return 0, false
		}
		c = int64(f)
	}
	return n*100 + c, true
}

func isoDate(field, raw string, required bool) (string, *apperr.Error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		if required {
			return "", apperr.FieldErr(field, "field.required")
		}
		return "", nil
	}
	d, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		return "", apperr.FieldErr(field, "bibob.err.date")
	}
	return d.Format(time.DateOnly), nil
}

// SavePolicy replaces the organisation's policy (bibob.settings); the
// version is kept in the history and the change audited.
func (s *Store) SavePolicy(ctx context.Context, sc *auth.Scope, in PolicyInput) error {
	if !sc.Allows(auth.BibobSettings) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var errs apperr.List
	var p Policy
	for _, t := range in.Types {
		if !slices.Contains(Types, t) {
			errs = append(errs, apperr.FieldErr("types", "bibob.err.type", t))
			continue
		}
		if !slices.Contains(p.Types, t) {
			p.Types = append(p.Types, t)
		}
	}
	var ok bool
	if p.Threshold, ok = parseEuros(in.Threshold); !ok {
		errs = append(errs, apperr.FieldErr("threshold", "bibob.err.amount"))
	}
	if p.RiskThreshold, ok = parseEuros(in.RiskThreshold); !ok {
		errs = append(errs, apperr.FieldErr("risk_threshold", "bibob.err.amount"))
	} else if p.RiskThreshold > p.Threshold {
		errs = append(errs, apperr.FieldErr("risk_threshold", "bibob.err.risk_threshold_higher"))
	}
	for _, a := range splitList(in.RiskAreas, "\n") {
		if len(a) > 100 {
			errs = append(errs, apperr.FieldErr("risk_areas", "bibob.err.area_long"))
			break
		}
		p.RiskAreas = append(p.RiskAreas, a)
	}
	if len(p.RiskAreas) > 500 {
		errs = append(errs, apperr.FieldErr("risk_areas", "bibob.err.area_many"))
	}
	n, err := strconv.Atoi(strings.TrimSpace(in.WindowMonths))
	if err != nil || n < 1 || n > 60 {
		errs = append(errs, apperr.FieldErr("window_months", "bibob.err.window"))
	}
	p.WindowMonths = n
	if !slices.ContainsFunc(LawChanges, func(c LawChange) bool { return c.ID == in.Tranche }) {
		errs = append(errs, apperr.FieldErr("tranche", "bibob.err.tranche"))
	}
	p.Tranche = in.Tranche
	var e *apperr.Error
	if p.UpdatedOn, e = isoDate("updated_on", in.UpdatedOn, true); e != nil {
		errs = append(errs, e)
	} else if p.UpdatedOn > s.dayNow() {
		errs = append(errs, apperr.FieldErr("updated_on", "bibob.err.date_future"))
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		return s.writePolicy(ctx, tx, sc, p)
	})
}

func (s *Store) writePolicy(ctx context.Context, tx *sql.Tx, sc *auth.Scope, p Policy) error {
	now := store.Millis(s.clk.Now())
	types, areas := joinCSV(p.Types), strings.Join(p.RiskAreas, "\n")
	if _, err := tx.ExecContext(ctx, `INSERT INTO bibob_policies (org_id, types, threshold_cents, risk_threshold_cents, risk_areas, window_months, tranche, updated_on, changed_by, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (org_id) DO UPDATE SET types = $2, threshold_cents = $3, risk_threshold_cents = $4, risk_areas = $5, window_months = $6,
		tranche = $7, updated_on = $8, changed_by = $9, changed_at = $10`,
		sc.OrgID, types, p.Threshold, p.RiskThreshold, areas, p.WindowMonths, p.Tranche, p.UpdatedOn, sc.UserName, now); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO bibob_policy_history (id, org_id, types, threshold_cents, risk_threshold_cents, risk_areas, window_months, tranche, updated_on, changed_by, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		store.NewID(), sc.OrgID, types, p.Threshold, p.RiskThreshold, areas, p.WindowMonths, p.Tranche, p.UpdatedOn, sc.UserName, now); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	return s.logChange(ctx, tx, sc, area+".policy.save", "bibob_policy", sc.OrgID)
}

// PolicyHistory returns the saved versions of the policy, newest first.
func (s *Store) PolicyHistory(ctx context.Context, sc *auth.Scope) ([]Policy, error) {
	if !sc.Allows(auth.BibobRead) && !sc.Allows(auth.BibobSettings) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT types, threshold_cents, risk_threshold_cents, risk_areas, window_months, tranche, updated_on, changed_by, changed_at
		FROM bibob_policy_history WHERE org_id = $1 ORDER BY changed_at DESC, id LIMIT 100`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Policy
	for rows.Next() {
		var p Policy
		var types, areas string
		var at int64
		if err := rows.Scan(&types, &p.Threshold, &p.RiskThreshold, &areas, &p.WindowMonths, &p.Tranche, &p.UpdatedOn, &p.ChangedBy, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		p.Types, p.RiskAreas, p.ChangedAt, p.Saved = splitList(types, ","), splitList(areas, "\n"), store.Time(at), true
		out = append(out, p)
	}
	return out, rows.Err()
}

// record writes an audit entry of a change in the transaction.
func (s *Store) logChange(ctx context.Context, tx store.Querier, sc *auth.Scope, action, objType, id string) error {
	return s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objType, ObjectID: id, Result: audit.ResultOK, RequestID: sc.RequestID})
}

// today is the current day in Amsterdam as an ISO date.
func (s *Store) dayNow() string { return s.clk.Now().In(clock.Amsterdam).Format(time.DateOnly) }
