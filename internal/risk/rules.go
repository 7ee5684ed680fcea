package risk

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Audit action codes of the conflict rules.
const (
	ActionRulesDefaults = area + ".rules.defaults"
	ActionRuleCreate    = area + ".rule.create"
	ActionRuleUpdate    = area + ".rule.update"
)

// maxRationale bounds a rule's rationale, in characters.
const maxRationale = 2000

// Rule is a conflict rule of an organisation as the settings page shows
// it: two step codes one person must not hold together.
type Rule struct {
	// Key is the id the duty analysis knows the rule by; a dubbelzitter
	// finding's key contains it. A shipped rule keeps its shipped key.
	Key        string
	CodeA      string
	CodeB      string
	SameObject bool
	Risk       duty.Risk
	Name       string
	Rationale  string
	Active     bool
	// Shipped says the rule is one of the defaults (possibly edited).
	Shipped bool
}

// RuleInput is what a person fills in to add or change a rule.
type RuleInput struct {
	CodeA      string
	CodeB      string
	SameObject bool
	Risk       duty.Risk
	Name       string
	Rationale  string
	Active     bool
}

func shipped(key string) bool {
	return slices.ContainsFunc(duty.DefaultRules(i18n.NL), func(r duty.ConflictRule) bool { return r.ID == key })
}

// Rules returns the conflict rules of the scope's organisation, active and
// inactive, sorted by name; stored is false while the organisation has none
// of its own and the shipped defaults apply.
func (s *Store) Rules(ctx context.Context, sc *auth.Scope) (rules []Rule, stored bool, err error) {
	if err := canRead(sc); err != nil {
		return nil, false, err
	}
	rules, err = storedRules(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, false, err
	}
	if len(rules) == 0 {
		for _, r := range duty.DefaultRules(i18n.NL) {
			rules = append(rules, Rule{Key: r.ID, CodeA: r.CodeA, CodeB: r.CodeB, SameObject: r.SameObject, Risk: r.Risk,
				Name: r.Name, Rationale: r.Rationale, Active: true, Shipped: true})
		}
	} else {
		stored = true
	}
	slices.SortStableFunc(rules, func(x, y Rule) int { return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)) })
	return rules, stored, nil
}

