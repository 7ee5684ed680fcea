package org

import (
	"bytes"
	"context"
	_ "embed"

	"github.com/weerbaar/weerbaar/internal/auth"
)

// demoExport is a fictional HR export of Gemeente Voorbeeldstad: the demo
// imports it, and tests use it as a realistic file.
//
//go:embed demo/hr-export-voorbeeld.csv
var demoExport []byte

// DemoExport returns the demo HR export.
func DemoExport() []byte { return bytes.Clone(demoExport) }

// SeedDemo imports the demo HR export into an organisation, as an operator.
func (s *Store) SeedDemo(ctx context.Context, orgID string) error {
	sc := auth.System(orgID)
	sc.UserName = "demo"
	_, err := s.Import(ctx, sc, bytes.NewReader(demoExport), CSV, false)
	return err
}
