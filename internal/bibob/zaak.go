package bibob

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/weerbaar/weerbaar/internal/apperr"
	"github.com/weerbaar/weerbaar/internal/audit"
	"github.com/weerbaar/weerbaar/internal/auth"
	"github.com/weerbaar/weerbaar/internal/bibob/zgw"
	"github.com/weerbaar/weerbaar/internal/i18n"
	"github.com/weerbaar/weerbaar/internal/store"
)

// ivDeps are what the interventions part and the Open Zaak link need
// besides the Store's own fields; internal/app wires them in.
type ivDeps struct {
	members Memberships
	zaken   *zgw.Client
}

// Memberships is the part of package auth that names the organisations a
// user works for; internal/app wires *auth.Service in.
type Memberships interface {
	Memberships(ctx context.Context, userID string) ([]auth.Membership, error)
}

// SetMemberships connects the organisations a regional user works for.
func (s *Store) SetMemberships(m Memberships) { s.iv.members = m }

// SetZaakClient replaces the ZGW client, e.g. with a shorter timeout.
func (s *Store) SetZaakClient(c *zgw.Client) { s.iv.zaken = c }

func (s *Store) zaakClient() *zgw.Client {
	if s.iv.zaken == nil {
		s.iv.zaken = zgw.New(zgw.DefaultTimeout, s.clk.Now)
	}
	return s.iv.zaken
}

// ObjZaakSettings is the audit object type of the Open Zaak settings.
const ObjZaakSettings = "zaak_settings"

// ZaakSettings is an organisation's Open Zaak link. The secret is never
// returned; HasSecret says whether one is stored.
type ZaakSettings struct {
	Enabled     bool
	BaseURL     string
	ZaaktypeURL string
	ClientID    string
	RSIN        string
	HasSecret   bool
	UpdatedBy   string
	UpdatedAt   time.Time
}

// ZaakSettingsInput changes the link; an empty Secret keeps the stored one.
type ZaakSettingsInput struct {
	Enabled     bool
	BaseURL     string
	ZaaktypeURL string
	ClientID    string
	RSIN        string
	Secret      string
}

// ZaakSettingsOf returns the organisation's link; without a saved one it is
// off.
func (s *Store) ZaakSettingsOf(ctx context.Context, sc *auth.Scope) (*ZaakSettings, error) {
	if err := ivAllow(sc, auth.BibobSettings); err != nil {
		return nil, err
	}
	z, _, _, err := s.zaakSettings(ctx, sc.OrgID)
	return z, err
}

