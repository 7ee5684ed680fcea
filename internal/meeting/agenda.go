package meeting

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Decisions an agenda item can get (DOMAIN.md §4), as the codes the
// meldpunt speaks: lokaal oppakken, afschalen, RIEC-signaal, aangifte.
var Decisions = []string{"local", "drop", "riec", "police"}

// DecisionRIEC is the decision that allows the RIEC-signal export.
const DecisionRIEC = "riec"

// Item is one agenda item: a report of the meldpunt (ReportID and
// ReportRef) or a free topic, with its decision once taken.
type Item struct {
	ID        string
	MeetingID string
	Position  int
	ReportID  string
	ReportRef string
	Topic     string
	Decision  string
	Reason    string
	DecidedOn string
	Actions   []ItemAction
}

// IsReport reports whether the item is a report of the meldpunt.
func (it Item) IsReport() bool { return it.ReportID != "" }

// meetingKey returns the record key of a meeting of the organisation.
func (s *Store) meetingKey(ctx context.Context, q store.Querier, sc *auth.Scope, meetingID string) (string, error) {
	var keyID string
	err := q.QueryRowContext(ctx, `SELECT key_id FROM meetings WHERE org_id = $1 AND id = $2`, sc.OrgID, meetingID).Scan(&keyID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "loo.not_found")
	}
	if err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	return keyID, nil
}

func aad(table, id, column string) string { return table + ":" + id + ":" + column }

// insertItem adds an agenda item at the end of the agenda.
func (s *Store) insertItem(ctx context.Context, sc *auth.Scope, meetingID, reportID, reportRef, topic string) (string, error) {
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.meetingKey(ctx, tx, sc, meetingID)
		if err != nil {
			return err
		}
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM meeting_items WHERE org_id = $1 AND meeting_id = $2`,
			sc.OrgID, meetingID).Scan(&pos); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, topic, aad("meeting_items", id, "topic"))
		if err != nil {
			return err
		}
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_items (id, org_id, meeting_id, position, report_id, report_ref, topic, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, id, sc.OrgID, meetingID, pos, reportID, reportRef, sealed, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".item.add", ObjMeeting, meetingID, "item:"+id)
	})
	return id, err
}

// AddTopic puts a free topic on a meeting's agenda.
func (s *Store) AddTopic(ctx context.Context, sc *auth.Scope, meetingID, topic string) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	if _, err := s.Meeting(ctx, sc, meetingID); err != nil {
		return "", err
	}
	topic, e := checkText("loo_topic", topic, true, 500)
	if e != nil {
		return "", apperr.List{e}
	}
	return s.insertItem(ctx, sc, meetingID, "", "", topic)
}

// Candidates are the reports the meldpunt offers for the agenda; none when
// it is not connected.
func (s *Store) Candidates(ctx context.Context, sc *auth.Scope) ([]ReportRef, error) {
	if s.reports == nil || !sc.Allows(auth.MeetingManage) {
		return nil, nil
	}
	return s.reports.AgendaCandidates(ctx, sc)
}

// ReportsConnected reports whether the meldpunt is wired in.
func (s *Store) ReportsConnected() bool { return s.reports != nil }

// AddReport puts a report of the meldpunt on a meeting's agenda: the
// meldpunt marks it geagendeerd, then the item names it by id and
// reference. A report that is not among the actor's candidates is refused.
func (s *Store) AddReport(ctx context.Context, sc *auth.Scope, meetingID, reportID string) (string, error) {
	if err := canManage(sc); err != nil {
		return "", err
	}
	if _, err := s.Meeting(ctx, sc, meetingID); err != nil {
		return "", err
	}
	if s.reports == nil {
		return "", apperr.List{apperr.FieldErr("loo_report", "loo.reports_unavailable")}
	}
	if reportID == "" {
		return "", apperr.List{apperr.FieldErr("loo_report", "field.required")}
	}
	cands, err := s.reports.AgendaCandidates(ctx, sc)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(cands, func(r ReportRef) bool { return r.ID == reportID })
	if i < 0 {
		return "", apperr.List{apperr.FieldErr("loo_report", "loo.report_not_candidate")}
	}
	var n int
	if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_items WHERE org_id = $1 AND meeting_id = $2 AND report_id = $3`,
		sc.OrgID, meetingID, reportID).Scan(&n); err != nil {
		return "", apperr.Wrap(err, "store.query_failed")
	}
	if n > 0 {
		return "", apperr.List{apperr.FieldErr("loo_report", "loo.report_already_on_agenda")}
	}
	if err := s.reports.Schedule(ctx, sc, reportID); err != nil {
		return "", err
	}
	// The report's own text stays with the meldpunt (and goes with it when
	// the report is destroyed); the item names it by reference only. If
	// the item cannot be written, the report is taken off the agenda again.
	id, err := s.insertItem(ctx, sc, meetingID, reportID, cands[i].Reference, "")
	if err != nil {
		if uerr := s.reports.Unschedule(ctx, sc, reportID); uerr != nil {
			return "", errors.Join(err, uerr)
		}
		return "", err
	}
	return id, nil
}

