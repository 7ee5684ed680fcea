package risk

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Step is one step of a process, with the settings the duty analysis
// checks.
type Step struct {
	ID        string
	ProcessID string
	// Code names the kind of work organisation-wide for conflict rules
	// (e.g. "bibob_onderzoek"); "" when no rule is about the step.
	Code            string
	Name            string
	Kind            duty.StepKind
	MinHolders      int
	FourEyes        bool
	FourEyesInPlace bool
	RotationMonths  int
	Object          string // what the step acts on, e.g. "horeca"; "" unspecified
	// Functions are the functions that perform the step, by name; filled
	// by StepsWithFunctions.
	Functions []FunctionRef
}

// FunctionRef names a function of the organisation.
type FunctionRef struct {
	ID   string
	Code string
	Name string
}

// NewStep is the input for creating a step. MinHolders and RotationMonths
// are taken as given; use duty.StepKind.Defaults for a new step's values.
type NewStep struct {
	ProcessID       string
	Code            string
	Name            string
	Kind            duty.StepKind
	MinHolders      int
	FourEyes        bool
	FourEyesInPlace bool
	RotationMonths  int
	Object          string
	// FunctionIDs are the functions that perform the step. On update, nil
	// leaves the links as they are and an empty slice removes them all.
	FunctionIDs []string
}

// Upper bounds that catch typing errors, not policy.
const (
	maxHolders  = 1000
	maxRotation = 600
)

// checkStep cleans a step's input and appends its field errors.
func checkStep(errs apperr.List, n *NewStep) apperr.List {
	n.Code, n.Name, n.Object = clean(n.Code), clean(n.Name), clean(n.Object)
	n.FourEyesInPlace = n.FourEyesInPlace && n.FourEyes
	errs = checkText(errs, "code", n.Code, false, maxCode)
	errs = checkText(errs, "name", n.Name, true, maxName)
	errs = checkText(errs, "object", n.Object, false, maxCode)
	if !slices.Contains(duty.StepKinds, n.Kind) {
		errs = append(errs, apperr.FieldErr("kind", "risk.step.kind_invalid"))
	}
	errs = checkRange(errs, "min_holders", n.MinHolders, 0, maxHolders)
	return checkRange(errs, "rotation_months", n.RotationMonths, 0, maxRotation)
}

// CreateStep adds a step to a process of the scope's organisation.
func (s *Store) CreateStep(ctx context.Context, sc *auth.Scope, n NewStep) (*Step, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	var st *Step
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = s.createStep(ctx, tx, sc, n)
		return err
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func (s *Store) createStep(ctx context.Context, tx *sql.Tx, sc *auth.Scope, n NewStep) (*Step, error) {
	n.ProcessID = clean(n.ProcessID)
	errs := checkStep(nil, &n)
	ok, err := exists(ctx, tx, "processes", sc.OrgID, n.ProcessID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotFound()
	}
	if errs, err = checkFunctions(ctx, tx, errs, sc.OrgID, n.FunctionIDs); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errs
	}
	st := &Step{ID: store.NewID(), ProcessID: n.ProcessID, Code: n.Code, Name: n.Name, Kind: n.Kind, MinHolders: n.MinHolders,
		FourEyes: n.FourEyes, FourEyesInPlace: n.FourEyesInPlace, RotationMonths: n.RotationMonths, Object: n.Object}
	now := store.Millis(s.clk.Now())
	_, err = tx.ExecContext(ctx, `INSERT INTO steps (id, org_id, process_id, code, name, kind, min_holders,
		four_eyes, four_eyes_in_place, rotation_months, object, created_at, updated_at, position)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12,
		(SELECT COALESCE(MAX(position), 0) + 1 FROM steps WHERE org_id = $2 AND process_id = $3))`,
		st.ID, sc.OrgID, st.ProcessID, st.Code, st.Name, string(st.Kind), st.MinHolders,
		st.FourEyes, st.FourEyesInPlace, st.RotationMonths, st.Object, now)
	if err != nil {
		return nil, writeErr(err)
	}
	if err := setFunctions(ctx, tx, sc.OrgID, st.ID, n.FunctionIDs); err != nil {
		return nil, err
	}
	return st, s.logChange(ctx, tx, sc, st.ProcessID, ActionStepCreate, "step", st.ID, "")
}

