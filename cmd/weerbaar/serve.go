package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/weerbaar/weerbaar/internal/app"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/demo"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/vault"
)

// Demo defaults: a database and key of their own, so that a demo never
// mixes with a real weerbaar.db.
const (
	demoDatabase = "weerbaar-demo.db"
	demoKeyFile  = "weerbaar-demo.key"
)

func runServe(ctx context.Context, args []string, out, errw io.Writer) error {
	var cfg app.Config
	fs := newFlags("serve", errw)
	storageFlags(fs, &cfg)
	addr := fs.String("addr", env("ADDR", "127.0.0.1:8080"), "adres waarop de server luistert (WEERBAAR_ADDR)")
	fs.StringVar(&cfg.BaseURL, "base-url", env("BASE_URL", ""), "publiek adres, bijvoorbeeld https://weerbaar.gemeente.nl (WEERBAAR_BASE_URL)")
	fs.BoolVar(&cfg.Demo, "demo", env("DEMO", "") == "true", "start met demogegevens van Gemeente Voorbeeldstad (eigen database en sleutel)")
	fs.StringVar(&cfg.SecurityContact, "security-contact", env("SECURITY_CONTACT", ""), "contactadres in /.well-known/security.txt (WEERBAAR_SECURITY_CONTACT)")
	fs.StringVar(&cfg.TrustedProxy, "trusted-proxy", env("TRUSTED_PROXY", ""), "IP-adres van de reverse proxy wiens X-Forwarded-For vertrouwd wordt (WEERBAAR_TRUSTED_PROXY)")
	fs.DurationVar(&cfg.SessionIdle, "session-idle", envDuration("SESSION_IDLE", auth.DefaultConfig.SessionIdle), "sessie verloopt na zo lang niets doen (WEERBAAR_SESSION_IDLE)")
	fs.IntVar(&cfg.LoginRate, "login-rate", envInt("LOGIN_RATE", 10), "aanmeldpogingen per minuut per adres (WEERBAAR_LOGIN_RATE); de browsertest verhoogt dit omdat al zijn gebruikers van één adres komen")
	fs.IntVar(&cfg.EscalateAfterDays, "escalate-after-days", envInt("ESCALATE_AFTER_DAYS", 60), "dagen dat een actie te laat mag zijn voordat de gemeentesecretaris een melding krijgt (WEERBAAR_ESCALATE_AFTER_DAYS)")
	fs.DurationVar(&cfg.SessionMax, "session-max", envDuration("SESSION_MAX", auth.DefaultConfig.SessionMax), "sessie verloopt hoe dan ook na (WEERBAAR_SESSION_MAX)")
	fs.StringVar(&cfg.OIDCIssuer, "oidc-issuer", env("OIDC_ISSUER", ""), "OIDC-issuer van de identity provider (WEERBAAR_OIDC_ISSUER)")
	fs.StringVar(&cfg.OIDCClientID, "oidc-client-id", env("OIDC_CLIENT_ID", ""), "OIDC client id (WEERBAAR_OIDC_CLIENT_ID)")
	cfg.OIDCClientSecret = env("OIDC_CLIENT_SECRET", "")
	fs.StringVar(&cfg.OIDCRoleMap, "oidc-role-map", env("OIDC_ROLE_MAP", ""), "groep=organisatie:rol;… (WEERBAAR_OIDC_ROLE_MAP)")
	fs.StringVar(&cfg.SMTPAddr, "smtp-addr", env("SMTP_ADDR", ""), "SMTP-server host:poort (WEERBAAR_SMTP_ADDR); leeg: geen mail")
	fs.StringVar(&cfg.SMTPUsername, "smtp-username", env("SMTP_USERNAME", ""), "SMTP-gebruiker (WEERBAAR_SMTP_USERNAME; wachtwoord in WEERBAAR_SMTP_PASSWORD)")
	cfg.SMTPPassword = env("SMTP_PASSWORD", "")
	fs.StringVar(&cfg.MailFrom, "mail-from", env("MAIL_FROM", ""), "afzender van meldingen (WEERBAAR_MAIL_FROM)")
	if err := parse(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	logger := slog.New(slog.NewJSONHandler(errw, nil))
	if cfg.Demo {
		logger = slog.New(slog.NewTextHandler(errw, &slog.HandlerOptions{Level: slog.LevelWarn}))
		if err := prepareDemo(&cfg, set, errw); err != nil {
			return err
		}
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + localURL(*addr)
	}
	a, err := app.Open(ctx, cfg, nil, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		seeded, err := demo.Seeded(ctx, a)
		if err != nil {
			return err
		}
		if !seeded {
			fmt.Fprintln(errw, "Demogegevens worden aangemaakt…")
			if _, err := demo.Run(ctx, a, demo.Options{Seeders: seeders()}); err != nil {
				return err
			}
		}
	}
	err = a.Run(ctx, *addr, func(bound string) {
		url := "http://" + localURL(bound)
		if cfg.Demo {
			printDemo(out, url)
			return
		}
		logger.Info("weerbaar luistert", "addr", bound, "database", dialectOf(cfg.Database))
	})
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "listen" {
		return fmt.Errorf("de server kan niet luisteren op %s: het adres is al in gebruik of niet toegestaan; kies een ander met --addr (%w)", *addr, err)
	}
	return err
}

// prepareDemo points a demo at its own database and key file, generating
// the key on first use with a loud warning.
func prepareDemo(cfg *app.Config, set map[string]bool, errw io.Writer) error {
	if !set["database"] && os.Getenv("WEERBAAR_DATABASE") == "" {
		cfg.Database = demoDatabase
	}
	if cfg.MasterKeyFile == "" && cfg.MasterKeyEnv == "" {
		cfg.MasterKeyFile = demoKeyFile
		if _, err := os.Stat(demoKeyFile); errors.Is(err, os.ErrNotExist) {
			if _, err := vault.GenerateKeyFile(demoKeyFile); err != nil {
				return err
			}
			fmt.Fprintf(errw, "\n!!! LET OP: er is een nieuwe hoofdsleutel gemaakt in %s (alleen leesbaar voor u).\n"+
				"!!! Dit is uitsluitend voor de demo. Gebruik in productie een eigen sleutel buiten de werkmap\n"+
				"!!! (WEERBAAR_MASTER_KEY_FILE) en bewaar die apart van de back-ups.\n\n", demoKeyFile)
		}
	}
	return nil
}

func printDemo(w io.Writer, url string) {
	// The banner is built first and written at once, so that whoever reads
	// the output never sees half of it.
	var out bytes.Buffer
	fmt.Fprintf(&out, "\nWeerbaar draait op %s  (demo: Gemeente Voorbeeldstad, fictieve gegevens)\n\n", url)
	fmt.Fprintf(&out, "Demo-accounts (wachtwoord voor allemaal: %s)\n", demo.Password)
	fmt.Fprintln(&out, "Rollen met toegang tot vertrouwelijke gegevens stellen bij de eerste keer inloggen een tweede factor in;")
	fmt.Fprintln(&out, "in de demo toont de pagina de actuele code.")
	tw := tabwriter.NewWriter(&out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\n  ORGANISATIE\tROL\tE-MAIL")
	for _, acc := range demoAccounts() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.Org, i18n.T(i18n.NL, "role."+string(acc.Role)), acc.Email)
	}
	tw.Flush()
	fmt.Fprintln(&out, "\nStoppen: Ctrl+C")
	w.Write(out.Bytes()) //nolint:errcheck // nothing to do when the terminal is gone
}

// demoAccounts lists the demo logins in the order they were made.
func demoAccounts() []demo.Account { return demo.Accounts() }

func localURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" || host == "127.0.0.1" || host == "::1" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func dialectOf(url string) string {
	if strings.HasPrefix(url, "postgres") {
		return "postgres"
	}
	return "sqlite"
}
