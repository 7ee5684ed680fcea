package risk

import (
	"context"
	"database/sql"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
)

// CircumstanceCategory groups circumstances (DOMAIN.md §2).
type CircumstanceCategory string

// The categories.
const (
	Positions    CircumstanceCategory = "position"
	PersonTypes  CircumstanceCategory = "person_type"
	WaysOfWork   CircumstanceCategory = "way_of_working"
	ExternalSite CircumstanceCategory = "external"
)

// CircumstanceCatalogue lists per category the circumstances that make a
// process more vulnerable; their labels are risk.circ.<code>.
var CircumstanceCatalogue = []struct {
	Category CircumstanceCategory
	Codes    []string
}{
	{Positions, []string{"burgemeester", "wethouder", "raadslid", "ambtenaar", "oov_ambtenaar", "secretariaat_bw", "lage_schalen"}},
	{PersonTypes, []string{"eenpitter", "langzitter", "dubbelzitter", "bankzitter"}},
	{WaysOfWork, []string{"beleid", "organisatie", "ons_kent_ons", "servicegerichtheid", "tijdsdruk"}},
	{ExternalSite, []string{"bedrijventerrein", "recreatiepark", "jachthaven", "agrarisch_buitengebied", "grens", "snelweg", "stad", "haven", "vliegveld", "eiland"}},
}

// Circumstance is a circumstance recorded for a process, with a note.
type Circumstance struct {
	Category CircumstanceCategory
	Code     string
	Note     string
}

func knownCircumstance(c Circumstance) bool {
	for _, g := range CircumstanceCatalogue {
		if g.Category == c.Category {
			return slices.Contains(g.Codes, c.Code)
		}
	}
	return false
}

const maxNote = 500

// SetCircumstances replaces the circumstances of a process, with the
// reason. Unknown codes are refused by row (1-based position in cs).
func (s *Store) SetCircumstances(ctx context.Context, sc *auth.Scope, processID string, cs []Circumstance, reason string) error {
	if err := canManage(sc); err != nil {
		return err
	}
	reason = cleanText(reason)
	errs := checkReason(nil, reason)
	seen := map[Circumstance]bool{}
	for i := range cs {
		cs[i].Code, cs[i].Note = clean(cs[i].Code), clean(cs[i].Note)
		key := Circumstance{Category: cs[i].Category, Code: cs[i].Code}
		switch {
		case !knownCircumstance(cs[i]):
			e := apperr.FieldErr("circumstance", "risk.circ.unknown")
			e.Row = i + 1
			errs = append(errs, e)
		case seen[key]:
			e := apperr.FieldErr("circumstance", "risk.circ.duplicate")
			e.Row = i + 1
			errs = append(errs, e)
		}
		seen[key] = true
		errs = checkText(errs, "note_"+cs[i].Code, cs[i].Note, false, maxNote)
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ok, err := exists(ctx, tx, "processes", sc.OrgID, processID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.NotFound, "error.not_found")
		}
		if len(errs) > 0 {
			return errs
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM process_circumstances WHERE org_id = $1 AND process_id = $2`, sc.OrgID, processID); err != nil {
			return writeErr(err)
		}
		for _, c := range cs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO process_circumstances (org_id, process_id, category, code, note)
				VALUES ($1, $2, $3, $4, $5)`, sc.OrgID, processID, string(c.Category), c.Code, c.Note); err != nil {
				return writeErr(err)
			}
		}
		return s.logChange(ctx, tx, sc, processID, ActionCircumstances, "process", processID, reason)
	})
}

// Circumstances returns the circumstances of a process in catalogue order.
func (s *Store) Circumstances(ctx context.Context, sc *auth.Scope, processID string) ([]Circumstance, error) {
	if err := canRead(sc); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT category, code, note FROM process_circumstances
		WHERE org_id = $1 AND process_id = $2`, sc.OrgID, processID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	got := map[Circumstance]string{}
	for rows.Next() {
		var c Circumstance
		if err := rows.Scan(&c.Category, &c.Code, &c.Note); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		got[Circumstance{Category: c.Category, Code: c.Code}] = c.Note
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	var out []Circumstance
	for _, g := range CircumstanceCatalogue {
		for _, code := range g.Codes {
			if note, ok := got[Circumstance{Category: g.Category, Code: code}]; ok {
				out = append(out, Circumstance{Category: g.Category, Code: code, Note: note})
			}
		}
	}
	return out, nil
}
