package risk

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// External finding kinds the duty analysis knows how to show.
const (
	// ExternalBibobSelfDecided is a Bibob screening decided by the one who
	// screened it or recorded its research.
	ExternalBibobSelfDecided = "bibob_self_decided"
)

// ExternalFinding is a separation-of-duties finding that another
// capability contributes to the duty analysis. It names the case and the
// person, never the case's content; Link goes to the finding in the
// capability that owns it, which checks its own permissions again.
type ExternalFinding struct {
	Kind   string // ExternalBibobSelfDecided
	Case   string // the owner's reference, e.g. a Bibob case number
	Person string // the name of the person who broke the separation
	Role   string // what that person did besides deciding: "screened" or "researched"
	On     string // YYYY-MM-DD, the date of the decision
	Link   string
}

// FindingSource is a capability that contributes findings to the duty
// analysis. The consumer owns this interface; internal/app wires the
// sources in. A source decides itself what the actor may see and returns
// nothing (not an error) to an actor who may see none of its findings.
type FindingSource interface {
	DutyFindings(ctx context.Context, sc *auth.Scope) ([]ExternalFinding, error)
}

// SetFindingSources connects the capabilities whose findings the duty
// analysis shows beside its own; it replaces any earlier sources.
func (s *Store) SetFindingSources(src ...FindingSource) { s.sources = src }

// ExternalFindings gathers the findings of every connected source the
// actor may see (risk.read for the duty analysis; each source filters by
// its own permissions and need-to-know).
func (s *Store) ExternalFindings(ctx context.Context, sc *auth.Scope) ([]ExternalFinding, error) {
	if !sc.Allows(auth.RiskRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var out []ExternalFinding
	for _, src := range s.sources {
		list, err := src.DutyFindings(ctx, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}
