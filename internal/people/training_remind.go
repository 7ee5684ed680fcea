package people

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/notify"
)

// GapMonths is how long a requirement must have been overdue for someone in
// a team before the team gets an action on the programme's list.
const GapMonths = 3

// Remind runs the daily follow-up of the training duties for every
// organisation that uses them. It sends HR, and every teamleider for their
// own teams, one content-free e-mail a day with the number of trainings
// that are overdue or due within SoonDays — no names — and it puts one
// action on the programme's list per team and requirement that has been
// overdue for someone for more than GapMonths, never twice. It returns the
// number of e-mails queued.
func (s *Store) Remind(ctx context.Context, baseURL string) (int, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT org_id FROM training_setup ORDER BY org_id`)
	if err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	var orgs []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "store.query_failed")
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "store.query_failed")
	}
	sent := 0
	for _, org := range orgs {
		n, err := s.remindOrg(ctx, org, baseURL)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

type recipient struct {
	userID, email string
	all           bool            // HR: every team
	teams         map[string]bool // a teamleider: led teams and sub-teams
}

func (s *Store) remindOrg(ctx context.Context, orgID, baseURL string) (int, error) {
	day := s.today()
	d, err := s.loadDue(ctx, s.db.Read, orgID, day, "")
	if err != nil {
		return 0, err
	}
	items := ComputeDue(d.in)
	recips, parent, err := s.recipients(ctx, orgID)
	if err != nil {
		return 0, err
	}
	sent := 0
	today := day.Format(time.DateOnly)
	for _, rc := range recips {
		count := 0
		for _, it := range items {
			if (it.Status == StatusOverdue || it.Status == StatusSoon) && (rc.all || rc.teams[it.TeamID]) {
				count++
			}
		}
		if count == 0 {
			continue
		}
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `INSERT INTO training_reminders (org_id, user_id, day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, orgID, rc.userID, today)
			if err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errAlreadyReminded
			}
			subject, body := notify.Reminder(i18n.NL, baseURL+"/mensen/training", count, notify.WhatTrainings)
			return s.outbox.Enqueue(ctx, tx, notify.Message{OrgID: orgID, To: rc.email, Subject: subject, Body: body})
		})
		if err == errAlreadyReminded {
			continue
		}
		if err != nil {
			return sent, err
		}
		sent++
	}
	return sent, s.gapActions(ctx, orgID, d, items, recips, parent)
}

var errAlreadyReminded = apperr.New(apperr.Conflict, "people.training.err.reminded")

// recipients are the organisation's active HR users and teamleiders with
// the teams they see; parent maps a team to its parent team.
func (s *Store) recipients(ctx context.Context, orgID string) ([]*recipient, map[string]string, error) {
	parent := map[string]string{}
	children := map[string][]string{}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, COALESCE(parent_id, '') FROM teams WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		var id, p string
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return nil, nil, apperr.Wrap(err, "store.query_failed")
		}
		parent[id] = p
		children[p] = append(children[p], id)
	}
	rows.Close()
	byUser := map[string]*recipient{}
	var order []string
	rows, err = s.db.Read.QueryContext(ctx, `SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.role = $2 AND u.disabled = FALSE ORDER BY u.id`, orgID, string(auth.HR))
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	for rows.Next() {
		rc := &recipient{all: true}
		if err := rows.Scan(&rc.userID, &rc.email); err != nil {
			rows.Close()
			return nil, nil, apperr.Wrap(err, "store.query_failed")
		}
		byUser[rc.userID] = rc
		order = append(order, rc.userID)
	}
	rows.Close()
	rows, err = s.db.Read.QueryContext(ctx, `SELECT u.id, u.email, l.team_id FROM team_leads l JOIN users u ON u.id = l.user_id
		WHERE l.org_id = $1 AND u.disabled = FALSE ORDER BY u.id, l.team_id`, orgID)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var id, email, team string
		if err := rows.Scan(&id, &email, &team); err != nil {
			return nil, nil, apperr.Wrap(err, "store.query_failed")
		}
		rc := byUser[id]
		if rc == nil {
			rc = &recipient{userID: id, email: email, teams: map[string]bool{}}
			byUser[id] = rc
			order = append(order, id)
		}
		if rc.all {
			continue
		}
		stack := []string{team}
		for len(stack) > 0 {
			t := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !rc.teams[t] {
				rc.teams[t] = true
				stack = append(stack, children[t]...)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, apperr.Wrap(err, "store.query_failed")
	}
	out := make([]*recipient, len(order))
	for i, id := range order {
		out[i] = byUser[id]
	}
	return out, parent, nil
}

