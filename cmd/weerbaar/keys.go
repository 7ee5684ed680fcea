package main

import (
	"context"
	"fmt"
	"io"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/store"
	"github.com/weerbaar/weerbaar/internal/vault"
)

func runKeys(ctx context.Context, args []string, out, errw io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		fmt.Fprintln(errw, "Gebruik: weerbaar keys rotate [--new-master-key-file BESTAND]")
		return errUsage
	}
	var cfg app.Config
	fs := newFlags("keys rotate", errw)
	storageFlags(fs, &cfg)
	newKey := fs.String("new-master-key-file", "", "vervang de hoofdsleutel door deze (servers eerst stoppen); zonder deze optie krijgt elke organisatie een nieuwe organisatiesleutel, terwijl de servers doordraaien")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if err := existingDatabase(cfg.Database); err != nil {
		return err
	}
	if *newKey != "" {
		oldMK, err := vault.LoadMasterKey(cfg.MasterKeyFile, cfg.MasterKeyEnv)
		if err != nil {
			return err
		}
		newMK, err := vault.LoadMasterKey(*newKey, "")
		if err != nil {
			return err
		}
		db, err := store.Open(ctx, cfg.Database)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := vault.RotateMaster(ctx, db, oldMK, newMK); err != nil {
			return err
		}
		fmt.Fprintf(out, "Hoofdsleutel vervangen (%s → %s). Start de servers met de nieuwe sleutel; bewaar de oude tot de back-ups van vóór vandaag zijn verlopen.\n", oldMK.ID(), newMK.ID())
		return nil
	}
	a, err := openApp(ctx, cfg, errw)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := a.Vault.RotateOrgKeys(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Organisatiesleutels vernieuwd; %d recordsleutels opnieuw verpakt.\n", n)
	return nil
}
