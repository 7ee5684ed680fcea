package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/auth/password"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
)

// NationalOrganisations is the number of municipalities at national scale.
const NationalOrganisations = 342

// usersPerOrg is the number of accounts each generated municipality gets:
// 342 × 585 ≈ 200,000, every employee of the country's municipalities with
// an account (most as medewerker, who reports and follows training). The
// organisation model of teams and functions adds its own rows later.
const usersPerOrg = 585

// seedNational adds 342 generated municipalities with accounts and actions,
// written in bulk (one transaction per organisation) rather than through the
// services, so that it finishes in minutes. The demo password hash is
// computed once and shared, which is acceptable for generated test data
// only.
func seedNational(env *Env) error {
	ctx, a := env.Ctx, env.App
	hash, err := password.Hash(Password)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(342, 2026))
	now := a.Clock.Now()
	today := now.In(clock.Amsterdam)
	for i := 1; i <= NationalOrganisations; i++ {
		slug := fmt.Sprintf("gemeente-%03d", i)
		err := a.DB.Tx(ctx, func(tx *sql.Tx) error {
			return seedOrg(ctx, tx, slug, i, hash, rng, now, today)
		})
		if err != nil {
			return fmt.Errorf("demo: %s: %w", slug, err)
		}
		if i%50 == 0 || i == NationalOrganisations {
			env.Progress("demo: %d van %d gemeenten\n", i, NationalOrganisations)
		}
	}
	return nil
}

// nationalRole gives the j-th account of a generated municipality its role:
// a handful of specialists and team leads, the rest medewerkers.
func nationalRole(j int) auth.Role {
	special := []auth.Role{auth.Coordinator, auth.Admin, auth.HR, auth.Custodian, auth.Bibob, auth.Executive, auth.Auditor, auth.Regional}
	switch {
	case j < len(special):
		return special[j]
	case j%25 == 0:
		return auth.TeamLead
	default:
		return auth.Employee
	}
}

func seedOrg(ctx context.Context, tx *sql.Tx, slug string, n int, hash string, rng *rand.Rand, now, today time.Time) error {
	orgID := store.NewID()
	ms := store.Millis(now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, slug, name, kind, created_at) VALUES ($1, $2, $3, 'gemeente', $4)`,
		orgID, slug, fmt.Sprintf("Gemeente %03d (gegenereerd)", n), ms); err != nil {
		return err
	}
	var users []string
	for j := 0; j < usersPerOrg; j++ {
		id := store.NewID()
		role := nationalRole(j)
		email := fmt.Sprintf("%s-%03d@%s.example", role, j, slug)
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
			id, email, fmt.Sprintf("Medewerker %d-%d", n, j), hash, ms); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, org_id, role, source, created_at) VALUES ($1, $2, $3, 'local', $4)`,
			id, orgID, string(role), ms); err != nil {
			return err
		}
		users = append(users, id)
	}
	for k := 0; k < 60; k++ {
		due := today.AddDate(0, 0, rng.IntN(240)-120).Format(time.DateOnly)
		status := []string{"open", "open", "in_progress", "done"}[rng.IntN(4)]
		if _, err := tx.ExecContext(ctx, `INSERT INTO actions (id, org_id, title, owner_id, due_date, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`, store.NewID(), orgID, fmt.Sprintf("Actie %d", k+1), users[rng.IntN(len(users))], due, status, users[0], ms); err != nil {
			return err
		}
	}
	return nil
}
