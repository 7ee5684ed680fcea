package people

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Requirement is a training duty of the organisation.
type Requirement struct {
	ID            string
	Code          string
	Name          string
	Description   string
	Audience      Audience
	FunctionIDs   []string // for AudienceFunctions
	FirstMonths   int      // first due within this many months of starting or of getting the function
	RefreshMonths int      // refresher every this many months; 0: once
}

// RequirementInput creates or changes a requirement.
type RequirementInput struct {
	Code          string
	Name          string
	Description   string
	Audience      Audience
	FunctionIDs   []string
	FirstMonths   int
	RefreshMonths int
}

// defaultRequirement is a shipped default (DOMAIN.md §6); functionHints
// pick the organisation's functions whose code or name contains one of
// them when the defaults are copied in.
type defaultRequirement struct {
	RequirementInput
	functionHints []string
}

var defaultRequirements = []defaultRequirement{
	{RequirementInput: RequirementInput{Code: "AGRESSIE", Name: "Omgaan met agressie", Description: "Voor medewerkers met klantcontact: binnen 12 maanden na indiensttreding, daarna elke 3 jaar opfrissen.",
		Audience: AudienceClientContact, FirstMonths: 12, RefreshMonths: 36}},
	{RequirementInput: RequirementInput{Code: "SIGNALEN", Name: "Signalen van ondermijning herkennen", Description: "Voor handhavers en boa's.",
		Audience: AudienceFunctions, FirstMonths: 6, RefreshMonths: 36}, functionHints: []string{"handhav", "boa", "toezicht"}},
	{RequirementInput: RequirementInput{Code: "BIBOB", Name: "Bibob-training", Description: "Voor medewerkers die Bibob-onderzoeken doen of voorbereiden.",
		Audience: AudienceFunctions, FirstMonths: 6, RefreshMonths: 36}, functionHints: []string{"bibob"}},
	{RequirementInput: RequirementInput{Code: "BEWUST", Name: "Bewustwordingssessie ondermijning", Description: "Voor alle medewerkers.",
		Audience: AudienceAll, FirstMonths: 12, RefreshMonths: 0}},
	{RequirementInput: RequirementInput{Code: "INWERK-BESTUUR", Name: "Integriteit en veiligheid (inwerkprogramma)", Description: "Voor het nieuwe college en de nieuwe raad.",
		Audience: AudienceCouncil, FirstMonths: 3, RefreshMonths: 0}},
}

// ensureDefaults copies the shipped requirements in on the organisation's
// first use of the training part, once: an organisation that removes them
// does not get them back.
func (s *Store) ensureDefaults(ctx context.Context, sc *auth.Scope) error {
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_setup WHERE org_id = $1`, sc.OrgID).Scan(&n); err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	if n > 0 {
		return nil
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO training_setup (org_id, copied_at) VALUES ($1, $2) ON CONFLICT (org_id) DO NOTHING`,
			sc.OrgID, store.Millis(s.clk.Now()))
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil // another request copied them
		}
		fns, err := functionsOf(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		for _, d := range defaultRequirements {
			in := d.RequirementInput
			for _, f := range fns {
				hay := strings.ToLower(f.Code + " " + f.Name)
				if slices.ContainsFunc(d.functionHints, func(h string) bool { return strings.Contains(hay, h) }) {
					in.FunctionIDs = append(in.FunctionIDs, f.ID)
				}
			}
			if _, err := s.insertRequirement(ctx, tx, sc, in); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, sc, area+".training.defaults", "training_setup", sc.OrgID)
	})
}

// Function is a function of the organisation as the forms show it.
type Function struct{ ID, Code, Name string }

