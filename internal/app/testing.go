package app

import (
	"context"
	"log/slog"

	"github.com/weerbaar/weerbaar/internal/clock"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// OpenWith builds the application on an already opened database with a
// given master key. Tests use it with storetest databases and fake clocks;
// production goes through Open.
func OpenWith(ctx context.Context, cfg Config, clk clock.Clock, logger *slog.Logger, db *store.DB, mk *vault.MasterKey) (*App, error) {
	if clk == nil {
		clk = clock.System{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return build(ctx, cfg, clk, logger, db, mk)
}
