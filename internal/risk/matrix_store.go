package risk

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Audit action codes of the matrix and the treatment decisions.
const (
	ActionMatrixSave      = area + ".matrix.save"
	ActionDecisionPropose = area + ".decision.propose"
	ActionDecisionApprove = area + ".decision.approve"
	ActionDecisionReject  = area + ".decision.reject"
)

// maxLabel is the longest label of a matrix row or column, in characters.
const maxLabel = 60

// ApproverRoles lists the roles that may be named as approver of
// treatment decisions: those that hold risk.approve. A role without it
// could never approve, and the employee and the beheerder never hold it.
func ApproverRoles() []auth.Role {
	var out []auth.Role
	for _, r := range auth.Roles {
		if r.Has(auth.RiskApprove) && r != auth.Employee && r != auth.Admin {
			out = append(out, r)
		}
	}
	return out
}

// SplitLabels turns the text of a label field, one label per line, into
// labels; empty lines are skipped.
func SplitLabels(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if l := clean(line); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SaveMatrix stores the organisation's risk matrix. Every problem is
// reported by field (likelihood_labels, impact_labels, threshold_medium,
// threshold_high, approver_role) and nothing is written. A matrix smaller
// than the scores already given is refused, naming how many scored
// vulnerabilities would fall outside it: rescoring them is a decision for
// a person, not for a settings page.
func (s *Store) SaveMatrix(ctx context.Context, sc *auth.Scope, m Matrix) error {
	if !sc.Allows(auth.RiskSettings) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	m.LikelihoodLabels = cleanLabels(m.LikelihoodLabels)
	m.ImpactLabels = cleanLabels(m.ImpactLabels)
	var errs apperr.List
	errs = checkLabels(errs, "likelihood_labels", m.LikelihoodLabels)
	errs = checkLabels(errs, "impact_labels", m.ImpactLabels)
	// Thresholds: 1 < medium ≤ high ≤ the highest score.
	top := MaxMatrixSize * MaxMatrixSize
	if len(errs) == 0 {
		top = m.Max()
	}
	if lo := m.Thresholds[0]; lo < 2 || lo > top {
		errs = append(errs, apperr.FieldErr("threshold_medium", "risk.matrix.threshold_range", 2, top))
	}
	if lo, hi := min(max(2, m.Thresholds[0]), top), m.Thresholds[1]; hi < lo || hi > top {
		errs = append(errs, apperr.FieldErr("threshold_high", "risk.matrix.threshold_range", lo, top))
	}
	if !slices.Contains(ApproverRoles(), m.ApproverRole) {
		errs = append(errs, apperr.FieldErr("approver_role", "risk.matrix.approver_invalid"))
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if len(m.LikelihoodLabels) >= MinMatrixSize {
			n, err := countOutside(ctx, tx, sc.OrgID, "likelihood", len(m.LikelihoodLabels))
			if err != nil {
				return err
			}
			if n > 0 {
				errs = append(errs, apperr.FieldErr("likelihood_labels", "risk.matrix.shrink", n))
			}
		}
		if len(m.ImpactLabels) >= MinMatrixSize {
			n, err := countOutside(ctx, tx, sc.OrgID, "impact", len(m.ImpactLabels))
			if err != nil {
				return err
			}
			if n > 0 {
				errs = append(errs, apperr.FieldErr("impact_labels", "risk.matrix.shrink", n))
			}
		}
		if len(errs) > 0 {
			return errs
		}
		lik, _ := json.Marshal(m.LikelihoodLabels)
		imp, _ := json.Marshal(m.ImpactLabels)
		thr, _ := json.Marshal(m.Thresholds)
		_, err := tx.ExecContext(ctx, `INSERT INTO risk_matrices (org_id, likelihood_labels, impact_labels, thresholds, approver_role, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (org_id) DO UPDATE SET likelihood_labels = excluded.likelihood_labels, impact_labels = excluded.impact_labels,
				thresholds = excluded.thresholds, approver_role = excluded.approver_role, updated_at = excluded.updated_at`,
			sc.OrgID, string(lik), string(imp), string(thr), string(m.ApproverRole), store.Millis(s.clk.Now()))
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionMatrixSave, "risk_matrix", sc.OrgID)
	})
}

func cleanLabels(in []string) []string {
	out := make([]string, len(in))
	for i, l := range in {
		out[i] = clean(l)
	}
	return out
}

func checkLabels(errs apperr.List, field string, labels []string) apperr.List {
	if n := len(labels); n < MinMatrixSize || n > MaxMatrixSize {
		return append(errs, apperr.FieldErr(field, "risk.matrix.size", MinMatrixSize, MaxMatrixSize, n))
	}
	seen := map[string]bool{}
	for _, l := range labels {
		switch k := strings.ToLower(l); {
		case l == "":
			return append(errs, apperr.FieldErr(field, "risk.matrix.label_empty"))
		case len([]rune(l)) > maxLabel:
			return append(errs, apperr.FieldErr(field, "risk.matrix.label_long", l, maxLabel))
		case seen[k]:
			return append(errs, apperr.FieldErr(field, "risk.matrix.label_twice", l))
		default:
			seen[k] = true
		}
	}
	return errs
}

// countOutside counts the organisation's vulnerabilities with an inherent
// or residual score beyond size on an axis ("likelihood" or "impact", a
// constant of this package).
func countOutside(ctx context.Context, q store.Querier, orgID, axis string, size int) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM vulnerabilities WHERE org_id = $1
		AND (inherent_`+axis+` > $2 OR residual_`+axis+` > $2)`, orgID, size).Scan(&n)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	return n, nil
}
