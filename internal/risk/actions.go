package risk

import (
	"context"

	"github.com/weerbaar/weerbaar/internal/auth"
)

// NewAction is what the register asks the programme's action list to
// create for an open control or a duty finding. Title and SourceLabel are
// content-free enough for a reminder e-mail: they name the process or the
// kind of finding, never a person.
type NewAction struct {
	Title       string
	Description string
	OwnerID     string // a user of the organisation; "" leaves it to the list's default
	DueDate     string // YYYY-MM-DD
	SourceType  string // "control" or "finding"
	SourceID    string
	SourceLabel string
}

// Actions is the programme's action list as the register needs it. The
// consumer owns this interface; internal/app wires package plan in.
type Actions interface {
	CreateAction(ctx context.Context, sc *auth.Scope, n NewAction) (id string, err error)
}

// SetActions connects the action list. Without it, creating an action from
// the register is refused as unavailable.
func (s *Store) SetActions(a Actions) { s.actions = a }
