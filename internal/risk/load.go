package risk

import (
	"context"
	"database/sql"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Analyse runs the duty analysis of the scope's organisation on a day.
func (s *Store) Analyse(ctx context.Context, sc *auth.Scope, on duty.Date) (duty.Result, error) {
	in, err := LoadDutyInput(ctx, sc, s.db)
	if err != nil {
		return duty.Result{}, err
	}
	return duty.Analyse(in, on), nil
}

// LoadDutyInput reads everything the duty analysis of the scope's
// organisation needs: employees, assignments, steps and their functions,
// the organisation's active conflict rules (the shipped defaults while it
// has none stored) and, per finding, its latest mitigation. It reads in one transaction so that the
// tables agree with each other, and in the order the engine streams fastest
// (decision 0008): employees and steps by id, links by step, assignments by
// employee then start. Text is ordered bytewise on PostgreSQL too, as the
// engine compares ids bytewise. Assignments that start on the same day are
// ordered by id, and a step's links by function, so that every load (and
// the batch loader) gives the same input.
func LoadDutyInput(ctx context.Context, sc *auth.Scope, db *store.DB) (duty.Input, error) {
	var in duty.Input
	if err := canRead(sc); err != nil {
		return in, err
	}
	opts := &sql.TxOptions{ReadOnly: true}
	collate := ""
	if db.Dialect == store.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
		collate = ` COLLATE "C"`
	}
	tx, err := db.Read.BeginTx(ctx, opts)
	if err != nil {
		return in, apperr.Wrap(err, "store.query_failed")
	}
	defer func() { _ = tx.Rollback() }()
	l := loader{ctx: ctx, q: tx, org: sc.OrgID, collate: collate}
	if in.Employees, err = l.employees(); err != nil {
		return in, err
	}
	if in.Assignments, err = l.assignments(); err != nil {
		return in, err
	}
	if in.Steps, err = l.steps(); err != nil {
		return in, err
	}
	if in.StepFunctions, err = l.links(); err != nil {
		return in, err
	}
	if in.Rules, err = l.rules(); err != nil {
		return in, err
	}
	if in.Mitigations, err = l.mitigations(); err != nil {
		return in, err
	}
	return in, nil
}

type loader struct {
	ctx     context.Context
	q       store.Querier
	org     string
	collate string
}

// scan runs query for the organisation and calls each for every row.
func (l *loader) scan(query string, each func(*sql.Rows) error) error {
	rows, err := l.q.QueryContext(l.ctx, query, l.org)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	return nil
}

// dates parses a stored start and end; a bad one means the organisation
// model holds a value its own validation should have refused.
func dates(start, end string) (duty.Date, duty.Date, error) {
	s, err1 := duty.ParseDate(start)
	e, err2 := duty.ParseDate(end)
	if err1 != nil || err2 != nil {
		return 0, 0, apperr.New(apperr.Internal, "risk.load.bad_date")
	}
	return s, e, nil
}

func (l *loader) employees() ([]duty.Employee, error) {
	var out []duty.Employee
	var start, end string
	err := l.scan(`SELECT id, name, team_id, start_date, end_date FROM employees
		WHERE org_id = $1 ORDER BY id`+l.collate, func(r *sql.Rows) error {
		var e duty.Employee
		if err := r.Scan(&e.ID, &e.Name, &e.TeamID, &start, &end); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		var err error
		if e.Start, e.End, err = dates(start, end); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

func (l *loader) assignments() ([]duty.Assignment, error) {
	var out []duty.Assignment
	var start, end string
	err := l.scan(`SELECT id, employee_id, function_id, start_date, end_date FROM assignments
		WHERE org_id = $1 ORDER BY employee_id`+l.collate+`, start_date`+l.collate+`, id`+l.collate, func(r *sql.Rows) error {
		var a duty.Assignment
		if err := r.Scan(&a.ID, &a.EmployeeID, &a.FunctionID, &start, &end); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		var err error
		if a.Start, a.End, err = dates(start, end); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

func (l *loader) steps() ([]duty.Step, error) {
	var out []duty.Step
	err := l.scan(`SELECT s.id, s.process_id, p.team_id, s.name, s.kind, s.code, s.object, s.min_holders,
		s.four_eyes, s.four_eyes_in_place, s.rotation_months
		FROM steps s JOIN processes p ON p.id = s.process_id AND p.org_id = s.org_id
		WHERE s.org_id = $1 ORDER BY s.id`+l.collate, func(r *sql.Rows) error {
		var s duty.Step
		if err := r.Scan(&s.ID, &s.ProcessID, &s.TeamID, &s.Name, &s.Kind, &s.Code, &s.Object, &s.MinHolders,
			&s.FourEyes, &s.FourEyesInPlace, &s.RotationMonths); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

func (l *loader) links() ([]duty.StepFunction, error) {
	var out []duty.StepFunction
	err := l.scan(`SELECT step_id, function_id FROM step_functions
		WHERE org_id = $1 ORDER BY step_id`+l.collate+`, function_id`+l.collate, func(r *sql.Rows) error {
		var sf duty.StepFunction
		if err := r.Scan(&sf.StepID, &sf.FunctionID); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, sf)
		return nil
	})
	return out, err
}

// ruleColumns are the columns of a conflict rule row as scanRule reads
// them, after any leading columns of the caller.
const ruleColumns = `rule_key, code_a, code_b, same_object, risk, name, rationale, active`

// rules returns the organisation's active conflict rules by key, or the
// shipped defaults when it has stored none (not even inactive ones).
func (l *loader) rules() ([]duty.ConflictRule, error) {
	var out []duty.ConflictRule
	stored := false
	var r duty.ConflictRule
	var active bool
	err := l.scan(`SELECT `+ruleColumns+` FROM conflict_rules WHERE org_id = $1 ORDER BY rule_key`+l.collate, func(rows *sql.Rows) error {
		if err := rows.Scan(&r.ID, &r.CodeA, &r.CodeB, &r.SameObject, &r.Risk, &r.Name, &r.Rationale, &active); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		stored = true
		if active {
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !stored {
		return duty.DefaultRules(i18n.NL), nil
	}
	return out, nil
}

// mitigations returns, per finding key, the mitigation recorded last: a
// newer one replaces an older one even when it ends sooner, so that a
// mitigation can be cut short by recording a new one. Keys come sorted.
func (l *loader) mitigations() ([]duty.Mitigation, error) {
	var out []duty.Mitigation
	var m duty.Mitigation
	var until string
	err := l.scan(`SELECT finding_key, control, owner_id, valid_until FROM duty_mitigations
		WHERE org_id = $1 ORDER BY finding_key`+l.collate+`, created_at DESC, id`+l.collate+` DESC`, func(rows *sql.Rows) error {
		if err := rows.Scan(&m.FindingKey, &m.Control, &m.OwnerID, &until); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		var err error
		if m.Until, err = duty.ParseDate(until); err != nil {
			return apperr.New(apperr.Internal, "risk.load.bad_date")
		}
		if n := len(out); n > 0 && out[n-1].FindingKey == m.FindingKey {
			return nil // an older one
		}
		out = append(out, m)
		return nil
	})
	return out, err
}
