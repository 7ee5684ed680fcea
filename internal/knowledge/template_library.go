package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// sharedColumns read the library. The library is the one place where an
// organisation reads rows of another: only published snapshots, never
// knowledge_templates of another organisation.
const sharedColumns = `s.id, s.org_id, o.name, s.tpl_key, s.kind, s.title, s.summary, s.body, s.version, s.reviewed_on, s.owner, s.published_at,
	COALESCE(c.tpl_key, ''), COALESCE(c.source_version, 0)`

const sharedFrom = ` FROM knowledge_shared s JOIN organisations o ON o.id = s.org_id
	LEFT JOIN knowledge_templates c ON c.org_id = $1 AND c.source_shared_id = s.id
	WHERE s.withdrawn_at = 0`

func scanShared(row interface{ Scan(...any) error }, orgID string) (Shared, error) {
	var x Shared
	var at int64
	if err := row.Scan(&x.ID, &x.OrgID, &x.OrgName, &x.Key, &x.Kind, &x.Title, &x.Summary, &x.Body, &x.Version, &x.ReviewedOn, &x.Owner, &at,
		&x.CopyKey, &x.CopyVersion); err != nil {
		return Shared{}, err
	}
	x.PublishedAt, x.Mine = store.Time(at), x.OrgID == orgID
	return x, nil
}

// Library returns the shared library of the installation: every
// published template of every organisation, by title.
func (s *Store) Library(ctx context.Context, sc *auth.Scope) ([]Shared, error) {
	if !sc.Can(auth.KnowledgeRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT `+sharedColumns+sharedFrom+` ORDER BY s.title, o.name, s.id`, sc.OrgID)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Shared
	for rows.Next() {
		x, err := scanShared(rows, sc.OrgID)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// SharedTemplate returns one published template of the library. A
// withdrawn or unknown one is NotFound.
func (s *Store) SharedTemplate(ctx context.Context, sc *auth.Scope, id string) (*Shared, error) {
	if !sc.Can(auth.KnowledgeRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	x, err := scanShared(s.db.Read.QueryRowContext(ctx, `SELECT `+sharedColumns+sharedFrom+` AND s.id = $2`, sc.OrgID, id), sc.OrgID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, apperr.New(apperr.NotFound, "template.shared_not_found")
	case err != nil:
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return &x, nil
}

// Adopt copies a published template of another organisation into the
// scope's organisation, keeping where it came from and its version. When
// the organisation adopted it before, the copy is replaced by the newest
// version (its own changes to the copy are then gone; the page says so
// before the button). Adopting one's own publication is refused.
func (s *Store) Adopt(ctx context.Context, sc *auth.Scope, id string) (*Template, error) {
	if !sc.Can(auth.KnowledgeEdit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	x, err := s.SharedTemplate(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	if x.Mine {
		return nil, apperr.New(apperr.Conflict, "template.adopt_own")
	}
	now := store.Millis(s.clk.Now())
	key := x.CopyKey
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if key != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE knowledge_templates SET kind = $1, title = $2, summary = $3, body = $4, version = $5, reviewed_on = $6,
				owner = $7, source_org = $8, source_version = $5, updated_by = $9, updated_at = $10 WHERE org_id = $11 AND tpl_key = $12`,
				string(x.Kind), x.Title, x.Summary, x.Body, x.Version, x.ReviewedOn, x.Owner, x.OrgName, sc.UserID, now, sc.OrgID, key); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		} else {
			if key, err = freeKey(ctx, tx, sc, x); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_templates (id, org_id, tpl_key, kind, title, summary, body, version, reviewed_on, owner,
				source_shared_id, source_org, source_version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $8, $13, $14)`,
				store.NewID(), sc.OrgID, key, string(x.Kind), x.Title, x.Summary, x.Body, x.Version, x.ReviewedOn, x.Owner, x.ID, x.OrgName, sc.UserID, now); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.recordTpl(ctx, tx, sc, actionTplAdopt, key, fmt.Sprintf("versie %d van %s", x.Version, x.OrgName))
	})
	if err != nil {
		return nil, err
	}
	return s.Template(ctx, sc, key)
}

// freeKey chooses the key of a new adopted copy: the original's key when
// the organisation has nothing by that name, else the key with the
// publishing organisation's name, numbered when even that is taken.
func freeKey(ctx context.Context, tx *sql.Tx, sc *auth.Scope, x *Shared) (string, error) {
	withOrg := truncKey(x.Key + "-" + slug(x.OrgName))
	candidates := []string{x.Key, withOrg}
	for i := 2; i < 100; i++ {
		candidates = append(candidates, truncKey(withOrg[:min(len(withOrg), maxKey-3)]+fmt.Sprintf("-%d", i)))
	}
	for _, k := range candidates {
		if _, ok := shippedTemplate(k); ok || !validKey(k) {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM knowledge_templates WHERE org_id = $1 AND tpl_key = $2`, sc.OrgID, k).Scan(&n); err != nil {
			return "", apperr.Wrap(err, "store.tx_failed")
		}
		if n == 0 {
			return k, nil
		}
	}
	return "", apperr.New(apperr.Conflict, "template.no_free_key")
}

// slug turns an organisation's name into a key part: "Gemeente Buurdorp"
// → "gemeente-buurdorp".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func truncKey(k string) string {
	if len(k) > maxKey {
		k = strings.TrimRight(k[:maxKey], "-")
	}
	return k
}
