package scan

// council: issue 7 — maturity of several organisations for the regional
// benchmark (package council), which asks only for organisations that
// opted in.

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
)

// OrgMaturity is an organisation's latest finalised scan of the whole
// organisation on a framework, with its maturity per pillar.
type OrgMaturity struct {
	ScanID, Title, HeldOn string
	Scores                []Score
	// Gaps are answers below the scan's target; GapsWithAction those that
	// were turned into an action.
	Gaps, GapsWithAction int
}

// MaturityForOrgs returns, per organisation, the maturity of its latest
// finalised scan of the whole organisation on the framework; organisations
// without one are left out. It reads several organisations at once and so
// takes no scope: the caller decides which organisations may be compared
// (the benchmark's opt-in). Only scores leave it, never evidence. One
// query for the scans and one for their answers; equal framework copies
// are parsed once. // council: issue 7
func (s *Store) MaturityForOrgs(ctx context.Context, orgIDs []string, frameworkKey string) (map[string]OrgMaturity, error) {
	out := map[string]OrgMaturity{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	args := []any{frameworkKey}
	marks := make([]string, len(orgIDs))
	for i, id := range orgIDs {
		args = append(args, id)
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, org_id, definition, title, held_on, target_level FROM scans
		WHERE fw_key = $1 AND team_id = '' AND status = 'afgerond' AND org_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY org_id, held_on DESC, finalised_at DESC`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	type latest struct {
		org, def string
		target   int
		m        OrgMaturity
	}
	var picked []latest
	seen := map[string]bool{}
	for rows.Next() {
		var l latest
		if err := rows.Scan(&l.m.ScanID, &l.org, &l.def, &l.m.Title, &l.m.HeldOn, &l.target); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		if !seen[l.org] {
			seen[l.org] = true
			picked = append(picked, l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	if len(picked) == 0 {
		return out, nil
	}
	levels := make(map[string]map[string]float64, len(picked))
	targets := make(map[string]int, len(picked))
	gaps := make(map[string][2]int, len(picked))
	ids := make([]any, len(picked))
	marks = marks[:0]
	for i, l := range picked {
		ids[i] = l.m.ScanID
		marks = append(marks, "$"+strconv.Itoa(i+1))
		levels[l.m.ScanID] = map[string]float64{}
		targets[l.m.ScanID] = l.target
	}
	arows, err := s.db.Read.QueryContext(ctx, `SELECT scan_id, question_key, level, action_id FROM scan_answers WHERE level > 0 AND scan_id IN (`+strings.Join(marks, ", ")+`)`, ids...)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer arows.Close()
	for arows.Next() {
		var id, key, action string
		var level int
		if err := arows.Scan(&id, &key, &level, &action); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		levels[id][key] = float64(level)
		if level < targets[id] {
			g := gaps[id]
			g[0]++
			if action != "" {
				g[1]++
			}
			gaps[id] = g
		}
	}
	if err := arows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	parsed := map[string]*Framework{}
	for _, l := range picked {
		f, ok := parsed[l.def]
		if !ok {
			f = &Framework{}
			if err := json.Unmarshal([]byte(l.def), f); err != nil {
				return nil, apperr.Wrap(err, "store.query_failed")
			}
			parsed[l.def] = f
		}
		l.m.Scores = Scores(f, levels[l.m.ScanID])
		l.m.Gaps, l.m.GapsWithAction = gaps[l.m.ScanID][0], gaps[l.m.ScanID][1]
		out[l.org] = l.m
	}
	return out, nil
}
