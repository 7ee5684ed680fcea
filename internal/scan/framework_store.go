package scan

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// Frameworks returns the frameworks of the scope's organisation: the
// shipped defaults, each replaced by the organisation's own version where
// it has one, followed by its own frameworks, by name.
func (s *Store) Frameworks(ctx context.Context, sc *auth.Scope) ([]Framework, error) {
	if !sc.Can(auth.ScanRead) && !sc.Can(auth.ScanSurvey) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	own, err := storedFrameworks(ctx, s.db.Read, sc.OrgID, "")
	if err != nil {
		return nil, err
	}
	out := Defaults()
	for _, f := range own {
		if i := slices.IndexFunc(out, func(d Framework) bool { return d.Key == f.Key }); i >= 0 {
			out[i] = f
			continue
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out[3:], func(a, b Framework) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Framework returns one framework of the scope's organisation by key.
func (s *Store) Framework(ctx context.Context, sc *auth.Scope, key string) (*Framework, error) {
	fws, err := s.Frameworks(ctx, sc)
	if err != nil {
		return nil, err
	}
	for _, f := range fws {
		if f.Key == key {
			return &f, nil
		}
	}
	return nil, notFound()
}

func storedFrameworks(ctx context.Context, q store.Querier, orgID, key string) ([]Framework, error) {
	rows, err := q.QueryContext(ctx, `SELECT definition FROM scan_frameworks WHERE org_id = $1 AND ($2 = '' OR fw_key = $2) ORDER BY fw_key`, orgID, key)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Framework
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		var f Framework
		if err := json.Unmarshal([]byte(def), &f); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		f.Own = true
		out = append(out, f)
	}
	return out, rows.Err()
}

// SaveFramework stores f as the organisation's own version of the
// framework with f's key (the first save copies a shipped default into the
// organisation; later saves replace it). Everything is checked first and
// every problem reported at once; a dry run checks and writes nothing.
func (s *Store) SaveFramework(ctx context.Context, sc *auth.Scope, f Framework, dryRun bool) (*Framework, error) {
	if err := need(sc, auth.ScanEdit); err != nil {
		return nil, err
	}
	f.normalise()
	if errs := f.Check(); len(errs) > 0 {
		return nil, errs
	}
	if d, ok := Default(f.Key); ok && d.Kind != f.Kind {
		return nil, apperr.List{apperr.FieldErr("soort", "scan.err.kind_fixed", d.Name)}
	}
	if dryRun {
		return &f, nil
	}
	def, err := json.Marshal(f)
	if err != nil {
		return nil, apperr.Wrap(err, "store.tx_failed")
	}
	now := store.Millis(s.clk.Now())
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE scan_frameworks SET definition = $1, updated_at = $2 WHERE org_id = $3 AND fw_key = $4`,
			string(def), now, sc.OrgID, f.Key)
		if err != nil {
			return writeErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO scan_frameworks (id, org_id, fw_key, definition, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
				store.NewID(), sc.OrgID, f.Key, string(def), now); err != nil {
				return writeErr(err)
			}
		}
		return s.record(ctx, tx, sc, ActionFrameworkSave, "scan_framework", f.Key)
	})
	if err != nil {
		return nil, err
	}
	f.Own, f.Shipped = true, false
	return &f, nil
}

// ResetFramework removes the organisation's own version of a shipped
// framework, so that the default applies again. Scans keep their copy.
func (s *Store) ResetFramework(ctx context.Context, sc *auth.Scope, key string) error {
	if err := need(sc, auth.ScanEdit); err != nil {
		return err
	}
	if _, err := s.Framework(ctx, sc, key); err != nil {
		return err
	}
	if _, ok := Default(key); !ok {
		return apperr.New(apperr.Conflict, "scan.err.not_shipped")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM scan_frameworks WHERE org_id = $1 AND fw_key = $2`, sc.OrgID, key); err != nil {
			return writeErr(err)
		}
		return s.record(ctx, tx, sc, ActionFrameworkReset, "scan_framework", key)
	})
}

