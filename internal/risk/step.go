package risk

import (
	"context"
	"database/sql"
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
}

// Upper bounds that catch typing errors, not policy.
const (
	maxHolders  = 1000
	maxRotation = 600
)

// CreateStep adds a step to a process of the scope's organisation.
func (s *Store) CreateStep(ctx context.Context, sc *auth.Scope, n NewStep) (*Step, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	st := &Step{ID: store.NewID(), ProcessID: clean(n.ProcessID), Code: clean(n.Code), Name: clean(n.Name), Kind: n.Kind,
		MinHolders: n.MinHolders, FourEyes: n.FourEyes, FourEyesInPlace: n.FourEyesInPlace && n.FourEyes,
		RotationMonths: n.RotationMonths, Object: clean(n.Object)}
	var errs apperr.List
	errs = checkText(errs, "code", st.Code, false, maxCode)
	errs = checkText(errs, "name", st.Name, true, maxName)
	errs = checkText(errs, "object", st.Object, false, maxCode)
	if !slices.Contains(duty.StepKinds, st.Kind) {
		errs = append(errs, apperr.FieldErr("kind", "risk.step.kind_invalid"))
	}
	if st.MinHolders < 0 || st.MinHolders > maxHolders {
		errs = append(errs, apperr.FieldErr("min_holders", "risk.step.range", 0, maxHolders))
	}
	if st.RotationMonths < 0 || st.RotationMonths > maxRotation {
		errs = append(errs, apperr.FieldErr("rotation_months", "risk.step.range", 0, maxRotation))
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := exists(ctx, tx, "processes", sc.OrgID, st.ProcessID)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.FieldErr("process_id", "risk.step.process_unknown"))
		}
		if len(errs) > 0 {
			return errs
		}
		now := store.Millis(s.clk.Now())
		_, err = tx.ExecContext(ctx, `INSERT INTO steps (id, org_id, process_id, code, name, kind, min_holders,
			four_eyes, four_eyes_in_place, rotation_months, object, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
			st.ID, sc.OrgID, st.ProcessID, st.Code, st.Name, string(st.Kind), st.MinHolders,
			st.FourEyes, st.FourEyesInPlace, st.RotationMonths, st.Object, now)
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionStepCreate, "step", st.ID)
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Steps returns the steps of a process of the scope's organisation in the
// order they were created.
func (s *Store) Steps(ctx context.Context, sc *auth.Scope, processID string) ([]Step, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, process_id, code, name, kind, min_holders, four_eyes,
		four_eyes_in_place, rotation_months, object FROM steps
		WHERE org_id = $1 AND process_id = $2 ORDER BY created_at, id`, sc.OrgID, processID)
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

// LinkFunction records that holders of a function perform a step. Linking
// twice is not an error: the link simply exists.
func (s *Store) LinkFunction(ctx context.Context, sc *auth.Scope, stepID, functionID string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var errs apperr.List
		ok, err := exists(ctx, tx, "steps", sc.OrgID, stepID)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.FieldErr("step_id", "risk.step.unknown"))
		}
		if ok, err = exists(ctx, tx, "functions", sc.OrgID, functionID); err != nil {
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
		return s.record(ctx, tx, sc, ActionStepLink, "step", stepID)
	})
}
