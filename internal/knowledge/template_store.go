package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// The audit actions and object type of the templates.
const (
	actionTplUpdate    = "knowledge.template.update"
	actionTplPublish   = "knowledge.template.publish"
	actionTplUnpublish = "knowledge.template.unpublish"
	actionTplAdopt     = "knowledge.template.adopt"
	tplObject          = "knowledge_template"
)

const tplColumns = `t.tpl_key, t.kind, t.title, t.summary, t.body, t.version, t.reviewed_on, t.owner,
	t.source_shared_id, t.source_org, t.source_version, COALESCE(u.name, ''), t.updated_at`

func scanTemplate(row interface{ Scan(...any) error }) (Template, error) {
	var t Template
	var src Source
	var updated int64
	if err := row.Scan(&t.Key, &t.Kind, &t.Title, &t.Summary, &t.Body, &t.Version, &t.ReviewedOn, &t.Owner,
		&src.SharedID, &src.Org, &src.Version, &t.UpdatedBy, &updated); err != nil {
		return Template{}, err
	}
	if src.SharedID != "" {
		t.Source = &src
	}
	_, t.Shipped = shippedTemplate(t.Key)
	t.Own, t.UpdatedAt = true, store.Time(updated)
	return t, nil
}

// ownTemplates reads the organisation's rows, of one key when key is set.
func ownTemplates(ctx context.Context, q store.Querier, orgID, key string) ([]Template, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+tplColumns+` FROM knowledge_templates t LEFT JOIN users u ON u.id = t.updated_by
		WHERE t.org_id = $1 AND ($2 = '' OR t.tpl_key = $2) ORDER BY t.title, t.tpl_key`, orgID, key)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	return out, nil
}