func functionsOf(ctx context.Context, q store.Querier, orgID string) ([]Function, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name FROM functions WHERE org_id = $1 ORDER BY lower(name), code`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Function
	for rows.Next() {
		var f Function
		if err := rows.Scan(&f.ID, &f.Code, &f.Name); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Functions returns the organisation's functions, for the requirement form.
func (s *Store) Functions(ctx context.Context, sc *auth.Scope) ([]Function, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	return functionsOf(ctx, s.db.Read, sc.OrgID)
}

// validate checks the input and returns it cleaned.
func (s *Store) validateRequirement(ctx context.Context, q store.Querier, sc *auth.Scope, in RequirementInput) (RequirementInput, error) {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	var errs apperr.List
	if in.Code == "" {
		errs = append(errs, apperr.FieldErr("code", "people.training.err.code_required"))
	} else if len(in.Code) > 40 {
		errs = append(errs, apperr.FieldErr("code", "people.training.err.too_long", 40))
	}
	if in.Name == "" {
		errs = append(errs, apperr.FieldErr("name", "people.training.err.name_required"))
	} else if len(in.Name) > 200 {
		errs = append(errs, apperr.FieldErr("name", "people.training.err.too_long", 200))
	}
	if len(in.Description) > 2000 {
		errs = append(errs, apperr.FieldErr("description", "people.training.err.too_long", 2000))
	}
	if !in.Audience.Valid() {
		errs = append(errs, apperr.FieldErr("audience", "people.training.err.audience_invalid"))
	}
	if in.FirstMonths < 0 || in.FirstMonths > 120 {
		errs = append(errs, apperr.FieldErr("first_months", "people.training.err.months_range", 0, 120))
	}
	if in.RefreshMonths < 0 || in.RefreshMonths > 240 {
		errs = append(errs, apperr.FieldErr("refresh_months", "people.training.err.months_range", 0, 240))
	}
	if in.Audience != AudienceFunctions {
		in.FunctionIDs = nil
	} else {
		slices.Sort(in.FunctionIDs)
		in.FunctionIDs = slices.Compact(in.FunctionIDs)
		fns, err := functionsOf(ctx, q, sc.OrgID)
		if err != nil {
			return in, err
		}
		for _, id := range in.FunctionIDs {
			if !slices.ContainsFunc(fns, func(f Function) bool { return f.ID == id }) {
				errs = append(errs, apperr.FieldErr("functions", "people.training.err.function_unknown"))
				break
			}
		}
	}
	return in, errs.Err()
}

func (s *Store) insertRequirement(ctx context.Context, tx *sql.Tx, sc *auth.Scope, in RequirementInput) (string, error) {
	in, err := s.validateRequirement(ctx, tx, sc, in)
	if err != nil {
		return "", err
	}
	id, now := store.NewID(), store.Millis(s.clk.Now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_requirements (id, org_id, code, name, description, audience, first_months, refresh_months, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, id, sc.OrgID, in.Code, in.Name, in.Description, string(in.Audience), in.FirstMonths, in.RefreshMonths, now); err != nil {
		if store.IsUniqueViolation(err) {
			return "", apperr.FieldErr("code", "people.training.err.code_taken")
		}
		return "", apperr.Wrap(err, "store.tx_failed")
	}
	if err := setFunctions(ctx, tx, sc.OrgID, id, in.FunctionIDs); err != nil {
		return "", err
	}
	return id, s.record(ctx, tx, sc, area+".training.requirement_create", "training_requirement", id)
}

func setFunctions(ctx context.Context, tx *sql.Tx, orgID, reqID string, ids []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM training_requirement_functions WHERE org_id = $1 AND requirement_id = $2`, orgID, reqID); err != nil {
		return apperr.Wrap(err, "store.tx_failed")
	}
	for _, f := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_requirement_functions (org_id, requirement_id, function_id) VALUES ($1, $2, $3)`, orgID, reqID, f); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
	}
	return nil
}

// CreateRequirement adds a training requirement (people.manage).
func (s *Store) CreateRequirement(ctx context.Context, sc *auth.Scope, in RequirementInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	if err := s.ensureDefaults(ctx, sc); err != nil {
		return "", err
	}
	var id string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.insertRequirement(ctx, tx, sc, in)
		return err
	})
	return id, err
}

// UpdateRequirement changes a requirement (people.manage).
func (s *Store) UpdateRequirement(ctx context.Context, sc *auth.Scope, id string, in RequirementInput) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.validateRequirement(ctx, tx, sc, in)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE training_requirements SET code = $1, name = $2, description = $3, audience = $4, first_months = $5, refresh_months = $6, updated_at = $7
			WHERE org_id = $8 AND id = $9`, in.Code, in.Name, in.Description, string(in.Audience), in.FirstMonths, in.RefreshMonths, store.Millis(s.clk.Now()), sc.OrgID, id)
		if err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.FieldErr("code", "people.training.err.code_taken")
			}
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "people.training.err.requirement_not_found")
		}
		if err := setFunctions(ctx, tx, sc.OrgID, id, in.FunctionIDs); err != nil {
			return err
		}
		return s.record(ctx, tx, sc, area+".training.requirement_update", "training_requirement", id)
	})
}

