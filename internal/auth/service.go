package auth

import (
	"context"
	"database/sql"
	"time"

	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// Config holds the policy's tunable numbers.
type Config struct {
	SessionIdle time.Duration // a session ends after this long without use
	SessionMax  time.Duration // and after this long in any case
	// FreeAttempts is how many wrong passwords are allowed before delays
	// start; LockAfter is the count at which the account locks for LockFor.
	FreeAttempts int
	LockAfter    int
	LockFor      time.Duration
}

// DefaultConfig is used for zero fields of Config.
var DefaultConfig = Config{
	SessionIdle:  30 * time.Minute,
	SessionMax:   12 * time.Hour,
	FreeAttempts: 3,
	LockAfter:    10,
	LockFor:      30 * time.Minute,
}

// Service is the entry point to accounts, sessions, tokens and the policy.
type Service struct {
	db    *store.DB
	clk   clock.Clock
	vault *vault.Vault
	audit *audit.Log
	cfg   Config
}

// New returns a Service. Zero fields of cfg take DefaultConfig's values.
func New(db *store.DB, clk clock.Clock, v *vault.Vault, a *audit.Log, cfg Config) *Service {
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = DefaultConfig.SessionIdle
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = DefaultConfig.SessionMax
	}
	if cfg.FreeAttempts == 0 {
		cfg.FreeAttempts = DefaultConfig.FreeAttempts
	}
	if cfg.LockAfter == 0 {
		cfg.LockAfter = DefaultConfig.LockAfter
	}
	if cfg.LockFor == 0 {
		cfg.LockFor = DefaultConfig.LockFor
	}
	return &Service{db: db, clk: clk, vault: v, audit: a, cfg: cfg}
}

// Config returns the effective configuration.
func (s *Service) Config() Config { return s.cfg }

// record writes an audit entry for the scope inside tx.
func (s *Service) record(ctx context.Context, q store.Querier, sc *Scope, action, objType, objID, purpose string) error {
	return s.audit.Record(ctx, q, s.entry(sc, action, objType, objID, purpose))
}

// entry is the audit entry of an action of sc on an object.
func (s *Service) entry(sc *Scope, action, objType, objID, purpose string) audit.Entry {
	e := audit.Entry{Action: action, ObjectType: objType, ObjectID: objID, Purpose: purpose, Result: "ok"}
	if sc != nil {
		e.OrgID, e.ActorID, e.ActorLabel, e.RequestID = sc.OrgID, sc.UserID, sc.UserName, sc.RequestID
	}
	return e
}

// tx runs fn in a write transaction.
func (s *Service) tx(ctx context.Context, fn func(*sql.Tx) error) error { return s.db.Tx(ctx, fn) }
