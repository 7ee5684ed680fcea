package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
)

func runUser(ctx context.Context, args []string, out, errw io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(errw, "Gebruik: weerbaar user add|list|reset-password|disable [opties]")
		return errUsage
	}
	sub, args := args[0], args[1:]
	var cfg app.Config
	fs := newFlags("user "+sub, errw)
	storageFlags(fs, &cfg)
	org := fs.String("org", "", "code van de organisatie, bijvoorbeeld voorbeeldstad (verplicht)")
	email := fs.String("email", "", "e-mailadres van de gebruiker")
	name := fs.String("name", "", "naam (bij add)")
	roles := fs.String("roles", "", "rollen, met komma's gescheiden (bij add): "+roleList())
	pwStdin := fs.Bool("password-stdin", false, "lees het wachtwoord van standaardinvoer; zonder deze optie krijgt een nieuw account geen wachtwoord en logt het alleen via de identity provider (OIDC) in")
	switch sub {
	case "add", "list", "reset-password", "disable":
	default:
		fmt.Fprintf(errw, "weerbaar: onbekende gebruikersopdracht %q (add, list, reset-password, disable)\n", sub)
		return errUsage
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *org == "" {
		fmt.Fprintln(errw, "weerbaar: --org is verplicht")
		return errUsage
	}
	a, o, sc, err := openForOrg(ctx, cfg, *org, errw)
	if err != nil {
		return err
	}
	defer a.Close()
	readPassword := func() (string, error) {
		if !*pwStdin {
			return "", fmt.Errorf("geef het wachtwoord via standaardinvoer met --password-stdin (nooit als optie: dat komt in de shellgeschiedenis)")
		}
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		// An empty line must not pass: CreateUser takes "" to mean an
		// account without a password.
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", fmt.Errorf("geen wachtwoord gelezen van standaardinvoer")
		}
		return pw, nil
	}
	switch sub {
	case "add":
		var rs []auth.Role
		for _, r := range strings.Split(*roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				rs = append(rs, auth.Role(r))
			}
		}
		pw := ""
		if *pwStdin {
			if pw, err = readPassword(); err != nil {
				return err
			}
		}
		u, err := a.Auth.CreateUser(ctx, sc, auth.NewUser{Email: *email, Name: *name, Password: pw, Roles: rs})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Gebruiker %s toegevoegd aan %s (id %s).\n", u.Email, o.Name, u.ID)
		if pw == "" {
			fmt.Fprintln(out, "Het account heeft geen wachtwoord: het logt in via de identity provider (OIDC), of stel er een in met reset-password.")
		}
	case "list":
		users, err := a.Auth.Users(ctx, sc)
		if err != nil {
			return err
		}
		var rows [][]string
		for _, u := range users {
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, string(r))
			}
			status := "actief"
			if u.Disabled {
				status = "uitgeschakeld"
			}
			mfa := "nee"
			if u.TOTPEnabled {
				mfa = "ja"
			}
			rows = append(rows, []string{u.Email, u.Name, strings.Join(rs, ","), mfa, status})
		}
		table(out, "E-MAIL\tNAAM\tROLLEN\tTWEEDE FACTOR\tSTATUS", rows)
	case "reset-password":
		u, err := a.Auth.UserByEmail(ctx, sc, *email)
		if err != nil {
			return err
		}
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := a.Auth.ResetPassword(ctx, sc, u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(out, "Wachtwoord van %s opnieuw ingesteld; blokkade opgeheven en alle sessies beëindigd.\n", u.Email)
	case "disable":
		u, err := a.Auth.UserByEmail(ctx, sc, *email)
		if err != nil {
			return err
		}
		if err := a.Auth.SetDisabled(ctx, sc, u.ID, true); err != nil {
			return err
		}
		fmt.Fprintf(out, "Account %s uitgeschakeld; sessies beëindigd en API-tokens ingetrokken.\n", u.Email)
	}
	return nil
}

func roleList() string {
	var rs []string
	for _, r := range auth.Roles {
		rs = append(rs, string(r))
	}
	return strings.Join(rs, ", ")
}