// DeleteRequirement removes a requirement with its sessions and attendance
// (people.manage).
func (s *Store) DeleteRequirement(ctx context.Context, sc *auth.Scope, id string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM training_requirements WHERE org_id = $1 AND id = $2`, sc.OrgID, id)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "people.training.err.requirement_not_found")
		}
		return s.record(ctx, tx, sc, area+".training.requirement_delete", "training_requirement", id)
	})
}

// Requirements returns the organisation's requirements sorted by name,
// copying the shipped defaults in on first use.
func (s *Store) Requirements(ctx context.Context, sc *auth.Scope) ([]*Requirement, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	if err := s.ensureDefaults(ctx, sc); err != nil {
		return nil, err
	}
	return requirementsOf(ctx, s.db.Read, sc.OrgID)
}

func requirementsOf(ctx context.Context, q store.Querier, orgID string) ([]*Requirement, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, description, audience, first_months, refresh_months
		FROM training_requirements WHERE org_id = $1 ORDER BY lower(name), code`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []*Requirement
	byID := map[string]*Requirement{}
	for rows.Next() {
		r := &Requirement{}
		var aud string
		if err := rows.Scan(&r.ID, &r.Code, &r.Name, &r.Description, &aud, &r.FirstMonths, &r.RefreshMonths); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		r.Audience = Audience(aud)
		out = append(out, r)
		byID[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	fr, err := q.QueryContext(ctx, `SELECT requirement_id, function_id FROM training_requirement_functions WHERE org_id = $1 ORDER BY function_id`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer fr.Close()
	for fr.Next() {
		var rid, fid string
		if err := fr.Scan(&rid, &fid); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if r := byID[rid]; r != nil {
			r.FunctionIDs = append(r.FunctionIDs, fid)
		}
	}
	if err := fr.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Requirement returns one requirement; another organisation's is not found.
func (s *Store) Requirement(ctx context.Context, sc *auth.Scope, id string) (*Requirement, error) {
	all, err := s.Requirements(ctx, sc)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "people.training.err.requirement_not_found")
}

// today is the calendar day in the Netherlands, as midnight UTC.
func (s *Store) today() time.Time {
	y, m, d := s.clk.Now().In(clock.Amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// RequirementByCode returns the requirement with the code (any case),
// copying the defaults in first; for callers such as the demo generator
// that know requirements by their shipped codes (AGRESSIE, SIGNALEN, BIBOB,
// BEWUST, INWERK-BESTUUR).
func (s *Store) RequirementByCode(ctx context.Context, sc *auth.Scope, code string) (*Requirement, error) {
	all, err := s.Requirements(ctx, sc)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if strings.EqualFold(r.Code, strings.TrimSpace(code)) {
			return r, nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "people.training.err.requirement_not_found")
}