// RemoveItem takes an undecided item off the agenda; a report goes back to
// handling through the meldpunt's Unschedule.
func (s *Store) RemoveItem(ctx context.Context, sc *auth.Scope, meetingID, itemID string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	it, err := s.Item(ctx, sc, meetingID, itemID)
	if err != nil {
		return err
	}
	if it.Decision != "" {
		return apperr.New(apperr.Conflict, "loo.item_decided")
	}
	if it.IsReport() {
		if s.reports == nil {
			return apperr.New(apperr.Conflict, "loo.reports_unavailable")
		}
		if err := s.reports.Unschedule(ctx, sc, it.ReportID); err != nil {
			return err
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_items WHERE org_id = $1 AND id = $2`, sc.OrgID, itemID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".item.remove", ObjMeeting, meetingID, "item:"+itemID)
	})
}

// Decide records the decision on an agenda item with its reason. For a
// report the meldpunt records it first; if it refuses, nothing is written.
// If the meeting's own write then fails, deciding again with the same
// decision completes it: the meldpunt accepts a decision the report
// already holds.
func (s *Store) Decide(ctx context.Context, sc *auth.Scope, meetingID, itemID, decision, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	it, err := s.Item(ctx, sc, meetingID, itemID)
	if err != nil {
		return err
	}
	var errs apperr.List
	if decision == "" {
		errs = append(errs, apperr.FieldErr("loo_decision", "field.required"))
	} else if !slices.Contains(Decisions, decision) {
		errs = append(errs, apperr.FieldErr("loo_decision", "loo.decision_invalid"))
	}
	reason, e := checkText("loo_reason", reason, true, 2000)
	if e != nil {
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		return errs
	}
	if it.IsReport() {
		if s.reports == nil {
			return apperr.List{apperr.FieldErr("loo_decision", "loo.reports_unavailable")}
		}
		if err := s.reports.Decide(ctx, sc, it.ReportID, decision, reason); err != nil {
			return err
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		keyID, err := s.meetingKey(ctx, tx, sc, meetingID)
		if err != nil {
			return err
		}
		sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, reason, aad("meeting_items", itemID, "reason"))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_items SET decision = $1, reason = $2, decided_on = $3, decided_by = $4, updated_at = $5
			WHERE org_id = $6 AND id = $7`, decision, sealed, s.today().Format("2006-01-02"), sc.UserID, store.Millis(s.clk.Now()), sc.OrgID, itemID); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.record(ctx, tx, sc, area+".item.decide", ObjItem, itemID, decision)
	})
}

const itemCols = `i.id, i.meeting_id, i.position, i.report_id, i.report_ref, i.topic, i.decision, i.reason, i.decided_on, m.key_id`

// scanItems reads item rows and opens their sealed topic and reason.
func (s *Store) scanItems(ctx context.Context, sc *auth.Scope, rows *sql.Rows) ([]Item, error) {
	type raw struct {
		it            Item
		key           string
		topic, reason []byte
	}
	var all []raw
	for rows.Next() {
		var r raw
		if err := rows.Scan(&r.it.ID, &r.it.MeetingID, &r.it.Position, &r.it.ReportID, &r.it.ReportRef, &r.topic, &r.it.Decision, &r.reason,
			&r.it.DecidedOn, &r.key); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	out := make([]Item, 0, len(all))
	for _, r := range all {
		var err error
		if r.it.Topic, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, r.key, r.topic, aad("meeting_items", r.it.ID, "topic")); err != nil {
			return nil, err
		}
		if r.reason != nil {
			if r.it.Reason, err = s.vault.OpenString(ctx, s.db.Read, sc.OrgID, r.key, r.reason, aad("meeting_items", r.it.ID, "reason")); err != nil {
				return nil, err
			}
		}
		out = append(out, r.it)
	}
	return out, nil
}

// Items returns a meeting's agenda in order, each item with its decision
// and actions.
func (s *Store) Items(ctx context.Context, sc *auth.Scope, meetingID string) ([]Item, error) {
	if _, err := s.Meeting(ctx, sc, meetingID); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+itemCols+` FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
		WHERE i.org_id = $1 AND i.meeting_id = $2 ORDER BY i.position`, sc.OrgID, meetingID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	items, err := s.scanItems(ctx, sc, rows)
	if err != nil {
		return nil, err
	}
	acts, err := s.itemActions(ctx, sc, meetingID, "")
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Actions = acts[items[i].ID]
	}
	return items, nil
}

// Item returns one agenda item of a meeting; NotFound when either is not
// the organisation's or the item is not on that meeting.
func (s *Store) Item(ctx context.Context, sc *auth.Scope, meetingID, itemID string) (*Item, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+itemCols+` FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
		WHERE i.org_id = $1 AND i.meeting_id = $2 AND i.id = $3`, sc.OrgID, meetingID, itemID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	items, err := s.scanItems(ctx, sc, rows)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, apperr.New(apperr.NotFound, "loo.not_found")
	}
	acts, err := s.itemActions(ctx, sc, meetingID, itemID)
	if err != nil {
		return nil, err
	}
	items[0].Actions = acts[itemID]
	return &items[0], nil
}
