package risk

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Treatment is how the organisation deals with a risk.
type Treatment string

// The treatments of a risk.
const (
	Mitigate Treatment = "mitigate" // beheersen: controls bring it down
	Accept   Treatment = "accept"   // accepteren: live with it
	Avoid    Treatment = "avoid"    // vermijden: stop the activity
	Transfer Treatment = "transfer" // overdragen: insure or outsource
)

// Treatments lists the treatments in the order the UI offers them.
var Treatments = []Treatment{Mitigate, Accept, Avoid, Transfer}

// DecisionStatus is where a treatment decision stands.
type DecisionStatus string

// The states of a decision: proposed, then approved or rejected, once.
const (
	Proposed DecisionStatus = "proposed"
	Approved DecisionStatus = "approved"
	Rejected DecisionStatus = "rejected"
)

// maxMotivation is the longest motivation or decision note, in characters.
const maxMotivation = 4000

// Decision is a treatment decision about a vulnerability, with the
// snapshot of the risk it was proposed on.
type Decision struct {
	ID              string
	VulnerabilityID string
	Treatment       Treatment
	Motivation      string
	Status          DecisionStatus
	ProposedBy      string
	ProposedByName  string
	ProposedAt      time.Time
	DecidedBy       string
	DecidedByName   string
	DecidedAt       time.Time
	Note            string
	Snapshot        Snapshot
}

// Open reports whether the decision still waits for its approver.
func (d Decision) Open() bool { return d.Status == Proposed }

// ProposeDecision proposes a treatment for a vulnerability of the scope's
// organisation. The snapshot of the vulnerability, its controls and the
// matrix is taken in the same transaction, so that it is exactly what the
// proposal was based on. A vulnerability has at most one open proposal.
func (s *Store) ProposeDecision(ctx context.Context, sc *auth.Scope, vulnerabilityID string, treatment Treatment, motivation string) (*Decision, error) {
	if err := canManage(sc); err != nil {
		return nil, err
	}
	d := &Decision{ID: store.NewID(), VulnerabilityID: vulnerabilityID, Treatment: Treatment(clean(string(treatment))),
		Motivation: cleanText(motivation), Status: Proposed, ProposedBy: sc.UserID, ProposedByName: sc.UserName,
		ProposedAt: store.Time(store.Millis(s.clk.Now()))}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// Touching the vulnerability's row locks it on PostgreSQL until
		// commit, so that two people proposing at once are serialised and
		// the second sees the first's open proposal (SQLite has one
		// writer anyway).
		if _, err := tx.ExecContext(ctx, `UPDATE vulnerabilities SET updated_at = updated_at WHERE org_id = $1 AND id = $2`,
			sc.OrgID, vulnerabilityID); err != nil {
			return writeErr(err)
		}
		snap, err := takeSnapshot(ctx, tx, sc.OrgID, vulnerabilityID)
		if err != nil {
			return err
		}
		var errs apperr.List
		if !slices.Contains(Treatments, d.Treatment) {
			errs = append(errs, apperr.FieldErr("treatment", "risk.decision.treatment_invalid"))
		}
		errs = checkText(errs, "motivation", d.Motivation, true, maxMotivation)
		if len(errs) > 0 {
			return errs
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM risk_decisions WHERE org_id = $1 AND vulnerability_id = $2 AND status = 'proposed'`,
			sc.OrgID, vulnerabilityID).Scan(&open); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "risk.decision.open_exists")
		}
		d.Snapshot = *snap
		js, err := json.Marshal(snap)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO risk_decisions (id, org_id, vulnerability_id, treatment, motivation, status, proposed_by, proposed_at, snapshot)
			VALUES ($1, $2, $3, $4, $5, 'proposed', $6, $7, $8)`,
			d.ID, sc.OrgID, vulnerabilityID, string(d.Treatment), d.Motivation, sc.UserID, store.Millis(d.ProposedAt), string(js))
		if err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionDecisionPropose, "risk_decision", d.ID)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Approve approves a proposed decision and gives the vulnerability its
// treatment. Only a user who holds the matrix's approver role (and
// risk.approve) may, and never the one who proposed it (four eyes).
func (s *Store) Approve(ctx context.Context, sc *auth.Scope, decisionID, note string) (*Decision, error) {
	return s.decide(ctx, sc, decisionID, note, Approved)
}

// Reject rejects a proposed decision, with a note that says why; the
// vulnerability keeps the treatment it had.
func (s *Store) Reject(ctx context.Context, sc *auth.Scope, decisionID, note string) (*Decision, error) {
	return s.decide(ctx, sc, decisionID, note, Rejected)
}