// SetWeights changes the weights of a framework's pillars and questions
// (keys of either), copying the shipped default in on the first edit.
func (s *Store) SetWeights(ctx context.Context, sc *auth.Scope, key string, weights map[string]int) (*Framework, error) {
	f, err := s.Framework(ctx, sc, key)
	if err != nil {
		return nil, err
	}
	for i := range f.Pillars {
		p := &f.Pillars[i]
		if w, ok := weights[p.Key]; ok {
			p.Weight = w
		}
		for j := range p.Questions {
			if w, ok := weights[p.Questions[j].Key]; ok {
				p.Questions[j].Weight = w
			}
		}
	}
	return s.SaveFramework(ctx, sc, *f, false)
}

func (f *Framework) normalise() {
	f.Key, f.Name, f.Description = strings.ToLower(clean(f.Key)), clean(f.Name), cleanText(f.Description)
	f.Kind = Kind(strings.ToLower(clean(string(f.Kind))))
	for i := range f.Pillars {
		p := &f.Pillars[i]
		p.Key, p.Name = strings.ToLower(clean(p.Key)), clean(p.Name)
		for k := range p.Steps {
			p.Steps[k] = clean(p.Steps[k])
		}
		for j := range p.Questions {
			p.Questions[j].Key, p.Questions[j].Text = strings.ToLower(clean(p.Questions[j].Key)), clean(p.Questions[j].Text)
		}
	}
}

func validKey(k string) bool {
	if k == "" || len(k) > maxKeyLength {
		return false
	}
	for _, r := range k {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

// Check lists what is wrong with the framework; each error's field names
// the place in Dutch ("pijler 2, vraag 3: gewicht").
func (f *Framework) Check() apperr.List {
	var errs apperr.List
	add := func(field, key string, args ...any) { errs = append(errs, apperr.FieldErr(field, key, args...)) }
	if !validKey(f.Key) {
		add("code", "scan.err.key_invalid", f.Key)
	}
	if f.Name == "" {
		add("naam", "field.required")
	} else if tooLong(f.Name, maxTitleLength) {
		add("naam", "scan.err.too_long", maxTitleLength)
	}
	if !f.Kind.Valid() {
		add("soort", "scan.err.kind_invalid", string(f.Kind))
	}
	if len(f.Pillars) == 0 || len(f.Pillars) > maxPillars {
		add("pijlers", "scan.err.pillar_count", maxPillars)
	}
	pillarKeys, questionKeys := map[string]bool{}, map[string]bool{}
	total := 0
	for i, p := range f.Pillars {
		at := fmt.Sprintf("pijler %d", i+1)
		if !validKey(p.Key) {
			add(at+": code", "scan.err.key_invalid", p.Key)
		} else if pillarKeys[p.Key] {
			add(at+": code", "scan.err.key_twice", p.Key)
		}
		pillarKeys[p.Key] = true
		if p.Name == "" {
			add(at+": naam", "field.required")
		} else if tooLong(p.Name, maxTitleLength) {
			add(at+": naam", "scan.err.too_long", maxTitleLength)
		}
		if p.Weight < 0 || p.Weight > maxWeight {
			add(at+": gewicht", "scan.err.weight", maxWeight)
		}
		if f.Kind == Maturity && len(p.Steps) != 0 && len(p.Steps) != 5 {
			add(at+": stappen", "scan.err.steps")
		}
		for _, st := range p.Steps {
			if tooLong(st, maxTextLength) {
				add(at+": stappen", "scan.err.too_long", maxTextLength)
			}
		}
		if len(p.Questions) == 0 {
			add(at+": vragen", "scan.err.no_questions")
		}
		for j, q := range p.Questions {
			qat := fmt.Sprintf("%s, vraag %d", at, j+1)
			total++
			if !validKey(q.Key) {
				add(qat+": code", "scan.err.key_invalid", q.Key)
			} else if questionKeys[q.Key] {
				add(qat+": code", "scan.err.key_twice", q.Key)
			}
			questionKeys[q.Key] = true
			if q.Text == "" {
				add(qat+": tekst", "field.required")
			} else if tooLong(q.Text, maxTextLength) {
				add(qat+": tekst", "scan.err.too_long", maxTextLength)
			}
			if q.Weight < 0 || q.Weight > maxWeight {
				add(qat+": gewicht", "scan.err.weight", maxWeight)
			}
		}
	}
	if total > maxQuestions {
		add("vragen", "scan.err.too_many_questions", maxQuestions)
	}
	return errs
}
