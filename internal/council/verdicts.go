package council

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Decision is a verdict the coordinator gave on a norm: the proposal
// confirmed, or overridden with a motivation.
type Decision struct {
	ID         string
	NormKey    string
	Proposed   Verdict
	Verdict    Verdict
	Motivation string
	Values     []Value // the evidence the proposal rested on then
	DecidedBy  string  // the name of the coordinator
	DecidedAt  time.Time
}

// Overridden reports whether the verdict differs from the proposal.
func (d *Decision) Overridden() bool { return d.Verdict != d.Proposed }

// Assessment is one norm as the page shows it: today's proposal and the
// coordinator's current decision, if any.
type Assessment struct {
	Proposal
	Decision *Decision
}

// Final is the verdict that counts: the decision, else the proposal.
func (a *Assessment) Final() Verdict {
	if a.Decision != nil {
		return a.Decision.Verdict
	}
	return a.Proposed
}

const maxMotivation = 4000

// Assess proposes a verdict for every norm from today's evidence and joins
// the current decision of each.
func (s *Store) Assess(ctx context.Context, sc *auth.Scope) ([]Assessment, Inputs, error) {
	in, err := s.Gather(ctx, sc)
	if err != nil {
		return nil, in, err
	}
	current, err := s.decisions(ctx, sc, "")
	if err != nil {
		return nil, in, err
	}
	latest := map[string]*Decision{}
	for i := range current {
		d := &current[i]
		if _, ok := latest[d.NormKey]; !ok {
			latest[d.NormKey] = d
		}
	}
	out := make([]Assessment, 0, len(Norms))
	for _, p := range Propose(in) {
		out = append(out, Assessment{Proposal: p, Decision: latest[p.Norm.Key]})
	}
	return out, in, nil
}

// History lists every decision on the norm, newest first.
func (s *Store) History(ctx context.Context, sc *auth.Scope, normKey string) ([]Decision, error) {
	if err := need(sc, auth.CouncilRead); err != nil {
		return nil, err
	}
	return s.decisions(ctx, sc, normKey)
}

func (s *Store) decisions(ctx context.Context, sc *auth.Scope, normKey string) ([]Decision, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT v.id, v.norm_key, v.proposed, v.verdict, v.motivation, v.evidence, COALESCE(u.name, ''), v.decided_at
		FROM council_norm_verdicts v LEFT JOIN users u ON u.id = v.decided_by
		WHERE v.org_id = $1 AND ($2 = '' OR v.norm_key = $2) ORDER BY v.decided_at DESC, v.id DESC`, sc.OrgID, normKey)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var ev string
		var at int64
		if err := rows.Scan(&d.ID, &d.NormKey, &d.Proposed, &d.Verdict, &d.Motivation, &ev, &d.DecidedBy, &at); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		_ = json.Unmarshal([]byte(ev), &d.Values) // older rows without evidence show none
		d.DecidedAt = store.Time(at)
		out = append(out, d)
	}
	return out, rows.Err()
}

// Decide records the coordinator's verdict on a norm: the proposal of
// today's evidence confirmed, or another verdict with a motivation (an
// override without one is refused, naming the field). The proposal and its
// evidence are stored with it; earlier decisions stay as history.
func (s *Store) Decide(ctx context.Context, sc *auth.Scope, normKey string, verdict Verdict, motivation string) (*Decision, error) {
	if err := need(sc, auth.CouncilEdit); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(Norms, func(n Norm) bool { return n.Key == normKey })
	if i < 0 {
		return nil, notFound()
	}
	motivation = cleanText(motivation)
	in, err := s.Gather(ctx, sc)
	if err != nil {
		return nil, err
	}
	v, vals := rules[normKey](in)
	var errs apperr.List
	switch {
	case verdict == "":
		verdict = v
	case !verdict.Valid():
		errs = append(errs, apperr.FieldErr("verdict", "council.err.verdict"))
	}
	if verdict != v && motivation == "" {
		errs = append(errs, apperr.FieldErr("motivation", "council.err.motivation_required"))
	}
	if tooLong(motivation, maxMotivation) {
		errs = append(errs, apperr.FieldErr("motivation", "council.err.too_long", maxMotivation))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	ev, err := json.Marshal(vals)
	if err != nil {
		return nil, apperr.Wrap(err, "store.tx_failed")
	}
	d := &Decision{ID: store.NewID(), NormKey: normKey, Proposed: v, Verdict: verdict, Motivation: motivation, Values: vals,
		DecidedBy: sc.UserName, DecidedAt: s.clk.Now()}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO council_norm_verdicts (id, org_id, norm_key, proposed, verdict, motivation, evidence, decided_by, decided_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.ID, sc.OrgID, normKey, v, verdict, motivation, string(ev), sc.UserID, store.Millis(d.DecidedAt)); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionNormVerdict, "council_norm", normKey)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