func (s *Store) decide(ctx context.Context, sc *auth.Scope, decisionID, note string, to DecisionStatus) (*Decision, error) {
	if !sc.Can(auth.RiskApprove) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	note = cleanText(note)
	var out *Decision
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDecision(ctx, tx, sc.OrgID, decisionID)
		if err != nil {
			return err
		}
		if !d.Open() {
			return apperr.New(apperr.Conflict, "risk.decision.already_decided")
		}
		m, err := loadMatrix(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		// Who approves is the organisation's choice, held in its matrix;
		// holding the permission alone is not enough.
		if !sc.HasRole(m.ApproverRole) {
			return apperr.New(apperr.Conflict, "risk.decision.not_approver")
		}
		if d.ProposedBy == sc.UserID {
			return apperr.New(apperr.Conflict, "risk.decision.own_proposal")
		}
		var errs apperr.List
		errs = checkText(errs, "decision_note", note, to == Rejected, maxMotivation)
		if len(errs) > 0 {
			return errs
		}
		now := s.clk.Now()
		res, err := tx.ExecContext(ctx, `UPDATE risk_decisions SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4
			WHERE org_id = $5 AND id = $6 AND status = 'proposed'`, string(to), sc.UserID, store.Millis(now), note, sc.OrgID, decisionID)
		if err != nil {
			return writeErr(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "risk.decision.already_decided")
		}
		action := ActionDecisionReject
		if to == Approved {
			action = ActionDecisionApprove
			if _, err := tx.ExecContext(ctx, `UPDATE vulnerabilities SET treatment = $1, updated_at = $2 WHERE org_id = $3 AND id = $4`,
				string(d.Treatment), store.Millis(now), sc.OrgID, d.VulnerabilityID); err != nil {
				return writeErr(err)
			}
		}
		if err := s.record(ctx, tx, sc, action, "risk_decision", decisionID); err != nil {
			return err
		}
		d.Status, d.DecidedBy, d.DecidedByName, d.DecidedAt, d.Note = to, sc.UserID, sc.UserName, store.Time(store.Millis(now)), note
		out = d
		return nil
	})
	return out, err
}

// Decision returns one treatment decision of the scope's organisation.
func (s *Store) Decision(ctx context.Context, sc *auth.Scope, decisionID string) (*Decision, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	return getDecision(ctx, s.db.Read, sc.OrgID, decisionID)
}

// VulnerabilityDecisions returns the treatment decisions about one
// vulnerability, newest first; NotFound when the vulnerability is not the
// organisation's.
func (s *Store) VulnerabilityDecisions(ctx context.Context, sc *auth.Scope, vulnerabilityID string) ([]Decision, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	ok, err := exists(ctx, s.db.Read, "vulnerabilities", sc.OrgID, vulnerabilityID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	return queryDecisions(ctx, s.db.Read, `d.org_id = $1 AND d.vulnerability_id = $2 ORDER BY d.proposed_at DESC, d.id`, sc.OrgID, vulnerabilityID)
}

// maxHistory is how many decided decisions the overview shows.
const maxHistory = 200

// Decisions returns the organisation's open proposals, oldest first, and
// the most recent decided ones, newest first.
func (s *Store) Decisions(ctx context.Context, sc *auth.Scope) (open, decided []Decision, err error) {
	if err := canRead(sc); err != nil {
		return nil, nil, err
	}
	open, err = queryDecisions(ctx, s.db.Read, `d.org_id = $1 AND d.status = 'proposed' ORDER BY d.proposed_at, d.id`, sc.OrgID)
	if err != nil {
		return nil, nil, err
	}
	decided, err = queryDecisions(ctx, s.db.Read, `d.org_id = $1 AND d.status <> 'proposed' ORDER BY d.decided_at DESC, d.id LIMIT $2`, sc.OrgID, maxHistory)
	return open, decided, err
}

func getDecision(ctx context.Context, q store.Querier, orgID, id string) (*Decision, error) {
	ds, err := queryDecisions(ctx, q, `d.org_id = $1 AND d.id = $2`, orgID, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, apperr.New(apperr.NotFound, "error.not_found")
	}
	return &ds[0], nil
}

// queryDecisions reads decisions; where is a constant of this package.
func queryDecisions(ctx context.Context, q store.Querier, where string, args ...any) ([]Decision, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.vulnerability_id, d.treatment, d.motivation, d.status, d.proposed_by, COALESCE(p.name, ''),
		d.proposed_at, d.decided_by, COALESCE(a.name, ''), d.decided_at, d.decision_note, d.snapshot
		FROM risk_decisions d LEFT JOIN users p ON p.id = d.proposed_by LEFT JOIN users a ON a.id = d.decided_by
		WHERE `+where, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var proposed, decided int64
		var snap string
		if err := rows.Scan(&d.ID, &d.VulnerabilityID, &d.Treatment, &d.Motivation, &d.Status, &d.ProposedBy, &d.ProposedByName,
			&proposed, &d.DecidedBy, &d.DecidedByName, &decided, &d.Note, &snap); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		d.ProposedAt = store.Time(proposed)
		if decided > 0 {
			d.DecidedAt = store.Time(decided)
		}
		if err := json.Unmarshal([]byte(snap), &d.Snapshot); err != nil {
			return nil, apperr.Wrap(errors.Join(errors.New("risk: decision snapshot"), err), "store.query_failed")
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}
