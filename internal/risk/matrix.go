package risk

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Matrix is an organisation's risk matrix: a score is likelihood × impact,
// each counted from 1 to the number of its labels. Thresholds holds the
// lowest score that counts as medium and the lowest that counts as high.
type Matrix struct {
	LikelihoodLabels []string
	ImpactLabels     []string
	Thresholds       [2]int
	// ApproverRole is the role that approves treatment decisions.
	ApproverRole auth.Role
}

// Matrix size bounds: a 2 × 2 matrix is the smallest that tells anything,
// beyond 10 × 10 nobody can tell the cells apart.
const (
	MinMatrixSize = 2
	MaxMatrixSize = 10
)

// DefaultMatrix is the 5 × 5 matrix an organisation starts with: medium
// from a score of 5, high from 12; the gemeentesecretaris (executive)
// approves treatment decisions.
func DefaultMatrix() Matrix {
	return Matrix{
		LikelihoodLabels: []string{"Zeer onwaarschijnlijk", "Onwaarschijnlijk", "Mogelijk", "Waarschijnlijk", "Zeer waarschijnlijk"},
		ImpactLabels:     []string{"Zeer klein", "Klein", "Aanzienlijk", "Groot", "Zeer groot"},
		Thresholds:       [2]int{5, 12},
		ApproverRole:     auth.Executive,
	}
}

// Valid reports whether likelihood and impact are a cell of the matrix.
func (m Matrix) Valid(likelihood, impact int) bool {
	return likelihood >= 1 && likelihood <= len(m.LikelihoodLabels) && impact >= 1 && impact <= len(m.ImpactLabels)
}

// Level is the risk level of a cell: low, medium or high by the
// thresholds; "" for a cell outside the matrix (not scored).
func (m Matrix) Level(likelihood, impact int) duty.Risk {
	if !m.Valid(likelihood, impact) {
		return ""
	}
	return m.scoreLevel(likelihood * impact)
}

// scoreLevel is the level of a score (likelihood × impact); "" for 0, not
// scored.
func (m Matrix) scoreLevel(score int) duty.Risk {
	switch {
	case score <= 0:
		return ""
	case score >= m.Thresholds[1]:
		return duty.High
	case score >= m.Thresholds[0]:
		return duty.Medium
	}
	return duty.Low
}

// Max is the highest score of the matrix.
func (m Matrix) Max() int { return len(m.LikelihoodLabels) * len(m.ImpactLabels) }

// String describes the matrix for logs and tests.
func (m Matrix) String() string {
	return fmt.Sprintf("%d×%d medium≥%d high≥%d", len(m.LikelihoodLabels), len(m.ImpactLabels), m.Thresholds[0], m.Thresholds[1])
}

// Matrix returns the risk matrix of the scope's organisation: its own, or
// the default when it has not configured one.
func (s *Store) Matrix(ctx context.Context, sc *auth.Scope) (Matrix, error) {
	if err := canRead(sc); err != nil {
		return Matrix{}, err
	}
	return loadMatrix(ctx, s.db.Read, sc.OrgID)
}

// loadMatrix reads an organisation's matrix within q (a transaction when
// the caller validates scores against it before writing them).
func loadMatrix(ctx context.Context, q store.Querier, orgID string) (Matrix, error) {
	var lik, imp, thr, role string
	err := q.QueryRowContext(ctx, `SELECT likelihood_labels, impact_labels, thresholds, approver_role
		FROM risk_matrices WHERE org_id = $1`, orgID).Scan(&lik, &imp, &thr, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultMatrix(), nil
	}
	if err != nil {
		return Matrix{}, apperr.Wrap(err, "store.query_failed")
	}
	m := Matrix{ApproverRole: auth.Role(role)}
	if err := errors.Join(json.Unmarshal([]byte(lik), &m.LikelihoodLabels), json.Unmarshal([]byte(imp), &m.ImpactLabels),
		json.Unmarshal([]byte(thr), &m.Thresholds)); err != nil {
		return Matrix{}, apperr.Wrap(err, "store.query_failed")
	}
	return m, nil
}
