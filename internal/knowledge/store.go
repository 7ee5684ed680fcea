package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Store keeps the organisations' own versions of the cards and merges them
// with the shipped ones.
type Store struct {
	db    *store.DB
	clk   clock.Clock
	audit *audit.Log
}

// NewStore returns a Store.
func NewStore(db *store.DB, clk clock.Clock, a *audit.Log) *Store {
	return &Store{db: db, clk: clk, audit: a}
}

// The audit actions of the module.
const (
	actionUpdate = "knowledge.card.update"
	actionReset  = "knowledge.card.reset"
	objectType   = "knowledge_card"
)

const cardColumns = `k.process_code, k.title, k.summary, k.risks, k.signals, k.steps, k.contacts, k.contact_line,
	COALESCE(u.name, ''), k.updated_at`

func scanCard(row interface{ Scan(...any) error }) (Card, error) {
	var c Card
	var risks, signals, steps, contacts string
	var updated int64
	if err := row.Scan(&c.Code, &c.Title, &c.Summary, &risks, &signals, &steps, &contacts, &c.ContactLine,
		&c.UpdatedBy, &updated); err != nil {
		return Card{}, err
	}
	c.Risks, c.Signals, c.Steps, c.Contacts = splitLines(risks), splitLines(signals), splitLines(steps), splitLines(contacts)
	c.Edited, c.UpdatedAt = true, store.Time(updated)
	return c, nil
}

// splitLines turns a stored section back into its bullets.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// List returns every card of the catalogue as the scope's organisation
// sees it, in catalogue order.
func (s *Store) List(ctx context.Context, sc *auth.Scope) ([]Card, error) {
	if !sc.Can(auth.KnowledgeRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+cardColumns+` FROM knowledge_cards k LEFT JOIN users u ON u.id = k.updated_by
		WHERE k.org_id = $1`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	own := map[string]Card{}
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		own[c.Code] = c
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	// The catalogue decides which cards exist: an edited card of a process
	// that is no longer shipped is not shown.
	out := Shipped()
	for i, c := range out {
		if o, ok := own[c.Code]; ok {
			out[i] = o
		}
	}
	return out, nil
}

// Get returns one card as the scope's organisation sees it. An unknown
// process code is NotFound.
func (s *Store) Get(ctx context.Context, sc *auth.Scope, code string) (*Card, error) {
	if !sc.Can(auth.KnowledgeRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	def, ok := shippedByCode(code)
	if !ok {
		return nil, apperr.New(apperr.NotFound, "card.not_found")
	}
	c, err := scanCard(s.db.Read.QueryRowContext(ctx, `SELECT `+cardColumns+` FROM knowledge_cards k LEFT JOIN users u ON u.id = k.updated_by
		WHERE k.org_id = $1 AND k.process_code = $2`, sc.OrgID, code))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &def, nil
	case err != nil:
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return &c, nil
}

// Edit is an organisation's text for a card. Sections hold one bullet per
// element; Save trims them, drops empty ones and strips a typed bullet mark.
type Edit struct {
	Title       string
	Summary     string
	Risks       []string
	Signals     []string
	Steps       []string
	Contacts    []string
	ContactLine string
}

// Save stores the organisation's own version of a card, replacing an
// earlier one, and records the change in the audit log in the same
// transaction. Only coordinators (knowledge.edit) may.
func (s *Store) Save(ctx context.Context, sc *auth.Scope, code string, e Edit) (*Card, error) {
	if !sc.Can(auth.KnowledgeEdit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if _, ok := shippedByCode(code); !ok {
		return nil, apperr.New(apperr.NotFound, "card.not_found")
	}
	if err := e.normalise(); err != nil {
		return nil, err
	}
	now := store.Millis(s.clk.Now())
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO knowledge_cards (id, org_id, process_code, title, summary, risks, signals, steps, contacts, contact_line, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (org_id, process_code) DO UPDATE SET title = excluded.title, summary = excluded.summary, risks = excluded.risks,
				signals = excluded.signals, steps = excluded.steps, contacts = excluded.contacts, contact_line = excluded.contact_line,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			store.NewID(), sc.OrgID, code, e.Title, e.Summary, strings.Join(e.Risks, "\n"), strings.Join(e.Signals, "\n"),
			strings.Join(e.Steps, "\n"), strings.Join(e.Contacts, "\n"), e.ContactLine, sc.UserID, now)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, actionUpdate, code)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, sc, code)
}

// Reset deletes the organisation's own version of a card, so that the
// shipped text shows again. Resetting a card that was never edited changes
// nothing and records nothing.
func (s *Store) Reset(ctx context.Context, sc *auth.Scope, code string) error {
	if !sc.Can(auth.KnowledgeEdit) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if _, ok := shippedByCode(code); !ok {
		return apperr.New(apperr.NotFound, "card.not_found")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM knowledge_cards WHERE org_id = $1 AND process_code = $2`, sc.OrgID, code)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, err := res.RowsAffected(); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		} else if n == 0 {
			return nil
		}
		return s.record(ctx, tx, sc, actionReset, code)
	})
}

func (s *Store) record(ctx context.Context, q store.Querier, sc *auth.Scope, action, code string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: objectType, ObjectID: code, Result: "ok", RequestID: sc.RequestID})
}