func (s *Store) zaakSettings(ctx context.Context, orgID string) (*ZaakSettings, string, []byte, error) {
	var z ZaakSettings
	var keyID string
	var secret []byte
	var at int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT enabled, base_url, zaaktype_url, client_id, rsin, key_id, secret, updated_by, updated_at
		FROM zaak_settings WHERE org_id = $1`, orgID).Scan(&z.Enabled, &z.BaseURL, &z.ZaaktypeURL, &z.ClientID, &z.RSIN, &keyID, &secret, &z.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return &ZaakSettings{}, "", nil, nil
	}
	if err != nil {
		return nil, "", nil, apperr.Wrap(err, "store.query_failed")
	}
	z.HasSecret = keyID != "" && len(secret) > 0
	if at > 0 {
		z.UpdatedAt = store.Time(at)
	}
	return &z, keyID, secret, nil
}

// checkServiceURL accepts an https address, or http on the machine itself
// (a local Open Zaak, and the tests' fake server).
func checkServiceURL(v string) bool {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return u.Scheme == "http" && (host == "localhost" || (ip != nil && ip.IsLoopback()))
}

// ValidRSIN reports whether v is nine digits passing the elfproef.
func ValidRSIN(v string) bool {
	if len(v) != 9 {
		return false
	}
	sum := 0
	for i, c := range v {
		if c < '0' || c > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(c-'0')
	}
	return sum%11 == 0 && v != "000000000"
}

// SaveZaakSettings stores the link (bibob.settings). Enabling needs every
// field and a secret; the secret is sealed with the vault.
func (s *Store) SaveZaakSettings(ctx context.Context, sc *auth.Scope, in ZaakSettingsInput) error {
	if err := ivAllow(sc, auth.BibobSettings); err != nil {
		return err
	}
	old, keyID, _, err := s.zaakSettings(ctx, sc.OrgID)
	if err != nil {
		return err
	}
	in.BaseURL, in.ZaaktypeURL = strings.TrimSpace(in.BaseURL), strings.TrimSpace(in.ZaaktypeURL)
	in.ClientID, in.RSIN, in.Secret = strings.TrimSpace(in.ClientID), strings.TrimSpace(in.RSIN), strings.TrimSpace(in.Secret)
	var errs apperr.List
	for _, f := range []struct{ name, v string }{{"base_url", in.BaseURL}, {"zaaktype_url", in.ZaaktypeURL}} {
		switch {
		case f.v == "" && in.Enabled:
			errs = append(errs, apperr.FieldErr(f.name, "field.required"))
		case f.v != "" && (len(f.v) > 500 || !checkServiceURL(f.v)):
			errs = append(errs, apperr.FieldErr(f.name, "bibob.zaak.url_invalid"))
		}
	}
	switch {
	case in.ClientID == "" && in.Enabled:
		errs = append(errs, apperr.FieldErr("client_id", "field.required"))
	case len(in.ClientID) > 200:
		errs = append(errs, apperr.FieldErr("client_id", "bibob.iv.too_long", 200))
	}
	switch {
	case in.RSIN == "" && in.Enabled:
		errs = append(errs, apperr.FieldErr("rsin", "field.required"))
	case in.RSIN != "" && !ValidRSIN(in.RSIN):
		errs = append(errs, apperr.FieldErr("rsin", "bibob.zaak.rsin_invalid"))
	}
	switch {
	case in.Secret == "" && in.Enabled && !old.HasSecret:
		errs = append(errs, apperr.FieldErr("secret", "field.required"))
	case len(in.Secret) > 500:
		errs = append(errs, apperr.FieldErr("secret", "bibob.iv.too_long", 500))
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := store.Millis(s.clk.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO zaak_settings (org_id, enabled, base_url, zaaktype_url, client_id, rsin, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (org_id) DO UPDATE SET enabled = $2, base_url = $3, zaaktype_url = $4,
			client_id = $5, rsin = $6, updated_by = $7, updated_at = $8`,
			sc.OrgID, in.Enabled, in.BaseURL, in.ZaaktypeURL, in.ClientID, in.RSIN, sc.UserName, now); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		if in.Secret != "" {
			if keyID == "" {
				if keyID, err = s.vault.NewRecordKey(ctx, tx, sc.OrgID); err != nil {
					return err
				}
			}
			sealed, err := s.vault.SealString(ctx, tx, sc.OrgID, keyID, in.Secret, "zaak_settings:"+sc.OrgID+":secret")
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE zaak_settings SET key_id = $1, secret = $2 WHERE org_id = $3`, keyID, sealed, sc.OrgID); err != nil {
				return apperr.Wrap(err, "store.tx_failed")
			}
		}
		return s.ivRecord(ctx, tx, sc, area+".zaak.settings", ObjZaakSettings, sc.OrgID, "")
	})
}

// RegisterInterventionZaak creates a zaak in Open Zaak for an
// intervention (bibob.interventions) and keeps its URL.
func (s *Store) RegisterInterventionZaak(ctx context.Context, sc *auth.Scope, id string) (string, error) {
	if err := ivAllow(sc, auth.BibobInterventions); err != nil {
		return "", err
	}
	x, _, err := s.intervention(ctx, sc, id)
	if err != nil {
		return "", err
	}
	ref := x.ScreeningRef
	if ref == "" {
		ref = x.ID
	}
	return s.RegisterZaak(ctx, sc, ObjIntervention, id, i18n.T(i18n.NL, "bibob.iv.kind."+x.Kind)+" "+ref)
}

// RegisterZaak creates a zaak for an object of the capability (objType
// "intervention" or "screening", ref its id or number) with a description
// that carries no case content, e.g. "Bibob-toets 2026-014", and keeps the
// returned URL. Failures are audited too. The link must be enabled.
func (s *Store) RegisterZaak(ctx context.Context, sc *auth.Scope, objType, ref, omschrijving string) (string, error) {
	if !sc.Allows(auth.BibobInterventions) && !sc.Allows(auth.BibobScreen) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden")
	}
	cfg, keyID, sealed, err := s.zaakSettings(ctx, sc.OrgID)
	if err != nil {
		return "", err
	}
	if !cfg.Enabled {
		return "", apperr.New(apperr.Conflict, "bibob.zaak.off")
	}
	secret, err := s.vault.OpenString(ctx, s.db.Read, sc.OrgID, keyID, sealed, "zaak_settings:"+sc.OrgID+":secret")
	if err != nil {
		return "", err
	}
	z, err := s.zaakClient().CreateZaak(ctx, zgw.Config{BaseURL: cfg.BaseURL, ClientID: cfg.ClientID, Secret: secret},
		zgw.Actor{UserID: sc.UserID, Representation: sc.UserName},
		zgw.NewZaak{Bronorganisatie: cfg.RSIN, Zaaktype: cfg.ZaaktypeURL, Omschrijving: omschrijving, Startdatum: s.ivToday(),
			VerantwoordelijkeOrganisatie: cfg.RSIN})
	if err != nil {
		if aerr := s.audit.RecordTx(ctx, audit.Entry{OrgID: sc.OrgID, ActorID: sc.UserID, ActorLabel: sc.UserName,
			Action: area + ".zaak.create", ObjectType: objType, ObjectID: ref, Result: audit.ResultFailed, RequestID: sc.RequestID}); aerr != nil {
			return "", aerr
		}
		var se *zgw.StatusError
		status := 0
		if errors.As(err, &se) {
			status = se.Status
		}
		if errors.Is(err, zgw.ErrRejected) {
			return "", apperr.New(apperr.Conflict, "bibob.zaak.rejected", status)
		}
		return "", apperr.New(apperr.Conflict, "bibob.zaak.unavailable")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO zaak_links (id, org_id, object_type, object_ref, zaak_url, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, store.NewID(), sc.OrgID, objType, ref, z.URL, sc.UserName, store.Millis(s.clk.Now())); err != nil {
			return apperr.Wrap(err, "store.tx_failed")
		}
		return s.ivRecord(ctx, tx, sc, area+".zaak.create", objType, ref, "")
	})
	return z.URL, err
}

// zaakLinks are the URLs of the zaken created for an object.
func (s *Store) zaakLinks(ctx context.Context, sc *auth.Scope, objType, ref string) ([]string, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT zaak_url FROM zaak_links WHERE org_id = $1 AND object_type = $2 AND object_ref = $3
		ORDER BY created_at, id`, sc.OrgID, objType, ref)
	if err != nil {
		return nil, apperr.Wrap(err, "store.query_failed")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, apperr.Wrap(err, "store.query_failed")
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