// checkFunctions appends an error for every function id that is not a
// function of the organisation, by its 1-based position.
func checkFunctions(ctx context.Context, q store.Querier, errs apperr.List, orgID string, ids []string) (apperr.List, error) {
	for i, id := range ids {
		ok, err := exists(ctx, q, "functions", orgID, id)
		if err != nil {
			return errs, err
		}
		if !ok {
			e := apperr.FieldErr("function_ids", "risk.step.function_unknown")
			e.Row = i + 1
			errs = append(errs, e)
		}
	}
	return errs, nil
}

// setFunctions makes ids the step's function links.
func setFunctions(ctx context.Context, tx *sql.Tx, orgID, stepID string, ids []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM step_functions WHERE org_id = $1 AND step_id = $2`, orgID, stepID); err != nil {
		return writeErr(err)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO step_functions (org_id, step_id, function_id) VALUES ($1, $2, $3)`,
			orgID, stepID, id); err != nil {
			return writeErr(err)
		}
	}
	return nil
}

// stepProcess returns the process of a step of the organisation, or
// NotFound.
func stepProcess(ctx context.Context, q store.Querier, orgID, stepID string) (string, error) {
	var pid string
	err := q.QueryRowContext(ctx, `SELECT process_id FROM steps WHERE org_id = $1 AND id = $2`, orgID, stepID).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "error.not_found")
	}
	if err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	return pid, nil
}

// UpdateStep changes a step, with the reason for the change. The process
// of a step does not change.
func (s *Store) UpdateStep(ctx context.Context, sc *auth.Scope, id string, n NewStep, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	reason = cleanText(reason)
	errs := checkReason(checkStep(nil, &n), reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		pid, err := stepProcess(ctx, tx, sc.OrgID, id)
		if err != nil {
			return err
		}
		if errs, err = checkFunctions(ctx, tx, errs, sc.OrgID, n.FunctionIDs); err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		if n.FunctionIDs != nil {
			if err := setFunctions(ctx, tx, sc.OrgID, id, n.FunctionIDs); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE steps SET code = $3, name = $4, kind = $5, min_holders = $6, four_eyes = $7,
			four_eyes_in_place = $8, rotation_months = $9, object = $10, updated_at = $11 WHERE org_id = $1 AND id = $2`,
			sc.OrgID, id, n.Code, n.Name, string(n.Kind), n.MinHolders, n.FourEyes, n.FourEyesInPlace, n.RotationMonths,
			n.Object, store.Millis(s.clk.Now())); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, pid, ActionStepUpdate, "step", id, reason)
	})
}

// DeleteStep removes a step and its function links, with the reason.
// Vulnerabilities that named the step stay with the process.
func (s *Store) DeleteStep(ctx context.Context, sc *auth.Scope, id, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	reason = cleanText(reason)
	errs := checkReason(nil, reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		pid, err := stepProcess(ctx, tx, sc.OrgID, id)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		for _, q := range []string{
			`DELETE FROM step_functions WHERE org_id = $1 AND step_id = $2`,
			`UPDATE vulnerabilities SET step_id = '' WHERE org_id = $1 AND step_id = $2`,
			`DELETE FROM steps WHERE org_id = $1 AND id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, sc.OrgID, id); err != nil {
				return writeErr(err)
			}
		}
		return s.logChange(ctx, tx, sc, pid, ActionStepDelete, "step", id, reason)
	})
}