// Templates returns the organisation's templates: the shipped ones, each
// replaced by the organisation's own version where it has one, followed by
// its adopted copies by title. Each says whether it is published and
// whether the library holds a newer version of its original.
func (s *Store) Templates(ctx context.Context, sc *auth.Scope) ([]Template, error) {
	if !sc.Can(auth.KnowledgeRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	own, err := ownTemplates(ctx, s.db.Read, sc.OrgID, "")
	if err != nil {
		return nil, err
	}
	out := ShippedTemplates()
	for _, t := range own {
		if i := slices.IndexFunc(out, func(d Template) bool { return d.Key == t.Key }); i >= 0 {
			out[i] = t
			continue
		}
		out = append(out, t)
	}
	if err := s.annotate(ctx, sc, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Template returns one template of the organisation by key.
func (s *Store) Template(ctx context.Context, sc *auth.Scope, key string) (*Template, error) {
	if !sc.Can(auth.KnowledgeRead) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	own, err := ownTemplates(ctx, s.db.Read, sc.OrgID, key)
	if err != nil {
		return nil, err
	}
	var t Template
	switch d, ok := shippedTemplate(key); {
	case len(own) == 1:
		t = own[0]
	case ok:
		t = d
	default:
		return nil, apperr.New(apperr.NotFound, "template.not_found")
	}
	list := []Template{t}
	if err := s.annotate(ctx, sc, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// annotate fills in the organisation's own publications and the newer
// versions the library holds of adopted copies' originals.
func (s *Store) annotate(ctx context.Context, sc *auth.Scope, ts []Template) error {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, org_id, tpl_key, version, published_at FROM knowledge_shared
		WHERE withdrawn_at = 0 AND (org_id = $1 OR id IN (SELECT source_shared_id FROM knowledge_templates WHERE org_id = $1))`, sc.OrgID)
	if err != nil {
		return apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	for rows.Next() {
		var id, orgID, key string
		var version int
		var at int64
		if err := rows.Scan(&id, &orgID, &key, &version, &at); err != nil {
			return apperr.Wrap(err, "store.query_failed")
		}
		for i := range ts {
			t := &ts[i]
			if orgID == sc.OrgID && t.Key == key {
				t.Published = &Publication{SharedID: id, Version: version, At: store.Time(at)}
			}
			if t.Source != nil && t.Source.SharedID == id && version > t.Source.Version {
				t.NewerVersion = version
			}
		}
	}
	return rows.Err()
}

// SaveTemplate stores the organisation's own version of a template: the
// first save copies a shipped template into the organisation, every save
// raises the version by one. The change is audited in the same
// transaction. Only coordinators (knowledge.edit) may.
func (s *Store) SaveTemplate(ctx context.Context, sc *auth.Scope, key string, e TemplateEdit) (*Template, error) {
	if !sc.Can(auth.KnowledgeEdit) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	cur, err := s.Template(ctx, sc, key)
	if err != nil {
		return nil, err
	}
	if err := e.normalise(s.clk.Now().In(clock.Amsterdam)); err != nil {
		return nil, err
	}
	now := store.Millis(s.clk.Now())
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE knowledge_templates SET title = $1, summary = $2, body = $3, owner = $4, reviewed_on = $5,
			version = version + 1, updated_by = $6, updated_at = $7 WHERE org_id = $8 AND tpl_key = $9`,
			e.Title, e.Summary, e.Body, e.Owner, e.ReviewedOn, sc.UserID, now, sc.OrgID, key)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// Copy on first edit: the shipped template becomes the
			// organisation's, one version on.
			if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_templates (id, org_id, tpl_key, kind, title, summary, body, version, reviewed_on, owner, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				store.NewID(), sc.OrgID, key, string(cur.Kind), e.Title, e.Summary, e.Body, cur.Version+1, e.ReviewedOn, e.Owner, sc.UserID, now); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.recordTpl(ctx, tx, sc, actionTplUpdate, key, "")
	})
	if err != nil {
		return nil, err
	}
	return s.Template(ctx, sc, key)
}

// Publish puts the current version of one of the organisation's own
// templates in the shared library, replacing the version published before.
// A shipped template the organisation never changed is refused: every
// organisation has that text already.
func (s *Store) Publish(ctx context.Context, sc *auth.Scope, key string) error {
	if !sc.Can(auth.KnowledgeEdit) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	t, err := s.Template(ctx, sc, key)
	if err != nil {
		return err
	}
	if !t.Own {
		return apperr.New(apperr.Conflict, "template.publish_unchanged")
	}
	now := store.Millis(s.clk.Now())
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE knowledge_shared SET kind = $1, title = $2, summary = $3, body = $4, version = $5, reviewed_on = $6,
			owner = $7, published_by = $8, published_at = $9, withdrawn_at = 0 WHERE org_id = $10 AND tpl_key = $11`,
			string(t.Kind), t.Title, t.Summary, t.Body, t.Version, t.ReviewedOn, t.Owner, sc.UserID, now, sc.OrgID, key)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO knowledge_shared (id, org_id, tpl_key, kind, title, summary, body, version, reviewed_on, owner, published_by, published_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				store.NewID(), sc.OrgID, key, string(t.Kind), t.Title, t.Summary, t.Body, t.Version, t.ReviewedOn, t.Owner, sc.UserID, now); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.recordTpl(ctx, tx, sc, actionTplPublish, key, fmt.Sprintf("versie %d", t.Version))
	})
}

// Unpublish withdraws a template from the shared library. Copies other
// organisations adopted stay theirs. Withdrawing what is not published
// changes nothing and records nothing.
func (s *Store) Unpublish(ctx context.Context, sc *auth.Scope, key string) error {
	if !sc.Can(auth.KnowledgeEdit) {
		return apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if _, err := s.Template(ctx, sc, key); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE knowledge_shared SET withdrawn_at = $1 WHERE org_id = $2 AND tpl_key = $3 AND withdrawn_at = 0`,
			store.Millis(s.clk.Now()), sc.OrgID, key)
		if err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.recordTpl(ctx, tx, sc, actionTplUnpublish, key, "")
	})
}

// recordTpl audits a change of a template; note says which version (and
// for an adopted copy, from whom), never the text.
func (s *Store) recordTpl(ctx context.Context, q store.Querier, sc *auth.Scope, action, key, note string) error {
	return s.audit.Record(ctx, q, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
		Action: action, ObjectType: tplObject, ObjectID: key, Purpose: note, Result: "ok", RequestID: sc.RequestID})
}
