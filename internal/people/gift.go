package people

import (
	"context"
	"database/sql"
	"errors"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// GiftDecisions are what may be decided about a gift; ” is undecided.
var GiftDecisions = []string{"keep", "return", "refuse", "donate"}

// Gift is one entry of the gift register. Description is sealed and
// filled only by Gift, which audits the read.
type Gift struct {
	ID             string
	Person         Person
	ReceivedOn     string
	ValueCents     int
	AboveThreshold bool
	Decision       string
	DecidedBy      string
	NeedToKnow     bool
	Description    string
}

// GiftInput registers a gift or an invitation.
type GiftInput struct {
	EmployeeID  string
	Description string
	ReceivedOn  string
	ValueCents  int
	Decision    string
	NeedToKnow  bool
}

// AddGift registers a gift (HR). A decision, when given, is recorded as
// taken by the acting user.
func (s *Store) AddGift(ctx context.Context, sc *auth.Scope, in GiftInput) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	var errs apperr.List
	var e *apperr.Error
	if in.Description, e = checkText("description", in.Description, true, 2000); e != nil {
		errs = append(errs, e)
	}
	if in.ReceivedOn, e = checkDay("received_on", in.ReceivedOn, true); e != nil {
		errs = append(errs, e)
	}
	if in.ValueCents < 0 || in.ValueCents > maxThresholdCents {
		errs = append(errs, apperr.FieldErr("value", "integrity.gift.value_invalid"))
	}
	if in.Decision != "" && !contains(GiftDecisions, in.Decision) {
		errs = append(errs, apperr.FieldErr("decision", "integrity.gift.decision_invalid"))
	}
	errs, err := s.checkEmployee(ctx, sc, errs, in.EmployeeID)
	if err != nil {
		return "", err
	}
	if len(errs) > 0 {
		return "", errs
	}
	decidedBy := ""
	if in.Decision != "" {
		decidedBy = sc.UserName
	}
	id := store.NewID()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
		if err != nil {
			return err
		}
		desc, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Description, "gift:"+id+":description")
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO gifts (id, org_id, employee_id, key_id, description, received_on, value_cents, decision,
			decided_by, need_to_know, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
			id, sc.OrgID, in.EmployeeID, keyID, desc, in.ReceivedOn, in.ValueCents, in.Decision, decidedBy, in.NeedToKnow, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".gift.create", ObjGift, id)
	})
	return id, err
}

// DecideGift records the decision about a gift, by the acting user (HR).
func (s *Store) DecideGift(ctx context.Context, sc *auth.Scope, id, decision string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	if err := s.recordExists(ctx, sc, ObjGift, id); err != nil {
		return err
	}
	if !contains(GiftDecisions, decision) {
		return apperr.List{apperr.FieldErr("decision", "integrity.gift.decision_invalid")}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE gifts SET decision = $1, decided_by = $2, updated_at = $3 WHERE org_id = $4 AND id = $5`,
			decision, sc.UserName, store.Millis(s.clk.Now()), sc.OrgID, id); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".gift.decide", ObjGift, id)
	})
}

const giftCols = `g.id, g.received_on, g.value_cents, g.decision, g.decided_by, g.need_to_know,
	e.id, e.number, e.name, e.team_id, t.name, e.person_kind, e.start_date, e.end_date`

func scanGift(sc interface{ Scan(...any) error }, g *Gift, extra ...any) error {
	p := &g.Person
	return sc.Scan(append([]any{&g.ID, &g.ReceivedOn, &g.ValueCents, &g.Decision, &g.DecidedBy, &g.NeedToKnow,
		&p.ID, &p.Number, &p.Name, &p.TeamID, &p.TeamName, &p.Kind, &p.Start, &p.End}, extra...)...)
}

// Gifts returns the gift records the scope may see, newest first, without
// their sealed description, each marked when its value is above the
// organisation's threshold.
func (s *Store) Gifts(ctx context.Context, sc *auth.Scope) ([]Gift, error) {
	ts, err := s.TeamScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	return listRecords(ctx, s, sc, ts, st, ObjGift, `SELECT `+giftCols+` FROM gifts g JOIN employees e ON e.id = g.employee_id
		JOIN teams t ON t.id = e.team_id WHERE g.org_id = $1 ORDER BY g.received_on DESC, e.name`,
		func(r *sql.Rows, g *Gift) (recordMeta, error) {
			if err := scanGift(r, g); err != nil {
				return recordMeta{}, err
			}
			g.AboveThreshold = g.ValueCents > st.GiftThresholdCents
			return recordMeta{g.ID, g.Person.Kind, g.NeedToKnow}, nil
		})
}

// Gift returns one gift record with its description opened; the read is
// audited. A record the scope may not see is NotFound.
func (s *Store) Gift(ctx context.Context, sc *auth.Scope, id string) (*Gift, error) {
	ts, err := s.detailScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, s.db.Read, sc.OrgID)
	if err != nil {
		return nil, err
	}
	var g Gift
	var keyID string
	var desc []byte
	err = scanGift(s.db.Read.QueryRowContext(ctx, `SELECT `+giftCols+`, g.key_id, g.description FROM gifts g
		JOIN employees e ON e.id = g.employee_id JOIN teams t ON t.id = e.team_id WHERE g.org_id = $1 AND g.id = $2`, sc.OrgID, id), &g, &keyID, &desc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "integrity.not_found")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if ok, err := s.mayView(ctx, sc, ts, ObjGift, g.ID, g.NeedToKnow); err != nil {
		return nil, err
	} else if !ok {
		return nil, apperr.New(apperr.NotFound, "integrity.not_found")
	}
	g.AboveThreshold = g.ValueCents > st.GiftThresholdCents
	if g.Description, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, desc, "gift:"+id+":description"); err != nil {
		return nil, err
	}
	if err := s.recordRead(ctx, sc, ObjGift, id); err != nil {
		return nil, err
	}
	return &g, nil
}

// Euros is the gift's value as a Dutch amount without currency sign.
func (g Gift) Euros() string { return euros(g.ValueCents) }