// gapActions raises one action per team and requirement that has been
// overdue for someone in the team for more than GapMonths. The title names
// the team and the requirement only. The action is owned by a teamleider
// of the team (or of a parent team), else by an HR user; an organisation
// without either gets none until it has one.
func (s *Store) gapActions(ctx context.Context, orgID string, d *dueData, items []DueItem, recips []*recipient, parent map[string]string) error {
	if s.actions == nil {
		return nil
	}
	limit := AddMonths(d.in.Day, -GapMonths)
	type gap struct{ team, req string }
	counts := map[gap]int{}
	var gaps []gap
	for _, it := range items {
		if it.Status == StatusOverdue && it.Date.Before(limit) {
			g := gap{it.TeamID, it.RequirementID}
			if counts[g] == 0 {
				gaps = append(gaps, g)
			}
			counts[g]++
		}
	}
	slices.SortFunc(gaps, func(a, b gap) int {
		if a.team != b.team {
			return compareStrings(a.team, b.team)
		}
		return compareStrings(a.req, b.req)
	})
	for _, g := range gaps {
		owner := s.gapOwner(g.team, recips, parent)
		if owner == nil {
			continue
		}
		var n int
		if err := s.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_gap_actions WHERE org_id = $1 AND team_id = $2 AND requirement_id = $3`,
			orgID, g.team, g.req).Scan(&n); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		if n > 0 {
			continue
		}
		// Claim the gap first, so that a second instance running at the
		// same moment does not raise the action twice.
		res, err := s.db.Write.ExecContext(ctx, `INSERT INTO training_gap_actions (org_id, team_id, requirement_id, action_id, created_at) VALUES ($1, $2, $3, '', $4)
			ON CONFLICT DO NOTHING`, orgID, g.team, g.req, s.clk.Now().UnixMilli())
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue
		}
		req := d.reqIndex[g.req]
		team := d.teams[g.team]
		sc, err := s.ownerScope(ctx, orgID, owner.userID)
		if err != nil {
			return err
		}
		id, err := s.actions.CreateAction(ctx, sc, NewAction{
			Title:       i18n.T(i18n.NL, "people.training.gap_title", req.Name, team),
			Description: i18n.T(i18n.NL, "people.training.gap_description", GapMonths, counts[g]),
			OwnerID:     owner.userID, DueDate: d.in.Day.AddDate(0, 1, 0).Format(time.DateOnly),
			SourceType: "training_gap", SourceID: g.team + ":" + g.req, SourceLabel: req.Name + " — " + team})
		if err != nil {
			_, _ = s.db.Write.ExecContext(ctx, `DELETE FROM training_gap_actions WHERE org_id = $1 AND team_id = $2 AND requirement_id = $3`, orgID, g.team, g.req)
			return err
		}
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE training_gap_actions SET action_id = $1 WHERE org_id = $2 AND team_id = $3 AND requirement_id = $4`,
			id, orgID, g.team, g.req); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
	}
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// gapOwner picks the teamleider nearest to the team, else HR.
func (s *Store) gapOwner(team string, recips []*recipient, parent map[string]string) *recipient {
	for t, seen := team, map[string]bool{}; t != "" && !seen[t]; t = parent[t] {
		seen[t] = true
		for _, rc := range recips {
			if !rc.all && rc.teams[t] {
				return rc
			}
		}
	}
	for _, rc := range recips {
		if rc.all {
			return rc
		}
	}
	return nil
}

// ownerScope is the scope the action is created in: that of its owner,
// with their roles, labelled as the training follow-up in the audit log.
func (s *Store) ownerScope(ctx context.Context, orgID, userID string) (*auth.Scope, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	sc := &auth.Scope{OrgID: orgID, UserID: userID, UserName: "trainingsplichten (automatisch)", MFA: true}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		sc.Roles = append(sc.Roles, auth.Role(r))
	}
	return sc, rows.Err()
}
