package people

import (
	"context"
	"database/sql"
	"strings"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/store"
)

// vogPWords are the DOMAIN.md §6 defaults: functions in OOV, Bibob,
// ondermijning, information management, supervision and boa's need a
// VOG-P. They are matched against a function's code and name, as a
// suggestion HR confirms — never applied behind HR's back.
var vogPWords = []string{"oov", "openbare orde", "bibob", "ondermijning", "informatiebeheer", "informatiemanagement",
	"informatievoorziening", "toezicht", "handhav", "boa"}

// SuggestedLevel returns the VOG level the defaults suggest for a
// function: vog_p when its code or name names one of the default areas,
// ” otherwise.
func SuggestedLevel(code, name string) string {
	s := strings.ToLower(code + " " + strings.ReplaceAll(code, "_", " ") + " " + name)
	for _, w := range vogPWords {
		if strings.Contains(s, w) {
			return VOGP
		}
	}
	return ""
}

// ApplySuggestedLevels gives every function without a VOG level the level
// the defaults suggest (HR), and returns how many changed. Functions HR
// already gave a level keep it.
func (s *Store) ApplySuggestedLevels(ctx context.Context, sc *auth.Scope) (int, error) {
	fns, err := s.FunctionLevels(ctx, sc)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, f := range fns {
			level := SuggestedLevel(f.Code, f.Name)
			if f.Level != "" || level == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE functions SET vog_level = $1, updated_at = $2 WHERE org_id = $3 AND id = $4 AND vog_level = ''`,
				level, store.Millis(s.clk.Now()), sc.OrgID, f.ID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
			if err := s.record(ctx, tx, sc, area+".function.vog", "function", f.ID); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
