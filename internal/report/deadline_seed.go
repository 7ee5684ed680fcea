package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Seed is a report as the operations part needs one: for demo data, tests
// and the benchmark, which cannot go through the intake forms. It is stored
// as intake stores a report — record key, sealed title and body, deadlines
// from the organisation's settings, an audit entry — and put on the
// need-to-know lists of Handlers.
type Seed struct {
	Category   Category
	Channel    Channel
	Status     Status
	Title      string
	Body       string
	Anonymous  bool
	ReceivedAt time.Time
	// AcknowledgedAt, DecidedAt and ClosedAt are set when the status has
	// got that far; zero picks a day after the previous step.
	AcknowledgedAt, DecidedAt, ClosedAt time.Time
	Handlers                            []string // user ids
	// Decision is the decision a closed report had (decided_drop, …);
	// for a decided report its status.
	Decision Status
}

// SealAAD is the additional data a report's sealed column is bound to.
func SealAAD(reportID, column string) string { return "reports:" + reportID + ":" + column }

// SeedReport stores a report as intake would and returns its id and
// reference. It is not a route: intake proper is the other part's.
func (s *Store) SeedReport(ctx context.Context, sc *auth.Scope, in Seed) (id, ref string, err error) {
	if !in.Category.Valid() {
		return "", "", apperr.FieldErr("category", "report.ops.settings.err.category")
	}
	if in.Channel == "" {
		in.Channel = Online
	}
	if in.Status == "" {
		in.Status = Received
	}
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = s.clk.Now()
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, ref, err = s.insertSealed(ctx, tx, sc, in)
		return err
	})
	if err != nil {
		return "", "", err
	}
	for _, u := range in.Handlers {
		if err := s.grant(ctx, sc, id, u); err != nil {
			return id, ref, err
		}
	}
	return id, ref, nil
}

func (s *Store) grant(ctx context.Context, sc *auth.Scope, reportID, userID string) error {
	if s.access != nil {
		return s.access.GrantAccess(ctx, sc, auth.ObjectRef{Type: ObjReport, ID: reportID}, userID, "behandelaar")
	}
	_, err := s.db.Write.ExecContext(ctx, `INSERT INTO need_to_know (org_id, object_type, object_id, user_id, granted_by, reason, granted_at)
		VALUES ($1, $2, $3, $4, $5, 'behandelaar', $6)`, sc.OrgID, ObjReport, reportID, userID, sc.UserID, store.Millis(s.clk.Now()))
	return apperr.Wrap(err, "store.tx_failed")
}

// insertSealed is the intake path: settings, deadlines, record key, seal,
// insert and audit entry, on one transaction.
func (s *Store) insertSealed(ctx context.Context, tx *sql.Tx, sc *auth.Scope, in Seed) (string, string, error) {
	cs, err := s.settingsFor(ctx, tx, sc.OrgID, in.Category)
	if err != nil {
		return "", "", err
	}
	id := store.NewID()
	ref, err := s.nextReference(ctx, tx, sc.OrgID, in.ReceivedAt)
	if err != nil {
		return "", "", err
	}
	keyID, err := s.vault.NewRecordKey(ctx, tx, sc.OrgID)
	if err != nil {
		return "", "", err
	}
	title, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Title, SealAAD(id, "title"))
	if err != nil {
		return "", "", err
	}
	body, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Body, SealAAD(id, "body"))
	if err != nil {
		return "", "", err
	}
	step := func(t time.Time, prev time.Time) time.Time {
		if t.IsZero() {
			return prev.AddDate(0, 0, 1)
		}
		return t
	}
	var ack, decided, closed time.Time
	idx := statusIndex(in.Status)
	if idx >= statusIndex(Acknowledged) {
		ack = step(in.AcknowledgedAt, in.ReceivedAt)
	}
	if in.Status.Decided() || in.Status == Closed {
		decided = step(in.DecidedAt, ack)
	}
	if in.Status == Closed {
		closed = step(in.ClosedAt, decided)
	}
	ms := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return store.Millis(t)
	}
	feedback := time.Time{}
	if !ack.IsZero() {
		feedback = cs.FeedbackDue(ack)
	}
	now := store.Millis(s.clk.Now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO reports (id, org_id, reference, category, channel, status, anonymous, responsible_role, key_id,
		title, body, received_at, acknowledged_at, decided_at, closed_at, ack_due, triage_due, feedback_due, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
		id, sc.OrgID, ref, string(in.Category), string(in.Channel), string(in.Status), in.Anonymous, string(cs.ResponsibleRole), keyID,
		title, body, store.Millis(in.ReceivedAt), ms(ack), ms(decided), ms(closed), ms(cs.AckDue(in.ReceivedAt)), ms(cs.TriageDue(in.ReceivedAt)),
		ms(feedback), now); err != nil {
		return "", "", apperr.Wrap(err, "store.tx_failed")
	}
	decision := in.Decision
	if in.Status.Decided() {
		decision = in.Status
	}
	if !decided.IsZero() && decision == "" {
		decision = DecidedLocal
	}
	events := []seedEvent{{"", Received, in.ReceivedAt}}
	if !ack.IsZero() {
		events = append(events, seedEvent{Received, Acknowledged, ack})
	}
	if !decided.IsZero() {
		events = append(events, seedEvent{InProgress, decision, decided})
	}
	if !closed.IsZero() {
		events = append(events, seedEvent{decision, Closed, closed})
	}
	for _, ev := range events {
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_events (id, org_id, report_id, kind, from_status, to_status, actor_id, at)
			VALUES ($1, $2, $3, 'status', $4, $5, $6, $7)`, store.NewID(), sc.OrgID, id, string(ev.from), string(ev.to), sc.UserID, store.Millis(ev.at)); err != nil {
			return "", "", apperr.Wrap(err, "store.tx_failed")
		}
	}
	if err := s.audit.Record(ctx, tx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: opsActor(sc), Action: area + ".seed",
		ObjectType: ObjReport, ObjectID: id, Result: audit.ResultOK}); err != nil {
		return "", "", err
	}
	return id, ref, nil
}

func statusIndex(st Status) int {
	for i, x := range Statuses {
		if x == st {
			return i
		}
	}
	return -1
}

// seedEvent is one status change in a seeded report's history.
type seedEvent struct {
	from, to Status
	at       time.Time
}

// nextReference hands out the next reference M-YYYY-NNNN of the
// organisation for the year of t (Amsterdam time): one UPDATE … RETURNING
// once the year's counter exists, which also serialises two intakes of one
// organisation; the first report of a year starts the counter after the
// references already there. Intake and the demo seeder both use it, so
// their numbers never collide.
func (s *Store) nextReference(ctx context.Context, tx *sql.Tx, orgID string, t time.Time) (string, error) {
	year := t.In(clock.Amsterdam).Year()
	for range 2 {
		var n int
		err := s.db.QueryRow(ctx, tx, `UPDATE report_reference_seq SET last = last + 1 WHERE org_id = $1 AND year = $2 RETURNING last`,
			orgID, year).Scan(&n)
		if err == nil {
			return fmt.Sprintf("M-%d-%04d", year, n), nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", apperr.Wrap(err, "store.tx_failed")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_reference_seq (org_id, year, last)
			SELECT $1, $2, COUNT(*) FROM reports WHERE org_id = $1 AND reference LIKE $3 ON CONFLICT DO NOTHING`,
			orgID, year, fmt.Sprintf("M-%d-%%", year)); err != nil {
			return "", apperr.Wrap(err, "store.tx_failed")
		}
	}
	return "", apperr.New(apperr.Internal, "store.tx_failed")
}