// Steps returns the steps of a process of the scope's organisation in the
// order they were created.
func (s *Store) Steps(ctx context.Context, sc *auth.Scope, processID string) ([]Step, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, process_id, code, name, kind, min_holders, four_eyes,
		four_eyes_in_place, rotation_months, object FROM steps
		WHERE org_id = $1 AND process_id = $2 ORDER BY position, created_at, id`, sc.OrgID, processID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Step
	for rows.Next() {
		var st Step
		if err := rows.Scan(&st.ID, &st.ProcessID, &st.Code, &st.Name, &st.Kind, &st.MinHolders, &st.FourEyes,
			&st.FourEyesInPlace, &st.RotationMonths, &st.Object); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// StepsWithFunctions is Steps with each step's functions filled in.
func (s *Store) StepsWithFunctions(ctx context.Context, sc *auth.Scope, processID string) ([]Step, error) {
	steps, err := s.Steps(ctx, sc, processID)
	if err != nil || len(steps) == 0 {
		return steps, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT sf.step_id, f.id, f.code, f.name FROM step_functions sf
		JOIN steps st ON st.id = sf.step_id AND st.org_id = sf.org_id
		JOIN functions f ON f.id = sf.function_id AND f.org_id = sf.org_id
		WHERE sf.org_id = $1 AND st.process_id = $2 ORDER BY lower(f.name), f.code`, sc.OrgID, processID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	idx := make(map[string]int, len(steps))
	for i, st := range steps {
		idx[st.ID] = i
	}
	for rows.Next() {
		var stepID string
		var f FunctionRef
		if err := rows.Scan(&stepID, &f.ID, &f.Code, &f.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if i, ok := idx[stepID]; ok {
			steps[i].Functions = append(steps[i].Functions, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return steps, nil
}

// Functions returns the functions of the scope's organisation, for the
// pickers of the register.
func (s *Store) Functions(ctx context.Context, sc *auth.Scope) ([]FunctionRef, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	return queryRefs(ctx, s.db.Read, `SELECT id, code, name FROM functions WHERE org_id = $1 ORDER BY lower(name), code`, sc.OrgID)
}

// Teams returns the teams of the scope's organisation by name, for the
// pickers of the register.
func (s *Store) Teams(ctx context.Context, sc *auth.Scope) ([]FunctionRef, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	return queryRefs(ctx, s.db.Read, `SELECT id, COALESCE(code, ''), name FROM teams WHERE org_id = $1 ORDER BY lower(name), id`, sc.OrgID)
}

func queryRefs(ctx context.Context, q store.Querier, query string, args ...any) ([]FunctionRef, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []FunctionRef
	for rows.Next() {
		var f FunctionRef
		if err := rows.Scan(&f.ID, &f.Code, &f.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// LinkFunction records that holders of a function perform a step. Linking
// twice is not an error: the link simply exists.
func (s *Store) LinkFunction(ctx context.Context, sc *auth.Scope, stepID, functionID string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var errs apperr.List
		pid, err := stepProcess(ctx, tx, sc.OrgID, stepID)
		if apperr.CodeOf(err) == apperr.NotFound {
			errs = append(errs, apperr.FieldErr("step_id", "risk.step.unknown"))
		} else if err != nil {
			return err
		}
		ok, err := exists(ctx, tx, "functions", sc.OrgID, functionID)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.FieldErr("function_id", "risk.step.function_unknown"))
		}
		if len(errs) > 0 {
			return errs
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM step_functions WHERE org_id = $1 AND step_id = $2 AND function_id = $3`,
			sc.OrgID, stepID, functionID).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO step_functions (org_id, step_id, function_id) VALUES ($1, $2, $3)`,
			sc.OrgID, stepID, functionID); err != nil {
			return writeErr(err)
		}
		return s.logChange(ctx, tx, sc, pid, ActionStepLink, "step", stepID, "")
	})
}

// UnlinkFunction removes a function from a step, with the reason (the
// people of that function no longer count as holders).
func (s *Store) UnlinkFunction(ctx context.Context, sc *auth.Scope, stepID, functionID, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	reason = cleanText(reason)
	errs := checkReason(nil, reason)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		pid, err := stepProcess(ctx, tx, sc.OrgID, stepID)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return errs
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM step_functions WHERE org_id = $1 AND step_id = $2 AND function_id = $3`,
			sc.OrgID, stepID, functionID)
		if err != nil {
			return writeErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		return s.logChange(ctx, tx, sc, pid, ActionStepUnlink, "step", stepID, reason)
	})
}