// Rule returns one rule of the scope's organisation by key (a shipped
// default while it has stored none); another organisation's own rule is
// not found.
func (s *Store) Rule(ctx context.Context, sc *auth.Scope, key string) (*Rule, error) {
	rules, _, err := s.Rules(ctx, sc)
	if err != nil {
		return nil, err
	}
	for _, r := range rules {
		if r.Key == key {
			return &r, nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "risk.rule.unknown")
}

func storedRules(ctx context.Context, q store.Querier, orgID string) ([]Rule, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ruleColumns+` FROM conflict_rules WHERE org_id = $1 ORDER BY rule_key`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.Key, &r.CodeA, &r.CodeB, &r.SameObject, &r.Risk, &r.Name, &r.Rationale, &r.Active); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		r.Shipped = shipped(r.Key)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

func canSet(sc *auth.Scope) error {
	if !sc.Allows(auth.RiskSettings) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	return nil
}

// check cleans the input and lists what is wrong with it; others are the
// organisation's other rules, for the duplicate check.
func (in *RuleInput) check(others []Rule) apperr.List {
	in.CodeA, in.CodeB = strings.ToLower(clean(in.CodeA)), strings.ToLower(clean(in.CodeB))
	in.Name, in.Rationale = clean(in.Name), strings.TrimSpace(in.Rationale)
	var errs apperr.List
	errs = checkText(errs, "code_a", in.CodeA, true, maxCode)
	errs = checkText(errs, "code_b", in.CodeB, true, maxCode)
	if in.CodeA != "" && in.CodeA == in.CodeB {
		errs = append(errs, apperr.FieldErr("code_b", "duty.err.rule_same_code"))
	}
	if in.Risk.Rank() == 0 {
		errs = append(errs, apperr.FieldErr("risk", "duty.err.risk_unknown"))
	}
	errs = checkText(errs, "name", in.Name, true, maxName)
	errs = checkText(errs, "rationale", in.Rationale, true, maxRationale)
	for _, o := range others {
		same := (o.CodeA == in.CodeA && o.CodeB == in.CodeB) || (o.CodeA == in.CodeB && o.CodeB == in.CodeA)
		if same && o.SameObject == in.SameObject && o.Active && in.Active {
			errs = append(errs, apperr.FieldErr("code_b", "risk.rule.duplicate", o.Name))
			break
		}
	}
	return errs
}

// ensureRules copies the shipped defaults into an organisation that has
// stored no rules yet, within tx, and returns its rules. The defaults keep
// their shipped keys, so findings (and their mitigations) stay the same.
func (s *Store) ensureRules(ctx context.Context, tx *sql.Tx, sc *auth.Scope) ([]Rule, error) {
	rules, err := storedRules(ctx, tx, sc.OrgID)
	if err != nil || len(rules) > 0 {
		return rules, err
	}
	now := store.Millis(s.clk.Now())
	for _, d := range duty.DefaultRules(i18n.NL) {
		_, err := tx.ExecContext(ctx, `INSERT INTO conflict_rules (id, org_id, rule_key, code_a, code_b, same_object, risk, name, rationale, active, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE, $10, $10)`,
			store.NewID(), sc.OrgID, d.ID, d.CodeA, d.CodeB, d.SameObject, string(d.Risk), d.Name, d.Rationale, now)
		if err != nil {
			return nil, writeErr(err)
		}
		rules = append(rules, Rule{Key: d.ID, CodeA: d.CodeA, CodeB: d.CodeB, SameObject: d.SameObject, Risk: d.Risk,
			Name: d.Name, Rationale: d.Rationale, Active: true, Shipped: true})
	}
	if err := s.record(ctx, tx, sc, ActionRulesDefaults, "organisation", sc.OrgID); err != nil {
		return nil, err
	}
	return rules, nil
}

// AddRule adds an own conflict rule to the scope's organisation (after
// copying the defaults in, the first time).
func (s *Store) AddRule(ctx context.Context, sc *auth.Scope, in RuleInput) (*Rule, error) {
	if err := canSet(sc); err != nil {
		return nil, err
	}
	in.Active = true
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rules, err := s.ensureRules(ctx, tx, sc)
		if err != nil {
			return err
		}
		if errs := in.check(rules); len(errs) > 0 {
			return errs
		}
		now := store.Millis(s.clk.Now())
		_, err = tx.ExecContext(ctx, `INSERT INTO conflict_rules (id, org_id, rule_key, code_a, code_b, same_object, risk, name, rationale, active, created_at, updated_at)
			VALUES ($1, $2, $1, $3, $4, $5, $6, $7, $8, TRUE, $9, $9)`,
			id, sc.OrgID, in.CodeA, in.CodeB, in.SameObject, string(in.Risk), in.Name, in.Rationale, now)
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionRuleCreate, "conflict_rule", id)
	})
	if err != nil {
		return nil, err
	}
	return &Rule{Key: id, CodeA: in.CodeA, CodeB: in.CodeB, SameObject: in.SameObject, Risk: in.Risk, Name: in.Name,
		Rationale: in.Rationale, Active: true}, nil
}

// UpdateRule changes a rule of the scope's organisation, including
// switching it off (Active false) or on again; rules are never deleted, so
// that the findings they produced stay explainable. The first change copies
// the defaults in.
func (s *Store) UpdateRule(ctx context.Context, sc *auth.Scope, key string, in RuleInput) (*Rule, error) {
	if err := canSet(sc); err != nil {
		return nil, err
	}
	var out *Rule
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		rules, err := s.ensureRules(ctx, tx, sc)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rules, func(r Rule) bool { return r.Key == key })
		if i < 0 {
			return apperr.New(apperr.NotFound, "risk.rule.unknown")
		}
		if errs := in.check(slices.Delete(slices.Clone(rules), i, i+1)); len(errs) > 0 {
			return errs
		}
		res, err := tx.ExecContext(ctx, `UPDATE conflict_rules SET code_a = $1, code_b = $2, same_object = $3, risk = $4, name = $5,
			rationale = $6, active = $7, updated_at = $8 WHERE org_id = $9 AND rule_key = $10`,
			in.CodeA, in.CodeB, in.SameObject, string(in.Risk), in.Name, in.Rationale, in.Active, store.Millis(s.clk.Now()), sc.OrgID, key)
		if err != nil {
			return writeErr(err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return apperr.New(apperr.Conflict, "risk.concurrent_change")
		}
		out = &Rule{Key: key, CodeA: in.CodeA, CodeB: in.CodeB, SameObject: in.SameObject, Risk: in.Risk, Name: in.Name,
			Rationale: in.Rationale, Active: in.Active, Shipped: rules[i].Shipped}
		return s.record(ctx, tx, sc, ActionRuleUpdate, "conflict_rule", key)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
