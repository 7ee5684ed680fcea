package risk

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"strconv"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/duty"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Snapshot is the risk as it stood when a treatment was proposed: the
// vulnerability with its scores read on the matrix of that moment, its
// controls, and the matrix itself. It is stored as JSON with the decision
// and never changes, so that a later reader sees what the approver saw.
type Snapshot struct {
	Vulnerability SnapshotVulnerability `json:"vulnerability"`
	Controls      []SnapshotControl     `json:"controls"`
	Matrix        SnapshotMatrix        `json:"matrix"`
}

// SnapshotVulnerability is the vulnerability part of a snapshot.
type SnapshotVulnerability struct {
	ID          string `json:"id"`
	ProcessID   string `json:"process_id"`
	ProcessName string `json:"process_name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Origin      string `json:"origin"`
	Intent      string `json:"intent"`
	Factor      string `json:"factor"`
	Inherent    Rating `json:"inherent"`
	Residual    Rating `json:"residual"`
	Treatment   string `json:"treatment"`
}

// Rating is a likelihood × impact score read on a matrix: the cell, its
// labels, the product and its level ("" when not scored).
type Rating struct {
	Likelihood      int       `json:"likelihood"`
	Impact          int       `json:"impact"`
	LikelihoodLabel string    `json:"likelihood_label"`
	ImpactLabel     string    `json:"impact_label"`
	Value           int       `json:"value"`
	Level           duty.Risk `json:"level"`
}

// Scored reports whether the score is a cell of its matrix.
func (s Rating) Scored() bool { return s.Level != "" }

// SnapshotControl is a control as it stood.
type SnapshotControl struct {
	Title  string `json:"title"`
	Status string `json:"status"`
}

// SnapshotMatrix summarises the matrix a snapshot was read on.
type SnapshotMatrix struct {
	Rows         int       `json:"rows"`
	Cols         int       `json:"cols"`
	Thresholds   [2]int    `json:"thresholds"`
	ApproverRole auth.Role `json:"approver_role"`
}

// ScoreOf reads likelihood × impact on the matrix.
func (m Matrix) Rate(likelihood, impact int) Rating {
	s := Rating{Likelihood: likelihood, Impact: impact, Level: m.Level(likelihood, impact)}
	if s.Level != "" {
		s.LikelihoodLabel, s.ImpactLabel = m.LikelihoodLabels[likelihood-1], m.ImpactLabels[impact-1]
		s.Value = likelihood * impact
	}
	return s
}

// takeSnapshot reads a vulnerability of the organisation, its controls and
// the matrix within q; NotFound when the vulnerability is not the
// organisation's.
func takeSnapshot(ctx context.Context, q store.Querier, orgID, vulnerabilityID string) (*Snapshot, error) {
	m, err := loadMatrix(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	var v SnapshotVulnerability
	var il, ii, rl, ri int
	err = q.QueryRowContext(ctx, `SELECT v.id, v.process_id, p.name, v.title, v.description, v.origin, v.intent, v.factor,
		v.inherent_likelihood, v.inherent_impact, v.residual_likelihood, v.residual_impact, v.treatment
		FROM vulnerabilities v JOIN processes p ON p.org_id = v.org_id AND p.id = v.process_id
		WHERE v.org_id = $1 AND v.id = $2`, orgID, vulnerabilityID).Scan(&v.ID, &v.ProcessID, &v.ProcessName, &v.Title, &v.Description,
		&v.Origin, &v.Intent, &v.Factor, &il, &ii, &rl, &ri, &v.Treatment)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	v.Inherent, v.Residual = m.Rate(il, ii), m.Rate(rl, ri)
	snap := &Snapshot{Vulnerability: v, Controls: []SnapshotControl{},
		Matrix: SnapshotMatrix{Rows: len(m.LikelihoodLabels), Cols: len(m.ImpactLabels), Thresholds: m.Thresholds, ApproverRole: m.ApproverRole}}
	rows, err := q.QueryContext(ctx, `SELECT title, status FROM controls WHERE org_id = $1 AND vulnerability_id = $2 ORDER BY title, id`,
		orgID, vulnerabilityID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var c SnapshotControl
		if err := rows.Scan(&c.Title, &c.Status); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		snap.Controls = append(snap.Controls, c)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return snap, nil
}

// HTML shows the rating for a page: the score, the level in words in the
// register's level badge (colour only supports the word) and the cell's
// labels, e.g. "12, Hoog (Waarschijnlijk × Groot)".
func (s Rating) HTML(lang i18n.Lang) template.HTML {
	if !s.Scored() {
		return template.HTML(template.HTMLEscapeString(i18n.T(lang, "risk.score.none"))) //nolint:gosec // escaped
	}
	esc := template.HTMLEscapeString
	badge := `<span class="level level--` + string(s.Level) + `">` + esc(i18n.T(lang, "duty.risk."+string(s.Level))) + `</span>`
	return template.HTML(strconv.Itoa(s.Value) + ", " + badge + " (" + esc(s.LikelihoodLabel) + " × " + esc(s.ImpactLabel) + ")") //nolint:gosec // escaped
}
